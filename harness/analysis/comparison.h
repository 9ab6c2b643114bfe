// `moebench compare`'s analysis: two results files in, one row per benchmark they share out,
// each with the median change, its confidence interval, a Mann–Whitney p-value and a verdict.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "harness/analysis/bootstrap.h"
#include "harness/analysis/verdict.h"
#include "harness/results/results_reader.h"

namespace moebench {

struct CompareOptions {
  VerdictRule rule;
  bool normalize = false;
  std::string filter;  // ECMAScript regex searched in benchmark names; empty: all
  BootstrapOptions bootstrap;
};

struct BenchmarkComparison {
  std::string name;
  size_t base_samples = 0, new_samples = 0;
  double base_median_s = 0, new_median_s = 0;  // raw times
  RatioInterval ratio;                         // new/base of the (normalized) medians
  double p_value = 1;
  bool exact_p = false;
  Verdict verdict = Verdict::noisy;
  std::string normalized_by;  // probe key and regime, empty when raw
  std::string note;           // why not normalized, too few samples...
  double change() const { return ratio.ratio - 1; }
};

struct ComparisonReport {
  std::string base_path, new_path, base_run, new_run, base_host, new_host;
  CompareOptions options;
  std::vector<BenchmarkComparison> rows;
  std::vector<std::string> only_in_base, only_in_new;
  // Under --normalize: new/base of every probe both runs measured (how the machine drifted).
  std::map<std::string, double> probe_drift;
  double geomean_ratio = 1;  // geometric mean of rows' ratios
  std::map<Verdict, int> verdict_counts;
  // 1 when a benchmark is SLOWER (significant and may reach the threshold), else 0.
  int exit_code() const;
};

// Throws UserError when the filter is not a valid regex, when no benchmark is in both files
// (after the filter), or under `normalize` when a run has no roofline probes.
ComparisonReport compare_results(const ResultsFile& base, const ResultsFile& candidate,
                                 const CompareOptions& options);

}  // namespace moebench
