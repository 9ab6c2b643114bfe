// The GPU kernels moebench benchmarks: a MoE layer (router, align/permute, routed experts,
// shared experts, combine) and the dense FFN, each with a decode path (grouped GEMV, every
// precision) and a prefill path (matrix-unit grouped GEMM, bf16/fp16). Same source for CUDA
// and HIP; registered as "<backend>.moe_gemv", "<backend>.moe_gemm", "<backend>.dense_gemv",
// "<backend>.dense_gemm".
#include <memory>
#include <numeric>
#include <optional>
#include <string>

#include "harness/core/error.h"
#include "kernels/gpu/device_buffer.h"
#include "kernels/gpu/device_schedule.h"
#include "kernels/gpu/device_weights.h"
#include "kernels/gpu/launch.h"
#include "kernels/gpu/moe_plan.h"
#include "kernels/gpu/stream_graph.h"
#include "kernels/registry.h"

namespace moebench::MOEBENCH_GPU_NS {
namespace {

// Why no kernel of this backend can run here, or nullopt.
std::optional<std::string> device_unavailable() {
  int count = 0;
  const cudaError_t status = cudaGetDeviceCount(&count);
  if (status != cudaSuccess) {
    (void)cudaGetLastError();  // clear the sticky error
    return std::string("no usable " MOEBENCH_GPU_NAME " device: ") + cudaGetErrorName(status);
  }
  if (count == 0) return std::string("no " MOEBENCH_GPU_NAME " device");
  return std::nullopt;
}

// gate, up and down weights of `count` experts of the same shape.
struct ExpertBank {
  int count = 0;
  int64_t d_ff = 0;
  std::unique_ptr<DeviceWeights> gate, up, down;

  ExpertBank(const std::vector<float>& w_gate, const std::vector<float>& w_up,
             const std::vector<float>& w_down, int n, int64_t d_model, int64_t ff, Precision p,
             int group)
      : count(n), d_ff(ff) {
    gate =
        std::make_unique<DeviceWeights>(gpu::pack_weights(w_gate.data(), n, ff, d_model, p, group));
    up = std::make_unique<DeviceWeights>(gpu::pack_weights(w_up.data(), n, ff, d_model, p, group));
    down =
        std::make_unique<DeviceWeights>(gpu::pack_weights(w_down.data(), n, d_model, ff, p, group));
  }
  size_t bytes() const { return gate->bytes() + up->bytes() + down->bytes(); }
};

bool is_half_precision(Precision p) { return p == Precision::bf16 || p == Precision::fp16; }

// Intermediate activations of one bank: H after gate/up (fp32 on the GEMV path and before the
// fp8 GEMM's per-row quantisation; bf16/fp16 bits or e4m3 codes at the GEMM's down input),
// Y after down.
struct BankScratch {
  DeviceBuffer<float> h, y, h_scales;
  DeviceBuffer<uint16_t> h_half;
  DeviceBuffer<uint8_t> h_codes;
  BankScratch(int64_t rows, int64_t d_ff, int64_t d_model, bool matrix_units, Precision p) {
    const bool fp8_matrix = matrix_units && p == Precision::fp8_e4m3;
    const size_t elements = size_t(rows * d_ff);
    h = DeviceBuffer<float>(!matrix_units || fp8_matrix ? elements : 0);
    y = DeviceBuffer<float>(size_t(rows * d_model));
    h_half = DeviceBuffer<uint16_t>(matrix_units && is_half_precision(p) ? elements : 0);
    h_codes = DeviceBuffer<uint8_t>(fp8_matrix ? elements : 0);
    h_scales = DeviceBuffer<float>(fp8_matrix ? size_t(rows) : 0);
  }
};

class GpuFfnKernel final : public Kernel {
 public:
  GpuFfnKernel(const Problem& problem, bool matrix_units)
      : precision_(problem.precision), matrix_units_(matrix_units), graph_wanted_(problem.graph) {
    GPU_CHECK(cudaStreamCreate(&stream_));
    const int group = problem.int4_group_size;
    const int tile = matrix_units_ ? gpu::kGemmTileRows : 1;
    if (problem.op == Op::dense_ffn) {
      const DenseFfnData& d = *problem.dense;
      tokens_ = d.tokens;
      d_model_ = d.shape.d_model;
      x_ = DeviceBuffer<float>(d.x);
      shared_ = std::make_unique<ExpertBank>(d.w_gate, d.w_up, d.w_down, 1, d_model_, d.shape.d_ff,
                                             precision_, group);
      num_shared_ = 1;
    } else {
      const MoeLayerData& m = *problem.moe;
      tokens_ = m.tokens;
      d_model_ = m.shape.d_model;
      experts_ = m.shape.num_experts;
      top_k_ = m.shape.top_k;
      x_ = DeviceBuffer<float>(m.x);
      router_w_ = DeviceBuffer<float>(m.w_router);
      steering_ = DeviceBuffer<float>(m.steering);
      logits_ = DeviceBuffer<float>(size_t(tokens_ * experts_));
      expert_ids_ = DeviceBuffer<int32_t>(size_t(tokens_ * top_k_));
      weights_ = DeviceBuffer<float>(size_t(tokens_ * top_k_));
      routed_ = std::make_unique<ExpertBank>(m.w_gate, m.w_up, m.w_down, experts_, d_model_,
                                             m.shape.d_ff_expert, precision_, group);
      routed_schedule_ = std::make_unique<DeviceSchedule>(experts_, tokens_ * top_k_, tile, top_k_);
      routed_scratch_ = std::make_unique<BankScratch>(
          routed_schedule_->view.max_rows, routed_->d_ff, d_model_, matrix_units_, precision_);
      num_shared_ = m.shape.num_shared;
      if (num_shared_ > 0)
        shared_ = std::make_unique<ExpertBank>(m.ws_gate, m.ws_up, m.ws_down, num_shared_, d_model_,
                                               m.shape.d_ff_shared, precision_, group);
    }
    if (shared_) {
      shared_schedule_ =
          std::make_unique<DeviceSchedule>(num_shared_, tokens_ * num_shared_, tile, num_shared_);
      shared_schedule_->fill_all_tokens(tokens_, num_shared_, tile);
      shared_scratch_ = std::make_unique<BankScratch>(
          shared_schedule_->view.max_rows, shared_->d_ff, d_model_, matrix_units_, precision_);
    }
    x_act_ = DeviceBuffer<float>(size_t(tokens_ * d_model_));
    if (matrix_units_ && is_half_precision(precision_))
      x_half_ = DeviceBuffer<uint16_t>(size_t(tokens_ * d_model_));
    if (fp8_matrix()) {
      x_codes_ = DeviceBuffer<uint8_t>(size_t(tokens_ * d_model_));
      x_scales_ = DeviceBuffer<float>(size_t(tokens_));
    }
    out_ = DeviceBuffer<float>(size_t(tokens_ * d_model_));
    if (matrix_units_) prepare_expert_gemm(precision_);
    GPU_CHECK(cudaDeviceSynchronize());
  }
  ~GpuFfnKernel() override { (void)cudaStreamDestroy(stream_); }

  std::vector<std::string> stage_names() const override {
    if (routed_) return {"round_x", "router", "align", "experts", "shared_experts", "combine"};
    return {"round_x", "ffn", "combine"};
  }

  void run_stage(size_t index) override {
    const std::string name = stage_names().at(index);
    if (name == "round_x") round_x();
    if (name == "router") route();
    if (name == "align") align();
    if (name == "experts") run_bank(*routed_, *routed_schedule_, *routed_scratch_);
    if ((name == "shared_experts" || name == "ffn") && shared_)
      run_bank(*shared_, *shared_schedule_, *shared_scratch_);
    if (name == "combine") combine();
  }

  // With a graph, the first run() captures every stage's launches (they only enqueue on
  // stream_: no synchronous copy, allocation or query is on this path) and each run() replays
  // them. run_stage() stays uncaptured: stages are timed on their own.
  void run() override {
    if (!graph_wanted_) return run_stages();
    if (!graph_.captured()) graph_.capture(stream_, [this] { run_stages(); });
    graph_.launch(stream_);
  }
  bool uses_graph() const override { return graph_wanted_; }
  void synchronize() override { GPU_CHECK(cudaStreamSynchronize(stream_)); }
  std::vector<float> output() override {
    synchronize();
    return out_.to_host(stream_);
  }
  size_t resident_weight_bytes() const override {
    return (routed_ ? routed_->bytes() + router_w_.bytes() : 0) + (shared_ ? shared_->bytes() : 0);
  }
  std::vector<int32_t> expert_token_counts() const override {
    if (!routed_) return {};
    return routed_schedule_->counts.to_host(stream_);
  }

 private:
  bool fp8_matrix() const { return matrix_units_ && precision_ == Precision::fp8_e4m3; }

  void run_stages() {
    for (size_t i = 0; i < stage_names().size(); ++i) run_stage(i);
  }
  void round_x() {
    if (fp8_matrix())  // W8A8: x quantised per token to e4m3
      return launch_quantize_rows_e4m3(x_.get(), tokens_, d_model_, x_codes_.get(), x_scales_.get(),
                                       stream_);
    launch_round_rows(x_.get(), x_act_.get(), x_half_.size() ? x_half_.get() : nullptr,
                      precision_ == Precision::fp16, tokens_, d_model_, round_mode_for(precision_),
                      stream_);
  }
  void route() {
    // The router runs in fp32 on the unrounded activations, as the reference does.
    launch_router_logits(x_.get(), router_w_.get(), steering_.size() ? steering_.get() : nullptr,
                         logits_.get(), tokens_, experts_, d_model_, stream_);
    launch_topk_softmax(logits_.get(), tokens_, experts_, top_k_, expert_ids_.get(), weights_.get(),
                        stream_);
  }
  void align() {
    launch_align(expert_ids_.get(), tokens_ * top_k_, experts_,
                 matrix_units_ ? gpu::kGemmTileRows : 1, routed_schedule_->outputs(), stream_);
  }
  void run_bank(const ExpertBank& bank, const DeviceSchedule& schedule, BankScratch& scratch) {
    const ScheduleView& s = schedule.view;
    if (fp8_matrix()) {
      launch_expert_gemm({x_codes_.get(), x_scales_.get(), true}, s, bank.gate->view,
                         &bank.up->view, nullptr, scratch.h.get(), stream_);
      launch_quantize_rows_e4m3(scratch.h.get(), s.max_rows, bank.d_ff, scratch.h_codes.get(),
                                scratch.h_scales.get(), stream_);
      launch_expert_gemm({scratch.h_codes.get(), scratch.h_scales.get(), false}, s, bank.down->view,
                         nullptr, nullptr, scratch.y.get(), stream_);
      return;
    }
    if (matrix_units_) {
      launch_expert_gemm({x_half_.get(), nullptr, true}, s, bank.gate->view, &bank.up->view,
                         scratch.h_half.get(), nullptr, stream_);
      launch_expert_gemm({scratch.h_half.get(), nullptr, false}, s, bank.down->view, nullptr,
                         nullptr, scratch.y.get(), stream_);
      return;
    }
    launch_expert_gemv(x_act_.get(), true, s, bank.gate->view, &bank.up->view, scratch.h.get(),
                       precision_ == Precision::bf16, stream_);
    if (precision_ == Precision::int8)  // activations quantised per row at the down input
      launch_round_rows(scratch.h.get(), scratch.h.get(), nullptr, false, s.max_rows, bank.d_ff,
                        RoundMode::int8, stream_);
    launch_expert_gemv(scratch.h.get(), false, s, bank.down->view, nullptr, scratch.y.get(), false,
                       stream_);
  }
  void combine() {
    const float* routed = routed_ ? routed_scratch_->y.get() : nullptr;
    const int32_t* row_of = routed_ ? routed_schedule_->view.row_of : nullptr;
    const float* shared = shared_ ? shared_scratch_->y.get() : nullptr;
    const int32_t* shared_row_of = shared_ ? shared_schedule_->view.row_of : nullptr;
    launch_combine(routed, row_of, routed_ ? weights_.get() : nullptr, top_k_, shared,
                   shared_row_of, num_shared_, out_.get(), tokens_, d_model_, stream_);
  }

  Precision precision_;
  bool matrix_units_;
  bool graph_wanted_;
  StreamGraph graph_;
  cudaStream_t stream_ = nullptr;
  int64_t tokens_ = 0, d_model_ = 0;
  int experts_ = 0, top_k_ = 0, num_shared_ = 0;
  DeviceBuffer<float> x_, x_act_, out_, router_w_, steering_, logits_, weights_;
  DeviceBuffer<uint16_t> x_half_;
  DeviceBuffer<uint8_t> x_codes_;
  DeviceBuffer<float> x_scales_;
  DeviceBuffer<int32_t> expert_ids_;
  std::unique_ptr<ExpertBank> routed_, shared_;
  std::unique_ptr<DeviceSchedule> routed_schedule_, shared_schedule_;
  std::unique_ptr<BankScratch> routed_scratch_, shared_scratch_;
};

// Device memory a problem needs, counted generously (weights as fp32 upper bound + buffers).
size_t bytes_needed(const Problem& p, bool matrix_units) {
  const int tile = matrix_units ? gpu::kGemmTileRows : 1;
  auto bank_bytes = [&](int n, int64_t ff, int64_t d, int64_t rows) {
    const double weight_bytes =
        3.0 * n * ff * d * bits_per_weight(p.precision, p.int4_group_size, d) / 8;
    return size_t(weight_bytes) + size_t(rows) * size_t(ff + d) * 4;
  };
  if (p.op == Op::dense_ffn) {
    const DenseFfnData& d = *p.dense;
    return bank_bytes(1, d.shape.d_ff, d.shape.d_model, gpu::max_padded_rows(d.tokens, 1, tile)) +
           size_t(d.tokens * d.shape.d_model) * 16;
  }
  const MoeLayerData& m = *p.moe;
  const MoeShape& s = m.shape;
  size_t total = bank_bytes(s.num_experts, s.d_ff_expert, s.d_model,
                            gpu::max_padded_rows(m.tokens * s.top_k, s.num_experts, tile));
  if (s.num_shared > 0)
    total += bank_bytes(s.num_shared, s.d_ff_shared, s.d_model,
                        gpu::max_padded_rows(m.tokens * s.num_shared, s.num_shared, tile));
  total += size_t(m.tokens) * size_t(s.d_model) * 16 + size_t(m.tokens) * s.num_experts * 8 +
           size_t(s.num_experts) * s.d_model * 4;
  return total;
}

// Limits that need the layer's shapes (the planner asks before any data exists: then only the
// device and the precision are checked, and create() checks the rest).
std::optional<std::string> shape_unsupported(const Problem& p, bool matrix_units) {
  if (p.op == Op::dense_ffn) {
    if (!p.dense) return std::nullopt;
    if (auto r = gpu::gpu_shape_unsupported(p.dense->shape.d_model, p.dense->shape.d_ff,
                                            p.precision, p.int4_group_size, matrix_units))
      return r;
  } else {
    if (!p.moe) return std::nullopt;
    const MoeShape& s = p.moe->shape;
    if (auto r = gpu::gpu_shape_unsupported(s.d_model, s.d_ff_expert, p.precision,
                                            p.int4_group_size, matrix_units))
      return r;
    if (s.num_shared > 0)
      if (auto r = gpu::gpu_shape_unsupported(s.d_model, s.d_ff_shared, p.precision,
                                              p.int4_group_size, matrix_units))
        return r;
    if (s.num_experts > 1024 || s.top_k > 32 || s.top_k > s.num_experts || s.top_k < 1)
      return "GPU router supports up to 1024 experts and 1 <= top_k <= min(32, experts)";
  }
  size_t free_bytes = 0, total_bytes = 0;
  GPU_CHECK(cudaMemGetInfo(&free_bytes, &total_bytes));
  const size_t needed = bytes_needed(p, matrix_units);
  if (needed > free_bytes)
    return "needs about " + std::to_string(needed) + " bytes of device memory, " +
           std::to_string(free_bytes) + " free";
  return std::nullopt;
}

#if defined(MOEBENCH_GPU_HIP)
constexpr bool kAmd = true;
#else
constexpr bool kAmd = false;
#endif

std::optional<std::string> unsupported(const Problem& p, bool matrix_units) {
  if (auto reason = device_unavailable()) return reason;
  if (matrix_units)
    if (auto reason = gpu::matrix_units_unsupported(p.precision, kAmd, compute_capability()))
      return reason;
  return shape_unsupported(p, matrix_units);
}

std::string info_name_of(const Problem& p, bool matrix_units) {
  const std::string what = p.op == Op::dense_ffn ? "dense" : "moe";
  return std::string(MOEBENCH_GPU_NAME) + "." + what + (matrix_units ? "_gemm" : "_gemv");
}

#if defined(MOEBENCH_GPU_HIP)
constexpr const char* kMatrixUnitsDescription =
    "grouped GEMM on the matrix units (MFMA 32x32x8, 2 stages through registers), SwiGLU fused, "
    "bf16/fp16";
#else
constexpr const char* kMatrixUnitsDescription =
    "grouped GEMM on the matrix units (cp.async + ldmatrix + mma.sync, 3 stages), SwiGLU fused, "
    "bf16/fp16, fp8-e4m3 as W8A8 (per-token e4m3 activations) on sm_89+";
#endif

KernelInfo make_info(Op op, bool matrix_units) {
  KernelInfo info;
  Problem named;
  named.op = op;
  info.name = info_name_of(named, matrix_units);
  info.backend = MOEBENCH_GPU_NAME;
  info.op = op;
  info.description =
      matrix_units ? kMatrixUnitsDescription
                   : "grouped GEMV over touched experts, 16-byte loads, in-register dequantisation";
  if (op == Op::moe_layer)
    info.description += "; fused softmax/top-k router, deterministic align/permute, combine";
  // fp8 on the matrix units multiplies e4m3 activations (W8A8); other precisions keep theirs.
  if (matrix_units) info.activations = Activations::fp8_per_token;
  info.unsupported_reason = [matrix_units](const Problem& p) {
    return unsupported(p, matrix_units);
  };
  info.create = [matrix_units](const Problem& p) -> std::unique_ptr<Kernel> {
    if (auto why = unsupported(p, matrix_units))
      throw UserError(info_name_of(p, matrix_units) + ": " + *why);
    return std::make_unique<GpuFfnKernel>(p, matrix_units);
  };
  return info;
}

MOEBENCH_REGISTER_KERNEL(make_info(Op::moe_layer, false));
MOEBENCH_REGISTER_KERNEL(make_info(Op::moe_layer, true));
MOEBENCH_REGISTER_KERNEL(make_info(Op::dense_ffn, false));
MOEBENCH_REGISTER_KERNEL(make_info(Op::dense_ffn, true));

}  // namespace
}  // namespace moebench::MOEBENCH_GPU_NS
