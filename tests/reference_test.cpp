#include "kernels/reference/reference.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "harness/core/error.h"
#include "kernels/reference/quant.h"
#include "reference_test_data.h"

namespace moebench::ref {
namespace {

// silu(v) = v / (1 + e^-v), to 10 digits.
constexpr double kSilu1 = 0.7310585786;
constexpr double kSilu2 = 1.7615941560;
constexpr double kSilu3 = 2.8577223804;
constexpr double kSiluMinus1 = -0.2689414214;

TEST(Silu, KnownValues) {
  EXPECT_EQ(silu(0.0f), 0.0f);
  EXPECT_NEAR(silu(1.0f), kSilu1, 1e-7);
  EXPECT_NEAR(silu(-1.0f), kSiluMinus1, 1e-7);
  EXPECT_NEAR(silu(2.0f), kSilu2, 1e-7);
  EXPECT_EQ(silu(100.0f), 100.0f);
  EXPECT_NEAR(silu(-200.0f), 0.0f, 1e-30);  // e^200 overflows nothing: no NaN
  EXPECT_FALSE(std::isnan(silu(-1000.0f)));
}

// d_model = 2, d_ff = 3. Token 0 is x = (1, 2):
//   g = W_gate x = (1, 2, -1),  u = W_up x = (3, 2, 2)
//   h = silu(g) * u = (3 silu(1), 2 silu(2), 2 silu(-1))
//   y = W_down h = (h0 + h2, h1 - h2)
// Token 1 is x = 0, so y = 0.
DenseFfnData hand_dense() {
  DenseFfnData d;
  d.shape = {2, 3};
  d.tokens = 2;
  d.x = {1, 2, 0, 0};
  d.w_gate = {1, 0, 0, 1, 1, -1};
  d.w_up = {1, 1, 0, 1, 2, 0};
  d.w_down = {1, 0, 1, 0, 1, -1};
  return d;
}

TEST(DenseFfn, HandComputedFp32) {
  const std::vector<float> y = dense_ffn(hand_dense(), Precision::fp32);
  ASSERT_EQ(y.size(), 4u);
  EXPECT_NEAR(y[0], 3 * kSilu1 + 2 * kSiluMinus1, 1e-6);  // 1.6552928930
  EXPECT_NEAR(y[1], 2 * kSilu2 - 2 * kSiluMinus1, 1e-6);  // 4.0610711548
  EXPECT_EQ(y[2], 0.0f);
  EXPECT_EQ(y[3], 0.0f);
}

TEST(DenseFfn, Bf16RoundsTheIntermediateBeforeTheDownProjection) {
  // The weights and x are exact in bf16, so only h is rounded.
  const std::vector<float> y = dense_ffn(hand_dense(), Precision::bf16);
  const auto r = [](double v) { return bf16_to_float(float_to_bf16(static_cast<float>(v))); };
  EXPECT_FLOAT_EQ(y[0], r(3 * kSilu1) + r(2 * kSiluMinus1));
  EXPECT_FLOAT_EQ(y[1], r(2 * kSilu2) - r(2 * kSiluMinus1));
  EXPECT_NE(y[0], dense_ffn(hand_dense(), Precision::fp32)[0]);
}

TEST(DenseFfn, Int8QuantisesActivationsPerTokenAtBothGemmInputs) {
  // Weights 0/±1/2 survive int8 up to the float rounding of their scale. x = (1, 4) has scale
  // 4/127: 1 → code 32 (31.75 rounded). h is quantised with scale max|h|/127.
  DenseFfnData d = hand_dense();
  d.x = {1, 4, 0, 0};
  const std::vector<float> y = dense_ffn(d, Precision::int8);
  const auto silu_d = [](double v) { return v / (1 + std::exp(-v)); };
  const double x0 = 32 * 4.0 / 127, x1 = 4;
  double h[3] = {silu_d(x0) * (x0 + x1), silu_d(x1) * x1, silu_d(x0 - x1) * 2 * x0};
  const double h_scale = std::max({std::fabs(h[0]), std::fabs(h[1]), std::fabs(h[2])}) / 127;
  for (double& v : h) v = std::nearbyint(v / h_scale) * h_scale;
  EXPECT_NEAR(y[0], h[0] + h[2], 2e-5);
  EXPECT_NEAR(y[1], h[1] - h[2], 2e-5);
  const std::vector<float> exact = dense_ffn(d, Precision::fp32);
  EXPECT_GT(std::fabs(y[0] - exact[0]), 1e-3);  // the rounding shows
}

TEST(DenseFfn, Fp8PerTokenQuantisesActivationsAtBothGemmInputs) {
  // W8A8-fp8 (the cuBLASLt baseline): the 0/±1 weights survive e4m3. x = (1, 3) has scale
  // 3/448: 1 -> 149.3, which e4m3 (step 16 in [128, 256)) rounds to 144. h likewise per token.
  DenseFfnData d = hand_dense();
  d.x = {1, 3, 0, 0};
  const std::vector<float> y =
      dense_ffn(d, Precision::fp8_e4m3, 128, nullptr, Activations::fp8_per_token);
  const auto silu_d = [](double v) { return v / (1 + std::exp(-v)); };
  const double x0 = 144 * 3.0 / 448, x1 = 3;
  double h[3] = {silu_d(x0) * (x0 + x1), silu_d(x1) * x1, silu_d(x0 - x1) * 2 * x0};
  const float h_scale =
      static_cast<float>(std::max({std::fabs(h[0]), std::fabs(h[1]), std::fabs(h[2])})) / 448;
  for (double& v : h)
    v = double(e4m3_to_float(float_to_e4m3(static_cast<float>(v) / h_scale))) * h_scale;
  EXPECT_NEAR(y[0], h[0] + h[2], 1e-5);
  EXPECT_NEAR(y[1], h[1] - h[2], 1e-5);
  // The weight-only fp8 oracle (moebench's fp8 semantics) keeps x and h in fp32.
  const std::vector<float> weight_only = dense_ffn(d, Precision::fp8_e4m3);
  EXPECT_GT(std::fabs(y[0] - weight_only[0]), 1e-3);
  EXPECT_EQ(y[2], 0.0f);
}

TEST(DenseFfn, TokenSubsetEqualsRowsOfTheFullResult) {
  const DenseFfnData d = testing::random_dense(19, 35, 6, 5);
  const std::vector<int64_t> subset = {4, 0, 4, 5};
  for (Precision p : all_precisions()) {
    const std::vector<float> full = dense_ffn(d, p, 32);
    const std::vector<float> part = dense_ffn(d, p, 32, &subset);
    ASSERT_EQ(part.size(), subset.size() * 19);
    for (size_t i = 0; i < subset.size(); ++i)
      for (size_t m = 0; m < 19; ++m)
        ASSERT_EQ(part[i * 19 + m], full[static_cast<size_t>(subset[i]) * 19 + m])
            << to_string(p) << " row " << i;
  }
}

TEST(DenseFfn, RejectsInconsistentData) {
  DenseFfnData d = hand_dense();
  d.w_up.pop_back();
  EXPECT_THROW(dense_ffn(d, Precision::fp32), UserError);
  const std::vector<int64_t> out_of_range = {2};
  EXPECT_THROW(dense_ffn(hand_dense(), Precision::fp32, 128, &out_of_range), UserError);
}

// d_model = 2, E = 2, d_ff_expert = 1, router = identity so logits = x + steering.
//   expert 0: g = x0 + x1, u = x0,      y = (1, 2) silu(g) u
//   expert 1: g = x1,      u = x0 + x1, y = (-1, 1) silu(g) u
// Both tokens are x = (1, 2): expert 0 gives silu(3) (1, 2), expert 1 gives 3 silu(2) (-1, 1).
// Token 0 has no steering (logits 1, 2: expert 1 wins); token 1 has +5 on expert 0 (6, 2).
MoeLayerData hand_moe(int top_k) {
  MoeLayerData d;
  d.shape = {.d_model = 2, .d_ff_expert = 1, .num_experts = 2, .top_k = top_k};
  d.tokens = 2;
  d.x = {1, 2, 1, 2};
  d.w_router = {1, 0, 0, 1};
  d.steering = {0, 0, 5, 0};
  d.w_gate = {1, 1, 0, 1};
  d.w_up = {1, 0, 1, 1};
  d.w_down = {1, 2, -1, 1};
  return d;
}

TEST(MoeLayer, HandRoutedTop1WithSteering) {
  Routing routing;
  const std::vector<float> y = moe_layer(hand_moe(1), Precision::fp32, 128, nullptr, &routing);
  EXPECT_EQ(routing.top_k, 1);
  EXPECT_EQ(routing.expert_ids, (std::vector<int32_t>{1, 0}));
  EXPECT_EQ(routing.weights, (std::vector<float>{1, 1}));
  EXPECT_EQ(expert_token_counts(routing, 2), (std::vector<int32_t>{1, 1}));
  ASSERT_EQ(y.size(), 4u);
  EXPECT_NEAR(y[0], -3 * kSilu2, 1e-6);
  EXPECT_NEAR(y[1], 3 * kSilu2, 1e-6);
  EXPECT_NEAR(y[2], kSilu3, 1e-6);
  EXPECT_NEAR(y[3], 2 * kSilu3, 1e-6);
}

TEST(MoeLayer, HandRoutedTop2SoftmaxAndSharedExpert) {
  MoeLayerData d = hand_moe(2);
  // One shared expert with d_ff 1: g = x0, u = x1, y = (1, 0) silu(g) u = (2 silu(1), 0).
  d.shape.num_shared = 1;
  d.shape.d_ff_shared = 1;
  d.ws_gate = {1, 0};
  d.ws_up = {0, 1};
  d.ws_down = {1, 0};
  Routing routing;
  const std::vector<float> y = moe_layer(d, Precision::fp32, 128, nullptr, &routing);
  EXPECT_EQ(routing.expert_ids, (std::vector<int32_t>{1, 0, 0, 1}));
  // Token 0: logits (1, 2) → weights e^0/(1+e^-1) for expert 1, e^-1/(1+e^-1) for expert 0.
  const double w_hi = 1 / (1 + std::exp(-1.0));
  const double w_lo = 1 - w_hi;
  EXPECT_NEAR(routing.weights[0], w_hi, 1e-7);
  EXPECT_NEAR(routing.weights[1], w_lo, 1e-7);
  // Token 1: logits (6, 2) → e^0/(1+e^-4) for expert 0.
  const double w1 = 1 / (1 + std::exp(-4.0));
  EXPECT_NEAR(routing.weights[2], w1, 1e-7);
  const double shared0 = 2 * kSilu1;
  EXPECT_NEAR(y[0], w_hi * -3 * kSilu2 + w_lo * kSilu3 + shared0, 1e-6);
  EXPECT_NEAR(y[1], w_hi * 3 * kSilu2 + w_lo * 2 * kSilu3, 1e-6);
  EXPECT_NEAR(y[2], w1 * kSilu3 + (1 - w1) * -3 * kSilu2 + shared0, 1e-6);
  EXPECT_NEAR(y[3], w1 * 2 * kSilu3 + (1 - w1) * 3 * kSilu2, 1e-6);
}

TEST(Route, TiesGoToTheLowerExpertId) {
  MoeLayerData d = hand_moe(1);
  d.x = {2, 2, -1, -1};  // equal logits for both tokens
  d.steering = {0, 0, 0, 0};
  const Routing routing = route(d);
  EXPECT_EQ(routing.expert_ids, (std::vector<int32_t>{0, 0}));
  d.shape.top_k = 2;
  const Routing both = route(d);
  EXPECT_EQ(both.expert_ids, (std::vector<int32_t>{0, 1, 0, 1}));
  EXPECT_EQ(both.weights, (std::vector<float>{0.5f, 0.5f, 0.5f, 0.5f}));
}

TEST(Route, ChoosesTheTopKInDescendingOrder) {
  const MoeShape shape{.d_model = 8, .d_ff_expert = 4, .num_experts = 6, .top_k = 3};
  const MoeLayerData d = testing::random_moe(shape, 5, 3);
  const Routing routing = route(d);
  for (int64_t t = 0; t < 5; ++t) {
    std::vector<double> logits(6);
    for (int e = 0; e < 6; ++e)
      for (int i = 0; i < 8; ++i) logits[e] += double(d.w_router[e * 8 + i]) * d.x[t * 8 + i];
    double sum = 0;
    for (int j = 0; j < 3; ++j) {
      const int32_t e = routing.expert_ids[t * 3 + j];
      if (j > 0) {
        EXPECT_GE(logits[routing.expert_ids[t * 3 + j - 1]], logits[e]);
      }
      for (int other = 0; other < 6; ++other) {
        bool chosen = false;
        for (int i = 0; i < 3; ++i) chosen |= routing.expert_ids[t * 3 + i] == other;
        if (!chosen) {
          EXPECT_GT(logits[e], logits[other]);
        }
      }
      sum += routing.weights[t * 3 + j];
    }
    EXPECT_NEAR(sum, 1.0, 1e-6);
  }
}

TEST(MoeLayer, TokenSubsetEqualsRowsOfTheFullResult) {
  const MoeShape shape{.d_model = 13,
                       .d_ff_expert = 21,
                       .num_experts = 5,
                       .top_k = 2,
                       .num_shared = 1,
                       .d_ff_shared = 9};
  const MoeLayerData d = testing::random_moe(shape, 7, 21);
  const std::vector<int64_t> subset = {6, 2, 2};
  for (Precision p : all_precisions()) {
    Routing full_routing, part_routing;
    const std::vector<float> full = moe_layer(d, p, 32, nullptr, &full_routing);
    const std::vector<float> part = moe_layer(d, p, 32, &subset, &part_routing);
    ASSERT_EQ(part.size(), subset.size() * 13);
    for (size_t i = 0; i < subset.size(); ++i) {
      const auto t = static_cast<size_t>(subset[i]);
      for (size_t m = 0; m < 13; ++m)
        ASSERT_EQ(part[i * 13 + m], full[t * 13 + m]) << to_string(p) << " row " << i;
      for (size_t j = 0; j < 2; ++j)
        EXPECT_EQ(part_routing.expert_ids[i * 2 + j], full_routing.expert_ids[t * 2 + j]);
    }
  }
}

TEST(MoeLayer, RejectsInconsistentData) {
  MoeLayerData d = hand_moe(1);
  d.shape.top_k = 3;
  EXPECT_THROW(moe_layer(d, Precision::fp32), UserError);
  d = hand_moe(1);
  d.steering.pop_back();
  EXPECT_THROW(route(d), UserError);
  d = hand_moe(1);
  d.x[0] = std::nanf("");
  EXPECT_THROW(route(d), UserError);
  const std::vector<int64_t> out_of_range = {-1};
  EXPECT_THROW(moe_layer(hand_moe(1), Precision::fp32, 128, &out_of_range), UserError);
  Routing bad;
  bad.expert_ids = {2};
  EXPECT_THROW(expert_token_counts(bad, 2), UserError);
}

}  // namespace
}  // namespace moebench::ref
