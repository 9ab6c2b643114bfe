// DRAM bandwidth probes: read (sum of a stream) and triad (a = b + s·c, non-temporal stores).
// This VM's effective cache is 32-64 MB (machine notes), so each run() works on the next chunk
// of buffers four times larger than one run touches: the data of a run was last touched
// three chunks (≥ 288 MB of traffic) earlier and cannot be cached.
#include <omp.h>

#include <atomic>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "kernels/cpu/detail/aligned_buffer.h"
#include "kernels/cpu/detail/cpu_features.h"
#include "kernels/cpu/detail/threads.h"
#include "kernels/cpu/probes/probe_loops.h"
#include "kernels/probe.h"

namespace moebench::cpu::probes {
namespace {

constexpr int kChunks = 4;
constexpr size_t kReadChunkBytes = size_t(128) << 20;  // ≈2 ms at 70 GB/s
constexpr size_t kTriadChunkBytes = size_t(32) << 20;  // per array: 96 MiB moved per run
constexpr size_t kFloatsPerLine = 64;                  // loops take multiples of 256 bytes

// [begin, end) of thread `t` of `n` over `count` floats, in whole 256-byte blocks.
struct Slice {
  size_t begin, count;
};
Slice thread_slice(size_t count, int t, int n) {
  const size_t blocks = count / kFloatsPerLine;
  const size_t first = blocks * t / n, last = blocks * (t + 1) / n;
  return {first * kFloatsPerLine, (last - first) * kFloatsPerLine};
}

// Fills buffers from the threads that will read them (first touch places the pages).
void parallel_fill(float* data, size_t count, float value, int threads) {
#pragma omp parallel num_threads(threads)
  {
    Slice s = thread_slice(count, omp_get_thread_num(), omp_get_num_threads());
    for (size_t i = s.begin; i < s.begin + s.count; ++i) data[i] = value;
  }
}

class ReadProbe final : public Probe {
 public:
  explicit ReadProbe(int threads)
      : threads_(checked_threads(threads)), buffer_(kChunks * kReadChunkBytes / sizeof(float)) {
    parallel_fill(buffer_.data(), buffer_.size(), 1.0f, threads_);
    switch (active_isa()) {
      case IsaLevel::avx512:
        loop_ = &read_sum_avx512;
        break;
      case IsaLevel::avx2:
        loop_ = &read_sum_avx2;
        break;
      case IsaLevel::scalar:
        loop_ = &read_sum_scalar;
        break;
    }
  }

  double run() override {
    const size_t chunk_floats = kReadChunkBytes / sizeof(float);
    const float* chunk = buffer_.data() + chunk_floats * next_chunk_;
    next_chunk_ = (next_chunk_ + 1) % kChunks;
    double sink = 0;
#pragma omp parallel num_threads(threads_) reduction(+ : sink)
    {
      Slice s = thread_slice(chunk_floats, omp_get_thread_num(), omp_get_num_threads());
      sink += loop_(chunk + s.begin, s.count);
    }
    sink_.store(sink, std::memory_order_relaxed);
    return static_cast<double>(kReadChunkBytes);
  }

 private:
  int threads_;
  AlignedBuffer<float> buffer_;
  float (*loop_)(const float*, size_t) = nullptr;
  int next_chunk_ = 0;
  std::atomic<double> sink_{0};
};

class TriadProbe final : public Probe {
 public:
  explicit TriadProbe(int threads)
      : threads_(checked_threads(threads)),
        a_(kChunks * kTriadChunkBytes / sizeof(float)),
        b_(a_.size()),
        c_(a_.size()) {
    parallel_fill(a_.data(), a_.size(), 0.0f, threads_);
    parallel_fill(b_.data(), b_.size(), 1.0f, threads_);
    parallel_fill(c_.data(), c_.size(), 2.0f, threads_);
    switch (active_isa()) {
      case IsaLevel::avx512:
        loop_ = &triad_avx512;
        break;
      case IsaLevel::avx2:
        loop_ = &triad_avx2;
        break;
      case IsaLevel::scalar:
        loop_ = &triad_scalar;
        break;
    }
  }

  // STREAM's convention: bytes = read b + read c + write a (non-temporal stores, so no
  // read-for-ownership of a).
  double run() override {
    const size_t chunk_floats = kTriadChunkBytes / sizeof(float);
    const size_t offset = chunk_floats * next_chunk_;
    next_chunk_ = (next_chunk_ + 1) % kChunks;
#pragma omp parallel num_threads(threads_)
    {
      Slice s = thread_slice(chunk_floats, omp_get_thread_num(), omp_get_num_threads());
      const size_t at = offset + s.begin;
      loop_(a_.data() + at, b_.data() + at, c_.data() + at, 0.5f, s.count);
    }
    return 3.0 * static_cast<double>(kTriadChunkBytes);
  }

 private:
  int threads_;
  AlignedBuffer<float> a_, b_, c_;
  void (*loop_)(float*, const float*, const float*, float, size_t) = nullptr;
  int next_chunk_ = 0;
};

}  // namespace

MOEBENCH_REGISTER_PROBE(ProbeInfo{
    .name = "read_bw",
    .backend = "cpu",
    .limit = "bandwidth:read",
    .unit = "B/s",
    .description = "DRAM read bandwidth: sums 128 MiB per run, rotating through 512 MiB",
    .unsupported_reason = [] { return std::optional<std::string>(); },
    .create = [](int threads) -> std::unique_ptr<Probe> {
      return std::make_unique<ReadProbe>(threads);
    },
});

MOEBENCH_REGISTER_PROBE(ProbeInfo{
    .name = "triad_bw",
    .backend = "cpu",
    .limit = "bandwidth:triad",
    .unit = "B/s",
    .description = "DRAM triad a = b + s*c over 3 x 32 MiB per run, rotating through "
                   "3 x 128 MiB; counts 3 x 32 MiB (STREAM convention, streaming stores)",
    .unsupported_reason = [] { return std::optional<std::string>(); },
    .create = [](int threads) -> std::unique_ptr<Probe> {
      return std::make_unique<TriadProbe>(threads);
    },
});

}  // namespace moebench::cpu::probes
