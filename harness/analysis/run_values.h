// One benchmark across repeated runs: each run's median time, optionally in units of that
// run's own roofline probe (--normalize). `moebench history` reads a series of nightly runs this
// way, and `moebench compare` does when a side has several runs, so that its test sees how much
// a benchmark moves from run to run, not only within one run.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "harness/results/results_reader.h"

namespace moebench {

// Which number stands for one run of a benchmark.
//   median   the median of its samples (the run's typical time)
//   minimum  its fastest sample: on a machine whose speed switches between modes while a point
//            is measured (other tenants, a hypervisor's co-scheduling), the fastest sample is
//            the one a quiet moment gave, and it moves less from run to run than the median
//            (measured on the Xeon VM, docs/regressions.md)
enum class RunStatistic { median, minimum };

struct RunValues {
  std::vector<std::optional<double>> values;  // per run, in order; nullopt where it is missing
  std::string normalized_by;                  // "probe key (regime)", empty when raw
  std::string note;                           // why raw under --normalize
};

// The probe is chosen once, in the first run that has the benchmark (its regime decided by that
// run's probes), and every run is scaled by its own rate of that probe; when a run lacks it, all
// values stay raw and `note` says why.
RunValues collect_run_values(const std::string& name, const std::vector<const ResultsFile*>& runs,
                             bool normalize, RunStatistic statistic = RunStatistic::median);

// The run's value of one benchmark by `statistic` (the median when it has no samples, as a
// plain Google Benchmark aggregate).
double run_value(const ResultBenchmark& benchmark, RunStatistic statistic);

// The values that are present, in run order.
std::vector<double> present_values(const std::vector<std::optional<double>>& values);

}  // namespace moebench
