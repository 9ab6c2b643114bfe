#include "harness/counters/counter_ratios.h"

#include <cmath>

namespace moebench {

std::vector<CounterRatio> measured_to_analytic(const std::vector<CounterValue>& measured,
                                               const AnalyticCounts& analytic) {
  std::vector<CounterRatio> ratios;
  for (const auto& value : measured) {
    if (value.source == "analytic" || !std::isfinite(value.value)) continue;
    CounterRatio ratio{"", value.source, value.value, 0, 0};
    if (value.name == kFlopCounter) {
      ratio.name = "flop";
      ratio.analytic = analytic.flops;
    } else if (value.name == kDramBytesCounter) {
      ratio.name = "bytes";
      ratio.analytic = analytic.total_bytes();
    } else {
      continue;
    }
    if (ratio.analytic <= 0) continue;
    ratio.ratio = ratio.measured / ratio.analytic;
    ratios.push_back(ratio);
  }
  return ratios;
}

void to_json(nlohmann::json& j, const CounterValue& value) {
  j = {{"name", value.name},
       {"unit", value.unit},
       {"source", value.source},
       {"passes", value.passes}};
  // JSON has no NaN: a counter whose group never ran is null, not a made-up number.
  j["value"] = std::isfinite(value.value) ? nlohmann::json(value.value) : nlohmann::json(nullptr);
}

void to_json(nlohmann::json& j, const CounterRatio& ratio) {
  j = {{"name", ratio.name},
       {"source", ratio.source},
       {"measured", ratio.measured},
       {"analytic", ratio.analytic},
       {"ratio", ratio.ratio}};
}

}  // namespace moebench
