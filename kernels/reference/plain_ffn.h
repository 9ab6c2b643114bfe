// The reference kernels' building blocks: an FFN over a block of token rows, with quantised
// weights decoded one row at a time and a plain OpenMP loop over independent output channels.
// Written for clarity, not speed; the fast kernels live in kernels/cpu and kernels/gpu.
#pragma once

#include <cstdint>

#include "kernels/reference/quant.h"

namespace moebench::ref {

struct QuantizedFfn {
  QuantizedMatrix gate;  // [d_ff][d_model]
  QuantizedMatrix up;    // [d_ff][d_model]
  QuantizedMatrix down;  // [d_model][d_ff]

  int64_t d_model() const { return gate.cols; }
  int64_t d_ff() const { return gate.rows; }
  size_t total_bytes() const { return gate.total_bytes() + up.total_bytes() + down.total_bytes(); }
};

QuantizedFfn quantize_ffn(const float* gate, const float* up, const float* down, int64_t d_model,
                          int64_t d_ff, Precision p, int group_size);

// y[rows][d_model] (= or += when accumulate) FFN(x[rows][d_model]), where x is already rounded
// as p implies; h[rows][d_ff] is the workspace for the rounded intermediate.
void ffn_rows(const QuantizedFfn& w, const float* x, int64_t rows, Precision p, int threads,
              float* h, float* y, bool accumulate);

// round_activations on each of `rows` rows, in parallel over rows.
void round_rows(float* x, int64_t rows, int64_t cols, Precision p, int threads);

}  // namespace moebench::ref
