// cpu.fast.dense_ffn: the dense SwiGLU FFN on the packed, register-tiled micro-kernels. Two passes
// in one OpenMP region: gate+up fused with the SwiGLU epilogue (threads split the d_ff panels),
// then down (threads split d_model panel pairs), with the activations rounded/quantised as the
// precision implies before each pass.
#include <omp.h>

#include <memory>
#include <vector>

#include "kernels/cpu/detail/problem_checks.h"
#include "kernels/cpu/detail/threads.h"
#include "kernels/cpu/ffn/ffn_weights.h"
#include "kernels/cpu/gemm/gemm_driver.h"
#include "kernels/registry.h"

namespace moebench::cpu {
namespace {

class FastDenseFfn final : public Kernel {
 public:
  explicit FastDenseFfn(const Problem& problem)
      : data_(*problem.dense),
        threads_(checked_threads(problem.threads)),
        isa_(active_gemm_isa()),
        weights_(data_.w_gate.data(), data_.w_up.data(), data_.w_down.data(), data_.shape.d_model,
                 data_.shape.d_ff, problem.precision, problem.int4_group_size),
        x_(problem.precision, data_.tokens, data_.shape.d_model),
        h_act_(problem.precision, data_.tokens, data_.shape.d_ff),
        h_(size_t(data_.tokens * data_.shape.d_ff)),
        y_(size_t(data_.tokens * data_.shape.d_model)) {}

  void run() override {
#pragma omp parallel num_threads(threads_)
    {
      gate_up_pass();
#pragma omp barrier
      down_pass();
    }
  }

  std::vector<std::string> stage_names() const override { return {"gate_up", "down"}; }
  void run_stage(size_t index) override {
#pragma omp parallel num_threads(threads_)
    {
      if (index == 0) gate_up_pass();
      if (index == 1) down_pass();
    }
  }

  std::vector<float> output() override { return y_; }
  size_t resident_weight_bytes() const override { return weights_.bytes(); }

 private:
  // Inside a parallel region: rounds x, barrier, gate/up panels of this thread.
  void gate_up_pass() {
    const int t = omp_get_thread_num(), n = omp_get_num_threads();
    const int64_t tokens = data_.tokens, d_model = data_.shape.d_model;
    const Range rows = split_range(tokens, t, n);
    for (int64_t r = rows.begin; r < rows.end; ++r) x_.set_row(r, data_.x.data() + r * d_model);
#pragma omp barrier
    const Range units = split_range(weights_.gate_up_units(), t, n);
    weights_.gate_up(isa_, x_, 0, tokens, units.begin, units.end, h_.data());
  }

  void down_pass() {
    const int t = omp_get_thread_num(), n = omp_get_num_threads();
    const int64_t tokens = data_.tokens, d_ff = data_.shape.d_ff;
    const Range rows = split_range(tokens, t, n);
    for (int64_t r = rows.begin; r < rows.end; ++r) h_act_.set_row(r, h_.data() + r * d_ff);
#pragma omp barrier
    const Range units = split_range(weights_.down_units(), t, n);
    weights_.down_proj(isa_, h_act_, 0, tokens, units.begin, units.end, y_.data());
  }

  const DenseFfnData& data_;
  int threads_;
  const GemmIsa& isa_;
  FfnWeights weights_;
  ActivationRows x_, h_act_;
  std::vector<float> h_, y_;
};

}  // namespace

MOEBENCH_REGISTER_KERNEL(KernelInfo{
    .name = "cpu.fast.dense_ffn",
    .backend = "cpu",
    .op = Op::dense_ffn,
    .description = "packed register-tiled SwiGLU FFN (AVX-512/AVX2/scalar by CPU), fused "
                   "gate+up, all precisions",
    .vendor_baseline = false,
    .unsupported_reason = [](const Problem& p) { return problem_error(p, Op::dense_ffn); },
    .create = [](const Problem& p) -> std::unique_ptr<Kernel> {
      return std::make_unique<FastDenseFfn>(p);
    },
});

}  // namespace moebench::cpu
