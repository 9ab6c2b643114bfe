// FLOPs and bytes a point must do, from its shape alone (the "analytic" counter source).
#pragma once

#include <cstdint>
#include <vector>

#include "kernels/problem.h"

namespace moebench {

struct AnalyticCounts {
  double tokens = 0;
  double flops = 0;             // 2 per multiply-add, GEMMs only (router included)
  double weight_bytes = 0;      // weights (and scales) read once: touched experts only
  double activation_bytes = 0;  // x read + y written (fp32)
  double routing_bytes = 0;     // logits, ids/weights, permuted rows, expert outputs
  double experts_touched = 0;   // measured when counts are given, else expected
  double experts_touched_expected = 0;
  double resident_weight_bytes = 0;  // all experts, as stored in this precision
  double total_bytes() const { return weight_bytes + activation_bytes + routing_bytes; }
  double arithmetic_intensity() const { return total_bytes() > 0 ? flops / total_bytes() : 0; }
};

AnalyticCounts dense_ffn_counts(const FfnShape& shape, int64_t tokens, Precision p,
                                int int4_group_size);
// expert_token_counts: tokens per expert from the run (size E) to count touched experts
// exactly; empty uses the expected value for uniform routing.
AnalyticCounts moe_layer_counts(const MoeShape& shape, int64_t tokens, Precision p,
                                int int4_group_size,
                                const std::vector<int32_t>& expert_token_counts);

}  // namespace moebench
