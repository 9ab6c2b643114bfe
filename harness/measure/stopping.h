// When to stop sampling a point: the median is known well enough, or time is up.
#pragma once

#include <string_view>

#include "harness/measure/statistics.h"

namespace moebench {

struct StoppingRule {
  double target_rel_ci = 0.02;  // stop once the median's 95% CI half-width is under 2%
  int min_samples = 7;          // the median CI needs ≥6 samples to exist at all
  int max_samples = 2000;
  double max_time_s = 2.0;  // cap on time spent sampling one point (excl. warm-up)
  double warmup_s = 0.05;   // warm-up time, at least min_warmup runs
  int min_warmup = 1;
};

enum class StopReason { converged, time_cap, sample_cap, interrupted };
std::string_view to_string(StopReason r);

// True, with the reason, when sampling should stop.
bool should_stop(const StoppingRule& rule, const Summary& summary, double elapsed_s,
                 StopReason* reason);

}  // namespace moebench
