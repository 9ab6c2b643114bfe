#include "kernels/reference/quant.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>

#include "harness/core/error.h"

namespace moebench::ref {
namespace {

// Round to nearest, ties to even, written out so that it does not depend on the floating-point
// environment's rounding mode.
double round_half_even(double v) {
  const double lower = std::floor(v);
  const double diff = v - lower;
  if (diff < 0.5) return lower;
  if (diff > 0.5) return lower + 1;
  return std::fmod(lower, 2.0) == 0 ? lower : lower + 1;
}

// Encodes a finite magnitude a >= 0 into a binary floating-point format with `mantissa_bits`
// stored fraction bits and exponent bias `bias`, rounding to nearest even. The result is the
// bit pattern without the sign and without any overflow handling (callers clamp): exponent
// fields beyond the format's range simply come out as larger integers.
//
// With e = max(floor(log2 a), 1 - bias), a = m * 2^(e - mantissa_bits) where m is the integer
// significand (implicit bit included for normals). The encoding of exponent field E and
// fraction f is E * 2^mb + f; for a normal E = e + bias and m = 2^mb + f, for a subnormal E = 0
// and m = f with e = 1 - bias. Both are ((e + bias - 1) << mb) + m, and a significand that
// rounds up to 2^(mb+1) carries into the exponent field by that same addition.
uint32_t encode_magnitude(double a, int mantissa_bits, int bias) {
  const int min_exp = 1 - bias;
  const int e = a == 0 ? min_exp : std::max(std::ilogb(a), min_exp);
  const double m = round_half_even(std::ldexp(a, mantissa_bits - e));
  return static_cast<uint32_t>(e + bias - 1) * (1u << mantissa_bits) + static_cast<uint32_t>(m);
}

float scale_for(float max_abs, float representable_max) {
  return max_abs > 0 ? max_abs / representable_max : 1.0f;
}

float max_abs_of(const float* v, int64_t n) {
  float m = 0;
  for (int64_t i = 0; i < n; ++i) m = std::max(m, std::fabs(v[i]));
  return m;
}

int quantize_to_int(float v, float scale, int lo, int hi) {
  const double q = round_half_even(static_cast<double>(v / scale));
  return static_cast<int>(std::clamp(q, static_cast<double>(lo), static_cast<double>(hi)));
}

int64_t bytes_per_element_times_two(Precision p) {
  switch (p) {
    case Precision::fp32:
      return 8;
    case Precision::bf16:
    case Precision::fp16:
      return 4;
    case Precision::fp8_e4m3:
    case Precision::int8:
      return 2;
    case Precision::int4:
      return 1;
  }
  return 8;
}

void store_u16(uint8_t* dst, uint16_t v) { std::memcpy(dst, &v, sizeof v); }
uint16_t load_u16(const uint8_t* src) {
  uint16_t v;
  std::memcpy(&v, src, sizeof v);
  return v;
}

}  // namespace

uint16_t float_to_bf16(float x) {
  const uint32_t bits = std::bit_cast<uint32_t>(x);
  if (std::isnan(x)) return static_cast<uint16_t>((bits >> 16) | 0x0040);  // keep it a NaN
  // Adding 0x7FFF rounds halves down and everything above up; the extra +1 when the kept
  // lowest bit is odd turns exact halves into round-half-to-even. Overflow carries into inf.
  const uint32_t rounding = 0x7FFF + ((bits >> 16) & 1);
  return static_cast<uint16_t>((bits + rounding) >> 16);
}

float bf16_to_float(uint16_t x) { return std::bit_cast<float>(static_cast<uint32_t>(x) << 16); }

uint16_t float_to_fp16(float x) {
  const uint16_t sign = std::signbit(x) ? 0x8000 : 0;
  if (std::isnan(x)) return sign | 0x7E00;
  const double a = std::fabs(static_cast<double>(x));
  if (std::isinf(x)) return sign | 0x7C00;
  const uint32_t bits = encode_magnitude(a, 10, 15);
  return static_cast<uint16_t>(sign | std::min<uint32_t>(bits, 0x7C00));  // overflow: inf
}

float fp16_to_float(uint16_t x) {
  const uint32_t sign = static_cast<uint32_t>(x & 0x8000) << 16;
  const uint32_t exponent = (x >> 10) & 0x1F;
  const uint32_t fraction = x & 0x3FF;
  if (exponent == 0) {  // zero or subnormal: fraction * 2^-24, exact in float
    const float magnitude = static_cast<float>(fraction) * 0x1p-24f;
    return sign ? -magnitude : magnitude;
  }
  if (exponent == 0x1F) return std::bit_cast<float>(sign | 0x7F800000u | (fraction << 13));
  return std::bit_cast<float>(sign | ((exponent + 127 - 15) << 23) | (fraction << 13));
}

uint8_t float_to_e4m3(float x) {
  const uint8_t sign = std::signbit(x) ? 0x80 : 0;
  if (std::isnan(x)) return sign | 0x7F;
  constexpr uint32_t kMaxFinite = 0x7E;  // 0 1111 110 = 1.75 * 2^8 = 448
  if (std::isinf(x)) return static_cast<uint8_t>(sign | kMaxFinite);  // saturating
  const uint32_t bits = encode_magnitude(std::fabs(static_cast<double>(x)), 3, 7);
  return static_cast<uint8_t>(sign | std::min(bits, kMaxFinite));
}

float e4m3_to_float(uint8_t x) {
  const bool negative = x & 0x80;
  const uint32_t exponent = (x >> 3) & 0xF;
  const uint32_t fraction = x & 0x7;
  float magnitude;
  if (exponent == 0xF && fraction == 0x7) {
    magnitude = std::numeric_limits<float>::quiet_NaN();
  } else if (exponent == 0) {  // zero or subnormal: fraction * 2^-9
    magnitude = static_cast<float>(fraction) * 0x1p-9f;
  } else {
    magnitude = std::bit_cast<float>(((exponent + 127 - 7) << 23) | (fraction << 20));
  }
  return negative ? -magnitude : magnitude;
}

int64_t QuantizedMatrix::row_bytes() const {
  return (cols * bytes_per_element_times_two(precision) + 1) / 2;
}

int64_t QuantizedMatrix::groups_per_row() const {
  if (precision != Precision::int4 || group_size <= 0) return 0;
  return (cols + group_size - 1) / group_size;
}

QuantizedMatrix quantize(const float* w, int64_t rows, int64_t cols, Precision p, int group_size) {
  if (rows < 0 || cols < 0) throw UserError("quantize: negative matrix shape");
  if (p == Precision::int4 && group_size <= 0)
    throw UserError("int4 group size must be positive, got " + std::to_string(group_size));
  QuantizedMatrix q;
  q.precision = p;
  q.rows = rows;
  q.cols = cols;
  q.group_size = p == Precision::int4 ? group_size : 0;
  const int64_t row_bytes = q.row_bytes();
  q.data.assign(static_cast<size_t>(rows * row_bytes), 0);
  if (p == Precision::fp8_e4m3 || p == Precision::int8) q.scales.resize(static_cast<size_t>(rows));
  if (p == Precision::int4) q.scales.resize(static_cast<size_t>(rows * q.groups_per_row()));

  for (int64_t r = 0; r < rows; ++r) {
    const float* src = w + r * cols;
    uint8_t* dst = q.data.data() + r * row_bytes;
    switch (p) {
      case Precision::fp32:
        std::memcpy(dst, src, static_cast<size_t>(cols) * sizeof(float));
        break;
      case Precision::bf16:
        for (int64_t c = 0; c < cols; ++c) store_u16(dst + 2 * c, float_to_bf16(src[c]));
        break;
      case Precision::fp16:
        for (int64_t c = 0; c < cols; ++c) store_u16(dst + 2 * c, float_to_fp16(src[c]));
        break;
      case Precision::fp8_e4m3: {
        const float scale = scale_for(max_abs_of(src, cols), 448.0f);
        q.scales[static_cast<size_t>(r)] = scale;
        for (int64_t c = 0; c < cols; ++c) dst[c] = float_to_e4m3(src[c] / scale);
        break;
      }
      case Precision::int8: {
        const float scale = scale_for(max_abs_of(src, cols), 127.0f);
        q.scales[static_cast<size_t>(r)] = scale;
        for (int64_t c = 0; c < cols; ++c)
          dst[c] =
              static_cast<uint8_t>(static_cast<int8_t>(quantize_to_int(src[c], scale, -127, 127)));
        break;
      }
      case Precision::int4: {
        const int64_t groups = q.groups_per_row();
        for (int64_t g = 0; g < groups; ++g) {
          const int64_t begin = g * group_size;
          const int64_t end = std::min(cols, begin + group_size);
          const float scale = scale_for(max_abs_of(src + begin, end - begin), 7.0f);
          q.scales[static_cast<size_t>(r * groups + g)] = scale;
          for (int64_t c = begin; c < end; ++c) {
            const auto nibble = static_cast<uint8_t>(quantize_to_int(src[c], scale, -8, 7) & 0xF);
            dst[c / 2] |= static_cast<uint8_t>(c % 2 == 0 ? nibble : nibble << 4);
          }
        }
        break;
      }
    }
  }
  return q;
}

namespace {

// Decoding by table gives the bit-level decoders' values at one load per weight, which keeps
// the reference kernels' weight decoding from dominating small-batch runs.
template <size_t N, typename Decode>
std::vector<float> decode_table(Decode decode) {
  std::vector<float> table(N);
  for (size_t i = 0; i < N; ++i) table[i] = decode(static_cast<uint32_t>(i));
  return table;
}

const std::vector<float>& fp16_table() {
  static const std::vector<float> table =
      decode_table<0x10000>([](uint32_t b) { return fp16_to_float(static_cast<uint16_t>(b)); });
  return table;
}

const std::vector<float>& e4m3_table() {
  static const std::vector<float> table =
      decode_table<0x100>([](uint32_t b) { return e4m3_to_float(static_cast<uint8_t>(b)); });
  return table;
}

}  // namespace

void dequantize_row(const QuantizedMatrix& q, int64_t row, float* out) {
  const uint8_t* src = q.data.data() + row * q.row_bytes();
  const int64_t cols = q.cols;
  switch (q.precision) {
    case Precision::fp32:
      std::memcpy(out, src, static_cast<size_t>(cols) * sizeof(float));
      break;
    case Precision::bf16:
      for (int64_t c = 0; c < cols; ++c) out[c] = bf16_to_float(load_u16(src + 2 * c));
      break;
    case Precision::fp16: {
      const float* table = fp16_table().data();
      for (int64_t c = 0; c < cols; ++c) out[c] = table[load_u16(src + 2 * c)];
      break;
    }
    case Precision::fp8_e4m3: {
      const float* table = e4m3_table().data();
      const float scale = q.scales[static_cast<size_t>(row)];
      for (int64_t c = 0; c < cols; ++c) out[c] = table[src[c]] * scale;
      break;
    }
    case Precision::int8: {
      const float scale = q.scales[static_cast<size_t>(row)];
      for (int64_t c = 0; c < cols; ++c)
        out[c] = static_cast<float>(static_cast<int8_t>(src[c])) * scale;
      break;
    }
    case Precision::int4: {
      const int64_t groups = q.groups_per_row();
      for (int64_t g = 0; g < groups; ++g) {
        const float scale = q.scales[static_cast<size_t>(row * groups + g)];
        const int64_t end = std::min(cols, (g + 1) * q.group_size);
        for (int64_t c = g * q.group_size; c < end; ++c) {
          const int nibble = (src[c / 2] >> (4 * (c % 2))) & 0xF;  // element 2j: low nibble
          out[c] = static_cast<float>((nibble ^ 8) - 8) * scale;   // sign-extend 4-bit code
        }
      }
      break;
    }
  }
}

std::vector<float> dequantize(const QuantizedMatrix& q) {
  std::vector<float> w(static_cast<size_t>(q.rows * q.cols));
  for (int64_t r = 0; r < q.rows; ++r) dequantize_row(q, r, w.data() + r * q.cols);
  return w;
}

std::vector<float> quantize_dequantize(const float* w, int64_t rows, int64_t cols, Precision p,
                                       int group_size) {
  return dequantize(quantize(w, rows, cols, p, group_size));
}

void round_activations(float* x, int64_t rows, int64_t cols, Precision p, Activations a) {
  if (a == Activations::fp8_per_token && p == Precision::fp8_e4m3) {
    for (int64_t r = 0; r < rows; ++r) {
      float* row = x + r * cols;
      const float scale = scale_for(max_abs_of(row, cols), 448.0f);
      for (int64_t c = 0; c < cols; ++c)
        row[c] = e4m3_to_float(float_to_e4m3(row[c] / scale)) * scale;
    }
  } else if (p == Precision::bf16) {
    for (int64_t i = 0; i < rows * cols; ++i) x[i] = bf16_to_float(float_to_bf16(x[i]));
  } else if (p == Precision::int8) {
    for (int64_t r = 0; r < rows; ++r) {
      float* row = x + r * cols;
      const float scale = scale_for(max_abs_of(row, cols), 127.0f);
      for (int64_t c = 0; c < cols; ++c)
        row[c] = static_cast<float>(quantize_to_int(row[c], scale, -127, 127)) * scale;
    }
  }
}

}  // namespace moebench::ref
