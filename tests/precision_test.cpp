#include "harness/core/precision.h"

#include <gtest/gtest.h>

namespace moebench {
namespace {

TEST(Precision, NamesRoundTrip) {
  for (Precision p : all_precisions()) {
    auto parsed = parse_precision(to_string(p));
    ASSERT_TRUE(parsed.has_value()) << to_string(p);
    EXPECT_EQ(*parsed, p);
  }
  EXPECT_EQ(parse_precision("fp8"), Precision::fp8_e4m3);
  EXPECT_FALSE(parse_precision("fp64").has_value());
}

TEST(Precision, BitsPerWeightIncludeScales) {
  EXPECT_DOUBLE_EQ(bits_per_weight(Precision::fp32, 0, 0), 32);
  EXPECT_DOUBLE_EQ(bits_per_weight(Precision::int4, 32, 4096), 5.0);    // 4 + 32/32
  EXPECT_DOUBLE_EQ(bits_per_weight(Precision::int4, 128, 4096), 4.25);  // 4 + 32/128
  EXPECT_DOUBLE_EQ(bits_per_weight(Precision::int8, 0, 4096), 8 + 32.0 / 4096);
}

}  // namespace
}  // namespace moebench
