#include "kernels/cpu/gemm/packed_weights.h"

#include <cstring>

#include "kernels/reference/quant.h"

namespace moebench::cpu {

int64_t padded_k(int64_t k, Precision p) {
  switch (p) {
    case Precision::bf16:
    case Precision::int4:
      return (k + 1) / 2 * 2;
    case Precision::int8:
      return (k + 3) / 4 * 4;
    default:
      return k;
  }
}

namespace {

size_t panel_bytes_for(Precision p, int64_t kp) {
  switch (p) {
    case Precision::fp32:
      return size_t(kp) * kPanelCols * 4;
    case Precision::bf16:
    case Precision::fp16:
      return size_t(kp) * kPanelCols * 2;
    case Precision::fp8_e4m3:
    case Precision::int8:
      return size_t(kp) * kPanelCols;
    case Precision::int4:
      return size_t(kp) / 2 * kPanelCols;
  }
  return 0;
}

// Byte offset of element (k, c) of a panel, and its size, for the byte-addressed layouts.
size_t element_offset(Precision p, int64_t k, int c) {
  switch (p) {
    case Precision::fp32:
      return (size_t(k) * kPanelCols + c) * 4;
    case Precision::fp16:
      return (size_t(k) * kPanelCols + c) * 2;
    case Precision::bf16:
      return ((size_t(k / 2) * kPanelCols + c) * 2 + k % 2) * 2;
    case Precision::fp8_e4m3:
      return size_t(k) * kPanelCols + c;
    case Precision::int8:
      return (size_t(k / 4) * kPanelCols + c) * 4 + k % 4;
    case Precision::int4:
      return size_t(k / 2) * kPanelCols + c;  // nibble k % 2
  }
  return 0;
}

}  // namespace

PackedWeights::PackedWeights(const float* w, int64_t n, int64_t k, Precision p, int int4_group_size)
    : precision_(p),
      n_(n),
      k_(k),
      k_padded_(padded_k(k, p)),
      panels_((n + kPanelCols - 1) / kPanelCols),
      group_size_(p == Precision::int4 ? int4_group_size : 0) {
  const ref::QuantizedMatrix q = ref::quantize(w, n, k, p, int4_group_size);
  panel_bytes_ = panel_bytes_for(p, k_padded_);
  data_ = AlignedBuffer<uint8_t>(panel_bytes_ * panels_);
  std::memset(data_.data(), 0, data_.bytes());
  const int64_t row_bytes = q.row_bytes();
  for (int64_t row = 0; row < n; ++row) {
    uint8_t* panel = data_.data() + panel_bytes_ * (row / kPanelCols);
    const int c = int(row % kPanelCols);
    const uint8_t* src = q.data.data() + row_bytes * row;
    for (int64_t kk = 0; kk < k; ++kk) {
      switch (p) {
        case Precision::fp32:
          std::memcpy(panel + element_offset(p, kk, c), src + kk * 4, 4);
          break;
        case Precision::bf16:
        case Precision::fp16:
          std::memcpy(panel + element_offset(p, kk, c), src + kk * 2, 2);
          break;
        case Precision::fp8_e4m3:
        case Precision::int8:
          panel[element_offset(p, kk, c)] = src[kk];
          break;
        case Precision::int4: {
          const uint8_t nibble = (src[kk / 2] >> (4 * (kk % 2))) & 0xF;
          panel[element_offset(p, kk, c)] |= uint8_t(nibble << (4 * (kk % 2)));
          break;
        }
      }
    }
  }
  if (p == Precision::int8 || p == Precision::fp8_e4m3) {
    panel_scales_ = kPanelCols;
    scales_ = AlignedBuffer<float>(panel_scales_ * panels_);
    for (int64_t row = 0; row < panels_ * kPanelCols; ++row)
      scales_[size_t(row)] = row < n ? q.scales[size_t(row)] : 0.0f;
  } else if (p == Precision::int4) {
    const int64_t groups = q.groups_per_row();
    panel_scales_ = size_t(groups) * kPanelCols;
    scales_ = AlignedBuffer<float>(panel_scales_ * panels_);
    for (int64_t row = 0; row < panels_ * kPanelCols; ++row)
      for (int64_t g = 0; g < groups; ++g)
        scales_[panel_scales_ * (row / kPanelCols) + g * kPanelCols + row % kPanelCols] =
            row < n ? q.scales[size_t(row * groups + g)] : 0.0f;
  }
  if (p == Precision::int8) {
    col_sums_ = AlignedBuffer<int32_t>(size_t(panels_) * kPanelCols);
    for (int64_t row = 0; row < panels_ * kPanelCols; ++row) {
      int32_t sum = 0;
      for (int64_t kk = 0; row < n && kk < k; ++kk)
        sum += static_cast<int8_t>(q.data[size_t(row * row_bytes + kk)]);
      col_sums_[size_t(row)] = sum;
    }
  }
}

PanelView PackedWeights::panel(int64_t index) const {
  PanelView v;
  v.data = data_.data() + panel_bytes_ * index;
  if (scales_.size() != 0) v.scales = scales_.data() + panel_scales_ * index;
  if (col_sums_.size() != 0) v.col_sums = col_sums_.data() + kPanelCols * index;
  return v;
}

}  // namespace moebench::cpu
