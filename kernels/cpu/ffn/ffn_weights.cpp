#include "kernels/cpu/ffn/ffn_weights.h"

#include <algorithm>

#include "kernels/cpu/gemm/gemm_driver.h"

namespace moebench::cpu {

FfnWeights::FfnWeights(const float* w_gate, const float* w_up, const float* w_down,
                       int64_t d_model_, int64_t d_ff_, Precision p, int int4_group_size)
    : d_model(d_model_),
      d_ff(d_ff_),
      gate(w_gate, d_ff_, d_model_, p, int4_group_size),
      up(w_up, d_ff_, d_model_, p, int4_group_size),
      down(w_down, d_model_, d_ff_, p, int4_group_size) {}

void FfnWeights::gate_up(const GemmIsa& isa, const ActivationRows& x, int64_t row0, int64_t rows,
                         int64_t begin, int64_t end, float* h) const {
  swiglu_panels(isa, x, row0, rows, gate, up, begin, end, h + row0 * d_ff, d_ff);
}

void FfnWeights::down_proj(const GemmIsa& isa, const ActivationRows& h, int64_t row0, int64_t rows,
                           int64_t begin, int64_t end, float* out) const {
  gemm_panels(isa, h, row0, rows, down, 2 * begin, std::min(2 * end, down.panels()),
              out + row0 * d_model, d_model);
}

}  // namespace moebench::cpu
