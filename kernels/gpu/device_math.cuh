// Device helpers shared by the GPU kernels of both vendors: number decoding done with integer
// operations (identical on NVIDIA and AMD), warp reductions, SiLU and activation rounding that
// match kernels/reference/quant.h bit for bit.
#pragma once

#include <cstdint>

#include "harness/core/precision.h"
#include "kernels/gpu/gpu_runtime.h"

namespace moebench::MOEBENCH_GPU_NS {

__device__ __forceinline__ float bits_to_float(uint32_t bits) { return __uint_as_float(bits); }

__device__ __forceinline__ float bf16_to_float(uint32_t h) { return bits_to_float(h << 16); }

// Round to nearest even, NaN kept (a quiet NaN), as ref::float_to_bf16.
__device__ __forceinline__ uint16_t float_to_bf16(float x) {
  const uint32_t u = __float_as_uint(x);
  if ((u & 0x7fffffffu) > 0x7f800000u) return uint16_t((u >> 16) | 0x40u);
  return uint16_t((u + 0x7fffu + ((u >> 16) & 1u)) >> 16);
}

// IEEE half: its exponent and mantissa placed in a float's low exponent bits, then rescaled by
// 2^(127-15); exact for normals and subnormals (weights are finite).
__device__ __forceinline__ float fp16_to_float(uint32_t h) {
  const float magnitude = bits_to_float((h & 0x7fffu) << 13) * 0x1p112f;
  return (h & 0x8000u) ? -magnitude : magnitude;
}

// OCP E4M3 ("fn") the same way: rescaled by 2^(127-7). Used on both vendors (software dequant;
// gfx94x's hardware fp8 is the fnuz variant, which moebench does not feed to the MFMA units).
__device__ __forceinline__ float e4m3_to_float(uint32_t b) {
  const float magnitude = bits_to_float((b & 0x7fu) << 20) * 0x1p120f;
  return (b & 0x80u) ? -magnitude : magnitude;
}

__device__ __forceinline__ float silu(float x) { return x / (1.0f + expf(-x)); }

__device__ __forceinline__ float warp_sum(float v) {
  for (int offset = MOEBENCH_WARP_SIZE / 2; offset > 0; offset /= 2)
    v += MOEBENCH_SHFL_XOR(v, offset);
  return v;
}

__device__ __forceinline__ float warp_max(float v) {
  for (int offset = MOEBENCH_WARP_SIZE / 2; offset > 0; offset /= 2)
    v = fmaxf(v, MOEBENCH_SHFL_XOR(v, offset));
  return v;
}

// One 16-byte vector of a weight row decoded to floats (unscaled for fp8/int8/int4: the
// per-row scale is applied once after the dot product, the int4 group scale by the caller).
template <Precision P>
struct WeightVector;

template <>
struct WeightVector<Precision::fp32> {
  static constexpr int kElems = 4;
  __device__ __forceinline__ static void decode(const uint4& raw, float* out) {
    out[0] = __uint_as_float(raw.x);
    out[1] = __uint_as_float(raw.y);
    out[2] = __uint_as_float(raw.z);
    out[3] = __uint_as_float(raw.w);
  }
};

template <>
struct WeightVector<Precision::bf16> {
  static constexpr int kElems = 8;
  __device__ __forceinline__ static void decode(const uint4& raw, float* out) {
    const uint32_t w[4] = {raw.x, raw.y, raw.z, raw.w};
#pragma unroll
    for (int i = 0; i < 4; ++i) {
      out[2 * i] = bits_to_float(w[i] << 16);
      out[2 * i + 1] = bits_to_float(w[i] & 0xffff0000u);
    }
  }
};

template <>
struct WeightVector<Precision::fp16> {
  static constexpr int kElems = 8;
  __device__ __forceinline__ static void decode(const uint4& raw, float* out) {
    const uint32_t w[4] = {raw.x, raw.y, raw.z, raw.w};
#pragma unroll
    for (int i = 0; i < 4; ++i) {
      out[2 * i] = fp16_to_float(w[i] & 0xffffu);
      out[2 * i + 1] = fp16_to_float(w[i] >> 16);
    }
  }
};

template <>
struct WeightVector<Precision::fp8_e4m3> {
  static constexpr int kElems = 16;
  __device__ __forceinline__ static void decode(const uint4& raw, float* out) {
    const uint32_t w[4] = {raw.x, raw.y, raw.z, raw.w};
#pragma unroll
    for (int i = 0; i < 4; ++i)
#pragma unroll
      for (int b = 0; b < 4; ++b) out[4 * i + b] = e4m3_to_float((w[i] >> (8 * b)) & 0xffu);
  }
};

template <>
struct WeightVector<Precision::int8> {
  static constexpr int kElems = 16;
  __device__ __forceinline__ static void decode(const uint4& raw, float* out) {
    const uint32_t w[4] = {raw.x, raw.y, raw.z, raw.w};
#pragma unroll
    for (int i = 0; i < 4; ++i)
#pragma unroll
      for (int b = 0; b < 4; ++b) out[4 * i + b] = float(int8_t((w[i] >> (8 * b)) & 0xffu));
  }
};

template <>
struct WeightVector<Precision::int4> {
  static constexpr int kElems = 32;
  __device__ __forceinline__ static void decode(const uint4& raw, float* out) {
    const uint32_t w[4] = {raw.x, raw.y, raw.z, raw.w};
#pragma unroll
    for (int i = 0; i < 4; ++i)
#pragma unroll
      for (int n = 0; n < 8; ++n)  // element 2j in the low nibble of byte j
        out[8 * i + n] = float(int32_t(w[i] << (28 - 4 * n)) >> 28);
  }
};

}  // namespace moebench::MOEBENCH_GPU_NS
