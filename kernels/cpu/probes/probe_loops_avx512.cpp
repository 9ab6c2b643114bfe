#include <immintrin.h>

#include "kernels/cpu/detail/simd_target.h"
#include "kernels/cpu/probes/probe_loops.h"

// An empty asm that claims to modify v: stops the compiler hoisting loop-invariant products.
#define MOEBENCH_OPAQUE(v) asm volatile("" : "+v"(v))

namespace moebench::cpu::probes {

MOEBENCH_TARGET_PUSH(MOEBENCH_ISA_AVX512_ALL)

float fp32_fma_avx512(int64_t iterations) {
  __m512 acc[12];
  for (auto& a : acc) a = _mm512_set1_ps(1.0f);
  __m512 mul = _mm512_set1_ps(0.999999f);
  const __m512 add = _mm512_set1_ps(1e-6f);
  for (int64_t i = 0; i < iterations; ++i) {
    MOEBENCH_OPAQUE(mul);
#pragma GCC unroll 12
    for (auto& a : acc) a = _mm512_fmadd_ps(a, mul, add);
  }
  __m512 sum = acc[0];
  for (int j = 1; j < 12; ++j) sum = _mm512_add_ps(sum, acc[j]);
  return _mm512_reduce_add_ps(sum);
}

float bf16_dot_avx512(int64_t iterations) {
  __m512 acc[12];
  for (auto& a : acc) a = _mm512_setzero_ps();
  __m512bh x = _mm512_cvtne2ps_pbh(_mm512_set1_ps(1e-3f), _mm512_set1_ps(2e-3f));
  const __m512bh y = _mm512_cvtne2ps_pbh(_mm512_set1_ps(0.5f), _mm512_set1_ps(0.25f));
  for (int64_t i = 0; i < iterations; ++i) {
    MOEBENCH_OPAQUE(x);
#pragma GCC unroll 12
    for (auto& a : acc) a = _mm512_dpbf16_ps(a, x, y);
  }
  __m512 sum = acc[0];
  for (int j = 1; j < 12; ++j) sum = _mm512_add_ps(sum, acc[j]);
  return _mm512_reduce_add_ps(sum);
}

int32_t int8_dot_vnni(int64_t iterations) {
  __m512i acc[12];
  for (auto& a : acc) a = _mm512_setzero_si512();
  __m512i u = _mm512_set1_epi8(3);
  const __m512i s = _mm512_set1_epi8(-2);
  for (int64_t i = 0; i < iterations; ++i) {
    MOEBENCH_OPAQUE(u);
#pragma GCC unroll 12
    for (auto& a : acc) a = _mm512_dpbusd_epi32(a, u, s);
  }
  __m512i sum = acc[0];
  for (int j = 1; j < 12; ++j) sum = _mm512_add_epi32(sum, acc[j]);
  return _mm512_reduce_add_epi32(sum);
}

float read_sum_avx512(const float* begin, size_t count) {
  __m512 acc[4] = {_mm512_setzero_ps(), _mm512_setzero_ps(), _mm512_setzero_ps(),
                   _mm512_setzero_ps()};
  for (size_t i = 0; i < count; i += 64) {
    acc[0] = _mm512_add_ps(acc[0], _mm512_load_ps(begin + i));
    acc[1] = _mm512_add_ps(acc[1], _mm512_load_ps(begin + i + 16));
    acc[2] = _mm512_add_ps(acc[2], _mm512_load_ps(begin + i + 32));
    acc[3] = _mm512_add_ps(acc[3], _mm512_load_ps(begin + i + 48));
  }
  return _mm512_reduce_add_ps(
      _mm512_add_ps(_mm512_add_ps(acc[0], acc[1]), _mm512_add_ps(acc[2], acc[3])));
}

void triad_avx512(float* a, const float* b, const float* c, float s, size_t count) {
  const __m512 vs = _mm512_set1_ps(s);
  for (size_t i = 0; i < count; i += 16)
    _mm512_stream_ps(a + i, _mm512_fmadd_ps(vs, _mm512_load_ps(c + i), _mm512_load_ps(b + i)));
  _mm_sfence();
}

MOEBENCH_TARGET_POP

}  // namespace moebench::cpu::probes
