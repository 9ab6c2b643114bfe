#include "suites/common/analytic.h"

#include <gtest/gtest.h>

#include "harness/core/error.h"
#include "suites/common/routing_plan.h"

namespace moebench {
namespace {

TEST(Analytic, DenseFfnByHand) {
  // d=4, ff=8, T=3: 3 GEMMs of 4x8 MACs per token.
  const AnalyticCounts c = dense_ffn_counts(FfnShape{4, 8}, 3, Precision::fp32, 128);
  EXPECT_DOUBLE_EQ(c.tokens, 3);
  EXPECT_DOUBLE_EQ(c.flops, 2.0 * 3 * 3 * 4 * 8);
  EXPECT_DOUBLE_EQ(c.weight_bytes, 3 * 4 * 8 * 4);
  EXPECT_DOUBLE_EQ(c.resident_weight_bytes, c.weight_bytes);
  EXPECT_DOUBLE_EQ(c.activation_bytes, 2 * 3 * 4 * 4);
  EXPECT_DOUBLE_EQ(c.routing_bytes, 0);
  EXPECT_DOUBLE_EQ(c.arithmetic_intensity(), c.flops / (c.weight_bytes + c.activation_bytes));
}

TEST(Analytic, DenseWeightBytesFollowPrecision) {
  const FfnShape s{64, 128};
  const double params = 3.0 * 64 * 128;
  EXPECT_DOUBLE_EQ(dense_ffn_counts(s, 1, Precision::bf16, 128).weight_bytes, params * 2);
  // int8: one fp32 scale per output channel: gate/up rows are 64 long, down rows 128 long.
  const double int8 = (2 * 64 * 128 * (8 + 32.0 / 64) + 64 * 128 * (8 + 32.0 / 128)) / 8;
  EXPECT_DOUBLE_EQ(dense_ffn_counts(s, 1, Precision::int8, 128).weight_bytes, int8);
  // int4 with groups of 32: 4 + 32/32 bits per weight.
  EXPECT_DOUBLE_EQ(dense_ffn_counts(s, 1, Precision::int4, 32).weight_bytes, params * 5 / 8);
}

TEST(Analytic, MoeLayerByHand) {
  // d=4, ff_e=2, E=4, k=2, one shared expert of ff 6, T=2 tokens, bf16.
  const MoeShape s{4, 2, 4, 2, 1, 6};
  const std::vector<int32_t> counts = {2, 0, 2, 0};  // both tokens chose experts 0 and 2
  const AnalyticCounts c = moe_layer_counts(s, 2, Precision::bf16, 128, counts);
  const double macs_per_token = 2 * 3 * 4 * 2 + 3 * 4 * 6 + 4 * 4;  // routed + shared + router
  EXPECT_DOUBLE_EQ(c.flops, 2.0 * 2 * macs_per_token);
  EXPECT_DOUBLE_EQ(c.experts_touched, 2);
  EXPECT_DOUBLE_EQ(c.experts_touched_expected, 4 * (1 - 0.25));
  const double expert_bytes = 3 * 4 * 2 * 2, shared_bytes = 3 * 4 * 6 * 2, router = 4 * 4 * 4;
  EXPECT_DOUBLE_EQ(c.weight_bytes, 2 * expert_bytes + shared_bytes + router);
  EXPECT_DOUBLE_EQ(c.resident_weight_bytes, 4 * expert_bytes + shared_bytes + router);
  EXPECT_DOUBLE_EQ(c.activation_bytes, 2 * 2 * 4 * 4);
  // logits 2x4 fp32, ids+weights 2x2x8 bytes, gathered rows and expert outputs 2x(2x2x4x4).
  EXPECT_DOUBLE_EQ(c.routing_bytes, 2 * 4 * 4 + 2 * 2 * 8 + 2 * (2 * 2 * 4 * 4));
}

TEST(Analytic, MoeUsesExpectedExpertsWithoutCounts) {
  const MoeShape s{64, 32, 8, 2, 0, 0};
  const AnalyticCounts c = moe_layer_counts(s, 2, Precision::fp32, 128, {});
  EXPECT_DOUBLE_EQ(c.experts_touched, 3.5);
  const double expert_bytes = 3 * 64 * 32 * 4;
  EXPECT_DOUBLE_EQ(c.weight_bytes, 3.5 * expert_bytes + 8 * 64 * 4);
  EXPECT_THROW(moe_layer_counts(s, 2, Precision::fp32, 128, {1, 2}), UserError);
}

TEST(Analytic, MoeFlopsTrackActiveNotTotal) {
  // Same active width, 8x the experts: expert FLOPs unchanged (only the router grows),
  // resident expert bytes 8x.
  const int64_t tokens = 64, d = 256;
  const AnalyticCounts small =
      moe_layer_counts({d, 128, 8, 2, 0, 0}, tokens, Precision::bf16, 128, {});
  const AnalyticCounts big =
      moe_layer_counts({d, 128, 64, 2, 0, 0}, tokens, Precision::bf16, 128, {});
  const auto router_flops = [&](int e) { return 2.0 * tokens * e * d; };
  EXPECT_DOUBLE_EQ(big.flops - router_flops(64), small.flops - router_flops(8));
  const auto router_bytes = [&](int e) { return 4.0 * e * d; };
  EXPECT_DOUBLE_EQ((big.resident_weight_bytes - router_bytes(64)) /
                       (small.resident_weight_bytes - router_bytes(8)),
                   8.0);
}

}  // namespace
}  // namespace moebench
