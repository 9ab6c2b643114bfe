#include "kernels/reference/reference.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>
#include <string>

#include "harness/core/error.h"
#include "kernels/reference/data_checks.h"
#include "kernels/reference/quant.h"

namespace moebench::ref {
namespace {

double dot(const float* a, const float* b, int64_t n) {
  double sum = 0;
  for (int64_t i = 0; i < n; ++i) sum += static_cast<double>(a[i]) * static_cast<double>(b[i]);
  return sum;
}

// The weights of one FFN as the kernel in precision p effectively multiplies with them.
struct DequantizedFfn {
  int64_t d_model = 0;
  int64_t d_ff = 0;
  std::vector<float> gate;  // [d_ff][d_model]
  std::vector<float> up;    // [d_ff][d_model]
  std::vector<float> down;  // [d_model][d_ff]
};

DequantizedFfn dequantized_ffn(const float* gate, const float* up, const float* down,
                               int64_t d_model, int64_t d_ff, Precision p, int group_size) {
  return {d_model, d_ff, quantize_dequantize(gate, d_ff, d_model, p, group_size),
          quantize_dequantize(up, d_ff, d_model, p, group_size),
          quantize_dequantize(down, d_model, d_ff, p, group_size)};
}

// One token through one FFN; x is already rounded as p implies. Gate and up outputs are fp32
// values, h is rounded as p implies before the down projection.
std::vector<float> ffn_token(const DequantizedFfn& w, const float* x, Precision p, Activations a) {
  std::vector<float> h(static_cast<size_t>(w.d_ff));
  for (int64_t f = 0; f < w.d_ff; ++f) {
    const auto g = static_cast<float>(dot(w.gate.data() + f * w.d_model, x, w.d_model));
    const auto u = static_cast<float>(dot(w.up.data() + f * w.d_model, x, w.d_model));
    h[static_cast<size_t>(f)] = static_cast<float>(static_cast<double>(silu(g)) * u);
  }
  round_activations(h.data(), 1, w.d_ff, p, a);
  std::vector<float> y(static_cast<size_t>(w.d_model));
  for (int64_t m = 0; m < w.d_model; ++m)
    y[static_cast<size_t>(m)] =
        static_cast<float>(dot(w.down.data() + m * w.d_ff, h.data(), w.d_ff));
  return y;
}

std::vector<float> rounded_token(const float* x, int64_t d_model, Precision p, Activations a) {
  std::vector<float> row(x, x + d_model);
  round_activations(row.data(), 1, d_model, p, a);
  return row;
}

std::vector<int64_t> selected_tokens(const std::vector<int64_t>* tokens, int64_t num_tokens) {
  if (tokens) return *tokens;
  std::vector<int64_t> all(static_cast<size_t>(num_tokens));
  std::iota(all.begin(), all.end(), int64_t{0});
  return all;
}

}  // namespace

float silu(float x) {
  const double v = x;
  return static_cast<float>(v / (1.0 + std::exp(-v)));
}

std::vector<float> dense_ffn(const DenseFfnData& data, Precision p, int int4_group_size,
                             const std::vector<int64_t>* tokens, Activations activations) {
  check_dense_data(data);
  check_token_subset(tokens, data.tokens);
  const int64_t d_model = data.shape.d_model;
  const DequantizedFfn w = dequantized_ffn(data.w_gate.data(), data.w_up.data(), data.w_down.data(),
                                           d_model, data.shape.d_ff, p, int4_group_size);
  const std::vector<int64_t> ids = selected_tokens(tokens, data.tokens);
  std::vector<float> y;
  y.reserve(ids.size() * static_cast<size_t>(d_model));
  for (int64_t t : ids) {
    const std::vector<float> x =
        rounded_token(data.x.data() + t * d_model, d_model, p, activations);
    const std::vector<float> out = ffn_token(w, x.data(), p, activations);
    y.insert(y.end(), out.begin(), out.end());
  }
  return y;
}

Routing route(const MoeLayerData& data, const std::vector<int64_t>* tokens) {
  check_moe_data(data);
  check_token_subset(tokens, data.tokens);
  const int64_t d_model = data.shape.d_model;
  const int experts = data.shape.num_experts;
  const int k = data.shape.top_k;
  Routing routing;
  routing.top_k = k;
  std::vector<float> logits(static_cast<size_t>(experts));
  std::vector<int32_t> order(static_cast<size_t>(experts));
  for (int64_t t : selected_tokens(tokens, data.tokens)) {
    for (int e = 0; e < experts; ++e) {
      const double logit =
          dot(data.w_router.data() + e * d_model, data.x.data() + t * d_model, d_model) +
          data.steering[static_cast<size_t>(t * experts + e)];
      if (std::isnan(logit))
        throw UserError("router logit of token " + std::to_string(t) + " is NaN");
      logits[static_cast<size_t>(e)] = static_cast<float>(logit);
    }
    std::iota(order.begin(), order.end(), 0);
    // Descending logit; std::stable_sort keeps equal logits in ascending expert id.
    std::stable_sort(order.begin(), order.end(), [&](int32_t a, int32_t b) {
      return logits[static_cast<size_t>(a)] > logits[static_cast<size_t>(b)];
    });
    const double max_logit = logits[static_cast<size_t>(order[0])];
    double sum = 0;
    for (int i = 0; i < k; ++i) sum += std::exp(logits[static_cast<size_t>(order[i])] - max_logit);
    for (int i = 0; i < k; ++i) {
      const int32_t e = order[static_cast<size_t>(i)];
      routing.expert_ids.push_back(e);
      routing.weights.push_back(
          static_cast<float>(std::exp(logits[static_cast<size_t>(e)] - max_logit) / sum));
    }
  }
  return routing;
}

std::vector<int32_t> expert_token_counts(const Routing& routing, int num_experts) {
  std::vector<int32_t> counts(static_cast<size_t>(std::max(num_experts, 0)), 0);
  for (int32_t e : routing.expert_ids) {
    if (e < 0 || e >= num_experts)
      throw UserError("routing names expert " + std::to_string(e) + " of " +
                      std::to_string(num_experts));
    ++counts[static_cast<size_t>(e)];
  }
  return counts;
}

std::vector<float> moe_layer(const MoeLayerData& data, Precision p, int int4_group_size,
                             const std::vector<int64_t>* tokens, Routing* routing_out,
                             Activations activations) {
  Routing routing = route(data, tokens);  // also checks data and tokens
  const auto& s = data.shape;
  const int64_t d_model = s.d_model;

  // Quantise only the experts the computed tokens use: a sample of a big point stays cheap.
  std::vector<std::optional<DequantizedFfn>> experts(static_cast<size_t>(s.num_experts));
  const int64_t expert_size = s.d_ff_expert * d_model;
  for (int32_t e : routing.expert_ids) {
    auto& slot = experts[static_cast<size_t>(e)];
    if (!slot)
      slot = dequantized_ffn(
          data.w_gate.data() + e * expert_size, data.w_up.data() + e * expert_size,
          data.w_down.data() + e * expert_size, d_model, s.d_ff_expert, p, int4_group_size);
  }
  std::vector<DequantizedFfn> shared;
  const int64_t shared_size = s.d_ff_shared * d_model;
  const std::vector<int64_t> ids = selected_tokens(tokens, data.tokens);
  for (int i = 0; i < s.num_shared && !ids.empty(); ++i)
    shared.push_back(dequantized_ffn(
        data.ws_gate.data() + i * shared_size, data.ws_up.data() + i * shared_size,
        data.ws_down.data() + i * shared_size, d_model, s.d_ff_shared, p, int4_group_size));

  std::vector<float> y;
  y.reserve(ids.size() * static_cast<size_t>(d_model));
  std::vector<double> acc(static_cast<size_t>(d_model));
  for (size_t i = 0; i < ids.size(); ++i) {
    const std::vector<float> x =
        rounded_token(data.x.data() + ids[i] * d_model, d_model, p, activations);
    std::fill(acc.begin(), acc.end(), 0.0);
    for (int j = 0; j < s.top_k; ++j) {
      const size_t slot = i * static_cast<size_t>(s.top_k) + static_cast<size_t>(j);
      const double weight = routing.weights[slot];
      const std::vector<float> out = ffn_token(
          *experts[static_cast<size_t>(routing.expert_ids[slot])], x.data(), p, activations);
      for (int64_t m = 0; m < d_model; ++m)
        acc[static_cast<size_t>(m)] += weight * out[static_cast<size_t>(m)];
    }
    for (const DequantizedFfn& w : shared) {
      const std::vector<float> out = ffn_token(w, x.data(), p, activations);
      for (int64_t m = 0; m < d_model; ++m)
        acc[static_cast<size_t>(m)] += out[static_cast<size_t>(m)];
    }
    for (double v : acc) y.push_back(static_cast<float>(v));
  }
  if (routing_out) *routing_out = std::move(routing);
  return y;
}

}  // namespace moebench::ref
