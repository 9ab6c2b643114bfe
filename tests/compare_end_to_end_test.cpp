// `moebench compare` and `moebench history` through the real tool on two real smoke runs: the
// verdicts depend on tonight's noise, so only what must hold whatever the noise is checked
// (exit 0 or 1, every common benchmark compared, usage errors exit 2).
#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "tests/support/process.h"

namespace moebench {
namespace {

TEST(CompareEndToEnd, TwoRealSmokeRuns) {
  const auto dir = testing::temp_dir("compare-e2e");
  const std::string a = dir + "/a.json", b = dir + "/b.json", report = dir + "/report.json";
  for (const auto& out : {a, b}) {
    const auto r = testing::run_moebench({"run", "--suite", "moe", "--preset", "smoke", "--axis",
                                          "tokens=1", "--axis", "threads=1", "--out", out});
    ASSERT_EQ(r.exit_code, 0) << r.out;
  }
  const auto cmp = testing::run_moebench({"compare", a, b, "--format", "json", "-o", report});
  ASSERT_TRUE(cmp.exit_code == 0 || cmp.exit_code == 1) << cmp.out;
  std::ifstream in(report);
  const auto j = nlohmann::json::parse(in);
  EXPECT_EQ(j["summary"]["exit_code"], cmp.exit_code);
  ASSERT_FALSE(j["benchmarks"].empty());
  for (const auto& row : j["benchmarks"]) {
    EXPECT_GT(row["base_median_s"].get<double>(), 0) << row.dump();
    EXPECT_LE(row["ci_low"].get<double>(), row["ratio"].get<double>()) << row.dump();
    EXPECT_GE(row["ci_high"].get<double>(), row["ratio"].get<double>()) << row.dump();
  }
  // A run against itself: every benchmark SAME, exit 0.
  const auto self = testing::run_moebench({"compare", a, a, "--normalize"});
  EXPECT_EQ(self.exit_code, 0) << self.out;
  EXPECT_EQ(self.out.find("SLOWER"), std::string::npos) << self.out;

  const auto missing = testing::run_moebench({"compare", a, dir + "/none.json"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.out.find("does not exist"), std::string::npos) << missing.out;

  const auto history = testing::run_moebench({"history", a, b, a, b, "--format", "markdown"});
  EXPECT_EQ(history.exit_code, 0) << history.out;
  EXPECT_NE(history.out.find("### moebench history"), std::string::npos) << history.out;
}

}  // namespace
}  // namespace moebench
