// AVX2 micro-kernels: a 16-column panel is two ymm, so a row of a 2-panel tile holds four
// accumulators; the preferred tile is 3 rows (12 ymm). bf16 widens pairs to fp32 (no dot
// instruction); int8 uses vpmaddubsw on |a| and sign(w, a) (no saturation: 2·127·127 < 2^15)
// then vpmaddwd, so no u8 offset is needed.
#include <immintrin.h>

#include <cmath>
#include <cstring>

#include "kernels/cpu/detail/simd_target.h"
#include "kernels/cpu/gemm/microkernel.h"

namespace moebench::cpu {
namespace {

MOEBENCH_TARGET_PUSH(MOEBENCH_ISA_AVX2)

inline float load_f32(const uint8_t* p) {
  float v;
  std::memcpy(&v, p, 4);
  return v;
}
inline int32_t load_i32(const uint8_t* p) {
  int32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

// Each loader yields, for panel p at k, the 16 columns as two ymm (w[s][0..1] for step s).
struct LoadFp32 {
  static constexpr int kStep = 1;
  static void load(const PanelView& p, int64_t k, int, __m256 (*w)[2]) {
    const float* src = reinterpret_cast<const float*>(p.data) + k * 16;
    w[0][0] = _mm256_load_ps(src);
    w[0][1] = _mm256_load_ps(src + 8);
  }
  static __m256 finish(const PanelView&, int, __m256 acc) { return acc; }
};

struct LoadFp16 {
  static constexpr int kStep = 1;
  static void load(const PanelView& p, int64_t k, int, __m256 (*w)[2]) {
    const auto* src = reinterpret_cast<const __m128i*>(p.data + k * 32);
    w[0][0] = _mm256_cvtph_ps(_mm_load_si128(src));
    w[0][1] = _mm256_cvtph_ps(_mm_load_si128(src + 1));
  }
  static __m256 finish(const PanelView&, int, __m256 acc) { return acc; }
};

struct LoadFp8 {
  static constexpr int kStep = 1;
  static void load(const PanelView& p, int64_t k, int, __m256 (*w)[2]) {
    const __m256i b =
        _mm256_cvtepu8_epi16(_mm_load_si128(reinterpret_cast<const __m128i*>(p.data + k * 16)));
    const __m256i h =
        _mm256_or_si256(_mm256_slli_epi16(_mm256_and_si256(b, _mm256_set1_epi16(0x80)), 8),
                        _mm256_slli_epi16(_mm256_and_si256(b, _mm256_set1_epi16(0x7F)), 7));
    w[0][0] = _mm256_cvtph_ps(_mm256_castsi256_si128(h));
    w[0][1] = _mm256_cvtph_ps(_mm256_extracti128_si256(h, 1));
  }
  static __m256 finish(const PanelView& p, int half, __m256 acc) {
    return _mm256_mul_ps(
        acc, _mm256_mul_ps(_mm256_loadu_ps(p.scales + 8 * half), _mm256_set1_ps(256.0f)));
  }
};

struct LoadInt4 {
  static constexpr int kStep = 2;
  static void load(const PanelView& p, int64_t k, int group_size, __m256 (*w)[2]) {
    const uint8_t* src = p.data + k / 2 * 16;
    const float* scale = p.scales + k / group_size * 16;
    for (int half = 0; half < 2; ++half) {
      __m128i bytes;
      std::memcpy(&bytes, src + 8 * half, 8);
      const __m256i b = _mm256_cvtepi8_epi32(bytes);
      const __m256i lo = _mm256_srai_epi32(_mm256_slli_epi32(b, 28), 28);
      const __m256i hi = _mm256_srai_epi32(b, 4);
      const __m256 s = _mm256_loadu_ps(scale + 8 * half);
      w[0][half] = _mm256_mul_ps(_mm256_cvtepi32_ps(lo), s);
      w[1][half] = _mm256_mul_ps(_mm256_cvtepi32_ps(hi), s);
    }
  }
  static __m256 finish(const PanelView&, int, __m256 acc) { return acc; }
};

// bf16 pairs [k/2][16][2]: the even k is the low half of each 32-bit lane.
struct LoadBf16 {
  static constexpr int kStep = 2;
  static void load(const PanelView& p, int64_t k, int, __m256 (*w)[2]) {
    const auto* src = reinterpret_cast<const __m256i*>(p.data + k / 2 * 64);
    for (int half = 0; half < 2; ++half) {
      const __m256i pairs = _mm256_load_si256(src + half);
      w[0][half] = _mm256_castsi256_ps(_mm256_slli_epi32(pairs, 16));
      w[1][half] =
          _mm256_castsi256_ps(_mm256_and_si256(pairs, _mm256_set1_epi32(int32_t(0xFFFF0000u))));
    }
  }
  static __m256 finish(const PanelView&, int, __m256 acc) { return acc; }
};

// Activation k as fp32: fp32 rows, or bf16 rows (bits shifted up).
struct ActFp32 {
  static float at(const uint8_t* row, int64_t k) { return load_f32(row + k * 4); }
};
struct ActBf16 {
  static float at(const uint8_t* row, int64_t k) {
    uint16_t h;
    std::memcpy(&h, row + k * 2, 2);
    const uint32_t u = uint32_t(h) << 16;
    float v;
    std::memcpy(&v, &u, 4);
    return v;
  }
};

template <int R, int NP, typename L, typename A>
void fp_tile(const TileJob& j) {
  __m256 acc[R][NP][2];
  for (int r = 0; r < R; ++r)
    for (int q = 0; q < NP; ++q) acc[r][q][0] = acc[r][q][1] = _mm256_setzero_ps();
  for (int64_t k = 0; k < j.k_padded; k += L::kStep) {
    __m256 w[NP][L::kStep][2];
    for (int q = 0; q < NP; ++q) L::load(j.b[q], k, j.group_size, w[q]);
    for (int s = 0; s < L::kStep; ++s)
      for (int r = 0; r < R; ++r) {
        const __m256 x = _mm256_set1_ps(A::at(j.a + r * j.a_stride, k + s));
        for (int q = 0; q < NP; ++q)
          for (int h = 0; h < 2; ++h) acc[r][q][h] = _mm256_fmadd_ps(x, w[q][s][h], acc[r][q][h]);
      }
  }
  for (int r = 0; r < R; ++r)
    for (int q = 0; q < NP; ++q)
      for (int h = 0; h < 2; ++h)
        _mm256_storeu_ps(j.c + r * kTileCols + q * 16 + h * 8, L::finish(j.b[q], h, acc[r][q][h]));
}

template <int R, int NP>
void int8_tile(const TileJob& j) {
  __m256i acc[R][NP][2];
  for (int r = 0; r < R; ++r)
    for (int q = 0; q < NP; ++q) acc[r][q][0] = acc[r][q][1] = _mm256_setzero_si256();
  const __m256i ones = _mm256_set1_epi16(1);
  for (int64_t k4 = 0; k4 < j.k_padded / 4; ++k4) {
    __m256i w[NP][2];
    for (int q = 0; q < NP; ++q)
      for (int h = 0; h < 2; ++h)
        w[q][h] = _mm256_load_si256(reinterpret_cast<const __m256i*>(j.b[q].data + k4 * 64) + h);
    for (int r = 0; r < R; ++r) {
      const __m256i x = _mm256_set1_epi32(load_i32(j.a + r * j.a_stride + k4 * 4));
      const __m256i ax = _mm256_abs_epi8(x);
      for (int q = 0; q < NP; ++q)
        for (int h = 0; h < 2; ++h) {
          const __m256i prod = _mm256_maddubs_epi16(ax, _mm256_sign_epi8(w[q][h], x));
          acc[r][q][h] = _mm256_add_epi32(acc[r][q][h], _mm256_madd_epi16(prod, ones));
        }
    }
  }
  for (int q = 0; q < NP; ++q)
    for (int h = 0; h < 2; ++h) {
      const __m256 wscale = _mm256_loadu_ps(j.b[q].scales + 8 * h);
      for (int r = 0; r < R; ++r)
        _mm256_storeu_ps(j.c + r * kTileCols + q * 16 + h * 8,
                         _mm256_mul_ps(_mm256_cvtepi32_ps(acc[r][q][h]),
                                       _mm256_mul_ps(wscale, _mm256_set1_ps(j.a_scales[r]))));
    }
}

template <template <int, int> class Tile>
void dispatch_rows(const TileJob& j) {
  const bool two = j.panels == 2;
  switch (j.rows) {
#define MOEBENCH_ROWS(R)                           \
  case R:                                          \
    two ? Tile<R, 2>::run(j) : Tile<R, 1>::run(j); \
    break;
    MOEBENCH_ROWS(1)
    MOEBENCH_ROWS(2)
    MOEBENCH_ROWS(3)
    MOEBENCH_ROWS(4)
    MOEBENCH_ROWS(5)
    MOEBENCH_ROWS(6)
    MOEBENCH_ROWS(7)
    MOEBENCH_ROWS(8)
#undef MOEBENCH_ROWS
    default:
      break;
  }
}

template <typename L, typename A>
struct FpTile {
  template <int R, int NP>
  struct T {
    static void run(const TileJob& j) { fp_tile<R, NP, L, A>(j); }
  };
};
template <int R, int NP>
struct Int8Tile {
  static void run(const TileJob& j) { int8_tile<R, NP>(j); }
};

void fp32_kernel(const TileJob& j) { dispatch_rows<FpTile<LoadFp32, ActFp32>::T>(j); }
void fp16_kernel(const TileJob& j) { dispatch_rows<FpTile<LoadFp16, ActFp32>::T>(j); }
void fp8_kernel(const TileJob& j) { dispatch_rows<FpTile<LoadFp8, ActFp32>::T>(j); }
void int4_kernel(const TileJob& j) { dispatch_rows<FpTile<LoadInt4, ActFp32>::T>(j); }
void bf16_kernel(const TileJob& j) { dispatch_rows<FpTile<LoadBf16, ActBf16>::T>(j); }
void int8_kernel(const TileJob& j) { dispatch_rows<Int8Tile>(j); }

// exp as in the AVX-512 file; 2^n built in the exponent bits (n within ±127 after clamping).
inline __m256 exp256(__m256 x) {
  x = _mm256_max_ps(_mm256_min_ps(x, _mm256_set1_ps(88.0f)), _mm256_set1_ps(-87.0f));
  const __m256 n = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(1.44269504088896341f)),
                                   _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693359375f), x);
  r = _mm256_fnmadd_ps(n, _mm256_set1_ps(-2.12194440e-4f), r);
  __m256 p = _mm256_set1_ps(1.9875691500e-4f);
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.3981999507e-3f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(8.3334519073e-3f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(4.1665795894e-2f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.6666665459e-1f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(5.0000001201e-1f));
  p = _mm256_fmadd_ps(p, _mm256_mul_ps(r, r), _mm256_add_ps(r, _mm256_set1_ps(1.0f)));
  const __m256i e =
      _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23);
  return _mm256_mul_ps(p, _mm256_castsi256_ps(e));
}

void swiglu(const float* gate, const float* up, float* h, int64_t n) {
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m256 g = _mm256_loadu_ps(gate + i);
    const __m256 e = exp256(_mm256_sub_ps(_mm256_setzero_ps(), g));
    const __m256 s = _mm256_div_ps(g, _mm256_add_ps(_mm256_set1_ps(1.0f), e));
    _mm256_storeu_ps(h + i, _mm256_mul_ps(s, _mm256_loadu_ps(up + i)));
  }
  if (i < n) {  // the tail through a padded copy, so the same arithmetic applies
    alignas(32) float g[8] = {}, u[8] = {}, out[8];
    std::memcpy(g, gate + i, size_t(n - i) * 4);
    std::memcpy(u, up + i, size_t(n - i) * 4);
    swiglu(g, u, out, 8);
    std::memcpy(h + i, out, size_t(n - i) * 4);
  }
}

void axpy(float w, const float* y, float* out, int64_t n) {
  const __m256 vw = _mm256_set1_ps(w);
  int64_t i = 0;
  for (; i + 8 <= n; i += 8)
    _mm256_storeu_ps(out + i,
                     _mm256_fmadd_ps(vw, _mm256_loadu_ps(y + i), _mm256_loadu_ps(out + i)));
  for (; i < n; ++i) out[i] = std::fma(w, y[i], out[i]);
}

MOEBENCH_TARGET_POP

}  // namespace

const GemmIsa& gemm_isa_avx2() {
  static const GemmIsa isa = [] {
    GemmIsa t;
    t.level = IsaLevel::avx2;
    t.max_rows = 3;
    t.kernel[int(Precision::fp32)] = fp32_kernel;
    t.kernel[int(Precision::bf16)] = bf16_kernel;
    t.kernel[int(Precision::fp16)] = fp16_kernel;
    t.kernel[int(Precision::fp8_e4m3)] = fp8_kernel;
    t.kernel[int(Precision::int8)] = int8_kernel;
    t.kernel[int(Precision::int4)] = int4_kernel;
    t.swiglu = swiglu;
    t.axpy = axpy;
    return t;
  }();
  return isa;
}

}  // namespace moebench::cpu
