// Host-side logic of the matrix-unit GEMM, checked without a GPU: the e4m3 encoder the GPU
// quantises activations with (bit-identical to the reference), the block-tile geometry every
// warp's share follows, and which precisions each device may run.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <set>

#include "kernels/gpu/detail/e4m3_encode.h"
#include "kernels/gpu/detail/gemm_geometry.h"
#include "kernels/gpu/moe_plan.h"
#include "kernels/reference/quant.h"

namespace moebench::gpu {
namespace {

float from_bits(uint32_t u) {
  float f;
  std::memcpy(&f, &u, sizeof f);
  return f;
}

TEST(E4m3Encode, EqualsTheReferenceOnASweepOfEveryFloatRange) {
  // Every 997th bit pattern: all exponents, both signs, NaNs, infinities, subnormals.
  int64_t checked = 0;
  for (uint64_t u = 0; u <= 0xffffffffull; u += 997) {
    const float x = from_bits(uint32_t(u));
    ASSERT_EQ(e4m3_from_float(x), ref::float_to_e4m3(x)) << "bits 0x" << std::hex << u;
    ++checked;
  }
  EXPECT_GT(checked, 4000000);
}

TEST(E4m3Encode, RoundsHalfwayCasesToEvenAndSaturates) {
  // Every code's value and the midpoints to its neighbours (ties go to the even code).
  for (int code = 0; code < 0x7e; ++code) {
    const float lo = ref::e4m3_to_float(uint8_t(code));
    const float hi = ref::e4m3_to_float(uint8_t(code + 1));
    const float mid = (lo + hi) / 2;
    for (float x : {lo, hi, mid, std::nextafter(mid, 0.f), std::nextafter(mid, 1e9f), -mid})
      ASSERT_EQ(e4m3_from_float(x), ref::float_to_e4m3(x)) << x;
  }
  EXPECT_EQ(e4m3_from_float(448.f), 0x7e);
  EXPECT_EQ(e4m3_from_float(1e30f), 0x7e);
  EXPECT_EQ(e4m3_from_float(-std::numeric_limits<float>::infinity()), 0xfe);
  EXPECT_EQ(e4m3_from_float(std::nanf("")) & 0x7f, 0x7f);
  EXPECT_EQ(e4m3_from_float(0x1p-10f), 0x00);   // half of the smallest subnormal: to even, 0
  EXPECT_EQ(e4m3_from_float(0x1.8p-9f), 0x02);  // 1.5 steps: to even, 2
}

// Each warp's two halves cover distinct weight rows, every row of the block tile once; a
// half's column c is the output column its weight row feeds (SwiGLU: gate in half 0 and up
// in half 1 of the same output column).
TEST(GemmGeometry, WarpHalvesCoverTheBlockTileOnceAndMatchTheirOutputColumns) {
  using namespace gemm;
  for (bool swiglu : {false, true}) {
    SCOPED_TRACE(swiglu ? "SwiGLU" : "plain");
    std::set<int> rows;
    for (int warp = 0; warp < kWarpsPerBlock; ++warp)
      for (int half = 0; half < 2; ++half)
        for (int c = 0; c < kHalfColumns; ++c) {
          const int row = warp_b_row(warp, half, swiglu) + c;
          EXPECT_TRUE(rows.insert(row).second) << "row " << row << " twice";
          const BRowSource source = b_row_source(row, swiglu);
          EXPECT_EQ(source.matrix, swiglu ? half : 0);
          EXPECT_EQ(source.column, warp_out_column(warp, half, swiglu) + c);
          EXPECT_LT(source.column, block_columns(swiglu));
        }
    EXPECT_EQ(int(rows.size()), kBRows);
    EXPECT_EQ(*rows.rbegin(), kBRows - 1);
  }
  // ldmatrix reads 8 rows of 16 bytes: padded rows keep them on distinct banks, and every
  // row and stage starts 16-byte aligned (cp.async and ldmatrix need it).
  EXPECT_EQ(kLdBytes % 16, 0);
  EXPECT_NE((kLdBytes / 4) % 32, 0);
  std::set<int> banks;
  for (int r = 0; r < 8; ++r)
    for (int w = 0; w < 4; ++w) banks.insert((r * kLdBytes / 4 + w) % 32);
  EXPECT_EQ(banks.size(), 32u);
  EXPECT_EQ(kStageBytes % 16, 0);
  EXPECT_EQ(kBM, kGemmTileRows);
}

// The block order visits every (row tile, column tile) once, in groups of kRasterRows row
// tiles (the last group shorter), the row tile fastest within a group.
TEST(GemmGeometry, BlockOrderCoversTheGridOnceInGroupsOfRowTiles) {
  using namespace gemm;
  for (auto [rows, columns] : {std::pair<int64_t, int64_t>{64, 112}, {37, 5}, {1, 1}, {16, 3}}) {
    SCOPED_TRACE(std::to_string(rows) + " x " + std::to_string(columns));
    std::set<std::pair<int64_t, int64_t>> seen;
    for (int64_t b = 0; b < rows * columns; ++b) {
      const BlockTile t = block_tile(b, rows, columns);
      ASSERT_LT(t.row_tile, rows);
      ASSERT_LT(t.column_tile, columns);
      EXPECT_TRUE(seen.insert({t.row_tile, t.column_tile}).second) << "block " << b;
      EXPECT_EQ(t.row_tile / kRasterRows, b / (kRasterRows * columns));  // its group
    }
    EXPECT_EQ(int64_t(seen.size()), rows * columns);
  }
  // 264 resident blocks of the dense FFN's gate/up (64 x 112 tiles) span 16 row tiles x 17
  // column tiles, not 3 x 112.
  std::set<int64_t> row_tiles, column_tiles;
  for (int64_t b = 0; b < 264; ++b) {
    row_tiles.insert(block_tile(b, 64, 112).row_tile);
    column_tiles.insert(block_tile(b, 64, 112).column_tile);
  }
  EXPECT_EQ(row_tiles.size(), 16u);
  EXPECT_EQ(column_tiles.size(), 17u);
}

TEST(GemmRules, SayWhichPrecisionsEachDeviceRunsOnTheMatrixUnits) {
  EXPECT_FALSE(matrix_units_unsupported(Precision::bf16, false, 90));
  EXPECT_FALSE(matrix_units_unsupported(Precision::fp16, false, 80));
  EXPECT_FALSE(matrix_units_unsupported(Precision::fp8_e4m3, false, 90));
  EXPECT_FALSE(matrix_units_unsupported(Precision::fp8_e4m3, false, 89));
  const auto old = matrix_units_unsupported(Precision::bf16, false, 75);
  ASSERT_TRUE(old);
  EXPECT_NE(old->find("8.0"), std::string::npos) << *old;
  EXPECT_NE(old->find("7.5"), std::string::npos) << *old;
  const auto a100_fp8 = matrix_units_unsupported(Precision::fp8_e4m3, false, 80);
  ASSERT_TRUE(a100_fp8);
  EXPECT_NE(a100_fp8->find("8.9"), std::string::npos) << *a100_fp8;
  EXPECT_FALSE(matrix_units_unsupported(Precision::bf16, true, 0));
  const auto amd_fp8 = matrix_units_unsupported(Precision::fp8_e4m3, true, 0);
  ASSERT_TRUE(amd_fp8);
  EXPECT_NE(amd_fp8->find("fnuz"), std::string::npos) << *amd_fp8;
  for (Precision p : {Precision::fp32, Precision::int8, Precision::int4}) {
    const auto why = matrix_units_unsupported(p, false, 90);
    ASSERT_TRUE(why) << to_string(p);
    EXPECT_NE(why->find("_gemv"), std::string::npos) << *why;
  }
}

}  // namespace
}  // namespace moebench::gpu
