// The interface every benchmarked kernel implements, on every backend.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "kernels/problem.h"

namespace moebench {

class Kernel {
 public:
  virtual ~Kernel() = default;

  // The whole operation once, on the kernel's own stream; does not wait for a device. With a
  // graph (uses_graph()), the first run() captures it and every run() replays it.
  virtual void run() = 0;
  // Waits for all work issued by run()/run_stage() (a no-op on the CPU).
  virtual void synchronize() {}

  // Optional stage breakdown (router, permute, experts, combine…). run_stage(i) may assume
  // stages 0..i-1 ran at least once since setup; each stage is idempotent so it can be
  // timed on its own by repetition.
  virtual std::vector<std::string> stage_names() const { return {}; }
  virtual void run_stage(size_t /*index*/) {}

  // Result of the last run() as fp32, [tokens][d_model], copied to the host.
  virtual std::vector<float> output() = 0;
  // Bytes of weights (and scales) this kernel keeps resident on its device.
  virtual size_t resident_weight_bytes() const = 0;
  // MoE kernels: tokens routed to each expert by the last run() (size E), else empty.
  virtual std::vector<int32_t> expert_token_counts() const { return {}; }
  // run() replays a captured device graph (Problem::graph was asked and this kernel honours
  // it). Recorded with the timing, since a replayed run() pays no per-kernel launch cost.
  virtual bool uses_graph() const { return false; }
};

}  // namespace moebench
