// Weight matrices [N][K] (nn.Linear layout) repacked for the CPU GEMM micro-kernels: panels of
// kPanelCols output columns, each panel a contiguous stream over all of K so that a decode pass
// reads every weight byte exactly once, in order, and a prefill pass keeps one panel in cache
// while it walks many activation rows. Element layout inside a panel, per precision:
//   fp32   [K][16] float          fp16 [K][16] binary16         fp8 [K][16] e4m3 bytes
//   bf16   [Kp/2][16][2] bf16 (k pairs, for vdpbf16ps)
//   int8   [Kp/4][16][4] int8 (k quads, for vpdpbusd) + column sums for the u8 offset
//   int4   [Kp/2][16] bytes, k even in the low nibble + per-panel group scales [groups][16]
// Kp pads K with zero weights to the step of the dot-product instruction. Columns past N in the
// last panel are zero with scale 0. Values are those of ref::quantize, so the reference sees
// exactly the weights the kernels multiply with.
#pragma once

#include <cstddef>
#include <cstdint>

#include "harness/core/precision.h"
#include "kernels/cpu/detail/aligned_buffer.h"

namespace moebench::cpu {

inline constexpr int kPanelCols = 16;

// What a micro-kernel needs of one panel.
struct PanelView {
  const uint8_t* data = nullptr;
  const float* scales = nullptr;      // int8/fp8: [16] per column; int4: [groups][16]
  const int32_t* col_sums = nullptr;  // int8 only: Σ_k w[n][k] per column
};

class PackedWeights {
 public:
  PackedWeights() = default;
  // w: [n][k] fp32 master weights.
  PackedWeights(const float* w, int64_t n, int64_t k, Precision p, int int4_group_size);

  Precision precision() const { return precision_; }
  int64_t n() const { return n_; }
  int64_t k() const { return k_; }
  int64_t k_padded() const { return k_padded_; }
  int group_size() const { return group_size_; }
  int64_t panels() const { return panels_; }
  PanelView panel(int64_t index) const;
  // Bytes a pass over the whole matrix reads (weights, scales and sums).
  size_t bytes() const { return data_.bytes() + scales_.bytes() + col_sums_.bytes(); }

 private:
  Precision precision_ = Precision::fp32;
  int64_t n_ = 0, k_ = 0, k_padded_ = 0, panels_ = 0;
  int group_size_ = 0;
  size_t panel_bytes_ = 0, panel_scales_ = 0;
  AlignedBuffer<uint8_t> data_;
  AlignedBuffer<float> scales_;
  AlignedBuffer<int32_t> col_sums_;
};

// K rounded up to the k-step the precision's panel layout uses.
int64_t padded_k(int64_t k, Precision p);

}  // namespace moebench::cpu
