#include "kernels/vendor/cublaslt_matmul.h"

#include <stdexcept>
#include <string>

namespace moebench::cuda {
namespace {

void check_lt(cublasStatus_t status, const char* what) {
  if (status != CUBLAS_STATUS_SUCCESS)
    throw std::runtime_error(std::string("cuBLASLt error ") + cublasLtGetStatusName(status) +
                             " in " + what);
}
#define LT_CHECK(call) check_lt((call), #call)

// 32 MiB: what cuBLAS recommends on Hopper for its best algorithms.
constexpr size_t kWorkspaceBytes = size_t(32) << 20;

}  // namespace

LtHandle::LtHandle() { LT_CHECK(cublasLtCreate(&handle_)); }
LtHandle::~LtHandle() { (void)cublasLtDestroy(handle_); }

LtMatmul::LtMatmul(cublasLtHandle_t handle, LtShape s, cudaDataType_t input, cudaDataType_t output,
                   cudaStream_t stream)
    : handle_(handle), stream_(stream), workspace_(kWorkspaceBytes) {
  LT_CHECK(cublasLtMatmulDescCreate(&op_, CUBLAS_COMPUTE_32F, CUDA_R_32F));
  const cublasOperation_t transpose = CUBLAS_OP_T, none = CUBLAS_OP_N;
  LT_CHECK(cublasLtMatmulDescSetAttribute(op_, CUBLASLT_MATMUL_DESC_TRANSA, &transpose,
                                          sizeof(transpose)));
  LT_CHECK(cublasLtMatmulDescSetAttribute(op_, CUBLASLT_MATMUL_DESC_TRANSB, &none, sizeof(none)));
  LT_CHECK(cublasLtMatrixLayoutCreate(&a_, input, uint64_t(s.k), uint64_t(s.m), s.k));
  LT_CHECK(cublasLtMatrixLayoutCreate(&b_, input, uint64_t(s.k), uint64_t(s.n), s.k));
  LT_CHECK(cublasLtMatrixLayoutCreate(&d_, output, uint64_t(s.m), uint64_t(s.n), s.m));

  cublasLtMatmulPreference_t preference = nullptr;
  LT_CHECK(cublasLtMatmulPreferenceCreate(&preference));
  const uint64_t workspace = kWorkspaceBytes;
  LT_CHECK(cublasLtMatmulPreferenceSetAttribute(
      preference, CUBLASLT_MATMUL_PREF_MAX_WORKSPACE_BYTES, &workspace, sizeof(workspace)));
  cublasLtMatmulHeuristicResult_t best{};
  int found = 0;
  const cublasStatus_t status =
      cublasLtMatmulAlgoGetHeuristic(handle_, op_, a_, b_, d_, d_, preference, 1, &best, &found);
  (void)cublasLtMatmulPreferenceDestroy(preference);
  if (status != CUBLAS_STATUS_SUCCESS || found == 0)
    throw std::runtime_error("cuBLASLt offers no algorithm for a " + std::to_string(s.m) + " x " +
                             std::to_string(s.n) + " x " + std::to_string(s.k) +
                             " matmul of these types (" + cublasLtGetStatusName(status) + ")");
  algo_ = best.algo;
}

LtMatmul::~LtMatmul() {
  (void)cublasLtMatrixLayoutDestroy(d_);
  (void)cublasLtMatrixLayoutDestroy(b_);
  (void)cublasLtMatrixLayoutDestroy(a_);
  (void)cublasLtMatmulDescDestroy(op_);
}

void LtMatmul::run(const void* a, const void* b, void* d) {
  const float alpha = 1.f, beta = 0.f;
  LT_CHECK(cublasLtMatmul(handle_, op_, &alpha, a, a_, b, b_, &beta, d, d_, d, d_, &algo_,
                          workspace_.get(), workspace_.bytes(), stream_));
}

}  // namespace moebench::cuda
