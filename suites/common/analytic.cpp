// Analytic FLOPs and bytes of one point, from its shape (see analytic.h for what each counts).
#include "suites/common/analytic.h"

#include <algorithm>

#include "harness/core/error.h"
#include "suites/common/routing_plan.h"

namespace moebench {
namespace {

constexpr double kFp32Bytes = 4;

// Bytes of one SwiGLU FFN's weights (with scales): gate and up rows are d_model long, down
// rows d_ff long, which sets the per-output-channel scale overhead.
double swiglu_weight_bytes(int64_t d_model, int64_t d_ff, Precision p, int group_size) {
  const double params = double(d_model) * double(d_ff);
  return (2 * params * bits_per_weight(p, group_size, d_model) +
          params * bits_per_weight(p, group_size, d_ff)) /
         8.0;
}

}  // namespace

AnalyticCounts dense_ffn_counts(const FfnShape& shape, int64_t tokens, Precision p,
                                int int4_group_size) {
  AnalyticCounts c;
  c.tokens = double(tokens);
  c.flops = 2.0 * c.tokens * 3.0 * double(shape.d_model) * double(shape.d_ff);
  c.weight_bytes = swiglu_weight_bytes(shape.d_model, shape.d_ff, p, int4_group_size);
  c.resident_weight_bytes = c.weight_bytes;
  c.activation_bytes = 2.0 * c.tokens * double(shape.d_model) * kFp32Bytes;
  // A dense FFN has no experts: experts_touched stays 0.
  return c;
}

AnalyticCounts moe_layer_counts(const MoeShape& shape, int64_t tokens, Precision p,
                                int int4_group_size,
                                const std::vector<int32_t>& expert_token_counts) {
  if (!expert_token_counts.empty() && expert_token_counts.size() != size_t(shape.num_experts))
    throw UserError("expert token counts have " + std::to_string(expert_token_counts.size()) +
                    " entries for " + std::to_string(shape.num_experts) + " experts");
  AnalyticCounts c;
  const double t = double(tokens);
  const double d = double(shape.d_model);
  const double k = shape.top_k;
  const double e = shape.num_experts;
  c.tokens = t;
  c.flops = 2.0 * t *
            (k * 3.0 * d * double(shape.d_ff_expert) +
             shape.num_shared * 3.0 * d * double(shape.d_ff_shared) + e * d);

  c.experts_touched_expected = expected_unique_experts(shape.num_experts, shape.top_k, tokens);
  c.experts_touched =
      expert_token_counts.empty()
          ? c.experts_touched_expected
          : double(std::count_if(expert_token_counts.begin(), expert_token_counts.end(),
                                 [](int32_t n) { return n > 0; }));

  const double expert_bytes =
      swiglu_weight_bytes(shape.d_model, shape.d_ff_expert, p, int4_group_size);
  const double shared_bytes =
      shape.num_shared * swiglu_weight_bytes(shape.d_model, shape.d_ff_shared, p, int4_group_size);
  const double router_bytes = e * d * kFp32Bytes;  // the router stays fp32
  c.weight_bytes = c.experts_touched * expert_bytes + shared_bytes + router_bytes;
  c.resident_weight_bytes = e * expert_bytes + shared_bytes + router_bytes;

  c.activation_bytes = 2.0 * t * d * kFp32Bytes;  // x read once, y written once
  // Each counted once: router logits [T][E] fp32, chosen ids (int32) and weights (fp32)
  // [T][k], rows gathered per expert [T·k][d] fp32, expert outputs before the weighted
  // combine [T·k][d] fp32. The benchmark's steering logits are not part of a real router.
  c.routing_bytes = t * e * kFp32Bytes + t * k * (4 + kFp32Bytes) + 2.0 * t * k * d * kFp32Bytes;
  return c;
}

}  // namespace moebench
