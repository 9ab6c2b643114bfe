// float -> OCP e4m3 code, bit-identical to kernels/reference/quant.h's float_to_e4m3
// (round to nearest even, saturating at 448, NaN kept), with integer operations that compile
// for the host and for both GPU vendors: the GPU quantises activations per token with it
// (W8A8 fp8), and tests/fp8_encode_test.cpp checks it against the reference on the CPU.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>

#include "kernels/gpu/detail/host_device.h"
#if defined(__CUDACC__) || defined(__HIPCC__)
#include "kernels/gpu/gpu_runtime.h"  // __float_as_uint and friends in device code
#endif

namespace moebench::gpu {

MOEBENCH_HOST_DEVICE inline uint32_t float_bits(float x) {
#if defined(__CUDA_ARCH__) || defined(__HIP_DEVICE_COMPILE__)
  return __float_as_uint(x);
#else
  uint32_t u;
  memcpy(&u, &x, sizeof u);
  return u;
#endif
}

MOEBENCH_HOST_DEVICE inline float bits_float(uint32_t u) {
#if defined(__CUDA_ARCH__) || defined(__HIP_DEVICE_COMPILE__)
  return __uint_as_float(u);
#else
  float x;
  memcpy(&x, &u, sizeof x);
  return x;
#endif
}

MOEBENCH_HOST_DEVICE inline uint8_t e4m3_from_float(float x) {
  const uint32_t u = float_bits(x);
  const uint8_t sign = uint8_t((u >> 24) & 0x80u);
  const uint32_t magnitude = u & 0x7fffffffu;
  if (magnitude > 0x7f800000u) return sign | 0x7f;  // NaN
  constexpr uint32_t kMaxFinite = 0x7e;             // 1.75 * 2^8 = 448
  if (magnitude < 0x3c800000u) {                    // below 2^-6: subnormal steps of 2^-9
    return sign | uint8_t(rintf(bits_float(magnitude) *
                                512.0f));  // exact scaling; rintf rounds half to even
  }
  // Round the 23-bit fraction to 3 bits, half to even; a carry moves into the exponent, which
  // is how the code continues. Rebias 127 -> 7; past 448 (and infinity) saturates.
  const uint32_t rounded = (magnitude + 0x7ffffu + ((magnitude >> 20) & 1u)) >> 20;
  const uint32_t code = rounded - ((127u - 7u) << 3);
  return sign | uint8_t(code < kMaxFinite ? code : kMaxFinite);
}

}  // namespace moebench::gpu
