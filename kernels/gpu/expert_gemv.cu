// Decode path: grouped GEMV over the touched experts only. One warp per output feature reads
// that weight row once in 16-byte vectors, dequantises in registers, and multiplies it with up
// to kTokens activation rows of the expert at a time (activations come from L1/L2).
//
// kTokens is a template parameter chosen from the host's bound of rows per expert (the batch's
// tokens): 1, 2, 4 or 8. At one token the 8-token kernel kept 8 accumulators, 8 row pointers
// and their loop per weight vector in registers, and its SwiGLU variants spilled at the 80
// registers that 3 blocks a SM allow; the loads in flight, which bound decode (49.5% of HBM at
// one token, latency-bound in ncu), get those registers instead: kUnroll vectors per row are
// loaded before any is used, 4 for up to 2 tokens (int4: 2), 2 above. Correct for any count;
// the bound only picks the speed.
#include <cstdint>

#include "kernels/gpu/device_math.cuh"
#include "kernels/gpu/launch.h"

namespace moebench::MOEBENCH_GPU_NS {
namespace {

constexpr int kWarp = MOEBENCH_WARP_SIZE;
constexpr int kWarpsPerBlock = 8;
constexpr int kMaxTokens = 8;
// At most 85 registers a thread at 3 blocks (24 warps) a SM, 64 at 4: more warps keep more
// loads in flight; at 128 registers (the unbounded choice) decode reached only ~1.1 TB/s on
// an H100. The 1-token kernels fit 64 (ptxas: bf16 SwiGLU 40 registers, no spill).
constexpr int min_blocks_per_sm(int tokens) { return tokens == 1 ? 4 : 3; }
// int4 decodes 32 weights a vector: its registers go to the decode, not to more loads.
constexpr int unroll_for(Precision p, int tokens) {
  return p != Precision::int4 && tokens <= 2 ? 4 : 2;
}

template <Precision P, int kTokens>
__device__ __forceinline__ void dot_vector(const uint4& raw, const float* __restrict__ group_scales,
                                           int group_size, int64_t c, const float* const* act_rows,
                                           int ntok, float (&acc)[kTokens]) {
  using V = WeightVector<P>;
  float w[V::kElems];
  V::decode(raw, w);
  if constexpr (P == Precision::int4) {
    const float s = group_scales[c * V::kElems / group_size];
#pragma unroll
    for (int i = 0; i < V::kElems; ++i) w[i] *= s;
  }
#pragma unroll
  for (int t = 0; t < kTokens; ++t) {
    if (t < ntok) {
      const float4* x = reinterpret_cast<const float4*>(act_rows[t] + c * V::kElems);
      float sum = 0.f;
#pragma unroll
      for (int q = 0; q < V::kElems / 4; ++q) {
        const float4 xv = x[q];
        sum += w[4 * q] * xv.x + w[4 * q + 1] * xv.y + w[4 * q + 2] * xv.z + w[4 * q + 3] * xv.w;
      }
      acc[t] += sum;
    }
  }
}

// Dot products of one weight row (two for SwiGLU: gate and up, read together) with up to
// kTokens activation rows; 2 * kUnroll 16-byte loads a lane in flight (SwiGLU).
template <Precision P, bool kTwo, int kTokens>
__device__ __forceinline__ void accumulate_rows(
    const uint4* __restrict__ w1_row, const uint4* __restrict__ w2_row,
    const float* __restrict__ s1, const float* __restrict__ s2, int group_size, int64_t vectors,
    const float* const* act_rows, int ntok, float (&acc1)[kTokens], float (&acc2)[kTokens]) {
  constexpr int kUnroll = unroll_for(P, kTokens);
  const int lane = threadIdx.x % kWarp;
  int64_t c0 = lane;
  for (; c0 + (kUnroll - 1) * kWarp < vectors; c0 += kUnroll * kWarp) {
    uint4 r1[kUnroll], r2[kUnroll];
#pragma unroll
    for (int u = 0; u < kUnroll; ++u) {
      r1[u] = w1_row[c0 + u * kWarp];
      if constexpr (kTwo) r2[u] = w2_row[c0 + u * kWarp];
    }
#pragma unroll
    for (int u = 0; u < kUnroll; ++u) {
      dot_vector<P, kTokens>(r1[u], s1, group_size, c0 + u * kWarp, act_rows, ntok, acc1);
      if constexpr (kTwo)
        dot_vector<P, kTokens>(r2[u], s2, group_size, c0 + u * kWarp, act_rows, ntok, acc2);
    }
  }
  for (int64_t c = c0; c < vectors; c += kWarp) {
    dot_vector<P, kTokens>(w1_row[c], s1, group_size, c, act_rows, ntok, acc1);
    if constexpr (kTwo) dot_vector<P, kTokens>(w2_row[c], s2, group_size, c, act_rows, ntok, acc2);
  }
}

template <Precision P, bool kSwiGlu, int kTokens>
__global__ void __launch_bounds__(kWarpsPerBlock* kWarp, min_blocks_per_sm(kTokens))
    expert_gemv_kernel(const float* __restrict__ act, bool gather, ScheduleView s, WeightView w1,
                       WeightView w2, float* __restrict__ out, bool round_bf16) {
  if (int(blockIdx.y) >= *s.num_touched) return;
  const int expert = s.touched[blockIdx.y];
  const int64_t n = int64_t(blockIdx.x) * kWarpsPerBlock + threadIdx.x / kWarp;
  if (n >= w1.rows) return;
  const int lane = threadIdx.x % kWarp;
  const int64_t k = w1.cols;
  const int64_t vectors = w1.row_bytes / 16;
  const int64_t row_offset = (int64_t(expert) * w1.rows + n);
  const uint4* w1_row = reinterpret_cast<const uint4*>(w1.data + row_offset * w1.row_bytes);
  const uint4* w2_row =
      kSwiGlu ? reinterpret_cast<const uint4*>(w2.data + row_offset * w2.row_bytes) : nullptr;
  const float* w1_scales = w1.scales ? w1.scales + row_offset * w1.groups_per_row : nullptr;
  const float* w2_scales =
      kSwiGlu && w2.scales ? w2.scales + row_offset * w2.groups_per_row : nullptr;
  const int32_t first = s.offsets[expert], count = s.counts[expert];
  for (int32_t r0 = 0; r0 < count; r0 += kTokens) {
    const int ntok = min(kTokens, count - r0);
    const float* act_rows[kTokens];
#pragma unroll
    for (int t = 0; t < kTokens; ++t) {
      const int64_t row = first + r0 + min(t, ntok - 1);
      const int64_t src = gather ? s.sorted[row] / s.gather_divisor : row;
      act_rows[t] = act + src * k;
    }
    float acc1[kTokens] = {}, acc2[kTokens] = {};
    accumulate_rows<P, kSwiGlu, kTokens>(w1_row, w2_row, w1_scales, w2_scales, w1.group_size,
                                         vectors, act_rows, ntok, acc1, acc2);
    constexpr bool kRowScale = P == Precision::fp8_e4m3 || P == Precision::int8;
#pragma unroll
    for (int t = 0; t < kTokens; ++t) {
      if (t < ntok) {
        float v = warp_sum(acc1[t]);
        if (kRowScale) v *= w1_scales[0];
        if constexpr (kSwiGlu) {
          float u = warp_sum(acc2[t]);
          if (kRowScale) u *= w2_scales[0];
          v = silu(v) * u;
        }
        if (round_bf16) v = bf16_to_float(float_to_bf16(v));
        if (lane == 0) out[int64_t(first + r0 + t) * w1.rows + n] = v;
      }
    }
  }
}

template <Precision P, int kTokens>
void launch_tokens(const float* act, bool gather, const ScheduleView& s, const WeightView& w1,
                   const WeightView* w2, float* out, bool round_bf16, cudaStream_t stream) {
  const dim3 grid(unsigned((w1.rows + kWarpsPerBlock - 1) / kWarpsPerBlock),
                  unsigned(s.max_touched));
  if (w2)
    expert_gemv_kernel<P, true, kTokens>
        <<<grid, kWarpsPerBlock * kWarp, 0, stream>>>(act, gather, s, w1, *w2, out, round_bf16);
  else
    expert_gemv_kernel<P, false, kTokens>
        <<<grid, kWarpsPerBlock * kWarp, 0, stream>>>(act, gather, s, w1, w1, out, round_bf16);
  GPU_CHECK_LAUNCH();
}

// The smallest token group that holds an expert's rows (unknown bound: the largest).
template <Precision P>
void launch_for(const float* act, bool gather, const ScheduleView& s, const WeightView& w1,
                const WeightView* w2, float* out, bool round_bf16, cudaStream_t stream) {
  const int64_t rows = s.max_count > 0 ? s.max_count : kMaxTokens;
  if (rows <= 1) return launch_tokens<P, 1>(act, gather, s, w1, w2, out, round_bf16, stream);
  if (rows <= 2) return launch_tokens<P, 2>(act, gather, s, w1, w2, out, round_bf16, stream);
  if (rows <= 4) return launch_tokens<P, 4>(act, gather, s, w1, w2, out, round_bf16, stream);
  launch_tokens<P, kMaxTokens>(act, gather, s, w1, w2, out, round_bf16, stream);
}

}  // namespace

void launch_expert_gemv(const float* act, bool gather, const ScheduleView& schedule,
                        const WeightView& w1, const WeightView* w2, float* out, bool round_bf16,
                        cudaStream_t stream) {
  if (schedule.max_touched == 0) return;
  switch (w1.precision) {
    case Precision::fp32:
      return launch_for<Precision::fp32>(act, gather, schedule, w1, w2, out, round_bf16, stream);
    case Precision::bf16:
      return launch_for<Precision::bf16>(act, gather, schedule, w1, w2, out, round_bf16, stream);
    case Precision::fp16:
      return launch_for<Precision::fp16>(act, gather, schedule, w1, w2, out, round_bf16, stream);
    case Precision::fp8_e4m3:
      return launch_for<Precision::fp8_e4m3>(act, gather, schedule, w1, w2, out, round_bf16,
                                             stream);
    case Precision::int8:
      return launch_for<Precision::int8>(act, gather, schedule, w1, w2, out, round_bf16, stream);
    case Precision::int4:
      return launch_for<Precision::int4>(act, gather, schedule, w1, w2, out, round_bf16, stream);
  }
}

}  // namespace moebench::MOEBENCH_GPU_NS
