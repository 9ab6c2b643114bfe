// Where a measured point sits against the limits this run's probes measured.
#pragma once

#include <string>

#include "harness/analysis/results_set.h"

namespace moebench {

struct RooflineLimits {
  double peak_flops = 0;  // FLOP/s (OP/s for int8) for the point's precision
  double bandwidth = 0;   // B/s, read bandwidth (triad when read is absent)
  std::string flops_key, bandwidth_key;
  double ridge() const { return bandwidth > 0 ? peak_flops / bandwidth : 0; }  // FLOP/B
};

// Probe limits of the run for `backend` and `precision` (fp32 peak for precisions without
// a probe of their own); zeros when the run has no probes.
RooflineLimits roofline_limits(const RunInfo& run, const std::string& backend,
                               const std::string& precision);

}  // namespace moebench
