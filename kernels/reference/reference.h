// The oracle: plain loops, fp64 accumulation, no tricks. Every kernel is verified against
// these functions before it is timed; they are themselves tested on hand-computed cases.
#pragma once

#include <cstdint>
#include <vector>

#include "kernels/problem.h"

namespace moebench::ref {

float silu(float x);

// `tokens` selects the tokens to compute (nullptr: all); output rows follow its order and the
// cost is proportional to the tokens computed (verification of big points checks a sample).

// y, [tokens][d_model], with weights quantize_dequantize'd and activations rounded as
// precision p implies, or as `activations` says (kernels/reference/quant.h).
std::vector<float> dense_ffn(const DenseFfnData& data, Precision p, int int4_group_size = 128,
                             const std::vector<int64_t>* tokens = nullptr,
                             Activations activations = Activations::as_precision);

struct Routing {
  int top_k = 0;
  std::vector<int32_t> expert_ids;  // [tokens][top_k], by descending logit (ties: lower id)
  std::vector<float> weights;       // [tokens][top_k], softmax over the chosen k logits
};
// The router always runs in fp32: logits = W_router·x + steering.
Routing route(const MoeLayerData& data, const std::vector<int64_t>* tokens = nullptr);
// Tokens per expert in a routing (size E).
std::vector<int32_t> expert_token_counts(const Routing& routing, int num_experts);

// Only the experts the computed tokens use are quantised, so a sample of tokens is cheap.
std::vector<float> moe_layer(const MoeLayerData& data, Precision p, int int4_group_size = 128,
                             const std::vector<int64_t>* tokens = nullptr,
                             Routing* routing_out = nullptr,
                             Activations activations = Activations::as_precision);

}  // namespace moebench::ref
