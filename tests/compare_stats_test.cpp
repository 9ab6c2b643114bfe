// Statistics behind `moebench compare`: Mann–Whitney U against scipy, the bootstrap interval,
// the geometric mean and the verdict rule on synthetic samples whose answer is known.
#include <gtest/gtest.h>

#include "harness/analysis/bootstrap.h"
#include "harness/analysis/mann_whitney.h"
#include "harness/analysis/sample_statistics.h"
#include "harness/analysis/verdict.h"
#include "tests/synthetic_results.h"

namespace moebench {
namespace {

// Reference values: scipy 1.10.1, scipy.stats.mannwhitneyu(x, y, alternative="two-sided",
// use_continuity=True, method=...).
TEST(MannWhitney, ExactSmallSamplesMatchScipy) {
  const std::vector<double> x = {1.1, 2.3, 3.5, 4.2, 5.9}, y = {6.1, 7.4, 8.8, 9.0, 10.2, 11.5};
  const auto r = mann_whitney_u(x, y);
  EXPECT_TRUE(r.exact);
  EXPECT_DOUBLE_EQ(r.u, 0.0);
  EXPECT_NEAR(r.p_value, 0.004329004329004329, 1e-12);

  const std::vector<double> a = {3.1, 1.2, 5.5, 4.4, 2.8, 6.0, 7.3};
  const std::vector<double> b = {4.9, 6.6, 8.1, 5.2, 9.4, 7.7, 6.2, 8.8};
  const auto r2 = mann_whitney_u(a, b);
  EXPECT_TRUE(r2.exact);
  EXPECT_DOUBLE_EQ(r2.u, 8.0);
  EXPECT_NEAR(r2.p_value, 0.020512820512820513, 1e-12);
  // Swapping the samples gives U2 = n1 n2 - U1 and the same two-sided p.
  const auto swapped = mann_whitney_u(b, a);
  EXPECT_DOUBLE_EQ(swapped.u, 56.0 - 8.0);
  EXPECT_NEAR(swapped.p_value, r2.p_value, 1e-12);
}

TEST(MannWhitney, AsymptoticMatchesScipy) {
  const std::vector<double> x = {1.1, 2.3, 3.5, 4.2, 5.9}, y = {6.1, 7.4, 8.8, 9.0, 10.2, 11.5};
  EXPECT_NEAR(mann_whitney_u(x, y, MannWhitneyMethod::asymptotic).p_value, 0.00811311726556578,
              1e-12);
  const std::vector<double> a = {3.1, 1.2, 5.5, 4.4, 2.8, 6.0, 7.3};
  const std::vector<double> b = {4.9, 6.6, 8.1, 5.2, 9.4, 7.7, 6.2, 8.8};
  EXPECT_NEAR(mann_whitney_u(a, b, MannWhitneyMethod::asymptotic).p_value, 0.024027671425442047,
              1e-12);
}

TEST(MannWhitney, TiesUseTheTieCorrectedNormalApproximation) {
  const std::vector<double> x = {1, 2, 2, 3, 3, 3, 4}, y = {2, 3, 4, 4, 5, 5, 6, 6};
  const auto r = mann_whitney_u(x, y);  // automatic: ties rule out the exact distribution
  EXPECT_FALSE(r.exact);
  EXPECT_DOUBLE_EQ(r.u, 8.5);
  EXPECT_NEAR(r.p_value, 0.025144761173357368, 1e-12);
}

TEST(MannWhitney, LargeSamplesMatchScipy) {
  const std::vector<double> x = {
      10.346, 10.822, 10.33,  8.697,  10.905, 10.446, 9.463,  10.581, 10.365, 10.294,
      10.028, 10.547, 9.264,  9.837,  9.518,  10.599, 10.04,  9.708,  9.218,  9.743,
      10.008, 9.724,  11.294, 11.007, 7.289,  8.111,  9.825,  9.578,  10.214, 10.217,
      12.118, 8.888,  9.622,  12.043, 10.647, 10.663, 9.486,  8.352,  10.167, 10.109,
      8.773,  9.317,  9.928,  9.055,  9.902,  10.095, 10.036, 9.494,  10.594, 10.891,
      10.321, 9.182,  10.732, 9.499,  10.879, 8.928,  10.914, 9.98,   8.751,  9.686};
  const std::vector<double> y = {
      10.554, 10.773, 9.518,  9.393,  10.7,   10.033, 10.736, 11.26,  8.851,  10.754,
      11.725, 10.202, 9.689,  11.252, 10.753, 11.396, 10.155, 9.018,  10.39,  10.054,
      11.275, 10.694, 8.869,  9.305,  11.384, 11.18,  9.86,   10.499, 10.946, 10.968,
      11.376, 10.756, 10.405, 10.241, 11.556, 8.249,  10.361, 10.533, 9.075,  10.833,
      9.849,  11.362, 10.374, 11.169, 11.719, 10.883, 9.624,  8.986,  12.253, 10.389,
      9.811,  10.644, 10.309, 11.352, 10.534, 10.514, 9.785,  10.97,  9.466,  11.166,
      12.024, 8.975,  8.034,  11.117, 13.048, 9.499,  9.249,  11.089, 9.659,  9.994};
  const auto r = mann_whitney_u(x, y);
  EXPECT_FALSE(r.exact);
  EXPECT_DOUBLE_EQ(r.u, 1457.0);
  EXPECT_NEAR(r.p_value, 0.0026946939511777648, 1e-10);
}

TEST(MannWhitney, IdenticalAndEmptySamples) {
  const std::vector<double> same = {2, 2, 2, 2};
  EXPECT_DOUBLE_EQ(mann_whitney_u(same, same).p_value, 1.0);
  EXPECT_THROW(mann_whitney_u({}, same), std::invalid_argument);
}

TEST(SampleStatistics, MedianAndGeometricMean) {
  EXPECT_DOUBLE_EQ(median({3, 1, 2}), 2);
  EXPECT_DOUBLE_EQ(median({4, 1, 3, 2}), 2.5);
  EXPECT_NEAR(geometric_mean({1, 4, 16}), 4.0, 1e-12);
  EXPECT_NEAR(geometric_mean({1.1, 1.0 / 1.1}), 1.0, 1e-12);
  EXPECT_THROW(geometric_mean({1, 0}), std::invalid_argument);
}

TEST(Bootstrap, DeterministicIntervalAroundAKnownRatio) {
  const auto base = testing::noisy_samples(1e-3, 0.02, 40, 1);
  const auto slower = testing::noisy_samples(1.1e-3, 0.02, 40, 2);
  const auto a = bootstrap_median_ratio(base, slower);
  const auto b = bootstrap_median_ratio(base, slower);
  EXPECT_DOUBLE_EQ(a.low, b.low);
  EXPECT_DOUBLE_EQ(a.high, b.high);
  EXPECT_LE(a.low, a.ratio);
  EXPECT_GE(a.high, a.ratio);
  EXPECT_GT(a.low, 1.05);  // a 10% shift with 2% noise: the interval excludes "no change"
  EXPECT_LT(a.high, 1.15);
  EXPECT_NEAR(a.ratio, median(slower) / median(base), 1e-12);
}

VerdictRule five_percent() { return VerdictRule{.threshold = 0.05, .alpha = 0.01}; }

Verdict verdict_of(const std::vector<double>& base, const std::vector<double>& candidate) {
  const auto ci = bootstrap_median_ratio(base, candidate);
  const auto test = mann_whitney_u(candidate, base);
  return decide_verdict(ci, test.p_value, base.size(), candidate.size(), five_percent());
}

TEST(Verdict, KnownAnswersOnSyntheticSamples) {
  const auto base = testing::noisy_samples(1e-3, 0.02, 30, 11);
  EXPECT_EQ(verdict_of(base, testing::noisy_samples(1.10e-3, 0.02, 30, 12)), Verdict::slower);
  EXPECT_EQ(verdict_of(base, testing::noisy_samples(0.90e-3, 0.02, 30, 13)), Verdict::faster);
  EXPECT_EQ(verdict_of(base, testing::noisy_samples(1.00e-3, 0.02, 30, 14)), Verdict::same);
  // 30% noise and five samples: a 5% shift can neither be shown nor ruled out.
  EXPECT_EQ(verdict_of(testing::noisy_samples(1e-3, 0.3, 5, 15),
                       testing::noisy_samples(1.05e-3, 0.3, 5, 16)),
            Verdict::noisy);
  // A real but small (1%) change measured precisely is below the threshold.
  EXPECT_EQ(verdict_of(testing::noisy_samples(1e-3, 0.002, 40, 17),
                       testing::noisy_samples(1.01e-3, 0.002, 40, 18)),
            Verdict::same);
}

TEST(Verdict, RuleBoundaries) {
  const VerdictRule rule = five_percent();
  // Significant, CI reaching the threshold: SLOWER even though the point estimate is below it.
  EXPECT_EQ(decide_verdict({1.04, 1.02, 1.06}, 0.001, 20, 20, rule), Verdict::slower);
  // Same interval without significance: NOISY.
  EXPECT_EQ(decide_verdict({1.04, 1.02, 1.06}, 0.2, 20, 20, rule), Verdict::noisy);
  EXPECT_EQ(decide_verdict({0.94, 0.92, 0.97}, 0.001, 20, 20, rule), Verdict::faster);
  EXPECT_EQ(decide_verdict({1.01, 0.99, 1.03}, 0.001, 20, 20, rule), Verdict::same);
  EXPECT_EQ(decide_verdict({1.2, 1.2, 1.2}, 0.0, 1, 20, rule), Verdict::noisy);  // 1 sample
  EXPECT_EQ(to_string(Verdict::slower), "SLOWER");
}

}  // namespace
}  // namespace moebench
