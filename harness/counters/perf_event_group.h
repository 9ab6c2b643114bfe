// One perf_event group on one thread: opened together, enabled/disabled with one ioctl and read
// with one read() (PERF_FORMAT_GROUP), so all members cover the same interval and share one
// time_enabled/time_running pair for multiplexing scaling.
#pragma once

#include <linux/perf_event.h>
#include <sys/types.h>

#include <cstdint>
#include <vector>

namespace moebench {

struct GroupReading {
  std::vector<uint64_t> raw;  // one per member, in the order given to open()
  uint64_t time_enabled = 0;  // ns the group was enabled
  uint64_t time_running = 0;  // ns it was actually on the PMU (< enabled when multiplexed)
};

// Multiplexing estimate: raw · enabled / running. A group that never ran (running == 0) has no
// estimate: returns NaN rather than a made-up zero.
double scale_count(uint64_t raw, uint64_t time_enabled, uint64_t time_running);

class PerfEventGroup {
 public:
  // Opens `attrs` (first is the leader) on thread `tid` (0: the calling thread), disabled.
  // `inherit` also counts threads the thread creates later. Throws std::system_error carrying
  // perf_event_open's errno (ENOENT: no such event/PMU here; EACCES: perf_event_paranoid…).
  PerfEventGroup(const std::vector<perf_event_attr>& attrs, pid_t tid, bool inherit);
  ~PerfEventGroup();
  PerfEventGroup(const PerfEventGroup&) = delete;
  PerfEventGroup& operator=(const PerfEventGroup&) = delete;
  PerfEventGroup(PerfEventGroup&& other) noexcept;
  PerfEventGroup& operator=(PerfEventGroup&&) = delete;

  void reset_and_enable();
  void disable();
  GroupReading read() const;  // throws std::system_error when read() fails
  size_t size() const { return fds_.size(); }

 private:
  std::vector<int> fds_;
};

}  // namespace moebench
