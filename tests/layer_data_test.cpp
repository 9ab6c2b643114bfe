#include "suites/common/layer_data.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <gtest/gtest.h>

#include "harness/core/error.h"
#include "suites/common/routing_plan.h"

namespace moebench {
namespace {

void expect_uniform(const std::vector<float>& v, float scale) {
  ASSERT_FALSE(v.empty());
  const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
  EXPECT_GE(*lo, -scale);
  EXPECT_LT(*hi, scale);
  const double mean = std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
  double var = 0;
  for (float x : v) var += (x - mean) * (x - mean);
  var /= double(v.size());
  // U(-s, s): mean 0, variance s²/3.
  EXPECT_NEAR(mean, 0.0, 5 * scale / std::sqrt(3.0 * double(v.size())));
  // The sample variance of n uniforms has relative sd sqrt(0.8/n): allow 5 sd.
  EXPECT_NEAR(var, scale * scale / 3, 5 * std::sqrt(0.8 / double(v.size())) * scale * scale / 3);
}

TEST(LayerData, DenseShapesRangesAndDeterminism) {
  const FfnShape s{64, 256};
  const DenseFfnData a = make_dense_data(s, 10, 42);
  EXPECT_EQ(a.x.size(), 10u * 64);
  EXPECT_EQ(a.w_gate.size(), 256u * 64);
  EXPECT_EQ(a.w_up.size(), 256u * 64);
  EXPECT_EQ(a.w_down.size(), 64u * 256);
  expect_uniform(a.x, 1.0f);
  expect_uniform(a.w_gate, 1.0f / 8);
  expect_uniform(a.w_down, 1.0f / 16);
  EXPECT_NE(a.w_gate, a.w_up);  // independent streams
  const DenseFfnData b = make_dense_data(s, 10, 42);
  EXPECT_EQ(a.w_gate, b.w_gate);
  EXPECT_EQ(a.x, b.x);
  EXPECT_NE(a.x, make_dense_data(s, 10, 43).x);
  EXPECT_DOUBLE_EQ(dense_data_bytes(s, 10), 4.0 * (10 * 64 + 3 * 64 * 256));
}

TEST(LayerData, MoeShapesAndSteering) {
  const MoeShape s{32, 16, 8, 2, 1, 48};
  const int64_t tokens = 5;
  const auto plan = plan_routing(parse_routing("uniform"), tokens, 8, 2, 1);
  const auto steering = steering_from_plan(plan, tokens, 8, 2);
  const MoeLayerData d = make_moe_data(s, tokens, steering, 9);
  EXPECT_EQ(d.x.size(), 5u * 32);
  EXPECT_EQ(d.w_router.size(), 8u * 32);
  EXPECT_EQ(d.steering, steering);
  EXPECT_EQ(d.w_gate.size(), 8u * 16 * 32);
  EXPECT_EQ(d.w_down.size(), 8u * 32 * 16);
  EXPECT_EQ(d.ws_gate.size(), 48u * 32);
  EXPECT_EQ(d.ws_down.size(), 32u * 48);
  expect_uniform(d.w_down, 1.0f / 4);
  expect_uniform(d.ws_down, 1.0f / std::sqrt(48.0f));
  const double bytes = 4.0 * (5 * 32 + 8 * 32 + 5 * 8 + 3 * 8 * 32 * 16 + 3 * 32 * 48);
  EXPECT_DOUBLE_EQ(moe_data_bytes(s, tokens), bytes);
  const MoeLayerData zero = make_moe_data(s, tokens, {}, 9);
  EXPECT_EQ(zero.steering, std::vector<float>(5 * 8, 0.0f));
  EXPECT_EQ(zero.w_gate, d.w_gate);
  EXPECT_THROW(make_moe_data(s, tokens, std::vector<float>(3), 9), UserError);
  EXPECT_THROW(make_moe_data(MoeShape{0, 16, 8, 2, 0, 0}, tokens, {}, 9), UserError);
}

TEST(LayerData, NoSharedExpertsLeavesSharedEmpty) {
  const MoeLayerData d = make_moe_data(MoeShape{16, 16, 4, 1, 0, 0}, 2, {}, 1);
  EXPECT_TRUE(d.ws_gate.empty());
  EXPECT_TRUE(d.ws_down.empty());
}

}  // namespace
}  // namespace moebench
