// cpu.fast.moe_layer: the MoE layer as five stages, each its own OpenMP region so the harness can
// time it alone: route (fp32 gating GEMM + steering, top-k, softmax over the chosen k),
// permute (activations rounded once per token, counting sort into expert-contiguous rows),
// experts (grouped gate+up/SwiGLU then down over every expert's rows), shared (shared experts
// on all tokens), combine (weighted sum back in token order, each token by one thread in slot
// order: bit-identical across runs and thread counts).
//
// Regime by rows per expert, not batch: an expert with ≤ max_rows (8 on AVX-512) rows is one
// streaming pass over its weights, every byte read once (decode); with more rows the panel
// pair stays in cache while row blocks go past (prefill). Threads split (expert, panel) work
// items by estimated cost, so one hot expert is shared by all threads.
#include <omp.h>

#include <algorithm>
#include <memory>
#include <vector>

#include "kernels/cpu/detail/problem_checks.h"
#include "kernels/cpu/detail/threads.h"
#include "kernels/cpu/ffn/ffn_weights.h"
#include "kernels/cpu/gemm/gemm_driver.h"
#include "kernels/cpu/moe/routing.h"
#include "kernels/registry.h"

namespace moebench::cpu {
namespace {

// A contiguous run of one expert's work units.
struct WorkItem {
  int expert;
  int64_t begin, end;
};

class FastMoeLayer final : public Kernel {
 public:
  explicit FastMoeLayer(const Problem& problem)
      : data_(*problem.moe),
        shape_(data_.shape),
        tokens_(data_.tokens),
        pairs_(data_.tokens * data_.shape.top_k),
        threads_(checked_threads(problem.threads)),
        isa_(active_gemm_isa()),
        router_(data_.w_router.data(), shape_.num_experts, shape_.d_model, Precision::fp32, 0),
        x_f32_(Precision::fp32, tokens_, shape_.d_model),
        logits_(size_t(tokens_ * shape_.num_experts)),
        ids_(size_t(pairs_)),
        weights_(size_t(pairs_)),
        x_act_(problem.precision, tokens_, shape_.d_model),
        x_perm_(problem.precision, pairs_, shape_.d_model),
        h_(size_t(pairs_ * shape_.d_ff_expert)),
        h_act_(problem.precision, pairs_, shape_.d_ff_expert),
        y_perm_(size_t(pairs_ * shape_.d_model)),
        out_(size_t(tokens_ * shape_.d_model)) {
    const int64_t dm = shape_.d_model, ff = shape_.d_ff_expert;
    experts_.reserve(size_t(shape_.num_experts));
    for (int e = 0; e < shape_.num_experts; ++e)
      experts_.emplace_back(data_.w_gate.data() + e * ff * dm, data_.w_up.data() + e * ff * dm,
                            data_.w_down.data() + e * dm * ff, dm, ff, problem.precision,
                            problem.int4_group_size);
    const int64_t ffs = shape_.d_ff_shared;
    for (int s = 0; s < shape_.num_shared; ++s)
      shared_.emplace_back(data_.ws_gate.data() + s * ffs * dm, data_.ws_up.data() + s * ffs * dm,
                           data_.ws_down.data() + s * dm * ffs, dm, ffs, problem.precision,
                           problem.int4_group_size);
    if (!shared_.empty()) {
      shared_h_.resize(size_t(tokens_ * ffs));
      shared_h_act_ = ActivationRows(problem.precision, tokens_, ffs);
      shared_y_.resize(size_t(tokens_ * dm));
      shared_out_.resize(size_t(tokens_ * dm));
    }
    stages_ = {"route", "permute", "experts"};
    if (!shared_.empty()) stages_.push_back("shared");
    stages_.push_back("combine");
  }

  void run() override {
    for (size_t i = 0; i < stages_.size(); ++i) run_stage(i);
  }
  std::vector<std::string> stage_names() const override { return stages_; }
  void run_stage(size_t index) override {
    if (index >= stages_.size()) return;
    const std::string& name = stages_[index];
    if (name == "route") route();
    if (name == "permute") permute();
    if (name == "experts") experts();
    if (name == "shared") shared();
    if (name == "combine") combine();
  }

  std::vector<float> output() override { return out_; }
  size_t resident_weight_bytes() const override {
    size_t bytes = router_.bytes();
    for (const auto& e : experts_) bytes += e.bytes();
    for (const auto& s : shared_) bytes += s.bytes();
    return bytes;
  }
  std::vector<int32_t> expert_token_counts() const override {
    std::vector<int32_t> counts(size_t(shape_.num_experts), 0);
    if (order_.offsets.size() == counts.size() + 1)
      for (size_t e = 0; e < counts.size(); ++e)
        counts[e] = int32_t(order_.offsets[e + 1] - order_.offsets[e]);
    return counts;
  }

 private:
  void route() {
    const int64_t dm = shape_.d_model;
    const int E = shape_.num_experts, k = shape_.top_k;
#pragma omp parallel num_threads(threads_)
    {
      const int t = omp_get_thread_num(), n = omp_get_num_threads();
      const Range rows = split_range(tokens_, t, n);
      for (int64_t r = rows.begin; r < rows.end; ++r) x_f32_.set_row(r, data_.x.data() + r * dm);
#pragma omp barrier
      // Few tokens: split the router's columns; many: split the tokens.
      if (tokens_ >= int64_t(n) * isa_.max_rows) {
        gemm_panels(isa_, x_f32_, rows.begin, rows.end - rows.begin, router_, 0, router_.panels(),
                    logits_.data() + rows.begin * E, E);
      } else {
        const Range pairs = split_range((router_.panels() + 1) / 2, t, n);
        gemm_panels(isa_, x_f32_, 0, tokens_, router_, 2 * pairs.begin,
                    std::min(2 * pairs.end, router_.panels()), logits_.data(), E);
      }
#pragma omp barrier
      for (int64_t r = rows.begin; r < rows.end; ++r) {
        float* logits = logits_.data() + r * E;
        if (!data_.steering.empty())
          for (int e = 0; e < E; ++e) logits[e] += data_.steering[size_t(r * E + e)];
        select_top_k(logits, E, k, ids_.data() + r * k, weights_.data() + r * k);
      }
    }
  }

  void permute() {
    sort_by_expert(ids_.data(), tokens_, shape_.top_k, shape_.num_experts, order_);
    const int64_t dm = shape_.d_model;
#pragma omp parallel num_threads(threads_)
    {
      const int t = omp_get_thread_num(), n = omp_get_num_threads();
      const Range rows = split_range(tokens_, t, n);
      for (int64_t r = rows.begin; r < rows.end; ++r) x_act_.set_row(r, data_.x.data() + r * dm);
#pragma omp barrier
      const Range perm = split_range(pairs_, t, n);
      for (int64_t r = perm.begin; r < perm.end; ++r)
        x_perm_.copy_row(r, x_act_, order_.row_token[size_t(r)]);
    }
  }

  int64_t rows_of(int e) const { return order_.offsets[size_t(e) + 1] - order_.offsets[size_t(e)]; }

  // Splits the units of all experts with rows into `n` runs of about equal cost. A unit costs
  // its rows, but at least a full tile: below that it is bound by streaming its weights.
  std::vector<WorkItem> items_of_thread(int t, int n, bool gate_up) const {
    std::vector<WorkItem> all;
    std::vector<int64_t> cost_before;
    int64_t total = 0;
    for (int e = 0; e < shape_.num_experts; ++e) {
      if (rows_of(e) == 0) continue;
      const int64_t units =
          gate_up ? experts_[size_t(e)].gate_up_units() : experts_[size_t(e)].down_units();
      all.push_back({e, 0, units});
      cost_before.push_back(total);
      total += units * std::max<int64_t>(rows_of(e), isa_.max_rows);
    }
    const int64_t lo = total * t / n, hi = total * (t + 1) / n;
    std::vector<WorkItem> mine;
    for (size_t i = 0; i < all.size(); ++i) {
      const int64_t unit_cost = std::max<int64_t>(rows_of(all[i].expert), isa_.max_rows);
      // Units u with cost_before + u·unit_cost in [lo, hi) belong to this thread.
      const int64_t first = std::max<int64_t>(0, (lo - cost_before[i] + unit_cost - 1) / unit_cost);
      const int64_t last =
          std::min<int64_t>(all[i].end, (hi - cost_before[i] + unit_cost - 1) / unit_cost);
      if (first < last) mine.push_back({all[i].expert, first, last});
    }
    return mine;
  }

  void experts() {
#pragma omp parallel num_threads(threads_)
    {
      const int t = omp_get_thread_num(), n = omp_get_num_threads();
      for (const WorkItem& w : items_of_thread(t, n, true))
        experts_[size_t(w.expert)].gate_up(isa_, x_perm_, order_.offsets[size_t(w.expert)],
                                           rows_of(w.expert), w.begin, w.end, h_.data());
#pragma omp barrier
      const int64_t ff = shape_.d_ff_expert;
      const Range rows = split_range(pairs_, t, n);
      for (int64_t r = rows.begin; r < rows.end; ++r) h_act_.set_row(r, h_.data() + r * ff);
#pragma omp barrier
      for (const WorkItem& w : items_of_thread(t, n, false))
        experts_[size_t(w.expert)].down_proj(isa_, h_act_, order_.offsets[size_t(w.expert)],
                                             rows_of(w.expert), w.begin, w.end, y_perm_.data());
    }
  }

  void shared() {
    const int64_t dm = shape_.d_model, ffs = shape_.d_ff_shared;
#pragma omp parallel num_threads(threads_)
    {
      const int t = omp_get_thread_num(), n = omp_get_num_threads();
      const Range rows = split_range(tokens_, t, n);
      for (size_t s = 0; s < shared_.size(); ++s) {
        const FfnWeights& w = shared_[s];
        const Range up_units = split_range(w.gate_up_units(), t, n);
        w.gate_up(isa_, x_act_, 0, tokens_, up_units.begin, up_units.end, shared_h_.data());
#pragma omp barrier
        for (int64_t r = rows.begin; r < rows.end; ++r)
          shared_h_act_.set_row(r, shared_h_.data() + r * ffs);
#pragma omp barrier
        const Range down_units = split_range(w.down_units(), t, n);
        float* target = s == 0 ? shared_out_.data() : shared_y_.data();
        w.down_proj(isa_, shared_h_act_, 0, tokens_, down_units.begin, down_units.end, target);
#pragma omp barrier
        if (s > 0)
          for (int64_t r = rows.begin; r < rows.end; ++r)
            isa_.axpy(1.0f, shared_y_.data() + r * dm, shared_out_.data() + r * dm, dm);
#pragma omp barrier
      }
    }
  }

  void combine() {
    const int64_t dm = shape_.d_model;
    const int k = shape_.top_k;
#pragma omp parallel num_threads(threads_)
    {
      const Range rows = split_range(tokens_, omp_get_thread_num(), omp_get_num_threads());
      for (int64_t r = rows.begin; r < rows.end; ++r) {
        float* out = out_.data() + r * dm;
        std::fill(out, out + dm, 0.0f);
        for (int s = 0; s < k; ++s) {
          const int64_t row = order_.slot_row[size_t(r * k + s)];
          isa_.axpy(weights_[size_t(r * k + s)], y_perm_.data() + row * dm, out, dm);
        }
        if (!shared_.empty()) isa_.axpy(1.0f, shared_out_.data() + r * dm, out, dm);
      }
    }
  }

  const MoeLayerData& data_;
  const MoeShape& shape_;
  int64_t tokens_, pairs_;
  int threads_;
  const GemmIsa& isa_;
  PackedWeights router_;
  ActivationRows x_f32_;
  std::vector<float> logits_;
  std::vector<int32_t> ids_;
  std::vector<float> weights_;
  ExpertOrder order_;
  ActivationRows x_act_, x_perm_;
  std::vector<FfnWeights> experts_, shared_;
  std::vector<float> h_;
  ActivationRows h_act_;
  std::vector<float> y_perm_;
  std::vector<float> shared_h_;
  ActivationRows shared_h_act_;
  std::vector<float> shared_y_, shared_out_;
  std::vector<float> out_;
  std::vector<std::string> stages_;
};

}  // namespace

MOEBENCH_REGISTER_KERNEL(KernelInfo{
    .name = "cpu.fast.moe_layer",
    .backend = "cpu",
    .op = Op::moe_layer,
    .description = "MoE layer: fp32 router + top-k, counting-sort permute, grouped packed "
                   "expert GEMMs with fused SwiGLU, shared experts, deterministic combine "
                   "(AVX-512/AVX2/scalar by CPU), all precisions",
    .vendor_baseline = false,
    .unsupported_reason = [](const Problem& p) { return problem_error(p, Op::moe_layer); },
    .create = [](const Problem& p) -> std::unique_ptr<Kernel> {
      return std::make_unique<FastMoeLayer>(p);
    },
});

}  // namespace moebench::cpu
