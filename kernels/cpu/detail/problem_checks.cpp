#include "kernels/cpu/detail/problem_checks.h"

namespace moebench::cpu {

std::optional<std::string> problem_error(const Problem& problem, Op op) {
  if (problem.op != op) return "kernel computes a different op";
  if (problem.threads < 1) return "thread count must be at least 1";
  if (problem.precision == Precision::int4 &&
      (problem.int4_group_size < 2 || problem.int4_group_size % 2 != 0))
    return "int4 group size must be even and at least 2, got " +
           std::to_string(problem.int4_group_size);
  if (op == Op::dense_ffn) {
    const DenseFfnData* d = problem.dense;
    if (d == nullptr) return "problem has no dense FFN data";
    if (d->tokens < 1 || d->shape.d_model < 1 || d->shape.d_ff < 1)
      return "dense FFN needs tokens, d_model and d_ff ≥ 1";
    const auto dm = size_t(d->shape.d_model), ff = size_t(d->shape.d_ff);
    if (d->x.size() != size_t(d->tokens) * dm || d->w_gate.size() != ff * dm ||
        d->w_up.size() != ff * dm || d->w_down.size() != ff * dm)
      return "dense FFN data sizes do not match its shape";
    return std::nullopt;
  }
  const MoeLayerData* m = problem.moe;
  if (m == nullptr) return "problem has no MoE data";
  const MoeShape& s = m->shape;
  if (m->tokens < 1 || s.d_model < 1 || s.d_ff_expert < 1 || s.num_experts < 1)
    return "MoE layer needs tokens, d_model, d_ff_expert and experts ≥ 1";
  if (s.top_k < 1 || s.top_k > s.num_experts) return "top_k must be in [1, num_experts]";
  if (s.num_shared < 0 || (s.num_shared > 0 && s.d_ff_shared < 1))
    return "shared experts need d_ff_shared ≥ 1";
  const auto dm = size_t(s.d_model), ff = size_t(s.d_ff_expert), e = size_t(s.num_experts);
  const auto t = size_t(m->tokens), sh = size_t(s.num_shared), ffs = size_t(s.d_ff_shared);
  if (m->x.size() != t * dm || m->w_router.size() != e * dm ||
      (!m->steering.empty() && m->steering.size() != t * e) || m->w_gate.size() != e * ff * dm ||
      m->w_up.size() != e * ff * dm || m->w_down.size() != e * ff * dm ||
      m->ws_gate.size() != sh * ffs * dm || m->ws_up.size() != sh * ffs * dm ||
      m->ws_down.size() != sh * ffs * dm)
    return "MoE data sizes do not match its shape";
  return std::nullopt;
}

}  // namespace moebench::cpu
