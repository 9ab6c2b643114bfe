// Progress of a sweep on stderr: a bar with the current point and an ETA on a terminal, one
// plain line per point otherwise (CI logs).
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

namespace moebench {

class Progress {
 public:
  Progress(size_t total, bool interactive);
  void begin(size_t index, const std::string& name);
  // status: "ok", "failed", "skipped"; detail: e.g. "1.23 ms (15 samples)" or the reason.
  void end(const std::string& status, const std::string& detail);
  void finish();
  static bool stderr_is_terminal();

 private:
  double eta_seconds() const;
  size_t total_;
  size_t done_ = 0;
  bool interactive_;
  std::string current_;
  std::chrono::steady_clock::time_point start_;
};

std::string format_duration(double seconds);  // "850 ns", "1.23 ms", "2m05s"

}  // namespace moebench
