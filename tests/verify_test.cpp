#include "kernels/reference/verify.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

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
