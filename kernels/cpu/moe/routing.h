// The routing steps of the CPU MoE layer that are not GEMMs: top-k selection with softmax over
// the chosen logits, and the counting sort that puts the routed (token, slot) pairs in
// expert-contiguous order. Both follow ref::route exactly: experts by descending logit, ties
// to the lower id; a stable sort, so an expert's rows stay in token order.
#pragma once

#include <cstdint>
#include <vector>

namespace moebench::cpu {

// ids[0..k) and weights[0..k) of one token from its E logits.
void select_top_k(const float* logits, int num_experts, int top_k, int32_t* ids, float* weights);

struct ExpertOrder {
  std::vector<int64_t> offsets;    // [E + 1]: rows of expert e are [offsets[e], offsets[e+1])
  std::vector<int32_t> row_token;  // [T·k]: the token of each expert-ordered row
  std::vector<int64_t> slot_row;   // [T·k]: the row of (token, slot), token-major
  std::vector<int64_t> cursor;     // scratch of the sort
};

// Counting sort of expert_ids [tokens][top_k] by expert (stable). Reuses out's storage.
void sort_by_expert(const int32_t* expert_ids, int64_t tokens, int top_k, int num_experts,
                    ExpertOrder& out);

}  // namespace moebench::cpu
