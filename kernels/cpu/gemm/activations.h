// Activation rows in the format a precision's micro-kernels read, rounded exactly as
// ref::round_activations implies: fp32 for fp32/fp16/fp8/int4 (weight-only precisions), bf16
// bits for bf16, int8 codes with one scale per row for int8 (dynamic per-token quantisation).
// Rows are padded with zeros to PackedWeights::k_padded() and 64-byte aligned.
#pragma once

#include <cstddef>
#include <cstdint>

#include "harness/core/precision.h"
#include "kernels/cpu/detail/aligned_buffer.h"

namespace moebench::cpu {

class ActivationRows {
 public:
  ActivationRows() = default;
  ActivationRows(Precision p, int64_t rows, int64_t k);

  Precision precision() const { return precision_; }
  int64_t rows() const { return rows_; }
  int64_t k() const { return k_; }
  size_t stride() const { return stride_; }  // bytes between rows
  const uint8_t* row(int64_t r) const { return data_.data() + stride_ * size_t(r); }
  uint8_t* row(int64_t r) { return data_.data() + stride_ * size_t(r); }
  const float* scales() const { return scales_.data(); }  // int8: per row

  // Rounds/quantises src (k floats) into row r. Called by many threads on distinct rows.
  void set_row(int64_t r, const float* src);
  // Copies row src_row of src (same precision and k) into row r.
  void copy_row(int64_t r, const ActivationRows& src, int64_t src_row);

 private:
  Precision precision_ = Precision::fp32;
  int64_t rows_ = 0, k_ = 0;
  size_t stride_ = 0;
  AlignedBuffer<uint8_t> data_;
  AlignedBuffer<float> scales_;
};

// Round to nearest even, as ref::float_to_bf16 (NaN stays NaN).
inline uint16_t round_to_bf16(float x) {
  uint32_t u;
  __builtin_memcpy(&u, &x, 4);
  if ((u & 0x7FFFFFFFu) > 0x7F800000u) return uint16_t((u >> 16) | 0x40);
  u += 0x7FFFu + ((u >> 16) & 1u);
  return uint16_t(u >> 16);
}

}  // namespace moebench::cpu
