// One SwiGLU FFN's weights (gate, up: [d_ff][d_model]; down: [d_model][d_ff]) packed for the
// CPU micro-kernels, and the two passes over a block of rows that every CPU FFN (dense, routed
// expert, shared expert) is made of.
#pragma once

#include <cstddef>
#include <cstdint>

#include "harness/core/precision.h"
#include "kernels/cpu/gemm/activations.h"
#include "kernels/cpu/gemm/microkernel.h"
#include "kernels/cpu/gemm/packed_weights.h"

namespace moebench::cpu {

struct FfnWeights {
  FfnWeights(const float* w_gate, const float* w_up, const float* w_down, int64_t d_model,
             int64_t d_ff, Precision p, int int4_group_size);

  int64_t d_model, d_ff;
  PackedWeights gate, up, down;

  size_t bytes() const { return gate.bytes() + up.bytes() + down.bytes(); }
  // Work units of each pass, for splitting among threads: gate/up panels, down panel pairs.
  int64_t gate_up_units() const { return gate.panels(); }
  int64_t down_units() const { return (down.panels() + 1) / 2; }

  // h rows [row0, row0 + rows) = swiglu for gate/up units [begin, end).
  void gate_up(const GemmIsa& isa, const ActivationRows& x, int64_t row0, int64_t rows,
               int64_t begin, int64_t end, float* h) const;
  // out rows = down · h rows for down units [begin, end).
  void down_proj(const GemmIsa& isa, const ActivationRows& h, int64_t row0, int64_t rows,
                 int64_t begin, int64_t end, float* out) const;
};

}  // namespace moebench::cpu
