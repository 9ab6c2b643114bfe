// A counter source that cannot count here: every counter it would offer is listed as
// unavailable with one reason ("built without rocprofiler-sdk", "no CUDA device"…).
#pragma once

#include <string>
#include <vector>

#include "harness/counters/counter_source.h"

namespace moebench {

class UnavailableSource : public CounterSource {
 public:
  UnavailableSource(std::string name, std::string backend, std::vector<std::string> counter_names,
                    std::string reason);
  std::string name() const override { return name_; }
  std::string backend() const override { return backend_; }
  std::vector<CounterAvailability> counters() const override;
  // Throws UserError with the reason: nothing can be opened.
  std::unique_ptr<CounterSession> open(const std::vector<std::string>& names) override;

 private:
  std::string name_;
  std::string backend_;
  std::vector<std::string> counter_names_;
  std::string reason_;
};

}  // namespace moebench
