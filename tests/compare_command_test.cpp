// `moebench compare` end to end on synthetic results files: exit codes 0/1/2, --normalize,
// --filter and the three output formats.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/command_runner.h"
#include "tests/synthetic_results.h"

namespace moebench {
namespace {

using testing::noisy_samples;
using testing::results_json;
using testing::run_command;
using testing::SyntheticRecord;

const std::map<std::string, double> kProbes = {{"cpu/bandwidth:read", 70e9},
                                               {"cpu/flops:fp32", 400e9}};

// Two benchmarks: a memory-bound one and a compute-bound one (intensity above the ridge 5.7).
std::vector<SyntheticRecord> records(double memory_factor, double compute_factor, uint64_t seed) {
  return {{"moe/memory", noisy_samples(2e-3 * memory_factor, 0.01, 30, seed), 0.25},
          {"dense/compute", noisy_samples(5e-3 * compute_factor, 0.01, 30, seed + 1), 50.0}};
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(CompareCommand, ExitCodesZeroOneTwo) {
  testing::TempDir dir;
  const auto base = dir.write("base.json", results_json(records(1, 1, 1), kProbes));
  const auto same = dir.write("same.json", results_json(records(1, 1, 100), kProbes));
  const auto slower = dir.write("slower.json", results_json(records(1.10, 1, 200), kProbes));
  const auto faster = dir.write("faster.json", results_json(records(0.9, 1, 300), kProbes));
  const auto out = dir.path("report.txt");
  EXPECT_EQ(run_command("compare", {base, same, "-o", out}), 0);
  EXPECT_EQ(run_command("compare", {base, slower, "-o", out}), 1);
  EXPECT_NE(slurp(out).find("SLOWER"), std::string::npos);
  EXPECT_EQ(run_command("compare", {base, faster, "-o", out}), 0);
  EXPECT_NE(slurp(out).find("FASTER"), std::string::npos);
  // A 10% slowdown under a 20% threshold is not a failure.
  EXPECT_EQ(run_command("compare", {base, slower, "--threshold", "20", "-o", out}), 0);
  // --filter leaves the slowed benchmark out.
  EXPECT_EQ(run_command("compare", {base, slower, "--filter", "^dense/", "-o", out}), 0);

  std::string error;
  EXPECT_EQ(run_command("compare", {base, dir.path("missing.json")}, &error), 2);
  EXPECT_NE(error.find("does not exist"), std::string::npos) << error;
  const auto v9 = dir.write("v9.json", results_json(records(1, 1, 5), kProbes, 9));
  EXPECT_EQ(run_command("compare", {base, v9}, &error), 2);
  EXPECT_NE(error.find("schema_version 9"), std::string::npos) << error;
  const auto other = dir.write(
      "other.json", results_json({{"routing/x", noisy_samples(1e-3, 0.01, 10, 9)}}, kProbes));
  EXPECT_EQ(run_command("compare", {base, other}, &error), 2);
  EXPECT_NE(error.find("no benchmark in common"), std::string::npos) << error;
  EXPECT_EQ(run_command("compare", {base, same, "--filter", "("}, &error), 2);
  EXPECT_NE(error.find("regular expression"), std::string::npos) << error;
  EXPECT_EQ(run_command("compare", {base, same, "--format", "html"}, &error), 2);
}

// Each run of a shared machine sits at its own level (0-8% apart here) with little noise inside
// it: two single runs then differ "significantly", several runs a side show the spread.
TEST(CompareCommand, DirectoriesOfRunsCompareOneSamplePerRun) {
  testing::TempDir dir;
  for (const char* side : {"base", "same", "slower", "empty"})
    std::filesystem::create_directories(dir.path(side));
  for (int run = 0; run < 8; ++run) {
    const double level = 1 + 0.08 * (run % 4) / 3;
    const std::string name = "/run" + std::to_string(run) + ".json";
    dir.write(std::string("base") + name, results_json(records(level, level, 10 + run), kProbes));
    dir.write(std::string("same") + name, results_json(records(level, level, 30 + run), kProbes));
    dir.write(std::string("slower") + name,
              results_json(records(1.3 * level, level, 50 + run), kProbes));
  }
  const auto out = dir.path("report.json");
  EXPECT_EQ(
      run_command("compare", {dir.path("base"), dir.path("same"), "--format", "json", "-o", out}),
      0);
  const auto j = nlohmann::json::parse(slurp(out));
  EXPECT_EQ(j["base"]["runs"], 8);
  for (const auto& row : j["benchmarks"]) {
    EXPECT_EQ(row["samples_are"], "run medians");
    EXPECT_EQ(row["base_samples"], 8);
    EXPECT_NE(row["verdict"], "SLOWER") << row.dump();
  }
  EXPECT_EQ(run_command("compare", {dir.path("base"), dir.path("slower"), "-o", out}), 1);
  EXPECT_NE(slurp(out).find("8/8 runs"), std::string::npos) << slurp(out);
  EXPECT_EQ(run_command("compare",
                        {dir.path("base"), dir.path("slower"), "--fastest-runs", "0.5", "-o", out}),
            1);
  EXPECT_NE(slurp(out).find("of 8/8 runs"), std::string::npos) << slurp(out);
  // The same two levels as single runs: the within-run test calls an 8% machine swing SLOWER.
  EXPECT_EQ(run_command("compare", {dir.path("base/run0.json"), dir.path("same/run3.json")}), 1);

  std::string error;
  EXPECT_EQ(run_command("compare", {dir.path("base"), dir.path("empty")}, &error), 2);
  EXPECT_NE(error.find("has no *.json"), std::string::npos) << error;
  EXPECT_EQ(
      run_command("compare", {dir.path("base"), dir.path("same"), "--fastest-runs", "0"}, &error),
      2);
}

// A machine whose speed switches between two modes (35% apart) while a point is measured, the
// share of slow samples differing from run to run (the Xeon VM of docs/regressions.md): run
// medians follow the share, run minima the code.
TEST(CompareCommand, RunMinimaIgnoreTheShareOfSlowSamples) {
  testing::TempDir dir;
  auto run = [](double level, double slow_share, uint64_t seed) {
    std::vector<double> samples = noisy_samples(level, 0.01, 30, seed);
    for (size_t i = 0; i < samples.size(); ++i)
      if (double(i) < slow_share * double(samples.size())) samples[i] *= 1.35;
    return results_json({{"moe/modes", samples, 0.25}}, kProbes);
  };
  for (const char* side : {"base", "same", "slower"})
    std::filesystem::create_directories(dir.path(side));
  for (int r = 0; r < 10; ++r) {
    const std::string name = "/run" + std::to_string(r) + ".json";
    dir.write(std::string("base") + name, run(1e-5, 0.1 + 0.04 * r, 100 + r).dump());
    dir.write(std::string("same") + name, run(1e-5, 0.5 + 0.04 * r, 200 + r).dump());
    dir.write(std::string("slower") + name, run(1.1e-5, 0.1 + 0.04 * r, 300 + r).dump());
  }
  const auto out = dir.path("report.json");
  // The median of a run with more slow samples is slower: the same code reads as a regression.
  EXPECT_EQ(run_command("compare", {dir.path("base"), dir.path("same"), "-o", out}), 1);
  EXPECT_EQ(run_command("compare", {dir.path("base"), dir.path("same"), "--run-value", "min",
                                    "--format", "json", "-o", out}),
            0);
  const auto j = nlohmann::json::parse(slurp(out));
  EXPECT_EQ(j["options"]["run_value"], "min");
  EXPECT_EQ(j["benchmarks"][0]["samples_are"], "run minima");
  EXPECT_NE(j["benchmarks"][0]["verdict"], "SLOWER");
  EXPECT_EQ(run_command("compare",
                        {dir.path("base"), dir.path("slower"), "--run-value", "min", "-o", out}),
            1);
  std::string error;
  EXPECT_EQ(
      run_command("compare", {dir.path("base"), dir.path("same"), "--run-value", "p10"}, &error),
      2);
}

TEST(CompareCommand, NormalizeCancelsAWholeMachineSlowdown) {
  testing::TempDir dir;
  const auto base = dir.write("base.json", results_json(records(1, 1, 1), kProbes));
  // Tonight the machine is 10% slower: every time up 10%, every probe's rate down by as much.
  std::map<std::string, double> slow_probes;
  for (const auto& [key, value] : kProbes) slow_probes[key] = value / 1.10;
  const auto night = dir.write("night.json", results_json(records(1.10, 1.10, 400), slow_probes));
  const auto out = dir.path("report.json");
  EXPECT_EQ(run_command("compare", {base, night, "--format", "json", "-o", out}), 1);
  EXPECT_EQ(run_command("compare", {base, night, "--normalize", "--format", "json", "-o", out}), 0);
  const auto j = nlohmann::json::parse(slurp(out));
  ASSERT_EQ(j["benchmarks"].size(), 2u);
  for (const auto& b : j["benchmarks"]) EXPECT_EQ(b["verdict"], "SAME") << b.dump();
  EXPECT_EQ(j["benchmarks"][0]["normalized_by"], "cpu/bandwidth:read (memory)");
  EXPECT_EQ(j["benchmarks"][1]["normalized_by"], "cpu/flops:fp32 (compute)");
  EXPECT_NEAR(j["probe_drift"]["cpu/bandwidth:read"].get<double>(), 1 / 1.10, 1e-12);

  // A real 10% regression on a machine that is also 10% slower is still caught.
  const auto both = dir.write("both.json", results_json(records(1.21, 1.10, 500), slow_probes));
  EXPECT_EQ(run_command("compare", {base, both, "--normalize", "-o", out}), 1);

  // Without probes, --normalize is unusable input.
  const auto no_probes = dir.write("noprobes.json", results_json(records(1, 1, 600), {}));
  std::string error;
  EXPECT_EQ(run_command("compare", {base, no_probes, "--normalize"}, &error), 2);
  EXPECT_NE(error.find("roofline probes"), std::string::npos) << error;
}

TEST(CompareCommand, FormatsCarryTheSameVerdicts) {
  testing::TempDir dir;
  const auto base = dir.write("base.json", results_json(records(1, 1, 1), kProbes));
  const auto slower = dir.write("slower.json", results_json(records(1.10, 1, 200), kProbes));
  const auto md = dir.path("r.md"), json = dir.path("r.json"), table = dir.path("r.txt");
  ASSERT_EQ(run_command("compare", {base, slower, "--format", "markdown", "-o", md}), 1);
  ASSERT_EQ(run_command("compare", {base, slower, "--format", "json", "-o", json}), 1);
  ASSERT_EQ(run_command("compare", {base, slower, "-o", table}), 1);
  const std::string markdown = slurp(md);
  EXPECT_NE(markdown.find("| SLOWER |"), std::string::npos) << markdown;
  EXPECT_NE(markdown.find("<details>"), std::string::npos);  // the SAME row is folded away
  const auto j = nlohmann::json::parse(slurp(json));
  EXPECT_EQ(j["summary"]["exit_code"], 1);
  EXPECT_EQ(j["summary"]["verdicts"]["SLOWER"], 1);
  EXPECT_EQ(j["summary"]["verdicts"]["SAME"], 1);
  EXPECT_NEAR(j["benchmarks"][0]["change"].get<double>(), 0.10, 0.02);
  EXPECT_NE(slurp(table).find("REGRESSION (exit 1)"), std::string::npos);
}

TEST(CompareCommand, ReadsPlainGoogleBenchmarkFiles) {
  testing::TempDir dir;
  auto gb = [](double scale) {
    nlohmann::json j;
    j["benchmarks"] = nlohmann::json::array();
    for (double t : noisy_samples(1000 * scale, 0.01, 10, scale > 1 ? 2 : 1))
      j["benchmarks"].push_back({{"name", "BM_x"},
                                 {"run_name", "BM_x"},
                                 {"run_type", "iteration"},
                                 {"real_time", t},
                                 {"time_unit", "ns"}});
    return j;
  };
  const auto a = dir.write("a.json", gb(1)), b = dir.write("b.json", gb(1.2));
  EXPECT_EQ(run_command("compare", {a, b, "-o", dir.path("o.txt")}), 1);
  EXPECT_EQ(run_command("compare", {a, a, "-o", dir.path("o.txt")}), 0);
}

// A side measured with GPU graph replay (run --graph) compares with one without, but the
// report says so: the difference is then launch cost, not a regression.
TEST(CompareCommand, SaysWhenTheSidesDifferInGraphReplay) {
  testing::TempDir dir;
  nlohmann::json with_graph = results_json(records(1, 1, 7), kProbes);
  with_graph["moebench"]["options"]["graph"] = true;
  const auto base = dir.write("base.json", results_json(records(1, 1, 1), kProbes));
  const auto plain = dir.write("plain.json", results_json(records(1, 1, 2), kProbes));
  const auto graph = dir.write("graph.json", with_graph);
  const auto out = dir.path("report.txt");
  EXPECT_EQ(run_command("compare", {base, plain, "-o", out}), 0);
  EXPECT_EQ(slurp(out).find("graph replay"), std::string::npos) << slurp(out);
  EXPECT_EQ(run_command("compare", {base, graph, "-o", out}), 0);
  EXPECT_NE(slurp(out).find("graph replay (run --graph) differs: base off, new on"),
            std::string::npos)
      << slurp(out);
  EXPECT_EQ(run_command("compare", {base, graph, "--format", "json", "-o", out}), 0);
  const auto report = nlohmann::json::parse(slurp(out));
  EXPECT_EQ(report["base"]["graph"], "off");
  EXPECT_EQ(report["new"]["graph"], "on");
}

}  // namespace
}  // namespace moebench
