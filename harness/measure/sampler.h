// Warm-up, then samples until the stopping rule holds.
#pragma once

#include <functional>
#include <vector>

#include "harness/measure/statistics.h"
#include "harness/measure/stopping.h"

namespace moebench {

struct SampleSet {
  std::vector<double> seconds;  // one entry per timed sample, in order
  Summary summary;
  StopReason reason = StopReason::converged;
  int warmup_runs = 0;
  double wall_s = 0;  // everything, warm-up and untimed preparation included
};

// `one_sample` prepares (e.g. flushes caches), runs the work once under a timer and returns the
// timed seconds. `interrupted` is polled between samples; when it returns true sampling stops
// with what it has (at least one sample).
SampleSet collect_samples(const std::function<double()>& one_sample, const StoppingRule& rule,
                          const std::function<bool()>& interrupted = {});

}  // namespace moebench
