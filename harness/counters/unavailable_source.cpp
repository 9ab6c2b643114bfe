#include "harness/counters/unavailable_source.h"

#include "harness/core/error.h"

namespace moebench {

UnavailableSource::UnavailableSource(std::string name, std::string backend,
                                     std::vector<std::string> counter_names, std::string reason)
    : name_(std::move(name)),
      backend_(std::move(backend)),
      counter_names_(std::move(counter_names)),
      reason_(std::move(reason)) {}

std::vector<CounterAvailability> UnavailableSource::counters() const {
  std::vector<CounterAvailability> list;
  for (const auto& counter : counter_names_) list.push_back({counter, false, reason_});
  return list;
}

std::unique_ptr<CounterSession> UnavailableSource::open(const std::vector<std::string>&) {
  throw UserError("counter source " + name_ + " is unavailable: " + reason_);
}

}  // namespace moebench
