// Walks micro-kernel tiles over a block of activation rows and a range of weight panels. Called
// from inside OpenMP regions, one range per thread; results do not depend on how the ranges
// are split (each output element is computed by one tile over all of K, in k order), which is
// what makes the kernels' output bit-identical across thread counts.
#pragma once

#include <cstdint>

#include "kernels/cpu/gemm/activations.h"
#include "kernels/cpu/gemm/microkernel.h"
#include "kernels/cpu/gemm/packed_weights.h"

namespace moebench::cpu {

// out[r][n] = Σ_k a[row0 + r][k] · w[n][k] for r < rows and n in panels [panel_begin,
// panel_end). Rows go in blocks of isa.max_rows inside each panel pair, so with rows ≤
// max_rows each weight byte is read once (decode) and otherwise a panel pair stays in cache
// while the row blocks stream past it (prefill).
void gemm_panels(const GemmIsa& isa, const ActivationRows& a, int64_t row0, int64_t rows,
                 const PackedWeights& w, int64_t panel_begin, int64_t panel_end, float* out,
                 int64_t ldo);

// h[r][n] = silu(gate·a)[r][n] · (up·a)[r][n] for gate/up panels [panel_begin, panel_end):
// one tile computes a gate panel and the matching up panel together.
void swiglu_panels(const GemmIsa& isa, const ActivationRows& a, int64_t row0, int64_t rows,
                   const PackedWeights& gate, const PackedWeights& up, int64_t panel_begin,
                   int64_t panel_end, float* h, int64_t ldh);

// [begin, end) of part `index` of `count` equal parts of `total` items.
struct Range {
  int64_t begin = 0, end = 0;
};
inline Range split_range(int64_t total, int index, int count) {
  return {total * index / count, total * (index + 1) / count};
}

}  // namespace moebench::cpu
