// "cpu.reference.dense_ffn" and "cpu.reference.moe_layer": plain, obviously correct CPU kernels
// in every precision. They are verified against the oracle (reference.cpp) like any other
// kernel, and are the timed baseline until the fast kernels land.
#include <algorithm>
#include <array>
#include <cmath>
#include <memory>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <string>

#include "harness/core/error.h"
#include "kernels/reference/data_checks.h"
#include "kernels/reference/plain_ffn.h"
#include "kernels/reference/reference.h"
#include "kernels/registry.h"

namespace moebench::ref {
namespace {

size_t to_size(int64_t n) { return static_cast<size_t>(n); }

template <typename Data>
const Data& require(const Data* data, const char* what) {
  if (!data) throw UserError(std::string("problem has no ") + what + " data");
  return *data;
}

class ReferenceDenseKernel final : public Kernel {
 public:
  explicit ReferenceDenseKernel(const Problem& problem)
      : data_(require(problem.dense, "dense FFN")),
        precision_(problem.precision),
        threads_(std::max(problem.threads, 1)) {
    check_dense_data(data_);
    const auto& s = data_.shape;
    weights_ = quantize_ffn(data_.w_gate.data(), data_.w_up.data(), data_.w_down.data(), s.d_model,
                            s.d_ff, precision_, problem.int4_group_size);
    x_.resize(data_.x.size());
    h_.resize(to_size(data_.tokens * s.d_ff));
    y_.resize(to_size(data_.tokens * s.d_model));
  }

  void run() override {
    std::copy(data_.x.begin(), data_.x.end(), x_.begin());
    round_rows(x_.data(), data_.tokens, data_.shape.d_model, precision_, threads_);
    ffn_rows(weights_, x_.data(), data_.tokens, precision_, threads_, h_.data(), y_.data(),
             /*accumulate=*/false);
  }
  std::vector<float> output() override { return y_; }
  size_t resident_weight_bytes() const override { return weights_.total_bytes(); }

 private:
  const DenseFfnData& data_;
  Precision precision_;
  int threads_;
  QuantizedFfn weights_;
  std::vector<float> x_, h_, y_;  // rounded input, intermediate, output
};

class ReferenceMoeKernel final : public Kernel {
 public:
  explicit ReferenceMoeKernel(const Problem& problem)
      : data_(require(problem.moe, "MoE layer")),
        precision_(problem.precision),
        threads_(std::max(problem.threads, 1)) {
    check_moe_data(data_);
    // Checked here because an exception must not escape the parallel quantisation below.
    if (precision_ == Precision::int4 && problem.int4_group_size <= 0)
      throw UserError("int4 group size must be positive, got " +
                      std::to_string(problem.int4_group_size));
    const auto& s = data_.shape;
    const int64_t tokens = data_.tokens;
    const int64_t slots = tokens * s.top_k;
    experts_.resize(to_size(s.num_experts));
    shared_.resize(to_size(s.num_shared));
    const int64_t expert_size = s.d_ff_expert * s.d_model;
    const int64_t shared_size = s.d_ff_shared * s.d_model;
    const int num_ffns = s.num_experts + s.num_shared;
#pragma omp parallel for num_threads(threads_) schedule(dynamic)
    for (int i = 0; i < num_ffns; ++i) {
      if (i < s.num_experts) {
        experts_[to_size(i)] =
            quantize_ffn(data_.w_gate.data() + i * expert_size, data_.w_up.data() + i * expert_size,
                         data_.w_down.data() + i * expert_size, s.d_model, s.d_ff_expert,
                         precision_, problem.int4_group_size);
      } else {
        const int64_t j = i - s.num_experts;
        shared_[to_size(j)] = quantize_ffn(data_.ws_gate.data() + j * shared_size,
                                           data_.ws_up.data() + j * shared_size,
                                           data_.ws_down.data() + j * shared_size, s.d_model,
                                           s.d_ff_shared, precision_, problem.int4_group_size);
      }
    }
    expert_ids_.resize(to_size(slots));
    expert_weights_.resize(to_size(slots));
    counts_.resize(to_size(s.num_experts));
    offsets_.resize(to_size(s.num_experts) + 1);
    slot_token_.resize(to_size(slots));
    slot_of_.resize(to_size(slots));
    xp_.resize(to_size(slots * s.d_model));
    yp_.resize(to_size(slots * s.d_model));
    // An expert gets each token at most once, so no expert has more than `tokens` rows.
    h_.resize(to_size(tokens * std::max(s.d_ff_expert, s.num_shared > 0 ? s.d_ff_shared : 0)));
    if (s.num_shared > 0) {
      x_rounded_.resize(data_.x.size());
      shared_out_.resize(to_size(tokens * s.d_model));
    }
    y_.resize(to_size(tokens * s.d_model));
  }

  void run() override {
    for (size_t i = 0; i < kStages.size(); ++i) run_stage(i);
  }
  std::vector<std::string> stage_names() const override { return {kStages.begin(), kStages.end()}; }
  void run_stage(size_t index) override {
    switch (index) {
      case 0:
        route_tokens();
        break;
      case 1:
        permute();
        break;
      case 2:
        run_experts();
        break;
      case 3:
        combine();
        break;
      default:
        throw std::out_of_range("cpu.reference.moe_layer has 4 stages, asked for stage " +
                                std::to_string(index));
    }
  }
  std::vector<float> output() override { return y_; }
  size_t resident_weight_bytes() const override {
    size_t bytes = data_.w_router.size() * sizeof(float);  // the router stays fp32
    for (const auto& e : experts_) bytes += e.total_bytes();
    for (const auto& e : shared_) bytes += e.total_bytes();
    return bytes;
  }
  std::vector<int32_t> expert_token_counts() const override { return counts_; }

 private:
  static constexpr std::array<const char*, 4> kStages = {"route", "permute", "experts", "combine"};

  // Same arithmetic as the oracle's router (fp64 dot, fp32 logit, stable descending sort), so
  // the routing is identical and output differences come from the expert FFNs alone.
  void route_tokens() {
    const auto& s = data_.shape;
    const int64_t d_model = s.d_model;
    const int experts = s.num_experts;
#pragma omp parallel for num_threads(threads_) schedule(static)
    for (int64_t t = 0; t < data_.tokens; ++t) {
      std::vector<float> logits(to_size(experts));
      for (int e = 0; e < experts; ++e) {
        double sum = 0;
        for (int64_t d = 0; d < d_model; ++d)
          sum += static_cast<double>(data_.w_router[to_size(e * d_model + d)]) *
                 data_.x[to_size(t * d_model + d)];
        logits[to_size(e)] = static_cast<float>(sum + data_.steering[to_size(t * experts + e)]);
      }
      std::vector<int32_t> order(to_size(experts));
      std::iota(order.begin(), order.end(), 0);
      std::stable_sort(order.begin(), order.end(), [&](int32_t a, int32_t b) {
        return logits[to_size(a)] > logits[to_size(b)];
      });
      const double max_logit = logits[to_size(order[0])];
      double sum = 0;
      for (int j = 0; j < s.top_k; ++j)
        sum += std::exp(logits[to_size(order[to_size(j)])] - max_logit);
      for (int j = 0; j < s.top_k; ++j) {
        const int32_t e = order[to_size(j)];
        expert_ids_[to_size(t * s.top_k + j)] = e;
        expert_weights_[to_size(t * s.top_k + j)] =
            static_cast<float>(std::exp(logits[to_size(e)] - max_logit) / sum);
      }
    }
  }

  // Counting sort of the (token, k) slots by expert, tokens ascending within an expert; then
  // gather (and round) each slot's input row.
  void permute() {
    const int64_t d_model = data_.shape.d_model;
    std::fill(counts_.begin(), counts_.end(), 0);
    for (int32_t e : expert_ids_) ++counts_[to_size(e)];
    offsets_[0] = 0;
    std::partial_sum(counts_.begin(), counts_.end(), offsets_.begin() + 1);
    std::vector<int64_t> cursor(offsets_.begin(), offsets_.end() - 1);
    for (size_t i = 0; i < expert_ids_.size(); ++i) {
      const int64_t slot = cursor[to_size(expert_ids_[i])]++;
      slot_token_[to_size(slot)] = static_cast<int64_t>(i) / data_.shape.top_k;
      slot_of_[i] = slot;
    }
    const auto slots = static_cast<int64_t>(slot_token_.size());
#pragma omp parallel for num_threads(threads_) schedule(static)
    for (int64_t slot = 0; slot < slots; ++slot) {
      const float* src = data_.x.data() + slot_token_[to_size(slot)] * d_model;
      std::copy(src, src + d_model, xp_.data() + slot * d_model);
    }
    round_rows(xp_.data(), slots, d_model, precision_, threads_);
  }

  void run_experts() {
    const auto& s = data_.shape;
    for (int e = 0; e < s.num_experts; ++e) {
      const int64_t begin = offsets_[to_size(e)];
      ffn_rows(experts_[to_size(e)], xp_.data() + begin * s.d_model, counts_[to_size(e)],
               precision_, threads_, h_.data(), yp_.data() + begin * s.d_model,
               /*accumulate=*/false);
    }
    if (s.num_shared == 0) return;
    std::copy(data_.x.begin(), data_.x.end(), x_rounded_.begin());
    round_rows(x_rounded_.data(), data_.tokens, s.d_model, precision_, threads_);
    for (int i = 0; i < s.num_shared; ++i)
      ffn_rows(shared_[to_size(i)], x_rounded_.data(), data_.tokens, precision_, threads_,
               h_.data(), shared_out_.data(), /*accumulate=*/i > 0);
  }

  // y_t = sum_j w_tj * expert_out(slot of (t, j)) + shared experts' output, in token order.
  void combine() {
    const auto& s = data_.shape;
    const int64_t d_model = s.d_model;
#pragma omp parallel for num_threads(threads_) schedule(static)
    for (int64_t t = 0; t < data_.tokens; ++t) {
      float* y = y_.data() + t * d_model;
      std::fill(y, y + d_model, 0.0f);
      for (int j = 0; j < s.top_k; ++j) {
        const float w = expert_weights_[to_size(t * s.top_k + j)];
        const float* out = yp_.data() + slot_of_[to_size(t * s.top_k + j)] * d_model;
        for (int64_t m = 0; m < d_model; ++m) y[m] += w * out[m];
      }
      if (s.num_shared > 0)
        for (int64_t m = 0; m < d_model; ++m) y[m] += shared_out_[to_size(t * d_model + m)];
    }
  }

  const MoeLayerData& data_;
  Precision precision_;
  int threads_;
  std::vector<QuantizedFfn> experts_, shared_;
  std::vector<int32_t> expert_ids_;    // [tokens][top_k]
  std::vector<float> expert_weights_;  // [tokens][top_k]
  std::vector<int32_t> counts_;        // [E] tokens per expert
  std::vector<int64_t> offsets_;       // [E+1] first slot of each expert
  std::vector<int64_t> slot_token_;    // [slots] token of each permuted slot
  std::vector<int64_t> slot_of_;       // [tokens][top_k] permuted slot of each (token, j)
  std::vector<float> xp_, yp_;         // [slots][d_model] permuted inputs and expert outputs
  std::vector<float> h_;               // [tokens][d_ff] workspace of one FFN
  std::vector<float> x_rounded_;       // [tokens][d_model] input of the shared experts
  std::vector<float> shared_out_;      // [tokens][d_model] sum of the shared experts
  std::vector<float> y_;               // [tokens][d_model]
};

// The planner asks before any data exists (Problem's data pointers are null then), so this
// looks at the op and the precision settings only; create() checks the data.
std::optional<std::string> unsupported(const Problem& problem, Op op) {
  if (problem.op != op) return "problem is for another operation";
  if (problem.precision == Precision::int4 && problem.int4_group_size <= 0)
    return "int4 group size must be positive";
  return std::nullopt;
}

MOEBENCH_REGISTER_KERNEL(KernelInfo{
    .name = "cpu.reference.dense_ffn",
    .backend = "cpu",
    .op = Op::dense_ffn,
    .description = "plain loops, weights decoded a row at a time, OpenMP over output channels",
    .vendor_baseline = false,
    .unsupported_reason = [](const Problem& p) { return unsupported(p, Op::dense_ffn); },
    .create = [](const Problem& p) -> std::unique_ptr<Kernel> {
      return std::make_unique<ReferenceDenseKernel>(p);
    }});

MOEBENCH_REGISTER_KERNEL(KernelInfo{
    .name = "cpu.reference.moe_layer",
    .backend = "cpu",
    .op = Op::moe_layer,
    .description = "plain loops: fp32 router, counting-sort permute, per-expert FFN, combine",
    .vendor_baseline = false,
    .unsupported_reason = [](const Problem& p) { return unsupported(p, Op::moe_layer); },
    .create = [](const Problem& p) -> std::unique_ptr<Kernel> {
      return std::make_unique<ReferenceMoeKernel>(p);
    }});

}  // namespace
}  // namespace moebench::ref
