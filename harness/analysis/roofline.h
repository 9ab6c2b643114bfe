// Where a result sits against the machine's limits: % of the probed peak FLOP/s for its
// precision and of the probed bandwidth, % of the datasheet limits, and its regime.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "harness/core/precision.h"
#include "suites/common/analytic.h"

namespace moebench {

// Probe limit key ("cpu/flops:bf16") whose peak bounds a kernel of precision p on a backend.
// On the CPU, precisions without a dot-product instruction compute in fp32 FMAs.
std::string flops_limit_key(const std::string& backend, Precision p);
std::string bandwidth_limit_key(const std::string& backend);

// probes: the run's probes block; profile: the backend's hardware profile JSON or null.
// Returns {"regime", "probe": {...}, "datasheet": {...}} with what is known.
nlohmann::json limits_for(const AnalyticCounts& counts, double seconds, Precision p,
                          const std::string& backend, const nlohmann::json& probes,
                          const nlohmann::json& profile);

}  // namespace moebench
