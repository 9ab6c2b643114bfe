// Reading results files: moebench's schema, plain Google Benchmark JSON, and the errors a user
// can fix (exit code 2 through UserError).
#include <gtest/gtest.h>

#include "harness/core/error.h"
#include "harness/results/results_reader.h"
#include "tests/synthetic_results.h"

namespace moebench {
namespace {

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const UserError& e) {
    return e.what();
  }
  return "no UserError";
}

TEST(ResultsReader, ReadsMoebenchRecordsAndProbes) {
  testing::TempDir dir;
  auto j = testing::results_json({{"moe/a", {3e-3, 1e-3, 2e-3}, 0.5, "bf16"}},
                                 {{"bandwidth:read", 7e10}, {"flops:bf16", 8e11}});
  j["moebench"]["records"].push_back({{"name", "moe/failed"}, {"status", "failed"}});
  j["moebench"]["records"][0]["limits"] = {
      {"probe", {{"flops_key", "flops:bf16"}, {"bandwidth_key", "bandwidth:read"}}}};
  const ResultsFile file = read_results_file(dir.write("run.json", j));
  EXPECT_TRUE(file.moebench);
  EXPECT_EQ(file.schema_version, 1);
  EXPECT_EQ(file.host, "testhost");
  EXPECT_EQ(file.run_id, "20261123-070000-testhost");
  ASSERT_EQ(file.benchmarks.size(), 1u);  // the failed record has no timing
  const ResultBenchmark& b = file.benchmarks[0];
  EXPECT_EQ(b.name, "moe/a");
  EXPECT_EQ(b.samples_s, (std::vector<double>{3e-3, 1e-3, 2e-3}));
  EXPECT_DOUBLE_EQ(b.median_s, 2e-3);
  EXPECT_EQ(b.axes.at("precision"), "bf16");
  EXPECT_DOUBLE_EQ(b.analytic.at("arithmetic_intensity"), 0.5);
  EXPECT_EQ(b.flops_key, "flops:bf16");
  EXPECT_DOUBLE_EQ(file.probes.at("bandwidth:read").value, 7e10);
  EXPECT_EQ(file.find("moe/a"), &file.benchmarks[0]);
  EXPECT_EQ(file.find("nope"), nullptr);
}

TEST(ResultsReader, ReadsGoogleBenchmarkRepetitionsAsSamples) {
  const std::string text = R"({
    "context": {"host_name": "gbhost"},
    "benchmarks": [
      {"name": "BM_a/8", "run_name": "BM_a/8", "run_type": "iteration", "real_time": 100,
       "time_unit": "ns"},
      {"name": "BM_a/8", "run_name": "BM_a/8", "run_type": "iteration", "real_time": 300,
       "time_unit": "ns"},
      {"name": "BM_a/8", "run_name": "BM_a/8", "run_type": "iteration", "real_time": 200,
       "time_unit": "ns"},
      {"name": "BM_a/8_median", "run_name": "BM_a/8", "run_type": "aggregate",
       "aggregate_name": "median", "real_time": 200, "time_unit": "ns"},
      {"name": "BM_b", "run_name": "BM_b", "run_type": "iteration", "real_time": 1.5,
       "time_unit": "ms"},
      {"name": "BM_c_median", "run_name": "BM_c", "run_type": "aggregate",
       "aggregate_name": "median", "real_time": 4, "time_unit": "us"},
      {"name": "BM_err", "run_name": "BM_err", "run_type": "iteration", "error_occurred": true,
       "real_time": 0, "time_unit": "ns"}
    ]})";
  const ResultsFile file = parse_results(text, "gb.json");
  EXPECT_FALSE(file.moebench);
  EXPECT_EQ(file.schema_version, 0);
  EXPECT_EQ(file.host, "gbhost");
  EXPECT_EQ(file.run_id, "gb");
  ASSERT_EQ(file.benchmarks.size(), 3u);
  EXPECT_EQ(file.benchmarks[0].samples_s.size(), 3u);  // aggregates are not samples
  EXPECT_NEAR(file.benchmarks[0].median_s, 200e-9, 1e-18);
  EXPECT_EQ(file.benchmarks[1].samples_s, std::vector<double>{1.5e-3});
  EXPECT_EQ(file.benchmarks[2].name, "BM_c");  // only its median aggregate was written
  EXPECT_NEAR(file.benchmarks[2].median_s, 4e-6, 1e-15);
}

TEST(ResultsReader, UserErrorsSayWhatIsWrong) {
  testing::TempDir dir;
  EXPECT_NE(error_of([&] { read_results_file(dir.path("absent.json")); }).find("does not exist"),
            std::string::npos);
  EXPECT_NE(error_of([&] { read_results_file(dir.path("")); }).find("directory"),
            std::string::npos);
  const std::string malformed =
      dir.write("bad.json", std::string("{\n  \"benchmarks\": [\n    {,\n"));
  const std::string message = error_of([&] { read_results_file(malformed); });
  EXPECT_NE(message.find("not valid JSON at line 3, column"), std::string::npos) << message;
  auto future = testing::results_json({{"a", {1e-3, 2e-3}}}, {}, 2);
  const std::string version = error_of([&] { read_results_file(dir.write("v2.json", future)); });
  EXPECT_NE(version.find("schema_version 2"), std::string::npos) << version;
  const std::string empty = error_of([&] { parse_results(R"({"benchmarks": []})", "e.json"); });
  EXPECT_NE(empty.find("no benchmarks"), std::string::npos) << empty;
  EXPECT_NE(error_of([&] { parse_results("[1, 2]", "array.json"); }).find("not a results file"),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              parse_results(R"({"benchmarks": [{"name": "x", "real_time": 1, "time_unit":
                 "fortnights"}]})",
                            "unit.json");
            }).find("time_unit"),
            std::string::npos);
}

}  // namespace
}  // namespace moebench
