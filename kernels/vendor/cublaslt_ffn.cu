// Vendor baseline for the dense FFN on NVIDIA, compared against in the same run:
//   cuda.cublaslt.dense_ffn   gate and up as one cuBLASLt matmul over the stacked [Wg; Wu]
//                             weights (N = 2 d_ff, as production FFNs fuse them), a SwiGLU
//                             kernel, and the down projection as a second matmul.
//   bf16: bf16 operands, fp32 accumulate, g/u stored as bf16, h rounded to bf16, fp32 output:
//         exactly docs/precisions.md's bf16 semantics.
//   fp8:  e4m3 operands on the fp8 tensor cores (sm_89+), fp32 accumulate and output. The
//         weights are moebench's own e4m3 codes with one scale per output channel; the
//         activations x and h are quantised per token to e4m3 (W8A8, dynamic), which is how
//         fp8 inference runs on Hopper. Both scales factor out of each dot product and are
//         applied in moebench's epilogue kernels (cuBLASLt's scalar scale pointers stay 1).
//         Quantising the activations is a coarser approximation than moebench's weight-only
//         fp8 semantics: the error this adds is documented in docs/precisions.md.
// Each matmul asks cuBLASLt's heuristic for its best algorithm once, at setup.
#include <cublasLt.h>

#include <memory>
#include <optional>
#include <string>

#include "harness/core/error.h"
#include "kernels/gpu/device_buffer.h"
#include "kernels/gpu/device_math.cuh"
#include "kernels/gpu/launch.h"
#include "kernels/gpu/moe_plan.h"
#include "kernels/registry.h"
#include "kernels/vendor/cublaslt_matmul.h"
#include "kernels/vendor/cublaslt_rules.h"

namespace moebench::cuda {
namespace {

constexpr int kRowThreads = 256;

// bf16: h[t][j] = bf16(silu(gu[t][j]) * gu[t][f + j]) over the fused gate|up output.
__global__ void swiglu_bf16_kernel(const uint16_t* __restrict__ gu, int64_t f,
                                   uint16_t* __restrict__ h) {
  const int64_t t = blockIdx.x;
  for (int64_t j = threadIdx.x; j < f; j += blockDim.x)
    h[t * f + j] = float_to_bf16(silu(bf16_to_float(gu[t * 2 * f + j])) *
                                 bf16_to_float(gu[t * 2 * f + f + j]));
}

// fp8: h[t][j] = silu(g) * u in fp32, with g = acc[t][j] * sx[t] * sg[j] and
// u = acc[t][f + j] * sx[t] * su[j] (the scales the matmul left out).
__global__ void swiglu_scaled_kernel(const float* __restrict__ gu, int64_t f,
                                     const float* __restrict__ sx, const float* __restrict__ sg,
                                     const float* __restrict__ su, float* __restrict__ h) {
  const int64_t t = blockIdx.x;
  for (int64_t j = threadIdx.x; j < f; j += blockDim.x) {
    const float g = gu[t * 2 * f + j] * sx[t] * sg[j];
    const float u = gu[t * 2 * f + f + j] * sx[t] * su[j];
    h[t * f + j] = silu(g) * u;
  }
}

// fp8: out[t][n] *= sh[t] * sd[n].
__global__ void scale_rows_cols_kernel(float* __restrict__ out, int64_t cols,
                                       const float* __restrict__ row_scale,
                                       const float* __restrict__ col_scale) {
  const int64_t t = blockIdx.x;
  for (int64_t n = threadIdx.x; n < cols; n += blockDim.x)
    out[t * cols + n] *= row_scale[t] * col_scale[n];
}

// The stacked [Wg; Wu] codes of one precision: gate rows first, then up rows.
std::vector<uint8_t> stack(const gpu::PackedWeights& a, const gpu::PackedWeights& b) {
  std::vector<uint8_t> out(a.data);
  out.insert(out.end(), b.data.begin(), b.data.end());
  return out;
}

class CublasLtDenseFfn final : public Kernel {
 public:
  explicit CublasLtDenseFfn(const Problem& p) : fp8_(p.precision == Precision::fp8_e4m3) {
    const DenseFfnData& d = *p.dense;
    tokens_ = d.tokens, d_model_ = d.shape.d_model, d_ff_ = d.shape.d_ff;
    GPU_CHECK(cudaStreamCreate(&stream_));
    const gpu::PackedWeights g =
        gpu::pack_weights(d.w_gate.data(), 1, d_ff_, d_model_, p.precision, 0);
    const gpu::PackedWeights u =
        gpu::pack_weights(d.w_up.data(), 1, d_ff_, d_model_, p.precision, 0);
    const gpu::PackedWeights dn =
        gpu::pack_weights(d.w_down.data(), 1, d_model_, d_ff_, p.precision, 0);
    w_gate_up_ = DeviceBuffer<uint8_t>(stack(g, u));
    w_down_ = DeviceBuffer<uint8_t>(dn.data);
    x_ = DeviceBuffer<float>(d.x);
    out_ = DeviceBuffer<float>(size_t(tokens_ * d_model_));
    const cudaDataType_t in_type = fp8_ ? CUDA_R_8F_E4M3 : CUDA_R_16BF;
    // gate|up: D[tokens][2 f] = X[tokens][d] . [Wg; Wu]^T; down: Y[tokens][d] = H . Wd^T.
    gate_up_ = std::make_unique<LtMatmul>(lt_.get(), LtShape{2 * d_ff_, tokens_, d_model_}, in_type,
                                          fp8_ ? CUDA_R_32F : CUDA_R_16BF, stream_);
    down_ = std::make_unique<LtMatmul>(lt_.get(), LtShape{d_model_, tokens_, d_ff_}, in_type,
                                       CUDA_R_32F, stream_);
    if (fp8_) {
      scales_gate_ = DeviceBuffer<float>(g.scales);
      scales_up_ = DeviceBuffer<float>(u.scales);
      scales_down_ = DeviceBuffer<float>(dn.scales);
      x_codes_ = DeviceBuffer<uint8_t>(size_t(tokens_ * d_model_));
      x_scales_ = DeviceBuffer<float>(size_t(tokens_));
      gu_float_ = DeviceBuffer<float>(size_t(tokens_ * 2 * d_ff_));
      h_float_ = DeviceBuffer<float>(size_t(tokens_ * d_ff_));
      h_codes_ = DeviceBuffer<uint8_t>(size_t(tokens_ * d_ff_));
      h_scales_ = DeviceBuffer<float>(size_t(tokens_));
    } else {
      x_act_ = DeviceBuffer<float>(size_t(tokens_ * d_model_));
      x_half_ = DeviceBuffer<uint16_t>(size_t(tokens_ * d_model_));
      gu_half_ = DeviceBuffer<uint16_t>(size_t(tokens_ * 2 * d_ff_));
      h_half_ = DeviceBuffer<uint16_t>(size_t(tokens_ * d_ff_));
    }
    weight_bytes_ = w_gate_up_.bytes() + w_down_.bytes() + scales_gate_.bytes() +
                    scales_up_.bytes() + scales_down_.bytes();
    GPU_CHECK(cudaDeviceSynchronize());
  }
  ~CublasLtDenseFfn() override { (void)cudaStreamDestroy(stream_); }

  void run() override { fp8_ ? run_fp8() : run_bf16(); }
  void synchronize() override { GPU_CHECK(cudaStreamSynchronize(stream_)); }
  std::vector<float> output() override {
    synchronize();
    return out_.to_host(stream_);
  }
  size_t resident_weight_bytes() const override { return weight_bytes_; }

 private:
  void run_bf16() {
    launch_round_rows(x_.get(), x_act_.get(), x_half_.get(), false, tokens_, d_model_,
                      RoundMode::bf16, stream_);
    gate_up_->run(w_gate_up_.get(), x_half_.get(), gu_half_.get());
    swiglu_bf16_kernel<<<unsigned(tokens_), kRowThreads, 0, stream_>>>(gu_half_.get(), d_ff_,
                                                                       h_half_.get());
    GPU_CHECK_LAUNCH();
    down_->run(w_down_.get(), h_half_.get(), out_.get());
  }
  void run_fp8() {
    // Per-token e4m3 codes and scales (max|row| / 448): the same quantiser as cuda.*_gemm's W8A8.
    launch_quantize_rows_e4m3(x_.get(), tokens_, d_model_, x_codes_.get(), x_scales_.get(),
                              stream_);
    gate_up_->run(w_gate_up_.get(), x_codes_.get(), gu_float_.get());
    swiglu_scaled_kernel<<<unsigned(tokens_), kRowThreads, 0, stream_>>>(
        gu_float_.get(), d_ff_, x_scales_.get(), scales_gate_.get(), scales_up_.get(),
        h_float_.get());
    GPU_CHECK_LAUNCH();
    launch_quantize_rows_e4m3(h_float_.get(), tokens_, d_ff_, h_codes_.get(), h_scales_.get(),
                              stream_);
    down_->run(w_down_.get(), h_codes_.get(), out_.get());
    scale_rows_cols_kernel<<<unsigned(tokens_), kRowThreads, 0, stream_>>>(
        out_.get(), d_model_, h_scales_.get(), scales_down_.get());
    GPU_CHECK_LAUNCH();
  }

  bool fp8_;
  int64_t tokens_ = 0, d_model_ = 0, d_ff_ = 0;
  size_t weight_bytes_ = 0;
  cudaStream_t stream_ = nullptr;
  LtHandle lt_;
  std::unique_ptr<LtMatmul> gate_up_, down_;
  DeviceBuffer<uint8_t> w_gate_up_, w_down_, x_codes_, h_codes_;
  DeviceBuffer<float> x_, x_act_, out_, scales_gate_, scales_up_, scales_down_, x_scales_,
      gu_float_, h_float_, h_scales_;
  DeviceBuffer<uint16_t> x_half_, gu_half_, h_half_;
};

std::optional<std::string> unsupported(const Problem& p) {
  int count = 0;
  if (cudaGetDeviceCount(&count) != cudaSuccess || count == 0) {
    (void)cudaGetLastError();
    return std::string("no usable CUDA device");
  }
  if (p.precision != Precision::bf16 && p.precision != Precision::fp8_e4m3)
    return "the cuBLASLt baseline is measured in bf16 and fp8-e4m3 only";
  if (p.precision == Precision::fp8_e4m3) {
    const int cc = compute_capability();
    if (auto why = lt_fp8_unsupported(cc / 10, cc % 10)) return why;
  }
  if (!p.dense) return std::nullopt;  // planning, before the data exists: create() checks
  return lt_shape_unsupported(p.dense->shape.d_model, p.dense->shape.d_ff, p.precision);
}

MOEBENCH_REGISTER_KERNEL((KernelInfo{
    "cuda.cublaslt.dense_ffn", "cuda", Op::dense_ffn,
    "cuBLASLt: fused gate|up matmul, SwiGLU kernel, down matmul (bf16; fp8-e4m3 W8A8 with "
    "per-token and per-channel scales in moebench's epilogue)",
    true, unsupported,
    [](const Problem& p) -> std::unique_ptr<Kernel> {
      if (auto why = unsupported(p)) throw UserError("cuBLASLt baseline: " + *why);
      return std::make_unique<CublasLtDenseFfn>(p);
    },
    Activations::fp8_per_token}));

}  // namespace
}  // namespace moebench::cuda
