// Router (fp32 gating GEMM, fused softmax + top-k + renormalisation), activation rounding and
// the weighted combine: the memory-light glue around the expert GEMMs (align/permute: align.cu).
#include <cfloat>
#include <cstdint>

#include "kernels/gpu/detail/e4m3_encode.h"
#include "kernels/gpu/device_math.cuh"
#include "kernels/gpu/launch.h"

namespace moebench::MOEBENCH_GPU_NS {
namespace {

constexpr int kWarp = MOEBENCH_WARP_SIZE;

__device__ float block_max_abs(float v, float* scratch) {
  v = warp_max(v);
  const int warp = threadIdx.x / kWarp, lane = threadIdx.x % kWarp;
  if (lane == 0) scratch[warp] = v;
  __syncthreads();
  if (threadIdx.x == 0) {
    float m = 0;
    for (int w = 0; w < int(blockDim.x) / kWarp; ++w) m = fmaxf(m, scratch[w]);
    scratch[0] = m;
  }
  __syncthreads();
  return scratch[0];
}

__device__ uint16_t to_half_bits(float v, bool fp16) {
  if (fp16) return __half_as_ushort(__float2half_rn(v));
  return float_to_bf16(v);
}

__global__ void round_rows_kernel(const float* __restrict__ in, float* __restrict__ out,
                                  uint16_t* __restrict__ out_half, bool half_is_fp16, int64_t cols,
                                  RoundMode mode) {
  __shared__ float scratch[1024 / 32];
  const float* row_in = in + blockIdx.x * cols;
  float* row_out = out + blockIdx.x * cols;
  float scale = 1.0f;
  if (mode == RoundMode::int8) {
    float m = 0;
    for (int64_t c = threadIdx.x; c < cols; c += blockDim.x) m = fmaxf(m, fabsf(row_in[c]));
    m = block_max_abs(m, scratch);
    scale = m > 0 ? m / 127.0f : 1.0f;
  }
  for (int64_t c = threadIdx.x; c < cols; c += blockDim.x) {
    float v = row_in[c];
    if (mode == RoundMode::bf16) v = bf16_to_float(float_to_bf16(v));
    if (mode == RoundMode::int8) v = fminf(fmaxf(rintf(v / scale), -127.f), 127.f) * scale;
    row_out[c] = v;
    if (out_half) out_half[blockIdx.x * cols + c] = to_half_bits(v, half_is_fp16);
  }
}

__global__ void quantize_rows_e4m3_kernel(const float* __restrict__ in, int64_t cols,
                                          uint8_t* __restrict__ codes, float* __restrict__ scales) {
  __shared__ float scratch[1024 / 32];
  const float* row = in + blockIdx.x * cols;
  float m = 0;
  for (int64_t c = threadIdx.x; c < cols; c += blockDim.x) m = fmaxf(m, fabsf(row[c]));
  m = block_max_abs(m, scratch);
  const float scale = m > 0 ? m / 448.0f : 1.0f;
  if (threadIdx.x == 0) scales[blockIdx.x] = scale;
  for (int64_t c = threadIdx.x; c < cols; c += blockDim.x)
    codes[blockIdx.x * cols + c] = gpu::e4m3_from_float(row[c] / scale);
}

// Tiled fp32 GEMM for the router logits: 64x64 tile per block, 4x4 per thread.
constexpr int kLogitTile = 64, kLogitK = 16;
__global__ void router_logits_kernel(const float* __restrict__ x, const float* __restrict__ w,
                                     const float* __restrict__ steering, float* __restrict__ logits,
                                     int64_t tokens, int experts, int64_t d_model) {
  __shared__ float xs[kLogitK][kLogitTile + 1];
  __shared__ float ws[kLogitK][kLogitTile + 1];
  const int64_t t0 = int64_t(blockIdx.y) * kLogitTile;
  const int e0 = blockIdx.x * kLogitTile;
  const int tx = threadIdx.x % 16, ty = threadIdx.x / 16;
  float acc[4][4] = {};
  for (int64_t k0 = 0; k0 < d_model; k0 += kLogitK) {
    for (int i = threadIdx.x; i < kLogitTile * kLogitK; i += blockDim.x) {
      const int r = i / kLogitK, k = i % kLogitK;
      const bool k_ok = k0 + k < d_model;
      xs[k][r] = (t0 + r < tokens && k_ok) ? x[(t0 + r) * d_model + k0 + k] : 0.f;
      ws[k][r] = (e0 + r < experts && k_ok) ? w[int64_t(e0 + r) * d_model + k0 + k] : 0.f;
    }
    __syncthreads();
#pragma unroll
    for (int k = 0; k < kLogitK; ++k) {
      float a[4], b[4];
#pragma unroll
      for (int i = 0; i < 4; ++i) a[i] = xs[k][ty * 4 + i], b[i] = ws[k][tx * 4 + i];
#pragma unroll
      for (int i = 0; i < 4; ++i)
#pragma unroll
        for (int j = 0; j < 4; ++j) acc[i][j] += a[i] * b[j];
    }
    __syncthreads();
  }
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 4; ++j) {
      const int64_t t = t0 + ty * 4 + i;
      const int e = e0 + tx * 4 + j;
      if (t < tokens && e < experts)
        logits[t * experts + e] = acc[i][j] + (steering ? steering[t * experts + e] : 0.f);
    }
}

// Few tokens or few experts leave the tiled kernel's grid too small to fill the GPU: one warp
// per (token, expert) dot product with 16-byte loads instead.
__global__ void router_logits_dot_kernel(const float* __restrict__ x, const float* __restrict__ w,
                                         const float* __restrict__ steering,
                                         float* __restrict__ logits, int64_t tokens, int experts,
                                         int64_t d_model) {
  const int64_t pair = int64_t(blockIdx.x) * (blockDim.x / kWarp) + threadIdx.x / kWarp;
  if (pair >= tokens * experts) return;
  const int64_t t = pair / experts;
  const int e = int(pair % experts);
  const float4* xr = reinterpret_cast<const float4*>(x + t * d_model);
  const float4* wr = reinterpret_cast<const float4*>(w + int64_t(e) * d_model);
  float acc = 0.f;
  for (int64_t i = threadIdx.x % kWarp; i < d_model / 4; i += kWarp) {
    const float4 a = xr[i], b = wr[i];
    acc += a.x * b.x + a.y * b.y + a.z * b.z + a.w * b.w;
  }
  acc = warp_sum(acc);
  if (threadIdx.x % kWarp == 0) logits[pair] = acc + (steering ? steering[pair] : 0.f);
}

// One warp per token. Each lane keeps its kPerLane logits (experts lane, lane + warp, ...) in
// registers; each of the top_k rounds takes the best untaken one per lane, then the warp's best
// by shuffles. kPerLane is the smallest power of two that holds the experts: a fixed 32 a lane
// (1024 experts) made every round scan 32 registers for 8 live ones at 256 experts.
constexpr int kMaxExperts = 1024;
constexpr int kMaxTopK = 32;

__device__ bool better(float v, int id, float best_v, int best_id) {
  return v > best_v || (v == best_v && id < best_id);
}

template <int kPerLane>
__global__ void topk_softmax_kernel(const float* __restrict__ logits, int64_t tokens, int experts,
                                    int top_k, int32_t* __restrict__ ids,
                                    float* __restrict__ weights) {
  static_assert(kPerLane <= 32, "taken is a 32-bit mask");
  const int64_t token = int64_t(blockIdx.x) * (blockDim.x / kWarp) + threadIdx.x / kWarp;
  const int lane = threadIdx.x % kWarp;
  if (token >= tokens) return;
  const float* row = logits + token * experts;
  float v[kPerLane];
#pragma unroll
  for (int i = 0; i < kPerLane; ++i) {
    const int e = lane + i * kWarp;
    v[i] = e < experts ? row[e] : -FLT_MAX;
  }
  uint32_t taken = 0;
  float chosen_logit = 0, first_logit = 0, sum = 0;
  int chosen_id = 0;
  for (int j = 0; j < top_k; ++j) {
    float best_v = -FLT_MAX;
    int best_id = INT32_MAX;
#pragma unroll
    for (int i = 0; i < kPerLane; ++i) {
      const int e = lane + i * kWarp;
      if (e < experts && !(taken >> i & 1u) && better(v[i], e, best_v, best_id))
        best_v = v[i], best_id = e;
    }
    for (int offset = kWarp / 2; offset > 0; offset /= 2) {
      const float other_v = MOEBENCH_SHFL_XOR(best_v, offset);
      const int other_id = MOEBENCH_SHFL_XOR(best_id, offset);
      if (better(other_v, other_id, best_v, best_id)) best_v = other_v, best_id = other_id;
    }
    if (best_id % kWarp == lane) taken |= 1u << (best_id / kWarp);
    if (j == 0) first_logit = best_v;
    const float p = expf(best_v - first_logit);  // first is the largest: no overflow
    sum += p;
    if (lane == j) chosen_logit = p, chosen_id = best_id;
  }
  if (lane < top_k) {
    ids[token * top_k + lane] = chosen_id;
    weights[token * top_k + lane] = chosen_logit / sum;
  }
}

template <int kPerLane>
void launch_topk_for(const float* logits, int64_t tokens, int experts, int top_k,
                     int32_t* expert_ids, float* weights, cudaStream_t stream) {
  if constexpr (kPerLane * kWarp < kMaxExperts) {
    if (experts > kPerLane * kWarp)
      return launch_topk_for<kPerLane * 2>(logits, tokens, experts, top_k, expert_ids, weights,
                                           stream);
  }
  constexpr int kWarpsPerBlock = 4;
  const unsigned blocks = unsigned((tokens + kWarpsPerBlock - 1) / kWarpsPerBlock);
  topk_softmax_kernel<kPerLane><<<blocks, kWarpsPerBlock * kWarp, 0, stream>>>(
      logits, tokens, experts, top_k, expert_ids, weights);
  GPU_CHECK_LAUNCH();
}

__global__ void combine_kernel(const float* __restrict__ routed, const int32_t* __restrict__ row_of,
                               const float* __restrict__ weights, int top_k,
                               const float* __restrict__ shared,
                               const int32_t* __restrict__ shared_row_of, int num_shared,
                               float* __restrict__ out, int64_t d_model) {
  const int64_t t = blockIdx.x;
  for (int64_t d = threadIdx.x * 4; d < d_model; d += blockDim.x * 4) {
    float4 acc = make_float4(0.f, 0.f, 0.f, 0.f);
    for (int j = 0; routed && j < top_k; ++j) {
      const float w = weights ? weights[t * top_k + j] : 1.0f;
      const float4 y =
          *reinterpret_cast<const float4*>(routed + int64_t(row_of[t * top_k + j]) * d_model + d);
      acc.x += w * y.x, acc.y += w * y.y, acc.z += w * y.z, acc.w += w * y.w;
    }
    for (int s = 0; shared && s < num_shared; ++s) {
      const float4 y = *reinterpret_cast<const float4*>(
          shared + int64_t(shared_row_of[t * num_shared + s]) * d_model + d);
      acc.x += y.x, acc.y += y.y, acc.z += y.z, acc.w += y.w;
    }
    *reinterpret_cast<float4*>(out + t * d_model + d) = acc;
  }
}

}  // namespace

RoundMode round_mode_for(Precision p) {
  if (p == Precision::bf16) return RoundMode::bf16;
  if (p == Precision::int8) return RoundMode::int8;
  return RoundMode::none;
}

void launch_round_rows(const float* in, float* out, uint16_t* out_half, bool half_is_fp16,
                       int64_t rows, int64_t cols, RoundMode mode, cudaStream_t stream) {
  if (rows == 0) return;
  round_rows_kernel<<<unsigned(rows), 256, 0, stream>>>(in, out, out_half, half_is_fp16, cols,
                                                        mode);
  GPU_CHECK_LAUNCH();
}

void launch_quantize_rows_e4m3(const float* in, int64_t rows, int64_t cols, uint8_t* codes,
                               float* scales, cudaStream_t stream) {
  if (rows == 0) return;
  quantize_rows_e4m3_kernel<<<unsigned(rows), 256, 0, stream>>>(in, cols, codes, scales);
  GPU_CHECK_LAUNCH();
}

void launch_router_logits(const float* x, const float* w, const float* steering, float* logits,
                          int64_t tokens, int experts, int64_t d_model, cudaStream_t stream) {
  if (tokens == 0) return;
  if ((experts < kLogitTile || tokens * experts <= 65536) && d_model % 4 == 0) {
    constexpr int kWarpsPerBlock = 8;
    const unsigned blocks = unsigned((tokens * experts + kWarpsPerBlock - 1) / kWarpsPerBlock);
    router_logits_dot_kernel<<<blocks, kWarpsPerBlock * kWarp, 0, stream>>>(
        x, w, steering, logits, tokens, experts, d_model);
    GPU_CHECK_LAUNCH();
    return;
  }
  const dim3 grid(unsigned((experts + kLogitTile - 1) / kLogitTile),
                  unsigned((tokens + kLogitTile - 1) / kLogitTile));
  router_logits_kernel<<<grid, 256, 0, stream>>>(x, w, steering, logits, tokens, experts, d_model);
  GPU_CHECK_LAUNCH();
}

void launch_topk_softmax(const float* logits, int64_t tokens, int experts, int top_k,
                         int32_t* expert_ids, float* weights, cudaStream_t stream) {
  if (experts > kMaxExperts || top_k > kMaxTopK || top_k > experts)
    throw std::invalid_argument("GPU router supports up to 1024 experts and top_k <= 32");
  if (tokens == 0) return;
  launch_topk_for<1>(logits, tokens, experts, top_k, expert_ids, weights, stream);
}

void launch_combine(const float* routed, const int32_t* row_of, const float* weights, int top_k,
                    const float* shared, const int32_t* shared_row_of, int num_shared, float* out,
                    int64_t tokens, int64_t d_model, cudaStream_t stream) {
  if (tokens == 0) return;
  const int threads = int(std::min<int64_t>(256, std::max<int64_t>(kWarp, d_model / 4)));
  combine_kernel<<<unsigned(tokens), threads, 0, stream>>>(routed, row_of, weights, top_k, shared,
                                                           shared_row_of, num_shared, out, d_model);
  GPU_CHECK_LAUNCH();
}

}  // namespace moebench::MOEBENCH_GPU_NS
