// Thread counts for the CPU kernels and probes (OpenMP, count given by the problem).
#pragma once

#include <string>

#include "harness/core/error.h"

namespace moebench::cpu {

inline int checked_threads(int threads) {
  if (threads < 1)
    throw UserError("thread count must be at least 1, got " + std::to_string(threads));
  return threads;
}

}  // namespace moebench::cpu
