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

struct RunValues {
  std::vector<std::optional<double>> values;  // per run, in order; nullopt where it is missing
  std::string normalized_by;                  // "probe key (regime)", empty when raw
  std::string note;                           // why raw under --normalize
};

// The probe is chosen once, in the first run that has the benchmark (its regime decided by that
// run's probes), and every run is scaled by its own rate of that probe; when a run lacks it, all
// values stay raw and `note` says why.
RunValues collect_run_values(const std::string& name, const std::vector<const ResultsFile*>& runs,
                             bool normalize);

// The values that are present, in run order.
std::vector<double> present_values(const std::vector<std::optional<double>>& values);

}  // namespace moebench
