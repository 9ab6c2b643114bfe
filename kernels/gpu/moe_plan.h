// Host-side planning shared by the GPU MoE kernels: tile padding, the expert-contiguous
// permutation the align kernel builds on the device (its host oracle lives here so that tests
// compare the two exactly), and the weight packing uploaded to the device.
// Plain C++: compiled into moebench_lib, unit-tested without a GPU.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "harness/core/precision.h"

namespace moebench::gpu {

// Rows of one tensor-core tile of the grouped GEMM: each tile belongs to one expert, so every
// expert's row range is padded up to a multiple of it.
inline constexpr int kGemmTileRows = 64;

constexpr int64_t round_up(int64_t value, int64_t multiple) {
  return (value + multiple - 1) / multiple * multiple;
}

// Upper bound of the padded row count for `assignments` (token, slot) pairs over `experts`
// experts: at most min(experts, assignments) experts are touched, each adds < tile rows.
int64_t max_padded_rows(int64_t assignments, int experts, int tile);

// How the device align splits the assignments into contiguous chunks, one thread block each.
// Up to kAlignSingleBlockMax assignments one block does everything (one launch: decode sizes).
// Beyond, a first kernel counts each chunk's experts and a second scatters every chunk at once;
// the chunks are few enough (<= kAlignMaxChunks) that each block can sum the counts of the
// chunks before it itself, and long enough (>= kAlignMinChunk) to keep a block busy. One block
// on one SM scattered 32768 assignments in 55.6 us on an H100 (the route + align target is 10).
inline constexpr int64_t kAlignSingleBlockMax = 4096;
inline constexpr int64_t kAlignMinChunk = 512;
inline constexpr int kAlignMaxChunks = 64;

struct AlignGrid {
  int64_t chunk = 0;  // assignments per block (the last block may have fewer)
  int chunks = 1;     // blocks; 1 = the single-block path, no per-chunk counts
  // Device scratch the multi-block path needs: [chunks][experts] counts, else 0.
  int64_t scratch_ints(int experts) const { return chunks > 1 ? int64_t(chunks) * experts : 0; }
};

constexpr AlignGrid align_grid(int64_t assignments) {
  if (assignments <= kAlignSingleBlockMax) return {assignments, 1};
  const int64_t per_chunk = (assignments + kAlignMaxChunks - 1) / kAlignMaxChunks;
  const int64_t chunk = std::max(kAlignMinChunk, round_up(per_chunk, 256));
  return {chunk, int((assignments + chunk - 1) / chunk)};
}

// The permutation into expert-contiguous order (vLLM's moe_align_block_size), deterministic:
// within an expert, assignments keep ascending order (token-major, then slot).
struct AlignPlan {
  std::vector<int32_t> counts;              // [E] assignments per expert
  std::vector<int32_t> expert_offsets;      // [E+1] first padded row of each expert
  std::vector<int32_t> sorted_assignments;  // [padded rows] assignment index, -1 on padding
  std::vector<int32_t> row_of_assignment;   // [assignments] its padded row
  std::vector<int32_t> tile_expert;         // [padded rows / tile] expert owning each tile
  std::vector<int32_t> touched_experts;     // experts with count > 0, ascending
};
// expert_ids: [assignments], each in [0, experts). Throws std::invalid_argument otherwise.
AlignPlan align_host(const std::vector<int32_t>& expert_ids, int experts, int tile);

// A stack of equally shaped weight matrices ([n][rows][cols]) quantised with
// kernels/reference/quant.h and laid out as the GPU kernels read them: matrix i's bytes start
// at i * matrix_bytes(), rows are row_bytes() apart; scales are [n][rows][groups_per_row()]
// (one per row except int4, none for fp32/bf16/fp16).
struct PackedWeights {
  Precision precision = Precision::fp32;
  int count = 0;
  int64_t rows = 0;
  int64_t cols = 0;
  int group_size = 0;
  int64_t row_bytes = 0;
  int64_t groups_per_row = 0;
  std::vector<uint8_t> data;
  std::vector<float> scales;

  int64_t matrix_bytes() const { return rows * row_bytes; }
  int64_t matrix_scales() const { return rows * groups_per_row; }
  size_t total_bytes() const { return data.size() + scales.size() * sizeof(float); }
};
PackedWeights pack_weights(const float* w, int count, int64_t rows, int64_t cols, Precision p,
                           int int4_group_size);

// Why the GPU kernels cannot take these dimensions (nullopt when they can). The GEMV path reads
// weight rows in 16-byte vectors: every row must be a whole number of them (d_model and d_ff
// multiples of 4 fp32, 8 bf16/fp16, 16 fp8/int8, 32 int4 elements) and an int4 group a multiple
// of 32. The matrix-unit path (matrix_units) tiles 64 x 64 x 32: multiples of 64.
std::optional<std::string> gpu_shape_unsupported(int64_t d_model, int64_t d_ff, Precision p,
                                                 int int4_group_size, bool matrix_units = false);

// Why the matrix-unit GEMM (launch_expert_gemm) cannot run precision p on this device, or
// nullopt. NVIDIA: bf16/fp16 need compute capability 8.0 (mma.sync), e4m3 8.9 (fp8 tensor
// cores; W8A8). AMD: bf16/fp16 only (gfx94x's fp8 MFMA takes e4m3fnuz, not OCP e4m3).
// compute_capability: major * 10 + minor (NVIDIA; ignored for AMD).
std::optional<std::string> matrix_units_unsupported(Precision p, bool amd, int compute_capability);

}  // namespace moebench::gpu
