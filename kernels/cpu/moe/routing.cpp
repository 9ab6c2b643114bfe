#include "kernels/cpu/moe/routing.h"

#include <cmath>
#include <vector>

namespace moebench::cpu {

void select_top_k(const float* logits, int num_experts, int top_k, int32_t* ids, float* weights) {
  // k passes of arg-max over the experts not yet taken (k ≤ E, typically ≤ 8): simple and
  // exact about ties (strictly greater wins, so the lower id is kept).
  for (int s = 0; s < top_k; ++s) {
    int best = -1;
    for (int e = 0; e < num_experts; ++e) {
      bool taken = false;
      for (int j = 0; j < s; ++j) taken = taken || ids[j] == e;
      if (taken) continue;
      if (best < 0 || logits[e] > logits[best] ||
          (std::isnan(logits[best]) && !std::isnan(logits[e])))
        best = e;
    }
    ids[s] = best;
  }
  // Softmax over the chosen logits (the first is the largest), in double like the reference.
  double sum = 0;
  std::vector<double> e(static_cast<size_t>(top_k));
  for (int s = 0; s < top_k; ++s) {
    e[size_t(s)] = std::exp(double(logits[ids[s]]) - double(logits[ids[0]]));
    sum += e[size_t(s)];
  }
  for (int s = 0; s < top_k; ++s) weights[s] = float(e[size_t(s)] / sum);
}

void sort_by_expert(const int32_t* expert_ids, int64_t tokens, int top_k, int num_experts,
                    ExpertOrder& out) {
  const int64_t pairs = tokens * top_k;
  out.offsets.assign(size_t(num_experts) + 1, 0);
  out.row_token.resize(size_t(pairs));
  out.slot_row.resize(size_t(pairs));
  for (int64_t i = 0; i < pairs; ++i) ++out.offsets[size_t(expert_ids[i]) + 1];
  for (int e = 0; e < num_experts; ++e) out.offsets[size_t(e) + 1] += out.offsets[size_t(e)];
  std::vector<int64_t>& next = out.cursor;
  next.assign(out.offsets.begin(), out.offsets.end() - 1);
  for (int64_t i = 0; i < pairs; ++i) {
    const int64_t row = next[size_t(expert_ids[i])]++;
    out.row_token[size_t(row)] = int32_t(i / top_k);
    out.slot_row[size_t(i)] = row;
  }
}

}  // namespace moebench::cpu
