#include "kernels/cpu/gemm/activations.h"

#include <cmath>
#include <cstring>

#include "kernels/cpu/gemm/packed_weights.h"

namespace moebench::cpu {

namespace {
size_t element_bytes(Precision p) {
  switch (p) {
    case Precision::bf16:
      return 2;
    case Precision::int8:
      return 1;
    default:
      return 4;
  }
}
}  // namespace

ActivationRows::ActivationRows(Precision p, int64_t rows, int64_t k)
    : precision_(p), rows_(rows), k_(k) {
  // Padded to the k-step of the precision's weights and to whole cache lines.
  const size_t raw = size_t(padded_k(k, p)) * element_bytes(p);
  stride_ = (raw + 63) / 64 * 64;
  data_ = AlignedBuffer<uint8_t>(stride_ * size_t(rows > 0 ? rows : 1));
  std::memset(data_.data(), 0, data_.bytes());
  if (p == Precision::int8) scales_ = AlignedBuffer<float>(size_t(rows > 0 ? rows : 1));
}

void ActivationRows::set_row(int64_t r, const float* src) {
  uint8_t* dst = row(r);
  switch (precision_) {
    case Precision::bf16: {
      auto* out = reinterpret_cast<uint16_t*>(dst);
      for (int64_t i = 0; i < k_; ++i) out[i] = round_to_bf16(src[i]);
      break;
    }
    case Precision::int8: {
      // Symmetric per-row quantisation: scale = max|x| / 127 (1 for an all-zero row), codes
      // round(x / scale) to nearest even, as ref::round_activations.
      float max_abs = 0;
      for (int64_t i = 0; i < k_; ++i) max_abs = std::fmax(max_abs, std::fabs(src[i]));
      const float scale = max_abs > 0 ? max_abs / 127.0f : 1.0f;
      auto* out = reinterpret_cast<int8_t*>(dst);
      for (int64_t i = 0; i < k_; ++i) {
        float q = std::nearbyint(src[i] / scale);
        q = std::fmin(127.0f, std::fmax(-127.0f, q));
        out[i] = static_cast<int8_t>(q);
      }
      scales_[size_t(r)] = scale;
      break;
    }
    default:
      std::memcpy(dst, src, size_t(k_) * sizeof(float));
      break;
  }
}

void ActivationRows::copy_row(int64_t r, const ActivationRows& src, int64_t src_row) {
  std::memcpy(row(r), src.row(src_row), stride_);
  if (precision_ == Precision::int8) scales_[size_t(r)] = src.scales_[size_t(src_row)];
}

}  // namespace moebench::cpu
