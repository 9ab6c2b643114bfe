// `moebench compare`'s analysis: two sides in, each one results file or several runs of the same
// build, one row per benchmark they share out, each with the median change, its confidence
// interval, a p-value and a verdict. With one run a side the samples of the runs are compared;
// with several, each run counts as one sample (its median), so that the test sees how far a
// benchmark moves between runs, which on a shared machine dwarfs the noise within a run.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "harness/analysis/bootstrap.h"
#include "harness/analysis/fastest_runs.h"
#include "harness/analysis/metric_selection.h"
#include "harness/analysis/run_values.h"
#include "harness/analysis/verdict.h"
#include "harness/results/results_reader.h"

namespace moebench {

struct CompareOptions {
  VerdictRule rule;
  bool normalize = false;
  std::string filter;  // ECMAScript regex searched in benchmark names; empty: all
  BootstrapOptions bootstrap;
  // With several runs a side: the fraction of all runs, both sides pooled, that are compared,
  // the fastest (harness/analysis/fastest_runs.h); 1 = every run.
  double fastest_runs = 1;
  // With several runs a side: the number each run contributes (harness/analysis/run_values.h).
  RunStatistic run_statistic = RunStatistic::median;
  // What is compared: "time", or a counter of the counter pass ("Ir"; metric_selection.h).
  std::string metric = kTimeMetric;
};

struct BenchmarkComparison {
  std::string name;
  bool per_run = false;                      // samples are run medians (several runs a side)
  size_t base_samples = 0, new_samples = 0;  // timing samples, or runs when per_run
  size_t base_kept = 0, new_kept = 0;        // runs compared under fastest_runs < 1, else 0
  // Raw medians in the metric's unit (seconds for time; median of run values when per_run).
  double base_median = 0, new_median = 0;
  RatioInterval ratio;  // new/base of the (normalized) medians
  double p_value = 1;
  bool exact_p = false;
  Verdict verdict = Verdict::noisy;
  std::string normalized_by;  // probe key and regime, empty when raw
  std::string note;           // why not normalized, too few samples...
  double change() const { return ratio.ratio - 1; }
};

struct ComparisonReport {
  std::string base_path, new_path, base_run, new_run, base_host, new_host;
  size_t base_runs = 1, new_runs = 1;
  bool base_complete = true, new_complete = true;  // false: a run was interrupted
  bool mixed_hosts = false;                        // a side's runs come from several hosts
  // Graph replay (run --graph) of each side's runs: "on", "off" or "mixed".
  std::string base_graph = "off", new_graph = "off";
  CompareOptions options;
  std::string unit = "s";  // of the medians: "s" for time, a counter's unit otherwise
  std::vector<BenchmarkComparison> rows;
  std::vector<std::string> only_in_base, only_in_new;
  // Under --normalize: new/base of every probe both runs measured (how the machine drifted).
  std::map<std::string, double> probe_drift;
  double geomean_ratio = 1;  // geometric mean of rows' ratios
  std::map<Verdict, int> verdict_counts;
  // 1 when a benchmark is SLOWER (significant and may reach the threshold), else 0.
  int exit_code() const;
};

// Throws UserError when the filter is not a valid regex, when no benchmark is in both sides
// (after the filter and the metric), under `normalize` when a run has no roofline probes or the
// metric is a counter, and when no benchmark has the metric's counter. `base_path` and
// `new_path` name the sides in the report (a file, or the directory of a side's runs).
ComparisonReport compare_results(const std::vector<ResultsFile>& base_runs,
                                 const std::vector<ResultsFile>& new_runs,
                                 const CompareOptions& options, const std::string& base_path,
                                 const std::string& new_path);
// One run a side.
ComparisonReport compare_results(const ResultsFile& base, const ResultsFile& candidate,
                                 const CompareOptions& options);

}  // namespace moebench
