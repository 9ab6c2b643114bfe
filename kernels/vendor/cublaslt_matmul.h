// One cuBLASLt matmul of fixed shape and types, set up once (descriptors, layouts, the
// heuristic's best algorithm, a workspace) and run many times: the timed region holds only
// cublasLtMatmul. CUDA build only.
//
// moebench's matrices are row-major: out[rows][n] = in[rows][k] . W[n][k]^T. Read as
// column-major that is D = op(A) . B with A = W (k x n, transposed: the "TN" form that
// cuBLASLt's fp8 kernels require), B = in (k x rows) and D = out (n x rows).
#pragma once

#include <cublasLt.h>

#include <cstdint>

#include "kernels/gpu/device_buffer.h"

namespace moebench::cuda {

// D has m rows (output features) and n columns (tokens); k is the reduction.
struct LtShape {
  int64_t m = 0, n = 0, k = 0;
};

class LtHandle {
 public:
  LtHandle();
  ~LtHandle();
  LtHandle(const LtHandle&) = delete;
  LtHandle& operator=(const LtHandle&) = delete;
  cublasLtHandle_t get() const { return handle_; }

 private:
  cublasLtHandle_t handle_ = nullptr;
};

class LtMatmul {
 public:
  // A and B of `input` type (CUDA_R_16BF or CUDA_R_8F_E4M3), C = D of `output` type, fp32
  // accumulation and scalars. Throws when cuBLASLt offers no algorithm for the combination.
  LtMatmul(cublasLtHandle_t handle, LtShape shape, cudaDataType_t input, cudaDataType_t output,
           cudaStream_t stream);
  ~LtMatmul();
  LtMatmul(const LtMatmul&) = delete;
  LtMatmul& operator=(const LtMatmul&) = delete;
  // d = a . b (alpha 1, beta 0), on the stream given at construction.
  void run(const void* a, const void* b, void* d);

 private:
  cublasLtHandle_t handle_;
  cudaStream_t stream_;
  cublasLtMatmulDesc_t op_ = nullptr;
  cublasLtMatrixLayout_t a_ = nullptr, b_ = nullptr, d_ = nullptr;
  cublasLtMatmulAlgo_t algo_{};
  DeviceBuffer<uint8_t> workspace_;
};

}  // namespace moebench::cuda
