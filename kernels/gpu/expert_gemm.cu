// Prefill path: grouped expert GEMM on the matrix units with SwiGLU fused into the epilogue,
// pipelined: while the warps multiply one k tile from shared memory, the next tiles are on
// their way (NVIDIA: cp.async, 3 stages; AMD: registers, 2 stages). A block computes kBM rows
// of one expert (align pads each expert to kBM rows) against 256 weight rows (geometry:
// detail/gemm_geometry.h). Everything here is shared between the vendors; the copier and the
// warp tile are each vendor's own (detail/gemm_nvidia.cuh: ldmatrix + mma.sync;
// detail/gemm_amd.cuh: MFMA). Elements: bf16, fp16, and on NVIDIA sm_89+ e4m3 (W8A8: e4m3
// activations with one scale per row, e4m3 weights with one scale per output channel, both
// applied in the epilogue).
#include <cstdint>

#include "kernels/gpu/detail/gemm_geometry.h"
#include "kernels/gpu/device_math.cuh"
#include "kernels/gpu/launch.h"

#if defined(MOEBENCH_GPU_HIP)
#include "kernels/gpu/detail/gemm_amd.cuh"
#else
#include "kernels/gpu/detail/gemm_nvidia.cuh"
#endif

namespace moebench::MOEBENCH_GPU_NS {
namespace {

using namespace gpu::gemm;

constexpr int kThreads = kWarpsPerBlock * MOEBENCH_WARP_SIZE;
using Copier = gemm::StageCopier<kThreads>;
constexpr int kStages = Copier::kStages;
constexpr size_t kSharedBytes = size_t(kStages) * kStageBytes;
#if defined(MOEBENCH_GPU_HIP)
constexpr int kMinBlocksPerSm = 1;
#else
constexpr int kMinBlocksPerSm = 2;
#endif

// The activation row that tile row `row` multiplies, or -1 for a padding row.
__device__ int64_t source_row(const ScheduleView& s, bool gather, int64_t row) {
  if (!gather) return row;
  const int32_t assignment = s.sorted[row];
  return assignment < 0 ? -1 : assignment / s.gather_divisor;
}

template <GemmElement E, bool kSwiGlu>
__global__ void __launch_bounds__(kThreads, kMinBlocksPerSm)
    expert_gemm_kernel(const uint8_t* __restrict__ act, const float* __restrict__ act_scales,
                       bool gather, ScheduleView s, WeightView w1, WeightView w2,
                       uint16_t* __restrict__ out_half, float* __restrict__ out_float) {
  extern __shared__ uint4 shared_words[];
  uint8_t* smem = reinterpret_cast<uint8_t*>(shared_words);
  __shared__ float row_scale[kBM];  // e4m3: each tile row's activation scale
  const int64_t n_total = w1.rows, k_bytes = w1.row_bytes;
  const BlockTile place = block_tile(blockIdx.x, s.max_rows / kBM, column_tiles(n_total, kSwiGlu));
  const int64_t tile_row0 = place.row_tile * kBM;
  if (tile_row0 >= s.offsets[s.experts]) return;
  const int expert = s.tile_expert[place.row_tile];
  const int64_t n0 = place.column_tile * block_columns(kSwiGlu);
  const uint8_t* matrix[2] = {w1.data + int64_t(expert) * n_total * k_bytes,
                              kSwiGlu ? w2.data + int64_t(expert) * n_total * k_bytes : nullptr};

  Copier copier;
  copier.any_valid = w1.data;
#pragma unroll
  for (int i = 0; i < Copier::kASlots; ++i) {
    const int64_t src = source_row(s, gather, tile_row0 + Copier::slot_row(i));
    copier.a_src[i] = src < 0 ? nullptr : act + src * k_bytes;
  }
#pragma unroll
  for (int i = 0; i < Copier::kBSlots; ++i) {
    const BRowSource b = b_row_source(Copier::slot_row(i), kSwiGlu);
    const int64_t n = n0 + b.column;
    copier.b_src[i] = n < n_total ? matrix[b.matrix] + n * k_bytes : nullptr;
  }
  if constexpr (E == GemmElement::e4m3)
    for (int r = threadIdx.x; r < kBM; r += kThreads) {
      const int64_t src = source_row(s, gather, tile_row0 + r);
      row_scale[r] = src < 0 ? 0.f : act_scales[src];
    }

  const int warp = threadIdx.x / MOEBENCH_WARP_SIZE;
  const int b_row0 = warp_b_row(warp, 0, kSwiGlu), b_row1 = warp_b_row(warp, 1, kSwiGlu);
  const int k_tiles = int(k_bytes / kTileBytes);
  auto stage = [&](int tile) { return smem + (tile % kStages) * kStageBytes; };
  gemm::WarpTile<E> tile;
  for (int t = 0; t < kStages - 1; ++t) {
    if (t < k_tiles) copier.fetch(stage(t), int64_t(t) * kTileBytes);
    copier.deposit();
  }
  for (int t = 0; t < k_tiles; ++t) {
    copier.wait();
    __syncthreads();  // tile t is everyone's; tile t - 1's stage is free for tile t + kStages - 1
    const int next = t + kStages - 1;
    if (next < k_tiles) copier.fetch(stage(next), int64_t(next) * kTileBytes);
    const uint8_t* st = stage(t);
    tile.multiply(st, st + kAStageBytes + b_row0 * kLdBytes, st + kAStageBytes + b_row1 * kLdBytes);
    copier.deposit();
  }

  const float* scales1 = w1.scales ? w1.scales + int64_t(expert) * n_total : nullptr;
  const float* scales2 = kSwiGlu && w2.scales ? w2.scales + int64_t(expert) * n_total : nullptr;
  tile.for_each([&](int r, int c, float v0, float v1) {
    const int64_t row = tile_row0 + r;
    if constexpr (kSwiGlu) {
      const int64_t n = n0 + warp_out_column(warp, 0, true) + c;
      if (n >= n_total) return;
      if constexpr (E == GemmElement::e4m3) {
        const float g = v0 * row_scale[r] * scales1[n], u = v1 * row_scale[r] * scales2[n];
        out_float[row * n_total + n] = silu(g) * u;  // quantised per row before the down GEMM
      } else {
        const float h = silu(v0) * v1;
        out_half[row * n_total + n] =
            E == GemmElement::fp16 ? __half_as_ushort(__float2half_rn(h)) : float_to_bf16(h);
      }
    } else {
#pragma unroll
      for (int half = 0; half < 2; ++half) {
        const int64_t n = n0 + warp_out_column(warp, half, false) + c;
        if (n >= n_total) continue;
        float v = half ? v1 : v0;
        if constexpr (E == GemmElement::e4m3) v *= row_scale[r] * scales1[n];
        out_float[row * n_total + n] = v;
      }
    }
  });
}

// Above 48 KiB of dynamic shared memory a kernel must opt in, once. Not a call a graph
// capture may contain: prepare_expert_gemm() makes it before one.
template <GemmElement E, bool kSwiGlu>
void opt_in_shared_memory() {
  static const bool opted_in = [] {
    GPU_CHECK(cudaFuncSetAttribute(reinterpret_cast<const void*>(&expert_gemm_kernel<E, kSwiGlu>),
                                   cudaFuncAttributeMaxDynamicSharedMemorySize, int(kSharedBytes)));
    return true;
  }();
  (void)opted_in;
}

template <GemmElement E>
void opt_in_both() {
  opt_in_shared_memory<E, true>();
  opt_in_shared_memory<E, false>();
}

template <GemmElement E, bool kSwiGlu>
void launch_for(const uint8_t* act, const float* act_scales, bool gather, const ScheduleView& s,
                const WeightView& w1, const WeightView& w2, uint16_t* out_half, float* out_float,
                cudaStream_t stream) {
  opt_in_shared_memory<E, kSwiGlu>();
  const unsigned blocks =
      unsigned(column_tiles(w1.rows, kSwiGlu) * (s.max_rows / kBM));  // order: block_tile()
  expert_gemm_kernel<E, kSwiGlu><<<blocks, kThreads, kSharedBytes, stream>>>(
      act, act_scales, gather, s, w1, w2, out_half, out_float);
  GPU_CHECK_LAUNCH();
}

template <GemmElement E>
void launch_element(const uint8_t* act, const float* act_scales, bool gather, const ScheduleView& s,
                    const WeightView& w1, const WeightView* w2, uint16_t* out_half,
                    float* out_float, cudaStream_t stream) {
  if (w2)
    launch_for<E, true>(act, act_scales, gather, s, w1, *w2, out_half, out_float, stream);
  else
    launch_for<E, false>(act, act_scales, gather, s, w1, w1, out_half, out_float, stream);
}

}  // namespace

void prepare_expert_gemm(Precision p) {
  if (p == Precision::bf16) opt_in_both<GemmElement::bf16>();
  if (p == Precision::fp16) opt_in_both<GemmElement::fp16>();
#if !defined(MOEBENCH_GPU_HIP)
  if (p == Precision::fp8_e4m3) opt_in_both<GemmElement::e4m3>();
#endif
}

void launch_expert_gemm(const GemmActivations& act, const ScheduleView& schedule,
                        const WeightView& w1, const WeightView* w2, uint16_t* out_half,
                        float* out_float, cudaStream_t stream) {
  if (schedule.max_rows == 0) return;
  if (w1.row_bytes % kTileBytes != 0)
    throw std::invalid_argument("the matrix-unit expert GEMM needs rows of a multiple of " +
                                std::to_string(kTileBytes) + " bytes");
  const auto* data = static_cast<const uint8_t*>(act.data);
  switch (w1.precision) {
    case Precision::bf16:
      return launch_element<GemmElement::bf16>(data, nullptr, act.gather, schedule, w1, w2,
                                               out_half, out_float, stream);
    case Precision::fp16:
      return launch_element<GemmElement::fp16>(data, nullptr, act.gather, schedule, w1, w2,
                                               out_half, out_float, stream);
#if !defined(MOEBENCH_GPU_HIP)
    case Precision::fp8_e4m3:
      return launch_element<GemmElement::e4m3>(data, act.row_scales, act.gather, schedule, w1, w2,
                                               out_half, out_float, stream);
#endif
    default:
      throw std::invalid_argument(std::string("the matrix-unit expert GEMM does not take ") +
                                  std::string(to_string(w1.precision)) + " weights on " +
                                  MOEBENCH_GPU_NAME);
  }
}

}  // namespace moebench::MOEBENCH_GPU_NS
