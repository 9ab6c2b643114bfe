#include "kernels/reference/quant.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <functional>
#include <limits>

#include "harness/core/error.h"
#include "reference_test_data.h"

namespace moebench::ref {
namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

TEST(Bf16, KnownBitPatterns) {
  EXPECT_EQ(float_to_bf16(1.0f), 0x3F80);
  EXPECT_EQ(float_to_bf16(-2.0f), 0xC000);
  EXPECT_EQ(float_to_bf16(0.0f), 0x0000);
  EXPECT_EQ(float_to_bf16(-0.0f), 0x8000);
  // 1 + 2^-8 lies halfway between 0x3F80 (even) and 0x3F81: ties go to even.
  EXPECT_EQ(float_to_bf16(1.0f + 0x1p-8f), 0x3F80);
  // 1 + 3*2^-8 lies halfway between 0x3F81 and 0x3F82 (even).
  EXPECT_EQ(float_to_bf16(1.0f + 3 * 0x1p-8f), 0x3F82);
  EXPECT_EQ(float_to_bf16(1.0f + 0x1p-8f + 0x1p-20f), 0x3F81);          // just above the tie
  EXPECT_EQ(float_to_bf16(std::numeric_limits<float>::max()), 0x7F80);  // rounds up to inf
  EXPECT_EQ(float_to_bf16(kInf), 0x7F80);
  EXPECT_EQ(float_to_bf16(-kInf), 0xFF80);
  // Subnormals: float 2^-134 is halfway between bf16 0 and 2^-133 (0x0001): to even, 0.
  EXPECT_EQ(float_to_bf16(0x1p-134f), 0x0000);
  EXPECT_EQ(float_to_bf16(3 * 0x1p-134f), 0x0002);
  EXPECT_EQ(float_to_bf16(0x1p-133f), 0x0001);
  EXPECT_TRUE(std::isnan(bf16_to_float(float_to_bf16(kNaN))));
  // A NaN whose payload sits only in the dropped bits must not become inf.
  EXPECT_TRUE(std::isnan(bf16_to_float(float_to_bf16(std::bit_cast<float>(0x7F800001u)))));
  EXPECT_EQ(bf16_to_float(0x4049), 3.140625f);
  EXPECT_EQ(bf16_to_float(0x0001), 0x1p-133f);
}

TEST(Fp16, KnownBitPatterns) {
  EXPECT_EQ(float_to_fp16(1.0f), 0x3C00);
  EXPECT_EQ(float_to_fp16(-2.0f), 0xC000);
  EXPECT_EQ(float_to_fp16(-0.0f), 0x8000);
  EXPECT_EQ(float_to_fp16(65504.0f), 0x7BFF);  // largest finite
  EXPECT_EQ(float_to_fp16(65519.0f), 0x7BFF);  // below the midpoint to 65536
  EXPECT_EQ(float_to_fp16(65520.0f), 0x7C00);  // the midpoint: ties to even = overflow to inf
  EXPECT_EQ(float_to_fp16(1e6f), 0x7C00);
  EXPECT_EQ(float_to_fp16(-kInf), 0xFC00);
  EXPECT_EQ(float_to_fp16(1.0f + 0x1p-11f), 0x3C00);      // tie, to even
  EXPECT_EQ(float_to_fp16(1.0f + 3 * 0x1p-11f), 0x3C02);  // tie, to even
  EXPECT_EQ(float_to_fp16(0x1p-14f), 0x0400);             // smallest normal
  EXPECT_EQ(float_to_fp16(0x1p-24f), 0x0001);             // smallest subnormal
  EXPECT_EQ(float_to_fp16(0x1p-25f), 0x0000);             // tie between 0 and 2^-24
  EXPECT_EQ(float_to_fp16(3 * 0x1p-25f), 0x0002);         // tie between 1 and 2 ulp
  EXPECT_EQ(float_to_fp16(0x1p-14f - 0x1p-25f), 0x0400);  // subnormal rounding up into normal
  EXPECT_EQ(float_to_fp16(1e-10f), 0x0000);
  EXPECT_TRUE(std::isnan(fp16_to_float(float_to_fp16(kNaN))));
  EXPECT_EQ(fp16_to_float(0x3555), 0.333251953125f);
  EXPECT_EQ(fp16_to_float(0x8001), -0x1p-24f);
  EXPECT_EQ(fp16_to_float(0x7C00), kInf);
}

TEST(E4m3, KnownBitPatterns) {
  EXPECT_EQ(float_to_e4m3(1.0f), 0x38);    // 0 0111 000
  EXPECT_EQ(float_to_e4m3(-1.5f), 0xBC);   // 1 0111 100
  EXPECT_EQ(float_to_e4m3(448.0f), 0x7E);  // 0 1111 110, the largest finite
  EXPECT_EQ(float_to_e4m3(464.0f), 0x7E);  // past the top: saturates, never NaN
  EXPECT_EQ(float_to_e4m3(1e9f), 0x7E);
  EXPECT_EQ(float_to_e4m3(-1e9f), 0xFE);
  EXPECT_EQ(float_to_e4m3(kInf), 0x7E);
  EXPECT_EQ(float_to_e4m3(-kInf), 0xFE);
  EXPECT_EQ(float_to_e4m3(1.0625f), 0x38);   // 1 + 2^-4: tie between 0x38 (even) and 0x39
  EXPECT_EQ(float_to_e4m3(1.1875f), 0x3A);   // 1 + 3*2^-4: tie between 0x39 and 0x3A (even)
  EXPECT_EQ(float_to_e4m3(0x1p-6f), 0x08);   // smallest normal
  EXPECT_EQ(float_to_e4m3(0x1p-9f), 0x01);   // smallest subnormal
  EXPECT_EQ(float_to_e4m3(0x1p-10f), 0x00);  // tie between 0 and 2^-9
  EXPECT_EQ(float_to_e4m3(3 * 0x1p-10f), 0x02);
  EXPECT_EQ((float_to_e4m3(kNaN) & 0x7F), 0x7F);
  EXPECT_EQ(e4m3_to_float(0x77), 240.0f);  // 0 1110 111 = 1.875 * 2^7
  EXPECT_EQ(e4m3_to_float(0x7E), 448.0f);
  EXPECT_EQ(e4m3_to_float(0x03), 3 * 0x1p-9f);
  EXPECT_EQ(e4m3_to_float(0x80), 0.0f);
  EXPECT_TRUE(std::signbit(e4m3_to_float(0x80)));
  EXPECT_TRUE(std::isnan(e4m3_to_float(0x7F)));
  EXPECT_TRUE(std::isnan(e4m3_to_float(0xFF)));
  EXPECT_FALSE(std::isnan(e4m3_to_float(0x7E)));
}

// Every finite pattern of a format survives decode → encode, and between each two adjacent
// positive values the midpoint goes to the even pattern and anything off the midpoint to the
// nearer value. Exhaustive, so it covers subnormals and the top of the range.
void check_format_exhaustively(uint32_t count, const std::function<bool(uint32_t)>& is_finite,
                               const std::function<float(uint32_t)>& decode,
                               const std::function<uint32_t(float)>& encode) {
  for (uint32_t bits = 0; bits < count; ++bits) {
    if (!is_finite(bits)) continue;
    ASSERT_EQ(encode(decode(bits)), bits) << "pattern " << bits;
  }
  const uint32_t positive = count / 2;
  for (uint32_t bits = 0; bits + 1 < positive && is_finite(bits + 1); ++bits) {
    const float lo = decode(bits);
    const float hi = decode(bits + 1);
    const float mid = lo + (hi - lo) / 2;  // exact (narrow formats); lo + hi could overflow
    ASSERT_EQ(encode(mid), bits % 2 == 0 ? bits : bits + 1) << "midpoint above " << bits;
    ASSERT_EQ(encode(std::nextafter(mid, 0.0f)), bits) << "below midpoint above " << bits;
    ASSERT_EQ(encode(std::nextafter(mid, kInf)), bits + 1) << "above midpoint above " << bits;
  }
}

TEST(Bf16, ExhaustiveRoundTripAndTies) {
  check_format_exhaustively(
      0x10000, [](uint32_t b) { return (b & 0x7F80) != 0x7F80; },
      [](uint32_t b) { return bf16_to_float(static_cast<uint16_t>(b)); },
      [](float f) { return static_cast<uint32_t>(float_to_bf16(f)); });
}

TEST(Fp16, ExhaustiveRoundTripAndTies) {
  check_format_exhaustively(
      0x10000, [](uint32_t b) { return (b & 0x7C00) != 0x7C00; },
      [](uint32_t b) { return fp16_to_float(static_cast<uint16_t>(b)); },
      [](float f) { return static_cast<uint32_t>(float_to_fp16(f)); });
}

TEST(E4m3, ExhaustiveRoundTripAndTies) {
  check_format_exhaustively(
      0x100, [](uint32_t b) { return (b & 0x7F) != 0x7F; },
      [](uint32_t b) { return e4m3_to_float(static_cast<uint8_t>(b)); },
      [](float f) { return static_cast<uint32_t>(float_to_e4m3(f)); });
}

TEST(Quantize, Int4PackingAndGroups) {
  // Row 0: group [7, -7] scale 1, group [1, 0] scale 1/7, group [-3] scale 3/7 (partial).
  const std::vector<float> w = {7, -7, 1, 0, -3,  //
                                0, 0,  0, 0, 0};
  const QuantizedMatrix q = quantize(w.data(), 2, 5, Precision::int4, 2);
  EXPECT_EQ(q.row_bytes(), 3);  // 5 nibbles padded to 3 bytes
  EXPECT_EQ(q.groups_per_row(), 3);
  ASSERT_EQ(q.data.size(), 6u);
  // Codes 7, -7, 7, 0, -7 → nibbles 0x7, 0x9, 0x7, 0x0, 0x9; element 2j in the low nibble.
  EXPECT_EQ(q.data[0], 0x97);
  EXPECT_EQ(q.data[1], 0x07);
  EXPECT_EQ(q.data[2], 0x09);
  EXPECT_EQ(q.data[3], 0x00);
  ASSERT_EQ(q.scales.size(), 6u);
  EXPECT_FLOAT_EQ(q.scales[0], 1.0f);
  EXPECT_FLOAT_EQ(q.scales[1], 1.0f / 7);
  EXPECT_FLOAT_EQ(q.scales[2], 3.0f / 7);
  EXPECT_EQ(q.scales[3], 1.0f);  // all-zero groups get scale 1
  const std::vector<float> back = dequantize(q);
  for (size_t i = 0; i < w.size(); ++i) EXPECT_NEAR(back[i], w[i], 1e-6) << i;
  EXPECT_EQ(q.total_bytes(), 6u + 6 * sizeof(float));
}

TEST(Quantize, Int4CodesCoverTheSymmetricRange) {
  const std::vector<float> w = {-7, -6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 0.5f};
  const QuantizedMatrix q = quantize(w.data(), 1, 16, Precision::int4, 32);
  EXPECT_FLOAT_EQ(q.scales[0], 1.0f);
  const std::vector<float> back = dequantize(q);
  for (size_t i = 0; i + 1 < w.size(); ++i) EXPECT_EQ(back[i], w[i]) << i;
  EXPECT_EQ(back[15], 0.0f);  // 0.5 is a tie: to even
}

TEST(Quantize, Int8KnownRow) {
  // max|row| = 127 makes the scale exactly 1, so the halves below are exact ties.
  const std::vector<float> w = {50.2f, -127.0f, 0.0f, 99.6f, 0.5f, 1.5f, 2.5f, -0.5f};
  const QuantizedMatrix q = quantize(w.data(), 1, 8, Precision::int8);
  ASSERT_EQ(q.scales.size(), 1u);
  EXPECT_EQ(q.scales[0], 1.0f);
  const std::vector<int8_t> expected = {50, -127, 0, 100, 0, 2, 2, 0};  // ties to even
  for (size_t i = 0; i < expected.size(); ++i)
    EXPECT_EQ(static_cast<int8_t>(q.data[i]), expected[i]) << i;
  EXPECT_EQ(q.row_bytes(), 8);

  const std::vector<float> halved = {0.5f, -1.27f, 0.0f, 0.25f};
  const QuantizedMatrix h = quantize(halved.data(), 1, 4, Precision::int8);
  EXPECT_FLOAT_EQ(h.scales[0], 0.01f);  // max|row| / 127
  EXPECT_EQ(static_cast<int8_t>(h.data[0]), 50);
  EXPECT_EQ(static_cast<int8_t>(h.data[1]), -127);
  EXPECT_EQ(static_cast<int8_t>(h.data[3]), 25);
}

TEST(Quantize, Fp8UsesPerRowScale) {
  const std::vector<float> w = {896, -2, 0.5f, 1,  //
                                0,   0,  0,    0};
  const QuantizedMatrix q = quantize(w.data(), 2, 4, Precision::fp8_e4m3);
  EXPECT_EQ(q.scales[0], 2.0f);  // 896 / 448
  EXPECT_EQ(q.scales[1], 1.0f);
  EXPECT_EQ(q.data[0], float_to_e4m3(448));
  EXPECT_EQ(q.data[1], float_to_e4m3(-1));
  EXPECT_EQ(dequantize(q), w);  // all exactly representable
}

TEST(Quantize, SixteenBitFormatsStoreTheirBitPatterns) {
  const std::vector<float> w = {1.0f, -2.0f};
  const QuantizedMatrix b = quantize(w.data(), 1, 2, Precision::bf16);
  const QuantizedMatrix h = quantize(w.data(), 1, 2, Precision::fp16);
  EXPECT_EQ(b.row_bytes(), 4);
  EXPECT_TRUE(b.scales.empty());
  uint16_t v[2];
  std::memcpy(v, b.data.data(), 4);
  EXPECT_EQ(v[0], 0x3F80);
  EXPECT_EQ(v[1], 0xC000);
  std::memcpy(v, h.data.data(), 4);
  EXPECT_EQ(v[0], 0x3C00);
  EXPECT_EQ(v[1], 0xC000);
}

// Worst-case error of one element, from the format: half a step of the grid it is rounded to.
double error_bound(Precision p, float w, float scale) {
  const double a = std::fabs(w);
  switch (p) {
    case Precision::fp32:
      return 0;
    case Precision::bf16:
      return a * 0x1p-8;
    case Precision::fp16:
      return std::max(a * 0x1p-11, 0x1p-25);
    case Precision::fp8_e4m3:
      return std::max(a * 0x1p-4, scale * 0x1p-10) * (1 + 1e-6);
    case Precision::int8:
    case Precision::int4:
      return scale / 2 * (1 + 1e-6);
  }
  return 0;
}

TEST(Quantize, DequantizeErrorWithinFormatBounds) {
  const int64_t rows = 7, cols = 45;  // partial int4 groups of 32
  const std::vector<float> w = testing::random_values(rows * cols, 3.0f, 11);
  for (Precision p : all_precisions()) {
    const QuantizedMatrix q = quantize(w.data(), rows, cols, p, 32);
    const std::vector<float> back = dequantize(q);
    ASSERT_EQ(back.size(), w.size());
    EXPECT_EQ(back, quantize_dequantize(w.data(), rows, cols, p, 32));
    std::vector<float> row(cols);
    for (int64_t r = 0; r < rows; ++r) {
      dequantize_row(q, r, row.data());
      for (int64_t c = 0; c < cols; ++c) {
        const size_t i = static_cast<size_t>(r * cols + c);
        ASSERT_EQ(row[static_cast<size_t>(c)], back[i]);
        float scale = 0;
        if (p == Precision::int8 || p == Precision::fp8_e4m3) scale = q.scales[r];
        if (p == Precision::int4) scale = q.scales[r * q.groups_per_row() + c / 32];
        EXPECT_LE(std::fabs(back[i] - w[i]), error_bound(p, w[i], scale))
            << to_string(p) << " element " << i;
      }
    }
  }
}

TEST(Quantize, RejectsBadGroupSize) {
  const std::vector<float> w(4, 1.0f);
  EXPECT_THROW(quantize(w.data(), 1, 4, Precision::int4, 0), UserError);
  EXPECT_NO_THROW(quantize(w.data(), 1, 4, Precision::int8, 0));  // only int4 uses groups
}

TEST(RoundActivations, PerPrecision) {
  const std::vector<float> x = {1.0f + 0x1p-8f + 0x1p-20f,
                                -0.3f,
                                2.54f,
                                0.004f,  //
                                0.0f,
                                0.0f,
                                0.0f,
                                0.0f};
  std::vector<float> b = x;
  round_activations(b.data(), 2, 4, Precision::bf16);
  for (size_t i = 0; i < x.size(); ++i) EXPECT_EQ(b[i], bf16_to_float(float_to_bf16(x[i])));
  EXPECT_EQ(b[0], 1.0f + 0x1p-7f);

  std::vector<float> q = x;
  round_activations(q.data(), 2, 4, Precision::int8);
  const float scale = 2.54f / 127;  // of row 0; row 1 is all zero and stays so
  EXPECT_FLOAT_EQ(q[0], 50 * scale);
  EXPECT_FLOAT_EQ(q[1], -15 * scale);
  EXPECT_FLOAT_EQ(q[2], 127 * scale);
  EXPECT_FLOAT_EQ(q[3], 0 * scale);
  for (size_t i = 4; i < 8; ++i) EXPECT_EQ(q[i], 0.0f);

  for (Precision p : {Precision::fp32, Precision::fp16, Precision::fp8_e4m3, Precision::int4}) {
    std::vector<float> same = x;
    round_activations(same.data(), 2, 4, p);
    EXPECT_EQ(same, x) << to_string(p);
  }
}

// W8A8-fp8 (the cuBLASLt baseline's activations): each row to e4m3 with scale max|row|/448.
TEST(RoundActivations, Fp8PerTokenQuantisesRowsToE4m3) {
  // Row 0: max 896, so scale 2 and codes x / 2; row 1 all zero (scale 1).
  std::vector<float> x = {896.0f, 2.0f, -0.6f, 0.3f, 0.0f, 0.0f, 0.0f, 0.0f};
  round_activations(x.data(), 2, 4, Precision::fp8_e4m3, Activations::fp8_per_token);
  EXPECT_EQ(x[0], 896.0f);
  EXPECT_EQ(x[1], 2.0f);
  // 0.3 lies in [0.25, 0.5), where e4m3 steps by 2^-5: 0.3 -> 0.3125; -0.6 / 2 likewise.
  EXPECT_EQ(x[2], -0.625f);
  EXPECT_EQ(x[3], 0.3125f);
  for (size_t i = 4; i < 8; ++i) EXPECT_EQ(x[i], 0.0f);
  // The values are exactly e4m3 codes times the row's scale.
  for (size_t i = 0; i < 4; ++i) EXPECT_EQ(e4m3_to_float(float_to_e4m3(x[i] / 2.0f)) * 2.0f, x[i]);
}

TEST(RoundActivations, Fp8PerTokenLeavesOtherPrecisionsTheirRule) {
  const std::vector<float> x = {1.0f + 0x1p-8f + 0x1p-20f, -0.3f, 2.54f, 0.004f};
  for (Precision p : all_precisions()) {
    if (p == Precision::fp8_e4m3) continue;
    std::vector<float> rule = x, fp8 = x;
    round_activations(rule.data(), 1, 4, p);
    round_activations(fp8.data(), 1, 4, p, Activations::fp8_per_token);
    EXPECT_EQ(rule, fp8) << to_string(p);
  }
}

}  // namespace
}  // namespace moebench::ref
