#include "suites/common/routing_plan.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>

#include <gtest/gtest.h>

#include "harness/core/error.h"

namespace moebench {
namespace {

std::vector<int64_t> counts_of(const std::vector<int32_t>& plan, int num_experts) {
  std::vector<int64_t> counts(size_t(num_experts), 0);
  for (int32_t e : plan) counts[size_t(e)]++;
  return counts;
}

void expect_distinct_in_range(const std::vector<int32_t>& plan, int64_t tokens, int e, int k) {
  ASSERT_EQ(plan.size(), size_t(tokens * k));
  for (int64_t t = 0; t < tokens; ++t) {
    std::set<int32_t> ids(plan.begin() + t * k, plan.begin() + (t + 1) * k);
    ASSERT_EQ(ids.size(), size_t(k)) << "token " << t;
    ASSERT_GE(*ids.begin(), 0);
    ASSERT_LT(*ids.rbegin(), e);
  }
}

std::string write_trace(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() / name;
  std::ofstream(path) << text;
  return path.string();
}

TEST(RoutingPlan, ParsesAndPrints) {
  EXPECT_EQ(parse_routing("uniform").kind, RoutingSpec::Kind::uniform);
  const RoutingSpec z = parse_routing("zipf:1.2");
  EXPECT_EQ(z.kind, RoutingSpec::Kind::zipf);
  EXPECT_DOUBLE_EQ(z.zipf_exponent, 1.2);
  EXPECT_EQ(z.to_string(), "zipf:1.2");
  EXPECT_EQ(parse_routing("collapse:2").hot_experts, 2);
  EXPECT_EQ(parse_routing("collapse:2").to_string(), "collapse:2");
  EXPECT_EQ(parse_routing("trace:a/b.json").trace_path, "a/b.json");
  EXPECT_EQ(parse_routing("trace:a/b.json").to_string(), "trace:a/b.json");
  for (const char* bad : {"", "uniform:1", "zipf", "zipf:", "zipf:-1", "zipf:x", "collapse:0",
                          "collapse:1.5", "trace:", "random"})
    EXPECT_THROW(parse_routing(bad), UserError) << bad;
}

TEST(RoutingPlan, UniformIsBalancedDistinctAndDeterministic) {
  const int e = 16, k = 4;
  const int64_t tokens = 40000;
  const auto plan = plan_routing(parse_routing("uniform"), tokens, e, k, 7);
  expect_distinct_in_range(plan, tokens, e, k);
  // Each expert expects tokens*k/e = 10000 picks; binomial sd ≈ 87. 5 sd bound.
  const double expected = double(tokens) * k / e;
  const double sd = std::sqrt(double(tokens) * (double(k) / e) * (1 - double(k) / e));
  for (int64_t c : counts_of(plan, e)) EXPECT_NEAR(double(c), expected, 5 * sd);
  EXPECT_EQ(plan, plan_routing(parse_routing("uniform"), tokens, e, k, 7));
  EXPECT_NE(plan, plan_routing(parse_routing("uniform"), tokens, e, k, 8));
}

TEST(RoutingPlan, AllExpertsWhenTopKIsE) {
  const auto plan = plan_routing(parse_routing("zipf:3"), 100, 8, 8, 1);
  expect_distinct_in_range(plan, 100, 8, 8);
}

TEST(RoutingPlan, ZipfIsSkewedInRankOrder) {
  const int e = 64, k = 1;
  const int64_t tokens = 200000;
  const auto plan = plan_routing(parse_routing("zipf:1.2"), tokens, e, k, 3);
  expect_distinct_in_range(plan, tokens, e, k);
  auto counts = counts_of(plan, e);
  std::sort(counts.begin(), counts.end(), std::greater<>());
  // With k = 1 the sorted counts follow 1/r^1.2: compare the top ranks to their expectation.
  double norm = 0;
  for (int r = 1; r <= e; ++r) norm += std::pow(r, -1.2);
  for (int r = 1; r <= 4; ++r) {
    const double p = std::pow(r, -1.2) / norm;
    const double sd = std::sqrt(double(tokens) * p * (1 - p));
    EXPECT_NEAR(double(counts[size_t(r - 1)]), double(tokens) * p, 5 * sd) << "rank " << r;
  }
  EXPECT_GT(counts[0], 10 * counts[size_t(e - 1)]);
  // The hot expert is seed-dependent (a shuffled ranking), the skew is not.
  const auto other = counts_of(plan_routing(parse_routing("zipf:1.2"), tokens, e, k, 4), e);
  const auto hot = [](const std::vector<int64_t>& c) {
    return std::max_element(c.begin(), c.end()) - c.begin();
  };
  const auto first = counts_of(plan, e);
  EXPECT_NE(hot(first), hot(other));
}

TEST(RoutingPlan, ZipfWithTopKIsDistinct) {
  const auto plan = plan_routing(parse_routing("zipf:2"), 5000, 256, 8, 11);
  expect_distinct_in_range(plan, 5000, 256, 8);
  EXPECT_EQ(plan, plan_routing(parse_routing("zipf:2"), 5000, 256, 8, 11));
}

TEST(RoutingPlan, CollapsePutsEveryTokenOnTheHotExperts) {
  const int e = 32, k = 4;
  const int64_t tokens = 2000;
  const auto plan = plan_routing(parse_routing("collapse:2"), tokens, e, k, 5);
  expect_distinct_in_range(plan, tokens, e, k);
  const auto counts = counts_of(plan, e);
  EXPECT_EQ(counts[0], tokens);
  EXPECT_EQ(counts[1], tokens);
  for (int64_t t = 0; t < tokens; ++t) {
    EXPECT_EQ(plan[size_t(t * k)], 0);
    EXPECT_EQ(plan[size_t(t * k + 1)], 1);
  }
  // N >= k: every choice is hot, spread over the N hot experts.
  const auto all_hot = plan_routing(parse_routing("collapse:3"), tokens, e, 2, 5);
  expect_distinct_in_range(all_hot, tokens, e, 2);
  const auto hot_counts = counts_of(all_hot, e);
  for (int x = 0; x < 3; ++x) EXPECT_GT(hot_counts[size_t(x)], tokens / 2);
  for (int x = 3; x < e; ++x) EXPECT_EQ(hot_counts[size_t(x)], 0);
}

TEST(RoutingPlan, TraceIsCycledAndValidated) {
  const std::string ok =
      write_trace("moebench_trace_ok.json", R"({"tokens": [[1, 2], [3, 0, 5]]})");
  const auto plan = plan_routing(parse_routing("trace:" + ok), 5, 6, 2, 0);
  EXPECT_EQ(plan, (std::vector<int32_t>{1, 2, 3, 0, 1, 2, 3, 0, 1, 2}));
  const auto bad = [](const std::string& name, const std::string& text, int e, int k) {
    const std::string path = write_trace(name, text);
    EXPECT_THROW(plan_routing(parse_routing("trace:" + path), 4, e, k, 0), UserError) << text;
  };
  bad("moebench_trace_1.json", R"({"tokens": [[1, 9]]})", 6, 2);  // id out of range
  bad("moebench_trace_2.json", R"({"tokens": [[1]]})", 6, 2);     // fewer than k
  bad("moebench_trace_3.json", R"({"tokens": [[1, 1]]})", 6, 2);  // repeated
  bad("moebench_trace_4.json", R"({"tokens": []})", 6, 2);        // empty
  bad("moebench_trace_5.json", R"({"tokns": [[1, 2]]})", 6, 2);   // no tokens
  bad("moebench_trace_6.json", R"({"tokens": [[1, 2]] )", 6, 2);  // malformed
  EXPECT_THROW(plan_routing(parse_routing("trace:/nonexistent.json"), 1, 4, 1, 0), UserError);
}

TEST(RoutingPlan, RejectsImpossibleShapes) {
  EXPECT_THROW(plan_routing(parse_routing("uniform"), 4, 4, 5, 0), UserError);
  EXPECT_THROW(plan_routing(parse_routing("uniform"), 4, 0, 1, 0), UserError);
  EXPECT_THROW(plan_routing(parse_routing("uniform"), -1, 4, 1, 0), UserError);
}

TEST(RoutingPlan, SteeringMarksPlannedExperts) {
  const std::vector<int32_t> plan = {2, 0, 1, 3};
  const auto s = steering_from_plan(plan, 2, 4, 2);
  const std::vector<float> want = {kSteeringLogit, 0, kSteeringLogit, 0, 0,
                                   kSteeringLogit, 0, kSteeringLogit};
  EXPECT_EQ(s, want);
  EXPECT_THROW(steering_from_plan(plan, 3, 4, 2), UserError);
  EXPECT_THROW(steering_from_plan({0, 7}, 1, 4, 2), UserError);
}

TEST(RoutingPlan, ExpectedUniqueExpertsByHand) {
  // E=8, k=2, B=1: exactly 2. B=2: 8*(1-(3/4)^2) = 3.5.
  EXPECT_DOUBLE_EQ(expected_unique_experts(8, 2, 1), 2.0);
  EXPECT_DOUBLE_EQ(expected_unique_experts(8, 2, 2), 3.5);
  EXPECT_DOUBLE_EQ(expected_unique_experts(8, 2, 0), 0.0);
  EXPECT_DOUBLE_EQ(expected_unique_experts(8, 8, 3), 8.0);
  EXPECT_NEAR(expected_unique_experts(256, 8, 4096), 256.0, 1e-6);
  // Agrees with the mean of simulated uniform plans.
  const int e = 64, k = 4, tokens = 16;
  double sum = 0;
  const int trials = 2000;
  for (int s = 0; s < trials; ++s) {
    const auto counts =
        counts_of(plan_routing(parse_routing("uniform"), tokens, e, k, uint64_t(s)), e);
    sum += double(std::count_if(counts.begin(), counts.end(), [](int64_t c) { return c > 0; }));
  }
  EXPECT_NEAR(sum / trials, expected_unique_experts(e, k, tokens), 0.15);
}

}  // namespace
}  // namespace moebench
