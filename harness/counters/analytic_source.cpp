#include "harness/counters/analytic_source.h"

#include <algorithm>

#include "harness/core/error.h"

namespace moebench {

std::vector<CounterValue> analytic_counter_values(const AnalyticCounts& counts) {
  // passes = 0: nothing was replayed to get them.
  return {{"flop", counts.flops, "flop", "analytic", 0},
          {"bytes", counts.total_bytes(), "bytes", "analytic", 0},
          {"weight_bytes", counts.weight_bytes, "bytes", "analytic", 0},
          {"activation_bytes", counts.activation_bytes, "bytes", "analytic", 0},
          {"routing_bytes", counts.routing_bytes, "bytes", "analytic", 0}};
}

std::vector<std::string> analytic_counter_names() {
  std::vector<std::string> names;
  for (const auto& value : analytic_counter_values({})) names.push_back(value.name);
  return names;
}

std::vector<CounterAvailability> AnalyticSource::counters() const {
  std::vector<CounterAvailability> list;
  for (const auto& name : analytic_counter_names()) list.push_back({name, true, ""});
  return list;
}

namespace {

class AnalyticSession : public CounterSession {
 public:
  explicit AnalyticSession(std::vector<CounterValue> values) : values_(std::move(values)) {}
  std::vector<CounterValue> measure(const std::function<void()>&) override { return values_; }

 private:
  std::vector<CounterValue> values_;
};

}  // namespace

std::unique_ptr<CounterSession> AnalyticSource::open(const std::vector<std::string>& names) {
  std::vector<CounterValue> all = analytic_counter_values(counts_);
  if (names.size() == 1 && names.front() == "auto") {
    return std::make_unique<AnalyticSession>(std::move(all));
  }
  std::vector<CounterValue> selected;
  for (const auto& name : names) {
    auto it = std::find_if(all.begin(), all.end(), [&](const auto& v) { return v.name == name; });
    if (it == all.end()) {
      throw UserError(unknown_name_message("analytic counter", name, analytic_counter_names()));
    }
    selected.push_back(*it);
  }
  return std::make_unique<AnalyticSession>(std::move(selected));
}

}  // namespace moebench
