// Small random problems for the reference tests: fixed seeds, weights scaled by 1/sqrt(fan-in)
// so activations stay O(1) at every shape.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <type_traits>
#include <vector>

#include "kernels/problem.h"

namespace moebench::testing {

inline std::vector<float> random_values(size_t n, float scale, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(-scale, scale);
  std::vector<float> v(n);
  for (auto& x : v) x = dist(rng);
  return v;
}

inline float fan_in_scale(int64_t fan_in) { return 1.0f / std::sqrt(static_cast<float>(fan_in)); }

inline DenseFfnData random_dense(int64_t d_model, int64_t d_ff, int64_t tokens, uint32_t seed) {
  DenseFfnData d;
  d.shape = {d_model, d_ff};
  d.tokens = tokens;
  const auto n = static_cast<size_t>(d_model * d_ff);
  d.x = random_values(static_cast<size_t>(tokens * d_model), 1.0f, seed);
  d.w_gate = random_values(n, fan_in_scale(d_model), seed + 1);
  d.w_up = random_values(n, fan_in_scale(d_model), seed + 2);
  d.w_down = random_values(n, fan_in_scale(d_ff), seed + 3);
  return d;
}

// Steering is zero (the random router decides) unless `steer` is set; then token t gets
// 100 - j added on expert steer(t, j) for j < top_k, far above any router logit here, so
// exactly those experts are chosen.
template <typename Steer = std::nullptr_t>
MoeLayerData random_moe(MoeShape shape, int64_t tokens, uint32_t seed, Steer steer = nullptr) {
  MoeLayerData d;
  d.shape = shape;
  d.tokens = tokens;
  const int64_t experts = shape.num_experts;
  const auto expert_n = static_cast<size_t>(experts * shape.d_ff_expert * shape.d_model);
  const auto shared_n = static_cast<size_t>(shape.num_shared * shape.d_ff_shared * shape.d_model);
  d.x = random_values(static_cast<size_t>(tokens * shape.d_model), 1.0f, seed);
  d.w_router = random_values(static_cast<size_t>(experts * shape.d_model), 1.0f, seed + 1);
  d.steering.assign(static_cast<size_t>(tokens * experts), 0.0f);
  if constexpr (!std::is_same_v<Steer, std::nullptr_t>) {
    for (int64_t t = 0; t < tokens; ++t)
      for (int j = 0; j < shape.top_k; ++j)
        d.steering[static_cast<size_t>(t * experts + steer(t, j))] = 100.0f - static_cast<float>(j);
  }
  d.w_gate = random_values(expert_n, fan_in_scale(shape.d_model), seed + 2);
  d.w_up = random_values(expert_n, fan_in_scale(shape.d_model), seed + 3);
  d.w_down = random_values(expert_n, fan_in_scale(shape.d_ff_expert), seed + 4);
  d.ws_gate = random_values(shared_n, fan_in_scale(shape.d_model), seed + 5);
  d.ws_up = random_values(shared_n, fan_in_scale(shape.d_model), seed + 6);
  d.ws_down =
      random_values(shared_n, fan_in_scale(std::max<int64_t>(shape.d_ff_shared, 1)), seed + 7);
  return d;
}

}  // namespace moebench::testing
