// Peak arithmetic probes: fp32 FMA, bf16 dot (vdpbf16ps) and int8 dot (vpdpbusd) throughput
// of every thread running register-resident dependency chains, at the best dispatch level.
#include <omp.h>

#include <atomic>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "kernels/cpu/detail/cpu_features.h"
#include "kernels/cpu/detail/threads.h"
#include "kernels/cpu/probes/probe_loops.h"
#include "kernels/probe.h"

namespace moebench::cpu::probes {
namespace {

// ≈2 ms per run() at the peak of this machine (1M iterations of 12 chains): long enough to
// hide the OpenMP fork, short enough for the harness to repeat.
constexpr int64_t kIterations = int64_t(1) << 20;

// Runs loop(kIterations) on `threads` threads; returns the total work.
template <typename Loop>
class ComputeProbe final : public Probe {
 public:
  ComputeProbe(int threads, Loop loop, double work_per_iteration)
      : threads_(checked_threads(threads)), loop_(loop), work_per_iteration_(work_per_iteration) {}

  double run() override {
    double sink = 0;
    int ran = 0;  // OpenMP may grant fewer threads than asked: count the work actually done
#pragma omp parallel num_threads(threads_) reduction(+ : sink, ran)
    {
      sink += static_cast<double>(loop_(kIterations));
      ran += 1;
    }
    sink_.store(sink, std::memory_order_relaxed);  // keeps the result observable
    return work_per_iteration_ * static_cast<double>(kIterations) * ran;
  }

 private:
  int threads_;
  Loop loop_;
  double work_per_iteration_;
  std::atomic<double> sink_{0};
};

template <typename Loop>
std::unique_ptr<Probe> make_probe(int threads, Loop loop, double work_per_iteration) {
  return std::make_unique<ComputeProbe<Loop>>(threads, loop, work_per_iteration);
}

std::unique_ptr<Probe> create_fp32(int threads) {
  switch (active_isa()) {
    case IsaLevel::avx512:
      return make_probe(threads, &fp32_fma_avx512, kFp32Avx512FlopsPerIter);
    case IsaLevel::avx2:
      return make_probe(threads, &fp32_fma_avx2, kFp32Avx2FlopsPerIter);
    case IsaLevel::scalar:
      break;
  }
  return make_probe(threads, &fp32_fma_scalar, kFp32ScalarFlopsPerIter);
}

std::optional<std::string> bf16_unsupported() {
  if (!hardware_features().avx512_bf16) return "CPU lacks AVX512_BF16 (vdpbf16ps)";
  if (!active_bf16()) return level_unavailable_reason(IsaLevel::avx512);
  return std::nullopt;
}

std::optional<std::string> int8_unsupported() {
  if (active_vnni() || active_isa() >= IsaLevel::avx2) return std::nullopt;
  if (!hardware_features().avx2) return "CPU lacks AVX512_VNNI and AVX2";
  return level_unavailable_reason(IsaLevel::avx2);
}

std::unique_ptr<Probe> create_int8(int threads) {
  if (active_vnni()) return make_probe(threads, &int8_dot_vnni, kInt8VnniOpsPerIter);
  return make_probe(threads, &int8_dot_avx2, kInt8Avx2OpsPerIter);
}

}  // namespace

MOEBENCH_REGISTER_PROBE(ProbeInfo{
    .name = "fp32_fma",
    .backend = "cpu",
    .limit = "flops:fp32",
    .unit = "FLOP/s",
    .description = "fp32 FMA throughput, 12 register chains per thread (AVX-512, else AVX2, "
                   "else scalar)",
    .unsupported_reason = [] { return std::optional<std::string>(); },
    .create = create_fp32,
});

MOEBENCH_REGISTER_PROBE(ProbeInfo{
    .name = "bf16_dot",
    .backend = "cpu",
    .limit = "flops:bf16",
    .unit = "FLOP/s",
    .description = "bf16 dot-product throughput (AVX512_BF16 vdpbf16ps, fp32 accumulate)",
    .unsupported_reason = bf16_unsupported,
    .create =
        [](int threads) {
          if (auto reason = bf16_unsupported()) throw std::runtime_error(*reason);
          return make_probe(threads, &bf16_dot_avx512, kBf16Avx512FlopsPerIter);
        },
});

MOEBENCH_REGISTER_PROBE(ProbeInfo{
    .name = "int8_dot",
    .backend = "cpu",
    .limit = "flops:int8",
    .unit = "OP/s",
    .description = "int8 dot-product throughput, u8·s8 to s32 (AVX512_VNNI vpdpbusd, else "
                   "AVX2 vpmaddubsw+vpmaddwd)",
    .unsupported_reason = int8_unsupported,
    .create =
        [](int threads) {
          if (auto reason = int8_unsupported()) throw std::runtime_error(*reason);
          return create_int8(threads);
        },
});

}  // namespace moebench::cpu::probes
