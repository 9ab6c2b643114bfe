// Vendor baselines on NVIDIA, compared against in the same run (vendor_baseline = true):
//   cuda.cublaslt.dense_ffn   dense FFN: three cuBLASLt matmuls (bf16 in, fp32 accumulate)
//                             around a SwiGLU kernel
//   cuda.cublas.moe_grouped   MoE layer: moebench's router and align, then the per-expert
//                             GEMMs through cublasGemmGroupedBatchedEx (bf16), then combine.
// The grouped API takes per-problem sizes on the host, so each run copies the expert counts
// back (one synchronisation): that is the cost of using the vendor API for MoE, and counted.
#include <cublasLt.h>
#include <cublas_v2.h>

#include <memory>
#include <optional>
#include <string>

#include "harness/core/error.h"
#include "kernels/gpu/device_buffer.h"
#include "kernels/gpu/device_math.cuh"
#include "kernels/gpu/device_schedule.h"
#include "kernels/gpu/launch.h"
#include "kernels/gpu/moe_plan.h"
#include "kernels/registry.h"

namespace moebench::cuda {
namespace {

void check_cublas(cublasStatus_t status, const char* what) {
  if (status != CUBLAS_STATUS_SUCCESS)
    throw std::runtime_error(std::string("cuBLAS error ") + cublasGetStatusString(status) + " in " +
                             what);
}
#define CUBLAS_CHECK(call) check_cublas((call), #call)

// h[i] = bf16(silu(g[i]) * u[i]) for bf16 g, u.
__global__ void swiglu_bf16_kernel(const uint16_t* __restrict__ g, const uint16_t* __restrict__ u,
                                   uint16_t* __restrict__ h, int64_t n) {
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n;
       i += int64_t(gridDim.x) * blockDim.x)
    h[i] = float_to_bf16(silu(bf16_to_float(g[i])) * bf16_to_float(u[i]));
}

// xg[row] = x[sorted[row] / top_k] (bf16 rows of d elements), rows [0, rows).
__global__ void gather_rows_kernel(const uint16_t* __restrict__ x,
                                   const int32_t* __restrict__ sorted, int top_k, int64_t d,
                                   uint16_t* __restrict__ xg) {
  const int64_t row = blockIdx.x;
  const uint4* src = reinterpret_cast<const uint4*>(x + int64_t(sorted[row] / top_k) * d);
  uint4* dst = reinterpret_cast<uint4*>(xg + row * d);
  for (int64_t i = threadIdx.x; i < d / 8; i += blockDim.x) dst[i] = src[i];
}

// out[t] = sum_j w[t][j] * y[row_of[t*k+j]] + sum_s ys[s][t] (y, ys bf16).
__global__ void combine_bf16_kernel(const uint16_t* __restrict__ y,
                                    const int32_t* __restrict__ row_of, const float* __restrict__ w,
                                    int top_k, const uint16_t* __restrict__ ys, int num_shared,
                                    int64_t tokens, int64_t d, float* __restrict__ out) {
  const int64_t t = blockIdx.x;
  for (int64_t c = threadIdx.x; c < d; c += blockDim.x) {
    float acc = 0;
    for (int j = 0; j < top_k; ++j)
      acc +=
          (w ? w[t * top_k + j] : 1.f) * bf16_to_float(y[int64_t(row_of[t * top_k + j]) * d + c]);
    for (int s = 0; s < num_shared; ++s) acc += bf16_to_float(ys[(s * tokens + t) * d + c]);
    out[t * d + c] = acc;
  }
}

unsigned blocks_for(int64_t n) { return unsigned(std::min<int64_t>((n + 255) / 256, 65535)); }

struct Bf16Bank {
  int count;
  int64_t d_ff;
  DeviceBuffer<uint8_t> gate, up, down;
  Bf16Bank(const std::vector<float>& g, const std::vector<float>& u, const std::vector<float>& dn,
           int n, int64_t d_model, int64_t ff)
      : count(n),
        d_ff(ff),
        gate(gpu::pack_weights(g.data(), n, ff, d_model, Precision::bf16, 0).data),
        up(gpu::pack_weights(u.data(), n, ff, d_model, Precision::bf16, 0).data),
        down(gpu::pack_weights(dn.data(), n, d_model, ff, Precision::bf16, 0).data) {}
  const uint16_t* g(int e, int64_t d_model) const {
    return reinterpret_cast<const uint16_t*>(gate.get()) + e * d_ff * d_model;
  }
  const uint16_t* u(int e, int64_t d_model) const {
    return reinterpret_cast<const uint16_t*>(up.get()) + e * d_ff * d_model;
  }
  const uint16_t* dn(int e, int64_t d_model) const {
    return reinterpret_cast<const uint16_t*>(down.get()) + e * d_ff * d_model;
  }
  size_t bytes() const { return gate.bytes() + up.bytes() + down.bytes(); }
};

// One grouped call: every problem its own group (sizes differ per expert).
class GroupedGemm {
 public:
  void add(int m, int n, int k, const void* a, int lda, const void* b, int ldb, void* c, int ldc) {
    m_.push_back(m), n_.push_back(n), k_.push_back(k);
    lda_.push_back(lda), ldb_.push_back(ldb), ldc_.push_back(ldc);
    a_.push_back(a), b_.push_back(b), c_.push_back(c);
  }
  void run(cublasHandle_t handle, cudaStream_t stream) {
    const int groups = int(m_.size());
    if (groups == 0) return;
    // Pointer arrays live on the device; sizes, strides and scalars on the host.
    if (pointers_.size() < size_t(3 * groups)) pointers_ = DeviceBuffer<const void*>(3 * groups);
    std::vector<const void*> host(a_);
    host.insert(host.end(), b_.begin(), b_.end());
    host.insert(host.end(), c_.begin(), c_.end());
    GPU_CHECK(cudaMemcpyAsync(pointers_.get(), host.data(), host.size() * sizeof(void*),
                              cudaMemcpyHostToDevice, stream));
    const std::vector<cublasOperation_t> ta(groups, CUBLAS_OP_T), tb(groups, CUBLAS_OP_N);
    const std::vector<float> alpha(groups, 1.f), beta(groups, 0.f);
    const std::vector<int> ones(groups, 1);
    CUBLAS_CHECK(cublasGemmGroupedBatchedEx(
        handle, ta.data(), tb.data(), m_.data(), n_.data(), k_.data(), alpha.data(),
        pointers_.get(), CUDA_R_16BF, lda_.data(), pointers_.get() + groups, CUDA_R_16BF,
        ldb_.data(), beta.data(), const_cast<void* const*>(pointers_.get() + 2 * groups),
        CUDA_R_16BF, ldc_.data(), groups, ones.data(), CUBLAS_COMPUTE_32F));
    // The host arrays must outlive the asynchronous call's use of them.
    GPU_CHECK(cudaStreamSynchronize(stream));
    clear();
  }
  void clear() {
    m_.clear(), n_.clear(), k_.clear(), lda_.clear(), ldb_.clear(), ldc_.clear();
    a_.clear(), b_.clear(), c_.clear();
  }

 private:
  std::vector<int> m_, n_, k_, lda_, ldb_, ldc_;
  std::vector<const void*> a_, b_;
  std::vector<void*> c_;
  DeviceBuffer<const void*> pointers_;
};

// The FFN of a stack of experts on gathered rows, per problem: row-major out[rows][m] =
// in[rows][k] . W[m][k]^T is column-major out^T = W^T(op T on the [k][m] column-major W) . in^T.
class CublasFfnKernel final : public Kernel {
 public:
  explicit CublasFfnKernel(const Problem& p) {
    GPU_CHECK(cudaStreamCreate(&stream_));
    CUBLAS_CHECK(cublasCreate(&handle_));
    CUBLAS_CHECK(cublasSetStream(handle_, stream_));
    if (p.op == Op::dense_ffn) {
      const DenseFfnData& d = *p.dense;
      tokens_ = d.tokens, d_model_ = d.shape.d_model;
      x_ = DeviceBuffer<float>(d.x);
      shared_ = std::make_unique<Bf16Bank>(d.w_gate, d.w_up, d.w_down, 1, d_model_, d.shape.d_ff);
    } else {
      const MoeLayerData& m = *p.moe;
      tokens_ = m.tokens, d_model_ = m.shape.d_model;
      experts_ = m.shape.num_experts, top_k_ = m.shape.top_k;
      x_ = DeviceBuffer<float>(m.x);
      router_w_ = DeviceBuffer<float>(m.w_router);
      steering_ = DeviceBuffer<float>(m.steering);
      logits_ = DeviceBuffer<float>(size_t(tokens_ * experts_));
      ids_ = DeviceBuffer<int32_t>(size_t(tokens_ * top_k_));
      weights_ = DeviceBuffer<float>(size_t(tokens_ * top_k_));
      const int64_t a = tokens_ * top_k_;
      schedule_ = std::make_unique<DeviceSchedule>(experts_, a, 1, top_k_);  // unpadded rows
      routed_ = std::make_unique<Bf16Bank>(m.w_gate, m.w_up, m.w_down, experts_, d_model_,
                                           m.shape.d_ff_expert);
      xg_ = DeviceBuffer<uint16_t>(size_t(a * d_model_));
      rg_ = DeviceBuffer<uint16_t>(size_t(a * routed_->d_ff));
      ru_ = DeviceBuffer<uint16_t>(size_t(a * routed_->d_ff));
      ry_ = DeviceBuffer<uint16_t>(size_t(a * d_model_));
      if (m.shape.num_shared > 0)
        shared_ = std::make_unique<Bf16Bank>(m.ws_gate, m.ws_up, m.ws_down, m.shape.num_shared,
                                             d_model_, m.shape.d_ff_shared);
    }
    x_act_ = DeviceBuffer<float>(size_t(tokens_ * d_model_));
    x_half_ = DeviceBuffer<uint16_t>(size_t(tokens_ * d_model_));
    if (shared_) {
      const size_t rows = size_t(shared_->count * tokens_);
      sg_ = DeviceBuffer<uint16_t>(rows * shared_->d_ff);
      su_ = DeviceBuffer<uint16_t>(rows * shared_->d_ff);
      sy_ = DeviceBuffer<uint16_t>(rows * d_model_);
    }
    out_ = DeviceBuffer<float>(size_t(tokens_ * d_model_));
    GPU_CHECK(cudaDeviceSynchronize());
  }
  ~CublasFfnKernel() override {
    (void)cublasDestroy(handle_);
    (void)cudaStreamDestroy(stream_);
  }

  void run() override {
    launch_round_rows(x_.get(), x_act_.get(), x_half_.get(), false, tokens_, d_model_,
                      RoundMode::bf16, stream_);
    GroupedGemm gate_up, down;
    std::vector<int32_t> counts, offsets;
    if (routed_) {
      launch_router_logits(x_.get(), router_w_.get(), steering_.size() ? steering_.get() : nullptr,
                           logits_.get(), tokens_, experts_, d_model_, stream_);
      launch_topk_softmax(logits_.get(), tokens_, experts_, top_k_, ids_.get(), weights_.get(),
                          stream_);
      launch_align(ids_.get(), tokens_ * top_k_, experts_, 1, schedule_->outputs(), stream_);
      gather_rows_kernel<<<unsigned(tokens_ * top_k_), 128, 0, stream_>>>(
          x_half_.get(), schedule_->sorted.get(), top_k_, d_model_, xg_.get());
      GPU_CHECK_LAUNCH();
      counts =
          schedule_->counts.to_host(stream_);  // synchronises: the grouped API needs host sizes
      offsets = schedule_->offsets.to_host(stream_);
      const int64_t f = routed_->d_ff, d = d_model_;
      for (int e = 0; e < experts_; ++e) {
        if (counts[e] == 0) continue;
        const int64_t r = offsets[e];
        gate_up.add(int(f), counts[e], int(d), routed_->g(e, d), int(d), xg_.get() + r * d, int(d),
                    rg_.get() + r * f, int(f));
        gate_up.add(int(f), counts[e], int(d), routed_->u(e, d), int(d), xg_.get() + r * d, int(d),
                    ru_.get() + r * f, int(f));
      }
    }
    if (shared_) {
      const int64_t f = shared_->d_ff, d = d_model_;
      for (int s = 0; s < shared_->count; ++s) {
        gate_up.add(int(f), int(tokens_), int(d), shared_->g(s, d), int(d), x_half_.get(), int(d),
                    sg_.get() + s * tokens_ * f, int(f));
        gate_up.add(int(f), int(tokens_), int(d), shared_->u(s, d), int(d), x_half_.get(), int(d),
                    su_.get() + s * tokens_ * f, int(f));
      }
    }
    gate_up.run(handle_, stream_);
    if (routed_) {
      const int64_t n = tokens_ * top_k_ * routed_->d_ff;
      swiglu_bf16_kernel<<<blocks_for(n), 256, 0, stream_>>>(rg_.get(), ru_.get(), rg_.get(), n);
      GPU_CHECK_LAUNCH();
      const int64_t f = routed_->d_ff, d = d_model_;
      for (int e = 0; e < experts_; ++e) {
        if (counts[e] == 0) continue;
        const int64_t r = offsets[e];
        down.add(int(d), counts[e], int(f), routed_->dn(e, d), int(f), rg_.get() + r * f, int(f),
                 ry_.get() + r * d, int(d));
      }
    }
    if (shared_) {
      const int64_t n = shared_->count * tokens_ * shared_->d_ff;
      swiglu_bf16_kernel<<<blocks_for(n), 256, 0, stream_>>>(sg_.get(), su_.get(), sg_.get(), n);
      GPU_CHECK_LAUNCH();
      const int64_t f = shared_->d_ff, d = d_model_;
      for (int s = 0; s < shared_->count; ++s)
        down.add(int(d), int(tokens_), int(f), shared_->dn(s, d), int(f),
                 sg_.get() + s * tokens_ * f, int(f), sy_.get() + s * tokens_ * d, int(d));
    }
    down.run(handle_, stream_);
    combine_bf16_kernel<<<unsigned(tokens_), 256, 0, stream_>>>(
        routed_ ? ry_.get() : nullptr, routed_ ? schedule_->row_of.get() : nullptr,
        routed_ ? weights_.get() : nullptr, routed_ ? top_k_ : 0, shared_ ? sy_.get() : nullptr,
        shared_ ? shared_->count : 0, tokens_, d_model_, out_.get());
    GPU_CHECK_LAUNCH();
  }
  void synchronize() override { GPU_CHECK(cudaStreamSynchronize(stream_)); }
  std::vector<float> output() override {
    synchronize();
    return out_.to_host(stream_);
  }
  size_t resident_weight_bytes() const override {
    return (routed_ ? routed_->bytes() + router_w_.bytes() : 0) + (shared_ ? shared_->bytes() : 0);
  }
  std::vector<int32_t> expert_token_counts() const override {
    return routed_ ? schedule_->counts.to_host(stream_) : std::vector<int32_t>{};
  }

 private:
  cudaStream_t stream_ = nullptr;
  cublasHandle_t handle_ = nullptr;
  int64_t tokens_ = 0, d_model_ = 0;
  int experts_ = 0, top_k_ = 0;
  DeviceBuffer<float> x_, x_act_, out_, router_w_, steering_, logits_, weights_;
  DeviceBuffer<uint16_t> x_half_, xg_, rg_, ru_, ry_, sg_, su_, sy_;
  DeviceBuffer<int32_t> ids_;
  std::unique_ptr<DeviceSchedule> schedule_;  // the routed experts' permutation
  std::unique_ptr<Bf16Bank> routed_, shared_;
};

std::optional<std::string> unsupported(const Problem& p) {
  int count = 0;
  if (cudaGetDeviceCount(&count) != cudaSuccess || count == 0) {
    (void)cudaGetLastError();
    return std::string("no usable CUDA device");
  }
  if (p.precision != Precision::bf16)
    return "the cuBLAS baseline is measured in bf16 only (fp8 cuBLASLt not implemented yet)";
  if (!(p.op == Op::dense_ffn ? static_cast<const void*>(p.dense) : p.moe))
    return std::nullopt;  // planning, before the data exists: create() checks the shapes
  const int64_t d_model = p.op == Op::dense_ffn ? p.dense->shape.d_model : p.moe->shape.d_model;
  const int64_t d_ff = p.op == Op::dense_ffn ? p.dense->shape.d_ff : p.moe->shape.d_ff_expert;
  if (auto r = gpu::gpu_shape_unsupported(d_model, d_ff, p.precision, p.int4_group_size)) return r;
  if (p.op == Op::moe_layer && (p.moe->shape.num_experts > 1024 || p.moe->shape.top_k > 32))
    return "GPU router supports up to 1024 experts and top_k <= 32";
  return std::nullopt;
}

KernelInfo make_info(Op op) {
  KernelInfo info;
  info.name = op == Op::dense_ffn ? "cuda.cublas.dense_ffn" : "cuda.cublas.moe_grouped";
  info.backend = "cuda";
  info.op = op;
  info.vendor_baseline = true;
  info.description = op == Op::dense_ffn
                         ? "cuBLAS GEMMs (bf16, fp32 accumulate) + SwiGLU kernel"
                         : "moebench router/align + cublasGemmGroupedBatchedEx per expert (bf16)";
  info.unsupported_reason = unsupported;
  info.create = [](const Problem& p) -> std::unique_ptr<Kernel> {
    if (auto why = unsupported(p)) throw UserError("cuBLAS baseline: " + *why);
    return std::make_unique<CublasFfnKernel>(p);
  };
  return info;
}

MOEBENCH_REGISTER_KERNEL(make_info(Op::dense_ffn));
MOEBENCH_REGISTER_KERNEL(make_info(Op::moe_layer));

}  // namespace
}  // namespace moebench::cuda
