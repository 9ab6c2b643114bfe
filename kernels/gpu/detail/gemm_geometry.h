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
constexpr int block_columns(bool swiglu) { return swiglu ? kBRows / 2 : kBRows; }

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

}  // namespace moebench::gpu::gemm
