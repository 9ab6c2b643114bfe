// Which experts each token is sent to: the routing distribution axis.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace moebench {

struct RoutingSpec {
  enum class Kind { uniform, zipf, collapse, trace };
  Kind kind = Kind::uniform;
  double zipf_exponent = 1.0;  // zipf:S
  int hot_experts = 1;         // collapse:N — every token's choices start with N hot experts
  std::string trace_path;      // trace:FILE — JSON {"tokens": [[e, e, …], …]}, cycled
  std::string to_string() const;
};

// "uniform", "zipf:1.2", "collapse:2", "trace:path.json"; UserError on anything else.
RoutingSpec parse_routing(std::string_view text);

// top_k distinct expert ids per token, [tokens][top_k], deterministic in seed.
std::vector<int32_t> plan_routing(const RoutingSpec& spec, int64_t tokens, int num_experts,
                                  int top_k, uint64_t seed);

// Steering logits that make a real router pick the planned experts: +kSteeringLogit on each
// planned expert, 0 elsewhere, [tokens][num_experts].
inline constexpr float kSteeringLogit = 64.0f;
std::vector<float> steering_from_plan(const std::vector<int32_t>& plan, int64_t tokens,
                                      int num_experts, int top_k);

// E·(1 − (1 − k/E)^B): experts touched by B tokens under uniform routing.
double expected_unique_experts(int num_experts, int top_k, int64_t tokens);

}  // namespace moebench
