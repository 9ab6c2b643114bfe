#include "kernels/vendor/vendor_layers.h"

#include <omp.h>

#include <algorithm>
#include <vector>

#include "kernels/cpu/gemm/activations.h"
#include "kernels/cpu/gemm/gemm_driver.h"
#include "kernels/cpu/moe/routing.h"

namespace moebench::vendor {
namespace {

class VendorDense final : public Kernel {
 public:
  VendorDense(const Problem& p, const FfnFactory& make)
      : data_(*p.dense),
        ffn_(make({data_.w_gate.data(), data_.w_up.data(), data_.w_down.data(), data_.shape.d_model,
                   data_.shape.d_ff})),
        y_(data_.x.size()) {
    ffn_->prepare(data_.tokens);
  }
  void run() override { ffn_->forward(data_.x.data(), data_.tokens, y_.data()); }
  std::vector<float> output() override { return y_; }
  size_t resident_weight_bytes() const override { return ffn_->weight_bytes(); }

 private:
  const DenseFfnData& data_;
  std::unique_ptr<VendorFfn> ffn_;
  std::vector<float> y_;
};

class VendorMoe final : public Kernel {
 public:
  VendorMoe(const Problem& p, const FfnFactory& make)
      : data_(*p.moe),
        s_(data_.shape),
        threads_(p.threads),
        router_(data_.w_router.data(), s_.num_experts, s_.d_model, Precision::fp32, 0),
        x_f32_(Precision::fp32, data_.tokens, s_.d_model),
        logits_(size_t(data_.tokens * s_.num_experts)),
        ids_(size_t(data_.tokens * s_.top_k)),
        weights_(ids_.size()),
        x_perm_(ids_.size() * size_t(s_.d_model)),
        y_perm_(x_perm_.size()),
        shared_y_(data_.x.size()),
        out_(data_.x.size()) {
    const int64_t dm = s_.d_model, ff = s_.d_ff_expert, ffs = s_.d_ff_shared;
    for (int e = 0; e < s_.num_experts; ++e)
      experts_.push_back(make({data_.w_gate.data() + e * ff * dm, data_.w_up.data() + e * ff * dm,
                               data_.w_down.data() + e * dm * ff, dm, ff}));
    for (int i = 0; i < s_.num_shared; ++i) {
      shared_.push_back(
          make({data_.ws_gate.data() + i * ffs * dm, data_.ws_up.data() + i * ffs * dm,
                data_.ws_down.data() + i * dm * ffs, dm, ffs}));
      shared_.back()->prepare(data_.tokens);
    }
    // The routing is a function of the data: route once so each expert's primitives exist
    // for the row count it will get (oneDNN), outside timing.
    route();
    for (int e = 0; e < s_.num_experts; ++e)
      if (rows_of(e) > 0) experts_[size_t(e)]->prepare(rows_of(e));
    stages_ = {"route", "permute", "experts"};
    if (!shared_.empty()) stages_.push_back("shared");
    stages_.push_back("combine");
  }

  void run() override {
    for (size_t i = 0; i < stages_.size(); ++i) run_stage(i);
  }
  std::vector<std::string> stage_names() const override { return stages_; }
  void run_stage(size_t i) override {
    if (i >= stages_.size()) return;
    const std::string& n = stages_[i];
    if (n == "route") route();
    if (n == "permute") permute();
    if (n == "experts") experts();
    if (n == "shared") shared();
    if (n == "combine") combine();
  }
  std::vector<float> output() override { return out_; }
  size_t resident_weight_bytes() const override {
    size_t b = router_.bytes();
    for (const auto& e : experts_) b += e->weight_bytes();
    for (const auto& e : shared_) b += e->weight_bytes();
    return b;
  }
  std::vector<int32_t> expert_token_counts() const override {
    std::vector<int32_t> c(size_t(s_.num_experts));
    for (int e = 0; e < s_.num_experts; ++e) c[size_t(e)] = int32_t(rows_of(e));
    return c;
  }

 private:
  int64_t rows_of(int e) const { return order_.offsets[size_t(e) + 1] - order_.offsets[size_t(e)]; }

  void route() {
    const int64_t T = data_.tokens, dm = s_.d_model;
    const int E = s_.num_experts, k = s_.top_k;
    const cpu::GemmIsa& isa = cpu::active_gemm_isa();
#pragma omp parallel num_threads(threads_)
    {
      const auto rows = cpu::split_range(T, omp_get_thread_num(), omp_get_num_threads());
      for (int64_t r = rows.begin; r < rows.end; ++r) x_f32_.set_row(r, data_.x.data() + r * dm);
      cpu::gemm_panels(isa, x_f32_, rows.begin, rows.end - rows.begin, router_, 0, router_.panels(),
                       logits_.data() + rows.begin * E, E);
      for (int64_t r = rows.begin; r < rows.end; ++r) {
        float* l = logits_.data() + r * E;
        if (!data_.steering.empty())
          for (int e = 0; e < E; ++e) l[e] += data_.steering[size_t(r * E + e)];
        cpu::select_top_k(l, E, k, ids_.data() + r * k, weights_.data() + r * k);
      }
    }
    cpu::sort_by_expert(ids_.data(), T, k, E, order_);
  }

  void permute() {
    const int64_t dm = s_.d_model;
    for (size_t r = 0; r < order_.row_token.size(); ++r)
      std::copy_n(data_.x.data() + order_.row_token[r] * dm, dm, x_perm_.data() + r * size_t(dm));
  }

  void experts() {
    const int64_t dm = s_.d_model;
    for (int e = 0; e < s_.num_experts; ++e)
      if (rows_of(e) > 0) {
        const int64_t first = order_.offsets[size_t(e)];
        experts_[size_t(e)]->forward(x_perm_.data() + first * dm, rows_of(e),
                                     y_perm_.data() + first * dm);
      }
  }

  void shared() {
    const int64_t dm = s_.d_model;
    std::fill(shared_y_.begin(), shared_y_.end(), 0.0f);
    std::vector<float> y(shared_y_.size());
    for (auto& ffn : shared_) {
      ffn->forward(data_.x.data(), data_.tokens, y.data());
      for (size_t i = 0; i < y.size(); ++i) shared_y_[i] += y[i];
    }
    (void)dm;
  }

  void combine() {
    const int64_t dm = s_.d_model;
    const int k = s_.top_k;
    const cpu::GemmIsa& isa = cpu::active_gemm_isa();
    for (int64_t t = 0; t < data_.tokens; ++t) {
      float* out = out_.data() + t * dm;
      std::fill(out, out + dm, 0.0f);
      for (int j = 0; j < k; ++j)
        isa.axpy(weights_[size_t(t * k + j)],
                 y_perm_.data() + order_.slot_row[size_t(t * k + j)] * dm, out, dm);
      if (!shared_.empty()) isa.axpy(1.0f, shared_y_.data() + t * dm, out, dm);
    }
  }

  const MoeLayerData& data_;
  const MoeShape& s_;
  int threads_;
  cpu::PackedWeights router_;
  cpu::ActivationRows x_f32_;
  std::vector<float> logits_;
  std::vector<int32_t> ids_;
  std::vector<float> weights_;
  cpu::ExpertOrder order_;
  std::vector<float> x_perm_, y_perm_, shared_y_, out_;
  std::vector<std::unique_ptr<VendorFfn>> experts_, shared_;
  std::vector<std::string> stages_;
};

}  // namespace

std::unique_ptr<Kernel> make_vendor_dense(const Problem& p, const FfnFactory& make) {
  return std::make_unique<VendorDense>(p, make);
}
std::unique_ptr<Kernel> make_vendor_moe(const Problem& p, const FfnFactory& make) {
  return std::make_unique<VendorMoe>(p, make);
}

}  // namespace moebench::vendor
