// Test helper: caps the CPU dispatch level (MOEBENCH_CPU_ISA) for one scope.
#pragma once

#include <cstdlib>
#include <optional>
#include <string>

#include "kernels/cpu/detail/cpu_features.h"

namespace moebench::test {

class ScopedIsaOverride {
 public:
  explicit ScopedIsaOverride(const std::string& level) {
    if (const char* old = std::getenv(cpu::kIsaOverrideEnv)) previous_ = old;
    setenv(cpu::kIsaOverrideEnv, level.c_str(), 1);
  }
  ~ScopedIsaOverride() {
    if (previous_)
      setenv(cpu::kIsaOverrideEnv, previous_->c_str(), 1);
    else
      unsetenv(cpu::kIsaOverrideEnv);
  }
  ScopedIsaOverride(const ScopedIsaOverride&) = delete;
  ScopedIsaOverride& operator=(const ScopedIsaOverride&) = delete;

 private:
  std::optional<std::string> previous_;
};

// The dispatch levels this machine can run, best first.
inline std::vector<cpu::IsaLevel> runnable_isa_levels() {
  std::vector<cpu::IsaLevel> levels;
  const auto& f = cpu::hardware_features();
  if (f.avx512) levels.push_back(cpu::IsaLevel::avx512);
  if (f.avx2) levels.push_back(cpu::IsaLevel::avx2);
  levels.push_back(cpu::IsaLevel::scalar);
  return levels;
}

}  // namespace moebench::test
