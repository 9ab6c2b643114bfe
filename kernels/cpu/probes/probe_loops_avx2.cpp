#include <immintrin.h>

#include "kernels/cpu/detail/simd_target.h"
#include "kernels/cpu/probes/probe_loops.h"

#define MOEBENCH_OPAQUE(v) asm volatile("" : "+x"(v))

namespace moebench::cpu::probes {

MOEBENCH_TARGET_PUSH(MOEBENCH_ISA_AVX2)

namespace {
float hsum256(__m256 v) {
  __m128 q = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  q = _mm_add_ps(q, _mm_movehl_ps(q, q));
  q = _mm_add_ss(q, _mm_movehdup_ps(q));
  return _mm_cvtss_f32(q);
}
}  // namespace

float fp32_fma_avx2(int64_t iterations) {
  __m256 acc[12];
  for (auto& a : acc) a = _mm256_set1_ps(1.0f);
  __m256 mul = _mm256_set1_ps(0.999999f);
  const __m256 add = _mm256_set1_ps(1e-6f);
  for (int64_t i = 0; i < iterations; ++i) {
    MOEBENCH_OPAQUE(mul);
#pragma GCC unroll 12
    for (auto& a : acc) a = _mm256_fmadd_ps(a, mul, add);
  }
  __m256 sum = acc[0];
  for (int j = 1; j < 12; ++j) sum = _mm256_add_ps(sum, acc[j]);
  return hsum256(sum);
}

// Without VNNI an int8 dot product is vpmaddubsw (u8·s8 pairs to s16) + vpmaddwd (s16 pairs
// to s32) + vpaddd: what the AVX2 int8 kernels execute.
int32_t int8_dot_avx2(int64_t iterations) {
  __m256i acc[8];
  for (auto& a : acc) a = _mm256_setzero_si256();
  __m256i u = _mm256_set1_epi8(3);
  const __m256i s = _mm256_set1_epi8(-2);
  const __m256i ones = _mm256_set1_epi16(1);
  for (int64_t i = 0; i < iterations; ++i) {
    MOEBENCH_OPAQUE(u);
#pragma GCC unroll 8
    for (auto& a : acc)
      a = _mm256_add_epi32(a, _mm256_madd_epi16(_mm256_maddubs_epi16(u, s), ones));
  }
  __m256i sum = acc[0];
  for (int j = 1; j < 8; ++j) sum = _mm256_add_epi32(sum, acc[j]);
  alignas(32) int32_t lanes[8];
  _mm256_store_si256(reinterpret_cast<__m256i*>(lanes), sum);
  int32_t total = 0;
  for (int32_t lane : lanes) total += lane;
  return total;
}

float read_sum_avx2(const float* begin, size_t count) {
  __m256 acc[4] = {_mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps(),
                   _mm256_setzero_ps()};
  for (size_t i = 0; i < count; i += 32) {
    acc[0] = _mm256_add_ps(acc[0], _mm256_load_ps(begin + i));
    acc[1] = _mm256_add_ps(acc[1], _mm256_load_ps(begin + i + 8));
    acc[2] = _mm256_add_ps(acc[2], _mm256_load_ps(begin + i + 16));
    acc[3] = _mm256_add_ps(acc[3], _mm256_load_ps(begin + i + 24));
  }
  return hsum256(_mm256_add_ps(_mm256_add_ps(acc[0], acc[1]), _mm256_add_ps(acc[2], acc[3])));
}

void triad_avx2(float* a, const float* b, const float* c, float s, size_t count) {
  const __m256 vs = _mm256_set1_ps(s);
  for (size_t i = 0; i < count; i += 8)
    _mm256_stream_ps(a + i, _mm256_fmadd_ps(vs, _mm256_load_ps(c + i), _mm256_load_ps(b + i)));
  _mm_sfence();
}

MOEBENCH_TARGET_POP

}  // namespace moebench::cpu::probes
