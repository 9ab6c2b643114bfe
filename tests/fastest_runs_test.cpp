// compare_fastest_runs: the trimmed comparison of repeated runs that `moebench compare
// --fastest-runs` uses when a shared machine makes whole runs slow at random.
#include "harness/analysis/fastest_runs.h"

#include <random>
#include <stdexcept>

#include <gtest/gtest.h>

namespace moebench {
namespace {

// `runs` run medians of a kernel taking `fast_s` on a quiet machine; each run is disturbed
// (35% slower) with probability `disturbed`, and every run carries 0.5% of jitter.
std::vector<double> bimodal_runs(double fast_s, int runs, double disturbed, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> jitter(0.0, 0.005);
  std::bernoulli_distribution slow(disturbed);
  std::vector<double> out;
  for (int i = 0; i < runs; ++i)
    out.push_back(fast_s * (slow(rng) ? 1.35 : 1.0) * (1 + jitter(rng)));
  return out;
}

TEST(FastestRuns, CutKeepsAFractionOfThePooledRunsButAtLeastFour) {
  EXPECT_EQ(fastest_runs_kept(40, 0.5), 20u);
  EXPECT_EQ(fastest_runs_kept(20, 0.33), 7u);
  EXPECT_EQ(fastest_runs_kept(20, 0.1), 4u);
  EXPECT_EQ(fastest_runs_kept(3, 0.1), 3u);
  EXPECT_EQ(fastest_runs_kept(10, 1.0), 10u);
}

TEST(FastestRuns, FindsAFivePercentSlowdownHiddenUnderDisturbedRuns) {
  // Half the runs are disturbed; by luck the base side got 5 quiet runs of 20 and the new side
  // 10: the medians of all runs are then dominated by that luck, the quiet runs are not.
  const auto base = bimodal_runs(1e-5, 20, 0.5, 1);
  const auto slower = bimodal_runs(1.05e-5, 20, 0.5, 2);
  FastestRunsOptions options;
  options.fraction = 0.3;  // 12 of the 40 pooled runs: below the quiet runs' share
  const FastestRunsResult r = compare_fastest_runs(base, slower, options);
  EXPECT_EQ(r.base_kept, 5u);
  EXPECT_EQ(r.new_kept, 7u);
  EXPECT_NEAR(r.ratio.ratio, 1.05, 0.01);
  EXPECT_LT(r.p_value, 0.01);
  EXPECT_LE(r.ratio.low, r.ratio.ratio);
  EXPECT_GE(r.ratio.high, r.ratio.ratio);
}

TEST(FastestRuns, AClearlySlowerSideIsComparedWhole) {
  // Every new run 10% slower than every base run: the pooled cut at 60% keeps the 10 base runs
  // and 2 new ones, and 10 against 2 cannot reach p < 0.01 however clear the slowdown; all
  // runs are compared instead.
  const auto base = bimodal_runs(1e-5, 10, 0.0, 3);
  const auto slower = bimodal_runs(1.1e-5, 10, 0.0, 4);
  FastestRunsOptions options;
  options.fraction = 0.6;
  const FastestRunsResult r = compare_fastest_runs(base, slower, options);
  EXPECT_EQ(r.base_kept, 10u);
  EXPECT_EQ(r.new_kept, 10u);
  EXPECT_NEAR(r.ratio.ratio, 1.1, 0.01);
  EXPECT_LT(r.p_value, 0.001);
  EXPECT_GT(r.ratio.low, 1.05);
}

TEST(FastestRuns, FalseAlarmRateHoldsOnUnchangedRuns) {
  // The test is exact for exchangeable runs: over many A/A pairs, p < 0.05 in about 5% of them
  // (binomial 95% range for 300 trials: 2.7%..7.7%; allow up to 9%).
  FastestRunsOptions options;
  options.fraction = 0.5;
  options.bootstrap.resamples = 0;
  int alarms = 0;
  const int trials = 300;
  for (int t = 0; t < trials; ++t) {
    const auto a = bimodal_runs(1e-5, 12, 0.4, 1000 + 2 * t);
    const auto b = bimodal_runs(1e-5, 12, 0.4, 1001 + 2 * t);
    alarms += compare_fastest_runs(a, b, options).p_value < 0.05 ? 1 : 0;
  }
  EXPECT_LE(alarms, trials * 9 / 100);
  EXPECT_GE(alarms, 1);  // a test that never rejects is not calibrated either
}

TEST(FastestRuns, SameFilesGiveTheSameAnswer) {
  const auto a = bimodal_runs(1e-5, 10, 0.3, 5), b = bimodal_runs(1e-5, 10, 0.3, 6);
  const auto first = compare_fastest_runs(a, b, {});
  const auto second = compare_fastest_runs(a, b, {});
  EXPECT_EQ(first.p_value, second.p_value);
  EXPECT_EQ(first.ratio.low, second.ratio.low);
}

TEST(FastestRuns, RejectsTooFewRunsAndNonPositiveValues) {
  EXPECT_THROW(compare_fastest_runs({1.0}, {1.0, 2.0}, {}), std::invalid_argument);
  EXPECT_THROW(compare_fastest_runs({1.0, 0.0}, {1.0, 2.0}, {}), std::invalid_argument);
}

}  // namespace
}  // namespace moebench
