// Roofline probes: kernels that measure what the hardware can do (peak FLOP/s per precision,
// memory bandwidth), run by the roofline suite in the same run as everything else.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kernels/registry.h"  // MOEBENCH_CONCAT

namespace moebench {

class Probe {
 public:
  virtual ~Probe() = default;
  // Runs the probe once and returns the work it did: FLOPs (or integer ops) or bytes moved.
  virtual double run() = 0;
  virtual void synchronize() {}
};

struct ProbeInfo {
  std::string name;     // "fp32_fma", "bf16_dot", "int8_dot", "read_bw", "triad_bw"
  std::string backend;  // "cpu", "cuda", "hip"
  // What the probe measures, as a limit key results and the roofline use:
  // "flops:fp32", "flops:bf16", "flops:int8", "bandwidth:read", "bandwidth:triad".
  std::string limit;
  std::string unit;  // "FLOP/s", "OP/s" or "B/s"
  std::string description;
  // nullopt when it can run here, else why not ("CPU lacks AVX512_BF16").
  std::function<std::optional<std::string>()> unsupported_reason;
  std::function<std::unique_ptr<Probe>(int threads)> create;
};

class ProbeRegistry {
 public:
  static ProbeRegistry& instance();
  void add(ProbeInfo info) { probes_.push_back(std::move(info)); }
  const std::vector<ProbeInfo>& all() const { return probes_; }

 private:
  std::vector<ProbeInfo> probes_;
};

namespace detail {
struct ProbeRegistrar {
  explicit ProbeRegistrar(ProbeInfo info) { ProbeRegistry::instance().add(std::move(info)); }
};
}  // namespace detail

#define MOEBENCH_REGISTER_PROBE(...)                                                \
  static const ::moebench::detail::ProbeRegistrar MOEBENCH_CONCAT(probe_registrar_, \
                                                                  __LINE__)(__VA_ARGS__)

}  // namespace moebench
