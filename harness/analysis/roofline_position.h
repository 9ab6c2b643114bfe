// The limits this run's probes measured for a point: peak FLOP/s for its precision, read
// bandwidth, and the ridge point between them (keys as harness/analysis/roofline.h names them).
#pragma once

#include <string>

#include "harness/analysis/results_set.h"

namespace moebench {

struct RooflineLimits {
  double peak_flops = 0;  // FLOP/s (OP/s for int8)
  double bandwidth = 0;   // B/s
  std::string flops_key, bandwidth_key;
  double ridge() const { return bandwidth > 0 ? peak_flops / bandwidth : 0; }  // FLOP/B
};

// Zeros when the run has no probes; precisions without a probe of their own use fp32's peak.
RooflineLimits roofline_limits(const RunInfo& run, const std::string& backend,
                               const std::string& precision);

}  // namespace moebench
