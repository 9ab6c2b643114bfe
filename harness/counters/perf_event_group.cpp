#include "harness/counters/perf_event_group.h"

#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <limits>
#include <string>
#include <system_error>

namespace moebench {
namespace {

int perf_event_open(perf_event_attr* attr, pid_t tid, int group_fd) {
  return static_cast<int>(syscall(SYS_perf_event_open, attr, tid, -1, group_fd, 0UL));
}

}  // namespace

double scale_count(uint64_t raw, uint64_t time_enabled, uint64_t time_running) {
  if (time_running == 0) return std::numeric_limits<double>::quiet_NaN();
  if (time_running >= time_enabled) return static_cast<double>(raw);
  return static_cast<double>(raw) * static_cast<double>(time_enabled) /
         static_cast<double>(time_running);
}

PerfEventGroup::PerfEventGroup(const std::vector<perf_event_attr>& attrs, pid_t tid, bool inherit) {
  for (size_t i = 0; i < attrs.size(); ++i) {
    perf_event_attr attr = attrs[i];
    attr.size = sizeof(attr);
    attr.disabled = i == 0;  // members follow the leader
    attr.inherit = inherit;
    attr.read_format =
        PERF_FORMAT_GROUP | PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING;
    int fd = perf_event_open(&attr, tid, fds_.empty() ? -1 : fds_.front());
    if (fd < 0) {
      int error = errno;
      for (int open_fd : fds_) close(open_fd);
      fds_.clear();
      throw std::system_error(error, std::generic_category(),
                              "perf_event_open(type=" + std::to_string(attr.type) +
                                  ", config=" + std::to_string(attr.config) + ")");
    }
    fds_.push_back(fd);
  }
}

PerfEventGroup::~PerfEventGroup() {
  // Members first, leader last.
  for (auto it = fds_.rbegin(); it != fds_.rend(); ++it) close(*it);
}

PerfEventGroup::PerfEventGroup(PerfEventGroup&& other) noexcept : fds_(std::move(other.fds_)) {
  other.fds_.clear();
}

void PerfEventGroup::reset_and_enable() {
  if (fds_.empty()) return;
  ioctl(fds_.front(), PERF_EVENT_IOC_RESET, PERF_IOC_FLAG_GROUP);
  ioctl(fds_.front(), PERF_EVENT_IOC_ENABLE, PERF_IOC_FLAG_GROUP);
}

void PerfEventGroup::disable() {
  if (!fds_.empty()) ioctl(fds_.front(), PERF_EVENT_IOC_DISABLE, PERF_IOC_FLAG_GROUP);
}

GroupReading PerfEventGroup::read() const {
  GroupReading reading;
  if (fds_.empty()) return reading;
  // Layout with PERF_FORMAT_GROUP | TOTAL_TIME_ENABLED | TOTAL_TIME_RUNNING:
  // { nr, time_enabled, time_running, value[nr] }.
  std::vector<uint64_t> buffer(3 + fds_.size());
  ssize_t bytes = ::read(fds_.front(), buffer.data(), buffer.size() * sizeof(uint64_t));
  if (bytes < 0) {
    throw std::system_error(errno, std::generic_category(), "read(perf_event group)");
  }
  if (static_cast<size_t>(bytes) < 3 * sizeof(uint64_t) || buffer[0] != fds_.size()) {
    throw std::system_error(EIO, std::generic_category(), "short perf_event group read");
  }
  reading.time_enabled = buffer[1];
  reading.time_running = buffer[2];
  reading.raw.assign(buffer.begin() + 3, buffer.end());
  return reading;
}

}  // namespace moebench
