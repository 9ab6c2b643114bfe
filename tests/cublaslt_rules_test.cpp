// Host-side checks of the cuBLASLt baseline (kernels/vendor/cublaslt_rules.h): which shapes and
// devices it takes, and the reasons it gives for the others. No GPU needed.
#include <gtest/gtest.h>

#include "kernels/vendor/cublaslt_rules.h"

namespace moebench::cuda {
namespace {

TEST(CublasLtRules, TakesLeadingDimensionsThatAreMultiplesOf16) {
  EXPECT_FALSE(lt_shape_unsupported(4096, 14336, Precision::bf16));
  EXPECT_FALSE(lt_shape_unsupported(256, 320, Precision::fp8_e4m3));
  EXPECT_FALSE(lt_shape_unsupported(16, 16, Precision::fp8_e4m3));
}

TEST(CublasLtRules, SaysWhichDimensionDoesNotFit) {
  const auto why = lt_shape_unsupported(1024, 1544 + 4, Precision::fp8_e4m3);
  ASSERT_TRUE(why);
  EXPECT_NE(why->find("multiples of 16"), std::string::npos) << *why;
  EXPECT_NE(why->find("1548"), std::string::npos) << *why;
  EXPECT_NE(why->find("fp8-e4m3"), std::string::npos) << *why;
  EXPECT_TRUE(lt_shape_unsupported(24, 40, Precision::bf16));  // 24 is not a multiple of 16
  EXPECT_EQ(lt_shape_unsupported(0, 64, Precision::bf16), "empty layer");
}

TEST(CublasLtRules, Fp8NeedsComputeCapability89) {
  EXPECT_FALSE(lt_fp8_unsupported(8, 9));   // Ada
  EXPECT_FALSE(lt_fp8_unsupported(9, 0));   // Hopper
  EXPECT_FALSE(lt_fp8_unsupported(10, 0));  // Blackwell
  const auto ampere = lt_fp8_unsupported(8, 0);
  ASSERT_TRUE(ampere);
  EXPECT_NE(ampere->find("8.0"), std::string::npos) << *ampere;
  EXPECT_TRUE(lt_fp8_unsupported(8, 6));
  EXPECT_TRUE(lt_fp8_unsupported(7, 5));
}

}  // namespace
}  // namespace moebench::cuda
