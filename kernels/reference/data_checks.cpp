#include "kernels/reference/data_checks.h"

#include <string>

#include "harness/core/error.h"

namespace moebench::ref {
namespace {

void check_size(const char* what, const std::vector<float>& v, int64_t expected) {
  if (static_cast<int64_t>(v.size()) != expected)
    throw UserError(std::string(what) + " has " + std::to_string(v.size()) + " values, expected " +
                    std::to_string(expected));
}

void check_positive(const char* what, int64_t v) {
  if (v <= 0) throw UserError(std::string(what) + " must be positive, got " + std::to_string(v));
}

}  // namespace

void check_dense_data(const DenseFfnData& data) {
  const auto& s = data.shape;
  check_positive("d_model", s.d_model);
  check_positive("d_ff", s.d_ff);
  if (data.tokens < 0) throw UserError("token count must not be negative");
  check_size("x", data.x, data.tokens * s.d_model);
  check_size("w_gate", data.w_gate, s.d_ff * s.d_model);
  check_size("w_up", data.w_up, s.d_ff * s.d_model);
  check_size("w_down", data.w_down, s.d_model * s.d_ff);
}

void check_moe_data(const MoeLayerData& data) {
  const auto& s = data.shape;
  check_positive("d_model", s.d_model);
  check_positive("d_ff_expert", s.d_ff_expert);
  check_positive("num_experts", s.num_experts);
  if (s.top_k < 1 || s.top_k > s.num_experts)
    throw UserError("top_k must be in [1, num_experts=" + std::to_string(s.num_experts) +
                    "], got " + std::to_string(s.top_k));
  if (s.num_shared < 0) throw UserError("num_shared must not be negative");
  if (s.num_shared > 0) check_positive("d_ff_shared", s.d_ff_shared);
  if (data.tokens < 0) throw UserError("token count must not be negative");
  const int64_t experts = s.num_experts;
  const int64_t expert_weights = experts * s.d_ff_expert * s.d_model;
  const int64_t shared_weights = s.num_shared * s.d_ff_shared * s.d_model;
  check_size("x", data.x, data.tokens * s.d_model);
  check_size("w_router", data.w_router, experts * s.d_model);
  check_size("steering", data.steering, data.tokens * experts);
  check_size("w_gate", data.w_gate, expert_weights);
  check_size("w_up", data.w_up, expert_weights);
  check_size("w_down", data.w_down, expert_weights);
  check_size("ws_gate", data.ws_gate, shared_weights);
  check_size("ws_up", data.ws_up, shared_weights);
  check_size("ws_down", data.ws_down, shared_weights);
}

void check_token_subset(const std::vector<int64_t>* tokens, int64_t num_tokens) {
  if (!tokens) return;
  for (int64_t t : *tokens)
    if (t < 0 || t >= num_tokens)
      throw UserError("token " + std::to_string(t) + " out of range [0, " +
                      std::to_string(num_tokens) + ")");
}

}  // namespace moebench::ref
