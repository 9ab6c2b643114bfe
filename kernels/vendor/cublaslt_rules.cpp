#include "kernels/vendor/cublaslt_rules.h"

namespace moebench::cuda {

std::optional<std::string> lt_shape_unsupported(int64_t d_model, int64_t d_ff, Precision p) {
  if (d_model <= 0 || d_ff <= 0) return "empty layer";
  if (d_model % 16 != 0 || d_ff % 16 != 0)
    return "cuBLASLt's " + std::string(to_string(p)) + " matmuls need d_model (" +
           std::to_string(d_model) + ") and d_ff (" + std::to_string(d_ff) +
           ") to be multiples of 16";
  return std::nullopt;
}

std::optional<std::string> lt_fp8_unsupported(int major, int minor) {
  if (major > 8 || (major == 8 && minor >= 9)) return std::nullopt;
  return "fp8 tensor cores need compute capability 8.9 or newer (this GPU is " +
         std::to_string(major) + "." + std::to_string(minor) + ")";
}

}  // namespace moebench::cuda
