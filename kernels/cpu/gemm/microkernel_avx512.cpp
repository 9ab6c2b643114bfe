// AVX-512 micro-kernels: 8 rows × 2 panels = 16 zmm accumulators, broadcast activations, one
// panel load per k shared by all rows. bf16 uses vdpbf16ps (k pairs) and int8 vpdpbusd (k
// quads, activations offset to u8 with the offset removed through column sums).
#include <immintrin.h>

#include <cstring>

#include "kernels/cpu/detail/simd_target.h"
#include "kernels/cpu/gemm/microkernel.h"

namespace moebench::cpu {
namespace {

MOEBENCH_TARGET_PUSH(MOEBENCH_ISA_AVX512_ALL)

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

// --- fp32-accumulating tiles over weights widened to fp32 ------------------------------------
// A Loader gives the 16 weights of panel column block at k as fp32 (for int4: of k and k + 1).

struct LoadFp32 {
  static constexpr int kStep = 1;
  static void load(const PanelView& p, int64_t k, int, __m512* w) {
    w[0] = _mm512_load_ps(reinterpret_cast<const float*>(p.data) + k * 16);
  }
  static __m512 finish(const PanelView&, __m512 acc) { return acc; }
};

struct LoadFp16 {
  static constexpr int kStep = 1;
  static void load(const PanelView& p, int64_t k, int, __m512* w) {
    w[0] = _mm512_cvtph_ps(_mm256_load_si256(reinterpret_cast<const __m256i*>(p.data + k * 32)));
  }
  static __m512 finish(const PanelView&, __m512 acc) { return acc; }
};

// e4m3 bits moved into binary16 position are the same value times 2^-8 (subnormals included:
// both formats share the mantissa layout); the 2^8 is folded into the column scale.
struct LoadFp8 {
  static constexpr int kStep = 1;
  static void load(const PanelView& p, int64_t k, int, __m512* w) {
    const __m256i b =
        _mm256_cvtepu8_epi16(_mm_load_si128(reinterpret_cast<const __m128i*>(p.data + k * 16)));
    const __m256i h =
        _mm256_or_si256(_mm256_slli_epi16(_mm256_and_si256(b, _mm256_set1_epi16(0x80)), 8),
                        _mm256_slli_epi16(_mm256_and_si256(b, _mm256_set1_epi16(0x7F)), 7));
    w[0] = _mm512_cvtph_ps(h);
  }
  static __m512 finish(const PanelView& p, __m512 acc) {
    return _mm512_mul_ps(acc, _mm512_mul_ps(_mm512_load_ps(p.scales), _mm512_set1_ps(256.0f)));
  }
};

// Two k per byte; the group scale multiplies the widened weights (groups are even-sized).
struct LoadInt4 {
  static constexpr int kStep = 2;
  static void load(const PanelView& p, int64_t k, int group_size, __m512* w) {
    const __m512i b =
        _mm512_cvtepi8_epi32(_mm_load_si128(reinterpret_cast<const __m128i*>(p.data + k / 2 * 16)));
    const __m512i lo = _mm512_srai_epi32(_mm512_slli_epi32(b, 28), 28);
    const __m512i hi = _mm512_srai_epi32(b, 4);
    const __m512 scale = _mm512_load_ps(p.scales + k / group_size * 16);
    w[0] = _mm512_mul_ps(_mm512_cvtepi32_ps(lo), scale);
    w[1] = _mm512_mul_ps(_mm512_cvtepi32_ps(hi), scale);
  }
  static __m512 finish(const PanelView&, __m512 acc) { return acc; }
};

template <int R, int NP, typename L>
void fp_tile(const TileJob& j) {
  __m512 acc[R][NP];
  for (int r = 0; r < R; ++r)
    for (int q = 0; q < NP; ++q) acc[r][q] = _mm512_setzero_ps();
  const uint8_t* a = j.a;
  for (int64_t k = 0; k < j.k_padded; k += L::kStep) {
    __m512 w[NP][L::kStep];
    for (int q = 0; q < NP; ++q) L::load(j.b[q], k, j.group_size, w[q]);
    for (int s = 0; s < L::kStep; ++s)
      for (int r = 0; r < R; ++r) {
        const __m512 x = _mm512_set1_ps(load_f32(a + r * j.a_stride + (k + s) * 4));
        for (int q = 0; q < NP; ++q) acc[r][q] = _mm512_fmadd_ps(x, w[q][s], acc[r][q]);
      }
  }
  for (int r = 0; r < R; ++r)
    for (int q = 0; q < NP; ++q)
      _mm512_storeu_ps(j.c + r * kTileCols + q * 16, L::finish(j.b[q], acc[r][q]));
}

template <int R, int NP>
void bf16_tile(const TileJob& j) {
  __m512 acc[R][NP];
  for (int r = 0; r < R; ++r)
    for (int q = 0; q < NP; ++q) acc[r][q] = _mm512_setzero_ps();
  for (int64_t k2 = 0; k2 < j.k_padded / 2; ++k2) {
    __m512bh w[NP];
    for (int q = 0; q < NP; ++q) w[q] = (__m512bh)_mm512_load_si512(j.b[q].data + k2 * 64);
    for (int r = 0; r < R; ++r) {
      const __m512bh x = (__m512bh)_mm512_set1_epi32(load_i32(j.a + r * j.a_stride + k2 * 4));
      for (int q = 0; q < NP; ++q) acc[r][q] = _mm512_dpbf16_ps(acc[r][q], x, w[q]);
    }
  }
  for (int r = 0; r < R; ++r)
    for (int q = 0; q < NP; ++q) _mm512_storeu_ps(j.c + r * kTileCols + q * 16, acc[r][q]);
}

template <int R, int NP>
void int8_tile(const TileJob& j) {
  __m512i acc[R][NP];
  for (int r = 0; r < R; ++r)
    for (int q = 0; q < NP; ++q) acc[r][q] = _mm512_setzero_si512();
  const __m512i to_unsigned = _mm512_set1_epi32(int32_t(0x80808080u));
  for (int64_t k4 = 0; k4 < j.k_padded / 4; ++k4) {
    __m512i w[NP];
    for (int q = 0; q < NP; ++q) w[q] = _mm512_load_si512(j.b[q].data + k4 * 64);
    for (int r = 0; r < R; ++r) {
      // s8 code + 128 = code ^ 0x80 as u8
      const __m512i x =
          _mm512_xor_si512(_mm512_set1_epi32(load_i32(j.a + r * j.a_stride + k4 * 4)), to_unsigned);
      for (int q = 0; q < NP; ++q) acc[r][q] = _mm512_dpbusd_epi32(acc[r][q], x, w[q]);
    }
  }
  for (int q = 0; q < NP; ++q) {
    const __m512i offset =
        _mm512_slli_epi32(_mm512_loadu_si512(reinterpret_cast<const __m512i*>(j.b[q].col_sums)), 7);
    const __m512 wscale = _mm512_load_ps(j.b[q].scales);
    for (int r = 0; r < R; ++r) {
      const __m512 v = _mm512_cvtepi32_ps(_mm512_sub_epi32(acc[r][q], offset));
      _mm512_storeu_ps(j.c + r * kTileCols + q * 16,
                       _mm512_mul_ps(v, _mm512_mul_ps(wscale, _mm512_set1_ps(j.a_scales[r]))));
    }
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

template <typename L>
struct FpTile {
  template <int R, int NP>
  struct T {
    static void run(const TileJob& j) { fp_tile<R, NP, L>(j); }
  };
};
template <int R, int NP>
struct Bf16Tile {
  static void run(const TileJob& j) { bf16_tile<R, NP>(j); }
};
template <int R, int NP>
struct Int8Tile {
  static void run(const TileJob& j) { int8_tile<R, NP>(j); }
};

void fp32_kernel(const TileJob& j) { dispatch_rows<FpTile<LoadFp32>::T>(j); }
void fp16_kernel(const TileJob& j) { dispatch_rows<FpTile<LoadFp16>::T>(j); }
void fp8_kernel(const TileJob& j) { dispatch_rows<FpTile<LoadFp8>::T>(j); }
void int4_kernel(const TileJob& j) { dispatch_rows<FpTile<LoadInt4>::T>(j); }
void bf16_kernel(const TileJob& j) { dispatch_rows<Bf16Tile>(j); }
void int8_kernel(const TileJob& j) { dispatch_rows<Int8Tile>(j); }

// exp(x) for x ≤ 0 region and beyond: Cody-Waite range reduction, degree-6 polynomial,
// scalef for 2^n (relative error ≈ 2 ulp, enough for fp32 tolerances).
inline __m512 exp512(__m512 x) {
  x = _mm512_max_ps(_mm512_min_ps(x, _mm512_set1_ps(88.0f)), _mm512_set1_ps(-88.0f));
  const __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(1.44269504088896341f)),
                                        _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(0.693359375f), x);
  r = _mm512_fnmadd_ps(n, _mm512_set1_ps(-2.12194440e-4f), r);
  __m512 p = _mm512_set1_ps(1.9875691500e-4f);
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.3981999507e-3f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(8.3334519073e-3f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(4.1665795894e-2f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.6666665459e-1f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(5.0000001201e-1f));
  p = _mm512_fmadd_ps(p, _mm512_mul_ps(r, r), _mm512_add_ps(r, _mm512_set1_ps(1.0f)));
  return _mm512_scalef_ps(p, n);
}

void swiglu(const float* gate, const float* up, float* h, int64_t n) {
  int64_t i = 0;
  for (; i < n; i += 16) {
    const __mmask16 m = n - i >= 16 ? __mmask16(0xFFFF) : __mmask16((1u << (n - i)) - 1);
    const __m512 g = _mm512_maskz_loadu_ps(m, gate + i);
    const __m512 u = _mm512_maskz_loadu_ps(m, up + i);
    const __m512 e = exp512(_mm512_sub_ps(_mm512_setzero_ps(), g));
    const __m512 s = _mm512_div_ps(g, _mm512_add_ps(_mm512_set1_ps(1.0f), e));
    _mm512_mask_storeu_ps(h + i, m, _mm512_mul_ps(s, u));
  }
}

void axpy(float w, const float* y, float* out, int64_t n) {
  const __m512 vw = _mm512_set1_ps(w);
  for (int64_t i = 0; i < n; i += 16) {
    const __mmask16 m = n - i >= 16 ? __mmask16(0xFFFF) : __mmask16((1u << (n - i)) - 1);
    _mm512_mask_storeu_ps(
        out + i, m,
        _mm512_fmadd_ps(vw, _mm512_maskz_loadu_ps(m, y + i), _mm512_maskz_loadu_ps(m, out + i)));
  }
}

MOEBENCH_TARGET_POP

}  // namespace

const GemmIsa& gemm_isa_avx512() {
  static const GemmIsa isa = [] {
    GemmIsa t;
    t.level = IsaLevel::avx512;
    t.max_rows = 8;
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
