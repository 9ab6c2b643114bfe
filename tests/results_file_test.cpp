#include "harness/results/results_file.h"

#include <gtest/gtest.h>

#include <fstream>

#include "harness/core/error.h"
#include "tests/support/process.h"

namespace moebench {
namespace {

RunResults sample_results() {
  RunResults results;
  Record ok;
  ok.name = "moe/moe/cpu.x/tokens=1";
  ok.suite = "moe";
  ok.role = "moe";
  ok.timed = true;
  ok.timing.seconds = {2e-3, 1e-3, 3e-3};
  ok.timing.summary = summarize(ok.timing.seconds);
  ok.derived["flop_rate"] = 1e9;
  ok.verified = true;
  ok.verification.passed = true;
  Record failed = ok;
  failed.name = "moe/moe/cpu.y/tokens=1";
  failed.status = "failed";
  failed.timed = false;
  failed.reason = "verification failed";
  results.records = {ok, failed};
  results.skipped.push_back({{"name", "x"}, {"reason", "no bf16"}});
  return results;
}

TEST(ResultsFile, GoogleBenchmarkEntriesForMeasuredRecordsOnly) {
  const auto j = to_json(sample_results());
  ASSERT_EQ(j["benchmarks"].size(), 1u);
  const auto& b = j["benchmarks"][0];
  EXPECT_EQ(b["name"], "moe/moe/cpu.x/tokens=1");
  EXPECT_EQ(b["run_type"], "iteration");
  EXPECT_DOUBLE_EQ(b["real_time"].get<double>(), 2e6);  // median, in ns
  EXPECT_EQ(b["time_unit"], "ns");
  EXPECT_DOUBLE_EQ(b["FLOP/s"].get<double>(), 1e9);
  EXPECT_EQ(j["moebench"]["records"].size(), 2u);
  EXPECT_EQ(j["moebench"]["records"][1]["status"], "failed");
  EXPECT_FALSE(j["moebench"]["records"][1].contains("timing"));
  EXPECT_EQ(j["moebench"]["schema_version"], kResultsSchemaVersion);
  EXPECT_EQ(j["moebench"]["skipped"][0]["reason"], "no bf16");
}

TEST(ResultsFile, AtomicWriteRoundTrips) {
  const auto dir = testing::temp_dir("results");
  const std::string path = dir + "/sub/run.json";
  const auto j = to_json(sample_results());
  write_json_atomically(path, j);
  std::ifstream in(path);
  EXPECT_EQ(nlohmann::json::parse(in), j);
  for (const auto& entry : std::filesystem::directory_iterator(dir + "/sub"))
    EXPECT_EQ(entry.path().filename(), "run.json") << "temporary file left behind";
}

TEST(ResultsFile, UnwritablePathsAreUserErrors) {
  const auto dir = testing::temp_dir("results-bad");
  std::ofstream(dir + "/plain") << "x";
  EXPECT_THROW(check_writable(dir + "/plain/run.json"), UserError);
  EXPECT_THROW(check_writable(dir), UserError);  // a folder, not a file
}

}  // namespace
}  // namespace moebench
