// A SwiGLU FFN computed with a vendor library's GEMM: the unit the vendor baselines are built
// from (the dense FFN is one; the MoE baseline runs one per expert over its routed rows).
// Gate and up are one GEMM over concatenated weights (as fused as the library allows); the
// SwiGLU epilogue uses moebench's vectorised one, so the comparison is of the GEMMs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "harness/core/precision.h"

namespace moebench::vendor {

class VendorFfn {
 public:
  virtual ~VendorFfn() = default;
  // Prepares whatever the library needs for `rows` (oneDNN: primitives); outside timing.
  virtual void prepare(int64_t /*rows*/) {}
  // y[rows][d_model] = FFN(x[rows][d_model]); x is fp32, rounded as the precision implies here.
  virtual void forward(const float* x, int64_t rows, float* y) = 0;
  virtual size_t weight_bytes() const = 0;
};

struct FfnSource {
  const float* w_gate;  // [d_ff][d_model]
  const float* w_up;    // [d_ff][d_model]
  const float* w_down;  // [d_model][d_ff]
  int64_t d_model, d_ff;
};

// OpenBLAS sgemm (sgemv for one row), fp32 only.
std::unique_ptr<VendorFfn> make_openblas_ffn(const FfnSource& src, int threads);
// oneDNN matmul in fp32, bf16 or int8 (W8A8: per-row activation scales, per-channel weight
// scales, s32 accumulation). Null when built without oneDNN.
std::unique_ptr<VendorFfn> make_onednn_ffn(const FfnSource& src, Precision p, int threads);
// nullopt when oneDNN can run precision p here, else why not.
std::optional<std::string> onednn_unsupported(Precision p);

}  // namespace moebench::vendor
