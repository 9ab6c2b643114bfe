// The sizing and cost calculators on known models, and the crossover finder.
#include <gtest/gtest.h>

#include "harness/analysis/cost.h"
#include "harness/analysis/crossovers.h"
#include "harness/analysis/sizing.h"

namespace moebench {
namespace {

const std::vector<ModelConfig>& models() {
  static const auto m = load_models(default_models_dir());
  return m;
}

TEST(Sizing, Llama70bAtBf16IsAbout141GB) {
  const auto& m = find_model(models(), "llama-3.3-70b");
  EXPECT_NEAR(weight_bytes(m, Precision::bf16, 128) / 1e9, 141.1, 1.0);
  // 80 layers x 8 KV heads x 128 dims x (K,V) x 2 bytes
  EXPECT_DOUBLE_EQ(kv_bytes_per_token(m, 2.0), 80.0 * 8 * 128 * 2 * 2);
  EXPECT_DOUBLE_EQ(kv_cache_bytes(m, 1000, 4, 2.0), 4000 * kv_bytes_per_token(m, 2.0));
}

TEST(Sizing, DeepSeekUsesTheMlaLatentCache) {
  const auto& m = find_model(models(), "deepseek-v3");
  EXPECT_EQ(m.attention.type, "mla");
  EXPECT_DOUBLE_EQ(kv_bytes_per_token(m, 2.0), 61.0 * (512 + 64) * 2);
}

TEST(Sizing, HybridAttentionCachesOnlyFullAttentionLayers) {
  const auto& m = find_model(models(), "qwen3-coder-next");
  ASSERT_EQ(m.attention.type, "hybrid");
  EXPECT_EQ(layers_with_kv_cache(m), m.num_layers / m.attention.full_attention_interval);
  EXPECT_LT(layers_with_kv_cache(m), m.num_layers);
}

TEST(Sizing, QuantisationScalesAddBits) {
  const auto& m = find_model(models(), "qwen3-coder-next");
  EXPECT_DOUBLE_EQ(model_bits_per_weight(m, Precision::int4, 32), 5.0);
  EXPECT_DOUBLE_EQ(model_bits_per_weight(m, Precision::int4, 128), 4.25);
  EXPECT_GT(model_bits_per_weight(m, Precision::int8, 128), 8.0);
}

TEST(Sizing, DeviceCountsFromProfiles) {
  const auto profiles = load_hardware_profiles(default_hardware_profiles_dir());
  const auto& m = find_model(models(), "llama-4-maverick");
  const auto s = size_model(m, Precision::fp8_e4m3, 128, 0, 1, profiles);
  for (const auto& f : s.fits) {
    EXPECT_GE(f.devices_for_weights * f.memory_bytes, s.weight_bytes) << f.profile_id;
    EXPECT_LT((f.devices_for_weights - 1) * f.memory_bytes, s.weight_bytes) << f.profile_id;
    if (f.profile_id == "h100-sxm") {
      EXPECT_EQ(f.devices_for_weights, 5);
    }
  }
  EXPECT_EQ(devices_needed(0, 80e9), 1);
}

TEST(Cost, RoundTripsAndBreakEven) {
  // 1,000 tok/s at $3.60/h, fully used: 3.6e6 tokens/h -> $1/M.
  EXPECT_NEAR(cost_per_million_tokens(3.6, 1000, 1.0), 1.0, 1e-12);
  EXPECT_NEAR(cost_per_million_tokens(3.6, 1000, 0.5), 2.0, 1e-12);
  EXPECT_NEAR(implied_tokens_per_s(3.6, 2.0, 0.5), 1000, 1e-9);
  EXPECT_NEAR(breakeven_utilization(3.6, 1000, 4.0), 0.25, 1e-12);
  EXPECT_EQ(cost_per_million_tokens(3.6, 0, 1), 0);
}

TEST(Crossovers, FindsSignChangesInLogSpace) {
  // a = x, b = 16: cross at x = 16 (between 8 and 32), a slower above.
  const auto c = find_crossovers({{32, 32, 16}, {8, 8, 16}, {128, 128, 16}});
  ASSERT_EQ(c.size(), 1u);
  EXPECT_NEAR(c[0].x, 16, 1e-9);
  EXPECT_FALSE(c[0].a_wins_after);
  EXPECT_TRUE(find_crossovers({{1, 1, 2}, {2, 1, 2}}).empty());
  EXPECT_NEAR(loglog_interpolate(1, 1, 100, 100, 10), 10, 1e-9);
}

}  // namespace
}  // namespace moebench
