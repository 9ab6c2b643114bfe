// Times one execution. The host clock on the CPU; device events on GPUs (the backend's timer).
#pragma once

#include <chrono>

namespace moebench {

class Timer {
 public:
  virtual ~Timer() = default;
  virtual void start() = 0;
  // Seconds since start(), after the timed work completed.
  virtual double stop() = 0;
};

class HostTimer final : public Timer {
 public:
  void start() override { begin_ = std::chrono::steady_clock::now(); }
  double stop() override {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - begin_).count();
  }

 private:
  std::chrono::steady_clock::time_point begin_;
};

}  // namespace moebench
