// What the cuBLASLt baseline (cublaslt_ffn.cu) can take, decided on the host: plain C++, in
// moebench_lib, unit-tested without a GPU or the CUDA toolkit.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "harness/core/precision.h"

namespace moebench::cuda {

// cuBLASLt's 8-bit tensor-core matmuls want every leading dimension a multiple of 16 elements
// (16 bytes) and 16-byte aligned pointers; the baseline asks the same of bf16 so that both
// precisions run the same shapes. nullopt when d_model and d_ff fit.
std::optional<std::string> lt_shape_unsupported(int64_t d_model, int64_t d_ff, Precision p);

// fp8 (e4m3) tensor cores exist from compute capability 8.9 (Ada, then Hopper 9.0) on.
std::optional<std::string> lt_fp8_unsupported(int major, int minor);

}  // namespace moebench::cuda
