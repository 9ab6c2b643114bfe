#include "harness/measure/stopping.h"

#include <gtest/gtest.h>

#include "harness/measure/sampler.h"
#include "harness/runner/slowdown.h"

namespace moebench {
namespace {

TEST(Stopping, ConvergesOnceTheMedianIsTight) {
  StoppingRule rule;
  rule.target_rel_ci = 0.02;
  rule.min_samples = 7;
  StopReason reason;
  EXPECT_FALSE(should_stop(rule, summarize(std::vector<double>(6, 1.0)), 0, &reason));
  EXPECT_TRUE(should_stop(rule, summarize(std::vector<double>(7, 1.0)), 0, &reason));
  EXPECT_EQ(reason, StopReason::converged);
}

TEST(Stopping, NoisySamplesRunUntilTheTimeCap) {
  StoppingRule rule;
  rule.max_time_s = 1;
  std::vector<double> noisy;
  for (int i = 0; i < 20; ++i) noisy.push_back(i % 2 ? 1.0 : 2.0);
  StopReason reason;
  EXPECT_FALSE(should_stop(rule, summarize(noisy), 0.5, &reason));
  EXPECT_TRUE(should_stop(rule, summarize(noisy), 1.5, &reason));
  EXPECT_EQ(reason, StopReason::time_cap);
}

TEST(Stopping, SampleCap) {
  StoppingRule rule;
  rule.max_samples = 10;
  std::vector<double> noisy;
  for (int i = 0; i < 10; ++i) noisy.push_back(i % 2 ? 1.0 : 3.0);
  StopReason reason;
  EXPECT_TRUE(should_stop(rule, summarize(noisy), 0, &reason));
  EXPECT_EQ(reason, StopReason::sample_cap);
}

TEST(Sampler, StopsAtMinSamplesOnConstantTimes) {
  StoppingRule rule;
  rule.min_samples = 7;
  rule.warmup_s = 0;
  rule.min_warmup = 2;
  int calls = 0;
  const SampleSet set = collect_samples(
      [&] {
        ++calls;
        return 0.001;
      },
      rule);
  EXPECT_EQ(set.warmup_runs, 2);
  EXPECT_EQ(set.seconds.size(), 7u);
  EXPECT_EQ(calls, 9);
  EXPECT_EQ(set.reason, StopReason::converged);
  EXPECT_DOUBLE_EQ(set.summary.median, 0.001);
}

TEST(Sampler, NoisyTimesStopAtTheCap) {
  StoppingRule rule;
  rule.warmup_s = 0;
  rule.max_time_s = 0.02;
  int i = 0;
  const SampleSet set = collect_samples(
      [&] {
        busy_wait(0.0005);
        return (++i % 2) ? 1.0 : 2.0;  // a CI that never tightens
      },
      rule);
  EXPECT_EQ(set.reason, StopReason::time_cap);
  EXPECT_GE(set.seconds.size(), 7u);
}

TEST(Sampler, InterruptKeepsWhatWasMeasured) {
  StoppingRule rule;
  rule.warmup_s = 0;
  int n = 0;
  const SampleSet set = collect_samples([&] { return double(++n); }, rule, [&] { return n >= 4; });
  EXPECT_EQ(set.reason, StopReason::interrupted);
  EXPECT_FALSE(set.seconds.empty());
}

}  // namespace
}  // namespace moebench
