#include "harness/counters/counter_ratios.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "harness/core/error.h"
#include "harness/counters/analytic_source.h"

namespace moebench {
namespace {

AnalyticCounts counts() {
  AnalyticCounts c;
  c.flops = 1000;
  c.weight_bytes = 300;
  c.activation_bytes = 100;
  c.routing_bytes = 100;
  return c;
}

TEST(CounterRatios, MeasuredOverAnalyticForFlopsAndBytes) {
  std::vector<CounterValue> measured = {{"flop", 1100, "flop", "cupti", 3},
                                        {"dram_bytes", 1000, "bytes", "cupti", 3},
                                        {"task-clock", 5, "ns", "perf_event", 1},
                                        {"flop", 1000, "flop", "analytic", 0}};
  auto ratios = measured_to_analytic(measured, counts());
  ASSERT_EQ(ratios.size(), 2u);
  EXPECT_EQ(ratios[0].name, "flop");
  EXPECT_DOUBLE_EQ(ratios[0].ratio, 1.1);
  EXPECT_EQ(ratios[1].name, "bytes");
  EXPECT_DOUBLE_EQ(ratios[1].analytic, 500);
  EXPECT_DOUBLE_EQ(ratios[1].ratio, 2.0);
  EXPECT_EQ(ratios[1].source, "cupti");
}

TEST(CounterRatios, SkipsNaNAndZeroAnalytic) {
  std::vector<CounterValue> measured = {
      {"flop", std::numeric_limits<double>::quiet_NaN(), "flop", "perf_event", 1},
      {"dram_bytes", 10, "bytes", "cupti", 1}};
  EXPECT_TRUE(measured_to_analytic(measured, AnalyticCounts{}).empty());
}

TEST(CounterRatios, JsonShapes) {
  nlohmann::json value = CounterValue{"task-clock", 12.5, "ns", "perf_event", 1};
  EXPECT_EQ(value["name"], "task-clock");
  EXPECT_EQ(value["passes"], 1);
  EXPECT_DOUBLE_EQ(value["value"].get<double>(), 12.5);
  nlohmann::json missing =
      CounterValue{"cycles", std::numeric_limits<double>::quiet_NaN(), "cycles", "perf_event", 1};
  EXPECT_TRUE(missing["value"].is_null());
  nlohmann::json ratio = CounterRatio{"bytes", "cupti", 2, 1, 2};
  EXPECT_DOUBLE_EQ(ratio["ratio"].get<double>(), 2);
}

TEST(AnalyticSource, ExposesTheShapesCountsWithoutRunningTheWorkload) {
  AnalyticSource source("cuda", counts());
  bool ran = false;
  auto values = source.open({"auto"})->measure([&] { ran = true; });
  EXPECT_FALSE(ran);
  ASSERT_EQ(values.size(), 5u);
  EXPECT_EQ(values[0].name, "flop");
  EXPECT_DOUBLE_EQ(values[1].value, 500);
  EXPECT_EQ(values[1].source, "analytic");
  auto one = source.open({"weight_bytes"})->measure([] {});
  ASSERT_EQ(one.size(), 1u);
  EXPECT_DOUBLE_EQ(one[0].value, 300);
  EXPECT_THROW(source.open({"nope"}), UserError);
}

}  // namespace
}  // namespace moebench
