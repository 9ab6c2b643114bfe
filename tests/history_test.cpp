// Change-point detection (e-divisive) and `moebench history` on series with known shifts.
#include <cmath>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "harness/analysis/change_point.h"
#include "harness/analysis/history.h"
#include "tests/command_runner.h"
#include "tests/synthetic_results.h"

namespace moebench {
namespace {

std::vector<double> series_with_shifts(size_t length, const std::map<size_t, double>& shifts,
                                       double noise, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0.0, noise);
  std::vector<double> out;
  double level = 0;
  for (size_t i = 0; i < length; ++i) {
    if (auto it = shifts.find(i); it != shifts.end()) level += std::log1p(it->second);
    out.push_back(level + normal(rng));
  }
  return out;
}

std::vector<size_t> indices(const std::vector<ChangePoint>& points) {
  std::vector<size_t> out;
  for (const auto& p : points) out.push_back(p.index);
  return out;
}

TEST(EDivisive, FindsAKnownShiftAtItsRun) {
  const auto series = series_with_shifts(24, {{14, 0.10}}, 0.02, 1);
  const auto points = e_divisive(series);
  EXPECT_EQ(indices(points), std::vector<size_t>{14});
  EXPECT_LE(points[0].p_value, 0.05);
}

TEST(EDivisive, FindsTwoShifts) {
  const auto series = series_with_shifts(30, {{10, 0.15}, {20, -0.10}}, 0.02, 2);
  EXPECT_EQ(indices(e_divisive(series)), (std::vector<size_t>{10, 20}));
}

TEST(EDivisive, NoShiftInPureNoiseMostOfTheTime) {
  // At significance 0.05 a few of many noise series may show a spurious point; count them.
  int series_with_points = 0;
  for (uint64_t seed = 0; seed < 20; ++seed)
    if (!e_divisive(series_with_shifts(20, {}, 0.03, 100 + seed)).empty()) ++series_with_points;
  EXPECT_LE(series_with_points, 3);
}

TEST(EDivisive, TooShortOrConstantSeries) {
  EXPECT_TRUE(e_divisive({1.0, 2.0, 3.0}).empty());  // fewer than 2 x min_segment
  EXPECT_TRUE(e_divisive(std::vector<double>(10, 1.0)).empty());
  // Deterministic for a seed.
  const auto s = series_with_shifts(16, {{8, 0.1}}, 0.02, 3);
  EXPECT_EQ(e_divisive(s)[0].p_value, e_divisive(s)[0].p_value);
}

TEST(HistoryCommand, ReportsTheRunThatIntroducedTheShift) {
  testing::TempDir dir;
  std::vector<std::string> paths;
  const std::map<std::string, double> probes = {{"bandwidth:read", 70e9}, {"flops:fp32", 400e9}};
  for (int run = 0; run < 12; ++run) {
    // moe/slowed gets 12% slower from run 7 on; moe/steady stays put.
    const double factor = run >= 7 ? 1.12 : 1.0;
    const double drift = 1 + 0.01 * std::sin(run);
    auto j = testing::results_json(
        {{"moe/slowed", testing::noisy_samples(1e-3 * factor * drift, 0.01, 15, run)},
         {"moe/steady", testing::noisy_samples(2e-3 * drift, 0.01, 15, 50 + run)}},
        probes);
    j["moebench"]["run_id"] = "run" + std::to_string(run);
    paths.push_back(dir.write("r" + std::to_string(run) + ".json", j));
  }
  const auto out = dir.path("history.json");
  std::vector<std::string> args = paths;
  for (std::string a : {"--format", "json", "-o"}) args.push_back(a);
  args.push_back(out);
  ASSERT_EQ(testing::run_command("history", args), 0);
  std::ifstream in(out);
  const auto j = nlohmann::json::parse(in);
  ASSERT_EQ(j["benchmarks"].size(), 2u);
  const auto& slowed = j["benchmarks"][0];
  EXPECT_EQ(slowed["name"], "moe/slowed");
  ASSERT_EQ(slowed["shifts"].size(), 1u) << slowed.dump();
  EXPECT_EQ(slowed["shifts"][0]["run"], 7);
  EXPECT_EQ(slowed["shifts"][0]["run_id"], "run7");
  EXPECT_EQ(slowed["shifts"][0]["verdict"], "SLOWER");
  EXPECT_NEAR(slowed["shifts"][0]["change"].get<double>(), 0.12, 0.03);
  EXPECT_TRUE(j["benchmarks"][1]["shifts"].empty()) << j["benchmarks"][1].dump();

  args.push_back("--fail-on-slowdown");
  EXPECT_EQ(testing::run_command("history", args), 1);
  std::string error;
  EXPECT_EQ(testing::run_command("history", {paths[0]}, &error), 2);
  EXPECT_NE(error.find("at least two"), std::string::npos) << error;
}

// Runs whose samples are partly 35% slow (a machine with speed modes), the slow share
// alternating between runs: the run medians jump, the run minima only show the real 10% shift.
TEST(HistoryCommand, RunMinimaSeeThroughTheShareOfSlowSamples) {
  testing::TempDir dir;
  std::vector<std::string> paths;
  const std::map<std::string, double> probes = {{"bandwidth:read", 70e9}, {"flops:fp32", 400e9}};
  for (int run = 0; run < 12; ++run) {
    const double factor = run >= 6 ? 1.10 : 1.0;
    std::vector<double> samples = testing::noisy_samples(1e-3 * factor, 0.005, 20, 70 + run);
    const double slow_share = run % 2 ? 0.7 : 0.2;
    for (size_t i = 0; i < samples.size(); ++i)
      if (double(i) < slow_share * double(samples.size())) samples[i] *= 1.35;
    paths.push_back(dir.write("r" + std::to_string(run) + ".json",
                              testing::results_json({{"moe/modes", samples}}, probes)));
  }
  const auto out = dir.path("history.json");
  std::vector<std::string> args = paths;
  for (std::string a : {"--run-value", "min", "--format", "json", "-o"}) args.push_back(a);
  args.push_back(out);
  ASSERT_EQ(testing::run_command("history", args), 0);
  std::ifstream in(out);
  const auto j = nlohmann::json::parse(in);
  const auto& shifts = j["benchmarks"][0]["shifts"];
  ASSERT_EQ(shifts.size(), 1u) << shifts.dump();
  EXPECT_EQ(shifts[0]["run"], 6);
  EXPECT_NEAR(shifts[0]["change"].get<double>(), 0.10, 0.02);
}

}  // namespace
}  // namespace moebench
