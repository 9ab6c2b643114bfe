// Portable micro-kernels over the same panel layouts: the fallback for CPUs without AVX2, and
// the dispatch level tests force to check the layouts independently of the SIMD code.
#include <cmath>
#include <cstring>

#include "kernels/cpu/gemm/activations.h"
#include "kernels/cpu/gemm/microkernel.h"

namespace moebench::cpu {
namespace {

float bf16_bits_to_float(uint16_t h) {
  const uint32_t u = uint32_t(h) << 16;
  float v;
  std::memcpy(&v, &u, 4);
  return v;
}

// binary16 → float, exact for every finite value.
float fp16_bits_to_float(uint16_t h) {
  const int exponent = (h >> 10) & 0x1F;
  const int mantissa = h & 0x3FF;
  float v;
  if (exponent == 0)
    v = std::ldexp(float(mantissa), -24);
  else if (exponent == 31)
    v = mantissa ? NAN : INFINITY;
  else
    v = std::ldexp(float(mantissa | 0x400), exponent - 25);
  return (h & 0x8000) ? -v : v;
}

// e4m3 (fn) → float, without its scale.
float e4m3_bits_to_float(uint8_t b) {
  const int exponent = (b >> 3) & 0xF;
  const int mantissa = b & 0x7;
  float v;
  if (exponent == 0)
    v = std::ldexp(float(mantissa), -9);
  else if (exponent == 15 && mantissa == 7)
    v = NAN;
  else
    v = std::ldexp(float(mantissa | 0x8), exponent - 10);
  return (b & 0x80) ? -v : v;
}

// Weight of column c at k of a panel, widened to float (int8: the integer code).
float weight_at(Precision p, const PanelView& v, int64_t k, int c, int group_size) {
  switch (p) {
    case Precision::fp32: {
      float w;
      std::memcpy(&w, v.data + (k * kPanelCols + c) * 4, 4);
      return w;
    }
    case Precision::fp16: {
      uint16_t h;
      std::memcpy(&h, v.data + (k * kPanelCols + c) * 2, 2);
      return fp16_bits_to_float(h);
    }
    case Precision::bf16: {
      uint16_t h;
      std::memcpy(&h, v.data + ((k / 2 * kPanelCols + c) * 2 + k % 2) * 2, 2);
      return bf16_bits_to_float(h);
    }
    case Precision::fp8_e4m3:
      return e4m3_bits_to_float(v.data[k * kPanelCols + c]) * v.scales[c];
    case Precision::int8:
      return float(static_cast<int8_t>(v.data[(k / 4 * kPanelCols + c) * 4 + k % 4]));
    case Precision::int4: {
      const uint8_t byte = v.data[k / 2 * kPanelCols + c];
      const int nibble = (k % 2) ? byte >> 4 : byte & 0xF;
      return float(nibble >= 8 ? nibble - 16 : nibble) * v.scales[k / group_size * kPanelCols + c];
    }
  }
  return 0;
}

float activation_at(Precision p, const uint8_t* row, int64_t k) {
  if (p == Precision::bf16) {
    uint16_t h;
    std::memcpy(&h, row + k * 2, 2);
    return bf16_bits_to_float(h);
  }
  if (p == Precision::int8) return float(static_cast<int8_t>(row[k]));
  float x;
  std::memcpy(&x, row + k * 4, 4);
  return x;
}

template <Precision P>
void tile(const TileJob& j) {
  for (int r = 0; r < j.rows; ++r) {
    const uint8_t* row = j.a + r * j.a_stride;
    for (int q = 0; q < j.panels; ++q)
      for (int c = 0; c < kPanelCols; ++c) {
        float result;
        if constexpr (P == Precision::int8) {
          int32_t acc = 0;  // exact, like the SIMD paths
          for (int64_t k = 0; k < j.k_padded; ++k)
            acc += int32_t(activation_at(P, row, k)) * int32_t(weight_at(P, j.b[q], k, c, 0));
          result = float(acc) * (j.b[q].scales[c] * j.a_scales[r]);
        } else {
          float acc = 0;
          for (int64_t k = 0; k < j.k_padded; ++k)
            acc += activation_at(P, row, k) * weight_at(P, j.b[q], k, c, j.group_size);
          result = acc;
        }
        j.c[r * kTileCols + q * kPanelCols + c] = result;
      }
  }
}

void swiglu(const float* gate, const float* up, float* h, int64_t n) {
  for (int64_t i = 0; i < n; ++i) h[i] = gate[i] / (1.0f + std::exp(-gate[i])) * up[i];
}

void axpy(float w, const float* y, float* out, int64_t n) {
  for (int64_t i = 0; i < n; ++i) out[i] = std::fma(w, y[i], out[i]);
}

}  // namespace

const GemmIsa& gemm_isa_scalar() {
  static const GemmIsa isa = [] {
    GemmIsa t;
    t.level = IsaLevel::scalar;
    t.max_rows = 4;
    t.kernel[int(Precision::fp32)] = tile<Precision::fp32>;
    t.kernel[int(Precision::bf16)] = tile<Precision::bf16>;
    t.kernel[int(Precision::fp16)] = tile<Precision::fp16>;
    t.kernel[int(Precision::fp8_e4m3)] = tile<Precision::fp8_e4m3>;
    t.kernel[int(Precision::int8)] = tile<Precision::int8>;
    t.kernel[int(Precision::int4)] = tile<Precision::int4>;
    t.swiglu = swiglu;
    t.axpy = axpy;
    return t;
  }();
  return isa;
}

const GemmIsa& active_gemm_isa() {
  switch (active_isa()) {
    case IsaLevel::avx512: {
      if (active_bf16() && active_vnni()) return gemm_isa_avx512();
      // AVX-512 without the dot-product extensions: their precisions take the AVX2 tiles.
      static const GemmIsa mixed = [] {
        GemmIsa t = gemm_isa_avx512();
        if (!hardware_features().avx512_bf16)
          t.kernel[int(Precision::bf16)] = gemm_isa_avx2().kernel[int(Precision::bf16)];
        if (!hardware_features().avx512_vnni)
          t.kernel[int(Precision::int8)] = gemm_isa_avx2().kernel[int(Precision::int8)];
        return t;
      }();
      return mixed;
    }
    case IsaLevel::avx2:
      return gemm_isa_avx2();
    case IsaLevel::scalar:
      break;
  }
  return gemm_isa_scalar();
}

}  // namespace moebench::cpu
