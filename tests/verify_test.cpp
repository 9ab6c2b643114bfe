#include "kernels/reference/verify.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "kernels/reference/quant.h"
#include "kernels/reference/reference.h"
#include "reference_test_data.h"

namespace moebench {
namespace {

std::vector<float> some_reference() {
  return ref::dense_ffn(testing::random_dense(32, 48, 4, 9), Precision::fp32);
}

TEST(Verify, IdenticalOutputPasses) {
  const std::vector<float> r = some_reference();
  for (Precision p : all_precisions()) {
    const Verification v = verify(r, r, p);
    EXPECT_TRUE(v.passed) << v.message;
    EXPECT_TRUE(v.message.empty());
    EXPECT_EQ(v.max_abs_error, 0.0);
    EXPECT_EQ(v.normalized_error, 0.0);
    EXPECT_GT(v.reference_max_abs, 0.0);
    EXPECT_EQ(v.tolerance, tolerance_for(p));
  }
}

TEST(Verify, TolerancesAreOrderedAndBelowAPercentOrTwo) {
  for (Precision p : all_precisions()) {
    EXPECT_GT(tolerance_for(p), 0.0) << to_string(p);
    EXPECT_LE(tolerance_for(p), 2e-2) << to_string(p);
  }
  EXPECT_LT(tolerance_for(Precision::fp32), tolerance_for(Precision::fp16));
  EXPECT_LT(tolerance_for(Precision::fp16), tolerance_for(Precision::bf16));
}

TEST(Verify, FailsOnAPerturbedOutput) {
  const std::vector<float> r = some_reference();
  double max_abs = 0;
  for (float v : r) max_abs = std::max(max_abs, std::fabs(double(v)));
  for (Precision p : all_precisions()) {
    std::vector<float> out = r;
    out[17] += static_cast<float>(2.5 * tolerance_for(p) * max_abs);
    const Verification v = verify(out, r, p);
    EXPECT_FALSE(v.passed) << to_string(p);
    EXPECT_NEAR(v.normalized_error, 2.5 * tolerance_for(p), 1e-3 * tolerance_for(p));
    EXPECT_NE(v.message.find("index 17"), std::string::npos) << v.message;
    // Half the tolerance passes.
    out = r;
    out[17] += static_cast<float>(0.5 * tolerance_for(p) * max_abs);
    EXPECT_TRUE(verify(out, r, p).passed) << to_string(p);
  }
}

TEST(Verify, FailsOnSwappedRows) {
  const std::vector<float> r = some_reference();  // 4 tokens of 32
  std::vector<float> out = r;
  std::swap_ranges(out.begin(), out.begin() + 32, out.begin() + 32);
  for (Precision p : all_precisions()) EXPECT_FALSE(verify(out, r, p).passed) << to_string(p);
}

// A dense FFN as a GPU kernel in precision p would plausibly compute it: 16-bit activations at
// the GEMM inputs (int8: the int8 quantisation instead), g and u stored in 16 bits, fp32
// accumulation, a 16-bit output. `dropped_term` >= 0 simulates a bug that skips one input of
// the down projection.
std::vector<float> sixteen_bit_ffn(const DenseFfnData& d, Precision p, int64_t dropped_term) {
  const bool bf16 = p != Precision::fp16;
  const auto r16 = [bf16](float v) {
    return bf16 ? ref::bf16_to_float(ref::float_to_bf16(v))
                : ref::fp16_to_float(ref::float_to_fp16(v));
  };
  const int64_t dm = d.shape.d_model, ff = d.shape.d_ff;
  const auto wg = ref::quantize_dequantize(d.w_gate.data(), ff, dm, p, 32);
  const auto wu = ref::quantize_dequantize(d.w_up.data(), ff, dm, p, 32);
  const auto wd = ref::quantize_dequantize(d.w_down.data(), dm, ff, p, 32);
  const auto round_input = [&](std::vector<float>& v) {
    if (p == Precision::int8) {
      ref::round_activations(v.data(), 1, static_cast<int64_t>(v.size()), p);
    } else {
      for (float& e : v) e = r16(e);
    }
  };
  std::vector<float> y;
  for (int64_t t = 0; t < d.tokens; ++t) {
    std::vector<float> x(d.x.begin() + t * dm, d.x.begin() + (t + 1) * dm);
    round_input(x);
    std::vector<float> h(static_cast<size_t>(ff));
    for (int64_t f = 0; f < ff; ++f) {
      float g = 0, u = 0;
      for (int64_t i = 0; i < dm; ++i) {
        g += wg[f * dm + i] * x[i];
        u += wu[f * dm + i] * x[i];
      }
      h[f] = ref::silu(r16(g)) * r16(u);
    }
    round_input(h);
    for (int64_t m = 0; m < dm; ++m) {
      float sum = 0;
      for (int64_t f = 0; f < ff; ++f)
        if (f != dropped_term) sum += wd[m * ff + f] * h[f];
      y.push_back(r16(sum));
    }
  }
  return y;
}

// The tolerances admit the 16-bit storage real kernels use, and reject a single dropped term
// of a 128-long dot product (docs/precisions.md gives the measured margins at larger shapes).
TEST(Verify, AdmitsSixteenBitStorageButNotADroppedTerm) {
  const DenseFfnData d = testing::random_dense(64, 128, 32, 42);
  for (Precision p : all_precisions()) {
    if (p == Precision::fp32) continue;  // fp32 means fp32 storage
    const std::vector<float> expected = ref::dense_ffn(d, p, 32);
    const Verification ok = verify(sixteen_bit_ffn(d, p, -1), expected, p);
    EXPECT_TRUE(ok.passed) << to_string(p) << ": " << ok.message;
    EXPECT_LT(ok.normalized_error, 0.8 * ok.tolerance) << to_string(p);
    EXPECT_FALSE(verify(sixteen_bit_ffn(d, p, 77), expected, p).passed) << to_string(p);
  }
  // fp32 rejects 16-bit storage (and so TF32-style shortcuts).
  EXPECT_FALSE(verify(sixteen_bit_ffn(d, Precision::fp32, -1), ref::dense_ffn(d, Precision::fp32),
                      Precision::fp32)
                   .passed);
}

TEST(Verify, FailsOnSizeMismatch) {
  const std::vector<float> r = some_reference();
  const std::vector<float> shorter(r.begin(), r.end() - 1);
  const Verification v = verify(shorter, r, Precision::fp32);
  EXPECT_FALSE(v.passed);
  EXPECT_NE(v.message.find("127 values"), std::string::npos) << v.message;
  EXPECT_FALSE(verify({}, r, Precision::fp32).passed);
}

TEST(Verify, FailsOnNaNOrInfinity) {
  const std::vector<float> r = some_reference();
  std::vector<float> out = r;
  out[3] = std::numeric_limits<float>::quiet_NaN();
  Verification v = verify(out, r, Precision::bf16);
  EXPECT_FALSE(v.passed);
  EXPECT_NE(v.message.find("output[3] is NaN"), std::string::npos) << v.message;
  out[3] = -std::numeric_limits<float>::infinity();
  v = verify(out, r, Precision::int4);
  EXPECT_FALSE(v.passed);
  EXPECT_NE(v.message.find("infinite"), std::string::npos) << v.message;
}

TEST(Verify, ZeroReferenceNeedsZeroOutput) {
  const std::vector<float> zeros(8, 0.0f);
  EXPECT_TRUE(verify(zeros, zeros, Precision::fp32).passed);
  std::vector<float> out = zeros;
  out[2] = 1e-20f;
  EXPECT_FALSE(verify(out, zeros, Precision::int8).passed);
  EXPECT_TRUE(verify({}, {}, Precision::fp32).passed);  // zero tokens
}

}  // namespace
}  // namespace moebench
