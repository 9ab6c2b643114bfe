#include "harness/measure/statistics.h"

#include <gtest/gtest.h>

#include <cmath>

namespace moebench {
namespace {

TEST(Statistics, QuantilesInterpolateLikeNumpy) {
  const std::vector<double> sorted = {1, 2, 3, 4};
  EXPECT_DOUBLE_EQ(quantile(sorted, 0.5), 2.5);
  EXPECT_DOUBLE_EQ(quantile(sorted, 0.25), 1.75);  // numpy.quantile([1,2,3,4], .25)
  EXPECT_DOUBLE_EQ(quantile(sorted, 0.75), 3.25);
  EXPECT_DOUBLE_EQ(quantile(sorted, 0.0), 1);
  EXPECT_DOUBLE_EQ(quantile(sorted, 1.0), 4);
}

TEST(Statistics, SummaryOfKnownSample) {
  const Summary s = summarize({5, 1, 4, 2, 3});
  EXPECT_EQ(s.n, 5u);
  EXPECT_DOUBLE_EQ(s.min, 1);
  EXPECT_DOUBLE_EQ(s.max, 5);
  EXPECT_DOUBLE_EQ(s.median, 3);
  EXPECT_DOUBLE_EQ(s.mean, 3);
  EXPECT_DOUBLE_EQ(s.q1, 2);
  EXPECT_DOUBLE_EQ(s.q3, 4);
  EXPECT_DOUBLE_EQ(s.iqr, 2);
  EXPECT_NEAR(s.stddev, std::sqrt(2.5), 1e-12);
  EXPECT_NEAR(s.cv, std::sqrt(2.5) / 3, 1e-12);
}

TEST(Statistics, MedianConfidenceIntervalUsesBinomialOrderStatistics) {
  // n = 10: P(Bin(10, .5) <= 1) = 11/1024 <= .025 < P(<= 2) = 56/1024, so the 95% interval is
  // [x(2), x(9)] (1-based order statistics).
  std::vector<double> v;
  for (int i = 1; i <= 10; ++i) v.push_back(i);
  const Summary s = summarize(v);
  EXPECT_DOUBLE_EQ(s.median_ci_low, 2);
  EXPECT_DOUBLE_EQ(s.median_ci_high, 9);
  EXPECT_NEAR(s.median_rel_ci, 3.5 / 5.5, 1e-12);
}

TEST(Statistics, TooFewSamplesHaveNoConfidenceInterval) {
  // With 5 samples even [min, max] covers the median with probability 1 - 2/32 < 95%.
  const Summary s = summarize({1, 2, 3, 4, 5});
  EXPECT_TRUE(std::isinf(s.median_rel_ci));
  const Summary six = summarize({1, 2, 3, 4, 5, 6});
  EXPECT_FALSE(std::isinf(six.median_rel_ci));
}

TEST(Statistics, EmptyAndConstant) {
  EXPECT_EQ(summarize({}).n, 0u);
  const Summary s = summarize(std::vector<double>(20, 2.0));
  EXPECT_DOUBLE_EQ(s.median, 2);
  EXPECT_DOUBLE_EQ(s.median_rel_ci, 0);
  EXPECT_DOUBLE_EQ(s.cv, 0);
}

}  // namespace
}  // namespace moebench
