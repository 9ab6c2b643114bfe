// measured/analytic for FLOPs and bytes: how far the hardware's count is from what the shape
// says (e.g. DRAM bytes 1.8x the analytic bytes: weights read twice; FLOPs 1.0x: no waste).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/counters/counter_source.h"
#include "suites/common/analytic.h"

namespace moebench {

// The canonical measured counters a source derives for the ratios (every source that can).
inline constexpr const char* kFlopCounter = "flop";             // all FLOPs, unit flop
inline constexpr const char* kDramBytesCounter = "dram_bytes";  // DRAM read + written, bytes

struct CounterRatio {
  std::string name;    // "flop" or "bytes"
  std::string source;  // of the measured counter
  double measured = 0;
  double analytic = 0;
  double ratio = 0;  // measured / analytic
};

// One ratio per measured "flop" (against AnalyticCounts::flops) and "dram_bytes" (against
// total_bytes()), skipping the analytic source itself, NaN values and a zero analytic count.
std::vector<CounterRatio> measured_to_analytic(const std::vector<CounterValue>& measured,
                                               const AnalyticCounts& analytic);

// Result-record shapes: {name, value, unit, source, passes} and
// {name, source, measured, analytic, ratio}.
void to_json(nlohmann::json& j, const CounterValue& value);
void to_json(nlohmann::json& j, const CounterRatio& ratio);

}  // namespace moebench
