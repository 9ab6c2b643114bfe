// Number formats and weight quantisation, written for clarity: the oracle every kernel's
// quantised weights are checked against. Fast kernels may use their own packing but must
// produce weights whose dequantised values equal dequantize(quantize(w)).
#pragma once

#include <cstdint>
#include <vector>

#include "harness/core/precision.h"

namespace moebench::ref {

// Round to nearest even; NaN stays NaN.
uint16_t float_to_bf16(float x);
float bf16_to_float(uint16_t x);
// IEEE binary16, round to nearest even, overflow to inf.
uint16_t float_to_fp16(float x);
float fp16_to_float(uint16_t x);
// OCP FP8 E4M3 ("fn": no inf, max ±448), round to nearest even, saturating.
uint8_t float_to_e4m3(float x);
float e4m3_to_float(uint8_t x);

// A [rows][cols] weight matrix in a precision. Layout of data:
//   fp32: float per element; bf16/fp16: uint16 per element; fp8_e4m3/int8: one byte per element
//   with scales[row]; int4: two elements per byte, element 2j in the low nibble of byte j of the
//   row (rows padded to whole bytes), two's complement in [-8, 7], scales[row][group] with
//   groups of group_size along cols (the last one may be partial).
struct QuantizedMatrix {
  Precision precision = Precision::fp32;
  int64_t rows = 0;
  int64_t cols = 0;
  int group_size = 0;  // int4 only
  std::vector<uint8_t> data;
  std::vector<float> scales;

  int64_t row_bytes() const;
  int64_t groups_per_row() const;  // int4 only
  size_t total_bytes() const { return data.size() + scales.size() * sizeof(float); }
};

// Symmetric quantisation: int8 scale = max|row|/127, int4 scale = max|group|/7,
// fp8 scale = max|row|/448 (all-zero rows get scale 1).
QuantizedMatrix quantize(const float* w, int64_t rows, int64_t cols, Precision p,
                         int group_size = 128);
std::vector<float> dequantize(const QuantizedMatrix& q);
// One row of dequantize(q) into out[0..cols): lets a kernel decode weights a row at a time.
void dequantize_row(const QuantizedMatrix& q, int64_t row, float* out);
// dequantize(quantize(w)): the weights a kernel in precision p effectively multiplies with.
std::vector<float> quantize_dequantize(const float* w, int64_t rows, int64_t cols, Precision p,
                                       int group_size = 128);

// The activation rounding a precision implies at a GEMM input (in place, [rows][cols]):
// bf16 rounds each value to bf16; int8 quantises each row symmetrically to int8 (scale
// max|row|/127) and back; other precisions keep fp32. With Activations::fp8_per_token, fp8-e4m3
// instead quantises each row to e4m3 (scale max|row|/448, as the fp8 weights) and back.
void round_activations(float* x, int64_t rows, int64_t cols, Precision p,
                       Activations a = Activations::as_precision);

}  // namespace moebench::ref
