// Comparing by a counter instead of time (`--metric Ir`): callgrind's dump files, the
// callgrind source outside valgrind, the injected slowdown as extra executions, and compare and
// history on synthetic series whose counts are known.
#include <cmath>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "harness/analysis/comparison.h"
#include "harness/analysis/history.h"
#include "harness/core/error.h"
#include "harness/counters/callgrind_dump.h"
#include "harness/counters/counter_registry.h"
#include "harness/results/results_reader.h"
#include "harness/runner/slowdown.h"
#include "tests/command_runner.h"
#include "tests/synthetic_results.h"

namespace moebench {
namespace {

using testing::noisy_samples;
using testing::results_json;
using testing::run_command;
using testing::SyntheticRecord;

// The head of a dump that callgrind 3.19 wrote at a CALLGRIND_DUMP_STATS_AT request.
const char* kDump = R"(# callgrind format
version: 1
creator: callgrind-3.19.0
pid: 4580
cmd:  ./t
part: 1

desc: I1 cache: 
desc: Timerange: Basic block 0 - 128932
desc: Trigger: Client Request: point-a

positions: line
events: Ir
summary: 900019

fl=(1) t.c
fn=(1) work
5 900006
totals: 900019
)";

TEST(CallgrindDump, ReadsTheSummaryOfIr) {
  EXPECT_EQ(callgrind_dump_instructions(kDump), 900019.0);
  EXPECT_EQ(callgrind_dump_path("/tmp/x/cg.out", 3), "/tmp/x/cg.out.3");
}

TEST(CallgrindDump, FallsBackToTotalsAndRejectsOtherEvents) {
  EXPECT_EQ(callgrind_dump_instructions("events: Ir\ntotals: 42\n"), 42.0);
  // Ir must be the first event: the number read is the first column.
  EXPECT_FALSE(callgrind_dump_instructions("events: sysTime Ir\nsummary: 7 42\n"));
  EXPECT_FALSE(callgrind_dump_instructions("summary: 42\n"));  // no events line
  EXPECT_FALSE(callgrind_dump_instructions("events: Ir\n"));   // no total
  EXPECT_FALSE(callgrind_dump_instructions(""));
}

TEST(CallgrindSource, OutsideValgrindItSaysHowToRunIt) {
  CounterSource* callgrind = nullptr;
  for (CounterSource* s : CounterRegistry::instance().sources_for("cpu"))
    if (s->name() == "callgrind") callgrind = s;
  ASSERT_NE(callgrind, nullptr);
  const auto counters = callgrind->counters();
  ASSERT_EQ(counters.size(), 1u);
  EXPECT_EQ(counters[0].name, "Ir");
  EXPECT_FALSE(counters[0].available);
  EXPECT_NE(counters[0].reason.find("scripts/count-instructions"), std::string::npos);
  EXPECT_THROW(callgrind->open({"Ir"}), UserError);
  // `--counters auto` leaves it out, so an ordinary run pays nothing for it.
  for (const auto& request :
       CounterRegistry::instance().resolve(parse_counter_selection("auto"), "cpu"))
    EXPECT_NE(request.source->name(), "callgrind");
}

TEST(CountBatch, MakesTheFractionWholeExtraExecutions) {
  struct Case {
    double fraction;
    int calls, extra;
  };
  for (const Case& c : std::vector<Case>{{0, 1, 0},
                                         {0.05, 20, 1},
                                         {0.02, 50, 1},
                                         {0.10, 10, 1},
                                         {0.5, 2, 1},
                                         {1.5, 2, 3},
                                         // needs 300 calls: rounded to hundredths
                                         {1.0 / 300, 100, 0}}) {
    SCOPED_TRACE(c.fraction);
    const CountBatch batch = count_batch_for(c.fraction);
    EXPECT_EQ(batch.calls, c.calls);
    EXPECT_EQ(batch.extra, c.extra);
  }
}

// Five repetitions of a count that varies by a few instructions, scaled by `factor`.
std::vector<double> counts(double instructions, double factor) {
  std::vector<double> out;
  for (int i = 0; i < 5; ++i) out.push_back(std::round(instructions * factor) + i);
  return out;
}

// One record whose time is noisy by 20% and moves by `time_factor`, and whose Ir moves by
// `ir_factor`; one without a counter (left out under --metric Ir).
nlohmann::json run(double time_factor, double ir_factor, uint64_t seed) {
  return results_json({{"moe/kernel",
                        noisy_samples(2e-3 * time_factor, 0.2, 30, seed),
                        0.25,
                        "fp32",
                        "moe",
                        {{"Ir", counts(4.0e8, ir_factor)}}},
                       {"moe/uncounted", noisy_samples(1e-3, 0.01, 30, seed + 1)}},
                      {{"cpu/bandwidth:read", 70e9}});
}

ResultsFile parsed(const nlohmann::json& j, const std::string& name) {
  return parse_results(j.dump(), name);
}

TEST(InstructionMetric, ComparesCountsNotTimes) {
  CompareOptions options;
  options.metric = "Ir";
  options.rule.threshold = 0.01;
  // Time 30% slower by noise alone, the count unchanged: SAME.
  auto report = compare_results(parsed(run(1, 1, 1), "a"), parsed(run(1.3, 1, 2), "b"), options);
  ASSERT_EQ(report.rows.size(), 1u);
  EXPECT_EQ(report.rows[0].name, "moe/kernel");
  EXPECT_EQ(report.rows[0].verdict, Verdict::same);
  EXPECT_EQ(report.unit, "count");
  EXPECT_NEAR(report.rows[0].base_median, 4.0e8 + 2, 0.5);
  EXPECT_EQ(report.exit_code(), 0);
  // 2% more instructions, time unchanged: SLOWER, with one run a side (5 repetitions each).
  report = compare_results(parsed(run(1, 1, 1), "a"), parsed(run(1, 1.02, 3), "b"), options);
  EXPECT_EQ(report.rows[0].verdict, Verdict::slower);
  EXPECT_NEAR(report.rows[0].change(), 0.02, 1e-6);
  EXPECT_LT(report.rows[0].p_value, options.rule.alpha);
  EXPECT_EQ(report.exit_code(), 1);
  // Fewer instructions: FASTER.
  report = compare_results(parsed(run(1, 1, 1), "a"), parsed(run(1, 0.9, 4), "b"), options);
  EXPECT_EQ(report.rows[0].verdict, Verdict::faster);
}

// Callgrind often counts every repetition alike: all values tied on each side.
TEST(InstructionMetric, RepetitionsThatAreAllEqualStillDecide) {
  auto exact = [](double instructions) {
    return results_json({{"moe/kernel",
                          noisy_samples(2e-3, 0.2, 30, 1),
                          0.25,
                          "fp32",
                          "moe",
                          {{"Ir", std::vector<double>(5, instructions)}}}},
                        {});
  };
  CompareOptions options;
  options.metric = "Ir";
  options.rule.threshold = 0.01;
  auto report = compare_results(parsed(exact(4e8), "a"), parsed(exact(4e8), "b"), options);
  EXPECT_EQ(report.rows[0].verdict, Verdict::same);
  EXPECT_EQ(report.rows[0].p_value, 1.0);
  report = compare_results(parsed(exact(4e8), "a"), parsed(exact(4.2e8), "b"), options);
  EXPECT_EQ(report.rows[0].verdict, Verdict::slower);
}

TEST(InstructionMetric, SeveralRunsASideUseEachRunsMedianCount) {
  CompareOptions options;
  options.metric = "Ir";
  options.rule.threshold = 0.01;
  std::vector<ResultsFile> base, slower;
  for (uint64_t i = 0; i < 5; ++i) {
    base.push_back(parsed(run(1, 1, 10 + i), "base" + std::to_string(i)));
    slower.push_back(parsed(run(1, 1.05, 20 + i), "new" + std::to_string(i)));
  }
  const auto report = compare_results(base, slower, options, "base/", "new/");
  ASSERT_EQ(report.rows.size(), 1u);
  EXPECT_TRUE(report.rows[0].per_run);
  EXPECT_EQ(report.rows[0].verdict, Verdict::slower);
  EXPECT_NEAR(report.rows[0].change(), 0.05, 1e-6);
}

TEST(InstructionMetric, RefusesWhatCannotBeCompared) {
  CompareOptions options;
  options.metric = "cycles";
  try {
    compare_results(parsed(run(1, 1, 1), "a"), parsed(run(1, 1, 2), "b"), options);
    FAIL() << "a metric no record has must be refused";
  } catch (const UserError& e) {
    EXPECT_NE(std::string(e.what()).find("counters in these runs: Ir"), std::string::npos)
        << e.what();
  }
  options.metric = "Ir";
  options.normalize = true;
  EXPECT_THROW(compare_results(parsed(run(1, 1, 1), "a"), parsed(run(1, 1, 2), "b"), options),
               UserError);
}

TEST(InstructionMetric, TimesMeasuredUnderValgrindAreNotCompared) {
  nlohmann::json instrumented = run(1, 1, 1);
  instrumented["moebench"]["instrumented"] = "valgrind";
  const ResultsFile file = parsed(instrumented, "under-valgrind.json");
  EXPECT_EQ(file.instrumented, "valgrind");
  try {
    compare_results(file, parsed(run(1, 1, 2), "b"), CompareOptions{});
    FAIL() << "valgrind's times must not be compared as the machine's";
  } catch (const UserError& e) {
    EXPECT_NE(std::string(e.what()).find("--metric Ir"), std::string::npos) << e.what();
  }
  CompareOptions by_count;
  by_count.metric = "Ir";
  EXPECT_EQ(compare_results(file, parsed(run(1, 1, 2), "b"), by_count).rows.size(), 1u);
}

TEST(InstructionMetric, HistoryFindsTheRunThatAddedWork) {
  std::vector<ResultsFile> series;
  for (uint64_t i = 0; i < 12; ++i)
    series.push_back(
        parsed(run(i % 2 ? 1.25 : 1.0, i < 6 ? 1.0 : 1.05, 40 + i), "run" + std::to_string(i)));
  HistoryOptions options;
  options.metric = "Ir";
  options.threshold = 0.01;
  const auto report = analyze_history(series, options);
  ASSERT_EQ(report.benchmarks.size(), 1u);
  ASSERT_EQ(report.benchmarks[0].shifts.size(), 1u);
  EXPECT_EQ(report.benchmarks[0].shifts[0].run, 6u);
  EXPECT_EQ(report.benchmarks[0].shifts[0].verdict, Verdict::slower);
  EXPECT_EQ(report.unit, "count");
}

TEST(InstructionMetric, CompareCommandLine) {
  testing::TempDir dir;
  const auto base = dir.write("base.json", run(1, 1, 1));
  const auto noisy = dir.write("noisy.json", run(1.3, 1, 2));
  const auto slower = dir.write("slower.json", run(1, 1.05, 3));
  const auto out = dir.path("report.json");
  EXPECT_EQ(run_command("compare", {base, noisy, "--metric", "Ir", "--threshold", "1"}), 0);
  EXPECT_EQ(run_command("compare", {base, slower, "--metric", "Ir", "--threshold", "1", "--format",
                                    "json", "-o", out}),
            1);
  std::ifstream in(out);
  const nlohmann::json report = nlohmann::json::parse(in);
  EXPECT_EQ(report["options"]["metric"], "Ir");
  EXPECT_EQ(report["options"]["unit"], "count");
  ASSERT_EQ(report["benchmarks"].size(), 1u);
  EXPECT_EQ(report["benchmarks"][0]["samples_are"], "counter repetitions");
  EXPECT_NEAR(report["benchmarks"][0]["new_median"].get<double>(), 4.2e8 + 2, 0.5);
  EXPECT_FALSE(report["benchmarks"][0].contains("new_median_s"));
  std::string error;
  EXPECT_EQ(run_command("compare", {base, slower, "--metric", "nope"}, &error), 2);
  EXPECT_NE(error.find("no benchmark has that counter"), std::string::npos) << error;
  EXPECT_EQ(run_command("compare", {base, slower, "--metric", "Ir", "--normalize"}, &error), 2);
  EXPECT_NE(error.find("--normalize"), std::string::npos) << error;
}

}  // namespace
}  // namespace moebench
