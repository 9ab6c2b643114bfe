// `moebench history`'s analysis: per benchmark, the series of per-run medians over several
// results files of one machine, and the runs where it shifted (e-divisive change points).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "harness/analysis/change_point.h"
#include "harness/analysis/metric_selection.h"
#include "harness/analysis/run_values.h"
#include "harness/analysis/verdict.h"
#include "harness/results/results_reader.h"

namespace moebench {

struct HistoryOptions {
  double threshold = 0.05;  // shifts smaller than this are reported as SAME
  bool normalize = false;   // per-run medians in units of that run's roofline probe
  std::string filter;       // ECMAScript regex searched in benchmark names
  // What stands for one run (harness/analysis/run_values.h): its median, or its fastest sample.
  RunStatistic run_statistic = RunStatistic::median;
  // "time", or a counter of the counter pass ("Ir"; metric_selection.h).
  std::string metric = kTimeMetric;
  ChangePointOptions change_points;
};

struct HistoryShift {
  size_t run = 0;                // index into HistoryReport::runs of the first run after the shift
  double before = 0, after = 0;  // median of the per-run medians of the adjacent segments
  double p_value = 1;
  Verdict verdict = Verdict::same;  // SLOWER / FASTER beyond the threshold, else SAME
  double change() const { return after / before - 1; }
};

struct BenchmarkHistory {
  std::string name;
  std::vector<std::optional<double>> medians;  // per run (the metric's unit, or normalized units)
  std::vector<HistoryShift> shifts;
  std::string normalized_by;  // probe key, empty when raw
  std::string note;           // too few runs, why not normalized
};

struct HistoryRun {
  std::string path, run_id, git_revision, date;
};

struct HistoryReport {
  std::vector<HistoryRun> runs;
  HistoryOptions options;
  std::string unit = "s";  // of the medians: "s" for time, a counter's unit otherwise
  std::vector<BenchmarkHistory> benchmarks;
  bool any_slowdown() const;
};

// Runs in the order given (oldest first). Throws UserError for fewer than two runs, an invalid
// filter, no benchmark matching it, --normalize on runs without probes or with a counter metric,
// or a counter metric no benchmark has.
HistoryReport analyze_history(const std::vector<ResultsFile>& runs, const HistoryOptions& options);

}  // namespace moebench
