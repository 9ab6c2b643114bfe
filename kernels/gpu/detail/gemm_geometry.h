// Geometry of the grouped expert GEMM's block tile, shared by both vendors' inner pieces
// (gemm_nvidia.cuh, gemm_amd.cuh) and the kernel around them (expert_gemm.cu). Plain C++
// constants, so host code (launch sizes, tests) sees the same numbers.
//
// A block computes kBM rows of one expert against kBRows weight rows: SwiGLU reads 128 gate
// rows then the same 128 up rows (128 outputs), a plain GEMM 256 weight rows (256 outputs).
// Each of the 4 warps owns all kBM rows x 64 weight rows (two halves of 32), so the 64 x 64
// accumulator tile per warp reads 4 KiB of shared memory per 64 K of multiply-adds (the
// 32 x 32 warp tiles of the first WMMA kernel read twice that per multiply-add and were
// shared-memory bound). K advances by tiles of kTileBytes bytes of a row: 32 bf16/fp16 or
// 64 fp8 elements; rows sit kLdBytes apart in shared memory (16 bytes of padding keep the
// eight 16-byte rows of an ldmatrix on distinct banks).
#pragma once

#include <cstdint>

#include "kernels/gpu/detail/host_device.h"
#include "kernels/gpu/moe_plan.h"

namespace moebench::gpu::gemm {

enum class GemmElement { bf16, fp16, e4m3 };

inline constexpr int kWarpsPerBlock = 4;
inline constexpr int kBM = kGemmTileRows;  // rows of one expert per block (align pads to it)
inline constexpr int kARows = kBM;
inline constexpr int kBRows = 256;
inline constexpr int kHalfColumns = 32;  // columns of one half of a warp's tile
inline constexpr int kTileBytes = 64;
inline constexpr int kChunksPerRow = kTileBytes / 16;
inline constexpr int kLdBytes = kTileBytes + 16;
inline constexpr int kAStageBytes = kARows * kLdBytes;
inline constexpr int kStageBytes = (kARows + kBRows) * kLdBytes;

// Output columns one block covers: SwiGLU pairs the 128 gate rows with the 128 up rows.
MOEBENCH_HOST_DEVICE constexpr int block_columns(bool swiglu) {
  return swiglu ? kBRows / 2 : kBRows;
}
// Blocks across n output columns (the last one may be partly empty).
MOEBENCH_HOST_DEVICE constexpr int64_t column_tiles(int64_t n, bool swiglu) {
  return (n + block_columns(swiglu) - 1) / block_columns(swiglu);
}

// First weight row (within the block's kBRows) of half h of warp w's tile, and the output
// column (from the block's first) of that half's first column.
constexpr int warp_b_row(int warp, int half, bool swiglu) {
  return swiglu ? half * (kBRows / 2) + warp * kHalfColumns
                : warp * 2 * kHalfColumns + half * kHalfColumns;
}
constexpr int warp_out_column(int warp, int half, bool swiglu) {
  return swiglu ? warp * kHalfColumns : warp_b_row(warp, half, false);
}

// Weight row of block-tile row `row` (0..kBRows): which matrix (0: w1, 1: w2 for SwiGLU) and
// which output column (from the block's first column).
struct BRowSource {
  int matrix;
  int column;
};
constexpr BRowSource b_row_source(int row, bool swiglu) {
  if (swiglu) return {row / (kBRows / 2), row % (kBRows / 2)};
  return {0, row};
}

// Block order: blocks run in groups of kRasterRows row tiles, and within a group the row tile
// varies fastest, so the blocks resident at once (two a SM) cover ~16 row tiles x ~16 column
// tiles: their A rows and weight rows stay in L2. Column-fastest order had a wave cover ~2 row
// tiles x every column tile, reading each weight tile from HBM again every 2 row tiles (the
// dense FFN's gate/up: 224 MB a wave, more than HBM delivers in its compute time).
inline constexpr int kRasterRows = 16;
struct BlockTile {
  int64_t row_tile;
  int64_t column_tile;
};
MOEBENCH_HOST_DEVICE constexpr BlockTile block_tile(int64_t block, int64_t row_tiles,
                                                    int64_t columns) {
  const int64_t per_group = kRasterRows * columns;
  const int64_t first_row = block / per_group * kRasterRows;
  const int64_t rows = row_tiles - first_row < kRasterRows ? row_tiles - first_row : kRasterRows;
  const int64_t local = block % per_group;
  return {first_row + local % rows, local / rows};
}

// Where each lane's fragments come from and where its accumulators go, as the warp tiles use
// them (detail/gemm_nvidia.cuh, detail/gemm_amd.cuh); tests/gpu_gemm_fragments_test.cpp runs
// them through emulations of ldmatrix, mma.sync and MFMA written from the ISA manuals' tables.
//
// NVIDIA, one mma k step = 32 bytes of a row at byte kb of the k tile (16 bf16 / 32 e4m3).
// ldmatrix.x4 address of `lane` for the A fragment of m16 tile m: lanes 0-15 rows 0-15 at kb,
// lanes 16-31 the same rows at kb + 16 (matrices a0..a3 = rows 0-7 lo, 8-15 lo, 0-7 hi, 8-15 hi).
MOEBENCH_HOST_DEVICE constexpr int nv_a_row(int lane, int m) { return 16 * m + lane % 16; }
MOEBENCH_HOST_DEVICE constexpr int nv_a_byte(int lane, int kb) { return kb + lane / 16 * 16; }
// ldmatrix.x4 address of `lane` for n8 tiles 2p and 2p + 1 of a half (B stored [n][k]):
// matrices = (tile 2p, bytes lo), (2p, hi), (2p + 1, lo), (2p + 1, hi): registers b0, b1 of
// tile 2p, then b0, b1 of tile 2p + 1.
MOEBENCH_HOST_DEVICE constexpr int nv_b_row(int lane, int p) {
  return 16 * p + lane % 8 + lane / 16 * 8;
}
MOEBENCH_HOST_DEVICE constexpr int nv_b_byte(int lane, int kb) { return kb + lane / 8 % 2 * 16; }
// Register j of that ldmatrix.x4: n8 tile 2p + nv_b_tile(j), B register nv_b_register(j).
MOEBENCH_HOST_DEVICE constexpr int nv_b_tile(int j) { return j / 2; }
MOEBENCH_HOST_DEVICE constexpr int nv_b_register(int j) { return j % 2; }
// Accumulator element i of n8 tile n of m16 tile m: its row and column in the warp's tile half.
MOEBENCH_HOST_DEVICE constexpr int nv_c_row(int lane, int m, int i) {
  return 16 * m + lane / 4 + 8 * (i / 2);
}
MOEBENCH_HOST_DEVICE constexpr int nv_c_column(int lane, int n, int i) {
  return 8 * n + 2 * (lane % 4) + i % 2;
}

// AMD, one MFMA 32x32x8 k step = 16 bytes of a row (8 bf16/fp16). Lane l reads row (A) or
// column (B) l % 32 of its 32 x 32 tile, 8 bytes at kb + 8 (l / 32); accumulator element i is
// row 8 (i / 4) + 4 (l / 32) + i % 4, column l % 32.
MOEBENCH_HOST_DEVICE constexpr int amd_operand_row(int lane, int tile) {
  return 32 * tile + lane % 32;
}
MOEBENCH_HOST_DEVICE constexpr int amd_operand_byte(int lane, int kb) { return kb + lane / 32 * 8; }
MOEBENCH_HOST_DEVICE constexpr int amd_c_row(int lane, int m, int i) {
  return 32 * m + 8 * (i / 4) + 4 * (lane / 32) + i % 4;
}
MOEBENCH_HOST_DEVICE constexpr int amd_c_column(int lane) { return lane % 32; }

}  // namespace moebench::gpu::gemm
