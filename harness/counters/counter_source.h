// One interface for every source of counters: perf_event (CPU), CUPTI (NVIDIA),
// rocprofiler-sdk (AMD), analytic. The runner uses it in a counter pass separate from timing.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace moebench {

struct CounterValue {
  std::string name;  // "task-clock", "dram__bytes_read.sum", …
  double value = 0;
  std::string unit;    // "ns", "bytes", "flop", "count"
  std::string source;  // "perf_event", "cupti", "rocprofiler-sdk", "analytic"
  int passes = 1;      // replays needed to collect it
  // Each repetition's count where the source counts the point several times (callgrind); the
  // value is then their median. Empty for a single count.
  std::vector<double> samples = {};
};

struct CounterAvailability {
  std::string name;
  bool available = false;
  std::string reason;  // why not: "no PMU in this VM (perf_event_open: ENOENT)"
};

class CounterSession {
 public:
  virtual ~CounterSession() = default;
  // Counts `workload` (one complete, idempotent execution of the point), replaying it as many
  // times as the source needs. The workload synchronises its device before returning.
  virtual std::vector<CounterValue> measure(const std::function<void()>& workload) = 0;
};

class CounterSource {
 public:
  virtual ~CounterSource() = default;
  virtual std::string name() const = 0;
  virtual std::string backend() const = 0;  // which backend's kernels it can count
  // Every counter it knows, whether it can be collected here and why not.
  virtual std::vector<CounterAvailability> counters() const = 0;
  // Opens a session for the named counters ("auto": all available). Unavailable names are
  // reported by counters(); asking for one throws UserError with the reason.
  virtual std::unique_ptr<CounterSession> open(const std::vector<std::string>& names) = 0;
};

}  // namespace moebench
