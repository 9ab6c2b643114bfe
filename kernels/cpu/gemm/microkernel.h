// The register-tiled GEMM micro-kernels and the per-ISA table the drivers dispatch through.
// One call computes a tile of `rows` activation rows × 1 or 2 weight panels (16 columns each)
// over all of K, accumulating in registers, and writes the finished values (scales applied)
// to c[rows][32]. The same call serves both regimes: with rows ≤ max_rows every weight byte of
// a panel is read once (decode, bandwidth-bound); with many rows the driver walks row blocks
// over a panel that stays in L1/L2 (prefill, FMA/dot-product-bound).
#pragma once

#include <cstddef>
#include <cstdint>

#include "harness/core/precision.h"
#include "kernels/cpu/detail/cpu_features.h"
#include "kernels/cpu/gemm/packed_weights.h"

namespace moebench::cpu {

inline constexpr int kTileCols = 2 * kPanelCols;

struct TileJob {
  const uint8_t* a = nullptr;       // first activation row (ActivationRows format)
  size_t a_stride = 0;              // bytes between rows
  const float* a_scales = nullptr;  // int8: scale of each row of the tile
  int rows = 0;                     // 1..GemmIsa::max_rows
  int panels = 0;                   // 1 or 2
  int64_t k_padded = 0;
  int group_size = 0;  // int4
  PanelView b[2];
  float* c = nullptr;  // [rows][kTileCols]
};

using MicroKernel = void (*)(const TileJob&);

struct GemmIsa {
  IsaLevel level = IsaLevel::scalar;
  int max_rows = 1;
  MicroKernel kernel[6] = {};  // indexed by Precision
  // h[i] = silu(gate[i]) * up[i]
  void (*swiglu)(const float* gate, const float* up, float* h, int64_t n) = nullptr;
  // out[i] += w * y[i]
  void (*axpy)(float w, const float* y, float* out, int64_t n) = nullptr;
  MicroKernel for_precision(Precision p) const { return kernel[static_cast<int>(p)]; }
};

const GemmIsa& gemm_isa_scalar();
const GemmIsa& gemm_isa_avx2();
const GemmIsa& gemm_isa_avx512();
// The table for the active level (cpu_features.h). bf16/int8 tiles at avx512 need
// AVX512_BF16/VNNI; without them the avx512 table uses the AVX2 tiles for that precision.
const GemmIsa& active_gemm_isa();

}  // namespace moebench::cpu
