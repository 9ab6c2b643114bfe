#include "harness/measure/stopping.h"

namespace moebench {

std::string_view to_string(StopReason r) {
  switch (r) {
    case StopReason::converged:
      return "converged";
    case StopReason::time_cap:
      return "time_cap";
    case StopReason::sample_cap:
      return "sample_cap";
    case StopReason::interrupted:
      return "interrupted";
  }
  return "?";
}

bool should_stop(const StoppingRule& rule, const Summary& summary, double elapsed_s,
                 StopReason* reason) {
  if (int(summary.n) >= rule.max_samples) {
    *reason = StopReason::sample_cap;
    return true;
  }
  if (int(summary.n) >= rule.min_samples && summary.median_rel_ci <= rule.target_rel_ci) {
    *reason = StopReason::converged;
    return true;
  }
  // The time cap still waits for a minimal sample so that every point has a median.
  if (elapsed_s >= rule.max_time_s && int(summary.n) >= std::min(rule.min_samples, 3)) {
    *reason = StopReason::time_cap;
    return true;
  }
  return false;
}

}  // namespace moebench
