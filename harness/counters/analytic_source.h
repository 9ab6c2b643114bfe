// The "analytic" counter source: what the point's shape says it must do (suites/common/analytic.h)
// as counters beside the measured ones. It needs no hardware, so it is available on every
// backend; the runner builds one per point from the point's AnalyticCounts.
#pragma once

#include <string>
#include <vector>

#include "harness/counters/counter_source.h"
#include "suites/common/analytic.h"

namespace moebench {

// {flop, bytes, weight_bytes, activation_bytes, routing_bytes}, source "analytic", passes 0.
std::vector<CounterValue> analytic_counter_values(const AnalyticCounts& counts);
std::vector<std::string> analytic_counter_names();

class AnalyticSource : public CounterSource {
 public:
  explicit AnalyticSource(std::string backend, AnalyticCounts counts = {})
      : backend_(std::move(backend)), counts_(counts) {}
  std::string name() const override { return "analytic"; }
  std::string backend() const override { return backend_; }
  std::vector<CounterAvailability> counters() const override;
  // The session ignores the workload: the counts come from the shape.
  std::unique_ptr<CounterSession> open(const std::vector<std::string>& names) override;

 private:
  std::string backend_;
  AnalyticCounts counts_;
};

}  // namespace moebench
