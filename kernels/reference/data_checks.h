// Consistency checks on problem data, shared by the oracle and the reference kernels so that
// malformed input is a clear UserError rather than an out-of-bounds read.
#pragma once

#include <cstdint>
#include <vector>

#include "kernels/problem.h"

namespace moebench::ref {

void check_dense_data(const DenseFfnData& data);
void check_moe_data(const MoeLayerData& data);
// Every id in `tokens` (when given) lies in [0, num_tokens).
void check_token_subset(const std::vector<int64_t>* tokens, int64_t num_tokens);

}  // namespace moebench::ref
