// The registered reference kernels against the oracle: every precision, odd shapes, the
// routing corner cases (one expert, k = E, idle experts, one token, everything on one expert).
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>

#include "harness/core/error.h"
#include "kernels/reference/reference.h"
#include "kernels/reference/verify.h"
#include "kernels/registry.h"
#include "reference_test_data.h"

namespace moebench {
namespace {

constexpr const char* kDense = "cpu.reference.dense_ffn";
constexpr const char* kMoe = "cpu.reference.moe_layer";

std::unique_ptr<Kernel> create(const char* name, const Problem& problem) {
  const KernelInfo* info = KernelRegistry::instance().by_name(name);
  if (!info) throw std::logic_error(std::string("not registered: ") + name);
  EXPECT_EQ(info->unsupported_reason(problem), std::nullopt);
  return info->create(problem);
}

Problem dense_problem(const DenseFfnData& d, Precision p, int group, int threads = 1) {
  return {.op = Op::dense_ffn,
          .precision = p,
          .int4_group_size = group,
          .threads = threads,
          .dense = &d};
}

Problem moe_problem(const MoeLayerData& d, Precision p, int group, int threads = 1) {
  return {
      .op = Op::moe_layer, .precision = p, .int4_group_size = group, .threads = threads, .moe = &d};
}

TEST(ReferenceKernels, AreRegisteredForTheCpu) {
  const auto& registry = KernelRegistry::instance();
  const KernelInfo* dense = registry.by_name(kDense);
  const KernelInfo* moe = registry.by_name(kMoe);
  ASSERT_NE(dense, nullptr);
  ASSERT_NE(moe, nullptr);
  EXPECT_EQ(dense->op, Op::dense_ffn);
  EXPECT_EQ(moe->op, Op::moe_layer);
  EXPECT_EQ(dense->backend, "cpu");
  EXPECT_FALSE(moe->vendor_baseline);
  const DenseFfnData d = testing::random_dense(4, 4, 1, 1);
  EXPECT_NE(moe->unsupported_reason(dense_problem(d, Precision::fp32, 128)), std::nullopt);
  EXPECT_NE(dense->unsupported_reason(dense_problem(d, Precision::int4, 0)), std::nullopt);
}

struct DenseCase {
  int64_t d_model, d_ff, tokens;
};

TEST(ReferenceKernels, DenseMatchesTheOracleInEveryPrecision) {
  const DenseCase cases[] = {{24, 40, 5}, {17, 33, 1}, {1, 1, 3}, {70, 150, 9}, {8, 8, 0}};
  uint32_t seed = 100;
  for (const auto& c : cases) {
    const DenseFfnData d = testing::random_dense(c.d_model, c.d_ff, c.tokens, seed++);
    for (Precision p : all_precisions()) {
      for (int group : {32, 128}) {
        auto kernel = create(kDense, dense_problem(d, p, group));
        kernel->run();
        kernel->synchronize();
        const Verification v = verify(kernel->output(), ref::dense_ffn(d, p, group), p);
        EXPECT_TRUE(v.passed) << to_string(p) << " " << c.d_model << "x" << c.d_ff << " x"
                              << c.tokens << ": " << v.message;
        EXPECT_TRUE(kernel->expert_token_counts().empty());
        EXPECT_TRUE(kernel->stage_names().empty());
        if (p != Precision::int4) break;  // the group size only matters for int4
      }
    }
  }
}

struct MoeCase {
  const char* what;
  MoeShape shape;
  int64_t tokens;
  std::function<int(int64_t, int)> steer;  // null: the random router decides
};

MoeLayerData moe_data(const MoeCase& c, uint32_t seed) {
  if (!c.steer) return testing::random_moe(c.shape, c.tokens, seed);
  return testing::random_moe(c.shape, c.tokens, seed, c.steer);
}

std::vector<MoeCase> moe_cases() {
  const auto shape = [](int64_t d_model, int64_t d_ff, int e, int k, int shared = 0,
                        int64_t d_ff_shared = 0) {
    return MoeShape{d_model, d_ff, e, k, shared, d_ff_shared};
  };
  return {
      {"random router", shape(20, 36, 6, 2), 11, nullptr},
      {"one expert", shape(17, 9, 1, 1), 4, nullptr},
      {"k = E with shared experts", shape(12, 20, 3, 3, 2, 7), 5, nullptr},
      {"idle experts", shape(16, 24, 8, 2), 9, [](int64_t t, int j) { return int(t + j) % 3; }},
      {"all tokens on one expert", shape(33, 15, 4, 1), 10, [](int64_t, int) { return 3; }},
      {"single token", shape(40, 130, 5, 2, 1, 40), 1, nullptr},
      {"no tokens", shape(8, 8, 2, 1), 0, nullptr},
  };
}

TEST(ReferenceKernels, MoeMatchesTheOracleInEveryPrecision) {
  uint32_t seed = 200;
  for (const MoeCase& c : moe_cases()) {
    const MoeLayerData d = moe_data(c, seed++);
    for (Precision p : all_precisions()) {
      const int group = 32;
      auto kernel = create(kMoe, moe_problem(d, p, group));
      kernel->run();
      ref::Routing routing;
      const std::vector<float> expected = ref::moe_layer(d, p, group, nullptr, &routing);
      const Verification v = verify(kernel->output(), expected, p);
      EXPECT_TRUE(v.passed) << c.what << " " << to_string(p) << ": " << v.message;
      EXPECT_EQ(kernel->expert_token_counts(),
                ref::expert_token_counts(routing, c.shape.num_experts))
          << c.what;
    }
  }
}

TEST(ReferenceKernels, MoeRoutingCornerCasesRouteAsSteered) {
  for (const MoeCase& c : moe_cases()) {
    if (!c.steer) continue;
    const MoeLayerData d = moe_data(c, 7);
    auto kernel = create(kMoe, moe_problem(d, Precision::fp32, 128));
    kernel->run();
    std::vector<int32_t> expected(static_cast<size_t>(c.shape.num_experts), 0);
    for (int64_t t = 0; t < c.tokens; ++t)
      for (int j = 0; j < c.shape.top_k; ++j) ++expected[static_cast<size_t>(c.steer(t, j))];
    EXPECT_EQ(kernel->expert_token_counts(), expected) << c.what;
  }
}

TEST(ReferenceKernels, MoeStagesAreNamedAndIdempotent) {
  const MoeCase c = moe_cases()[2];
  const MoeLayerData d = moe_data(c, 5);
  auto kernel = create(kMoe, moe_problem(d, Precision::bf16, 128));
  EXPECT_EQ(kernel->stage_names(),
            (std::vector<std::string>{"route", "permute", "experts", "combine"}));
  kernel->run();
  const std::vector<float> once = kernel->output();
  for (size_t stage = 0; stage < 4; ++stage) {
    kernel->run_stage(stage);
    kernel->run_stage(stage);  // timed by repetition: must not accumulate
  }
  kernel->run_stage(3);
  EXPECT_EQ(kernel->output(), once);
}

TEST(ReferenceKernels, ThreadsDoNotChangeTheResult) {
  const DenseFfnData dense = testing::random_dense(30, 50, 7, 3);
  const MoeLayerData moe = moe_data(moe_cases()[0], 4);
  for (Precision p : {Precision::fp32, Precision::int8}) {
    auto one = create(kDense, dense_problem(dense, p, 32, 1));
    auto two = create(kDense, dense_problem(dense, p, 32, 2));
    one->run();
    two->run();
    EXPECT_EQ(one->output(), two->output());
    auto moe_one = create(kMoe, moe_problem(moe, p, 32, 1));
    auto moe_two = create(kMoe, moe_problem(moe, p, 32, 2));
    moe_one->run();
    moe_two->run();
    EXPECT_EQ(moe_one->output(), moe_two->output());
  }
}

TEST(ReferenceKernels, ResidentBytesFollowThePrecision) {
  const DenseFfnData d = testing::random_dense(64, 96, 2, 8);
  const size_t weights = 3 * 64 * 96;
  const auto bytes = [&](Precision p, int group) {
    return create(kDense, dense_problem(d, p, group))->resident_weight_bytes();
  };
  EXPECT_EQ(bytes(Precision::fp32, 128), weights * 4);
  EXPECT_EQ(bytes(Precision::bf16, 128), weights * 2);
  EXPECT_EQ(bytes(Precision::fp16, 128), weights * 2);
  // One fp32 scale per output channel: 96 + 96 + 64 rows.
  EXPECT_EQ(bytes(Precision::int8, 128), weights + (96 + 96 + 64) * 4);
  EXPECT_EQ(bytes(Precision::fp8_e4m3, 128), weights + (96 + 96 + 64) * 4);
  // Half a byte per weight; groups of 32 along the input: 2 per gate/up row, 3 per down row.
  EXPECT_EQ(bytes(Precision::int4, 32), weights / 2 + (96 * 2 * 2 + 64 * 3) * 4);

  const MoeLayerData m = moe_data(moe_cases()[2], 9);  // 3 experts, 2 shared
  const auto& s = m.shape;
  const size_t expected = (3 * 3 * s.d_ff_expert * s.d_model + 2 * 3 * s.d_ff_shared * s.d_model +
                           s.num_experts * s.d_model) *
                          4;
  EXPECT_EQ(create(kMoe, moe_problem(m, Precision::fp32, 128))->resident_weight_bytes(), expected);
}

TEST(ReferenceKernels, InconsistentDataIsAUserError) {
  DenseFfnData d = testing::random_dense(8, 8, 2, 1);
  d.w_down.resize(3);
  const KernelInfo* dense = KernelRegistry::instance().by_name(kDense);
  EXPECT_THROW(dense->create(dense_problem(d, Precision::fp32, 128)), UserError);
  MoeLayerData m = moe_data(moe_cases()[0], 1);
  m.shape.top_k = 0;
  const KernelInfo* moe = KernelRegistry::instance().by_name(kMoe);
  EXPECT_THROW(moe->create(moe_problem(m, Precision::fp32, 128)), UserError);
  m = moe_data(moe_cases()[0], 1);
  EXPECT_THROW(moe->create(moe_problem(m, Precision::int4, 0)), UserError);
  EXPECT_THROW(dense->create(dense_problem(testing::random_dense(8, 8, 2, 1), Precision::int4, -1)),
               UserError);
  EXPECT_THROW(moe->create(moe_problem(m, Precision::fp32, 128))->run_stage(4), std::out_of_range);
  // The planner asks about support before the data exists; create() needs it.
  const Problem no_data{.op = Op::moe_layer, .precision = Precision::int4};
  EXPECT_EQ(moe->unsupported_reason(no_data), std::nullopt);
  EXPECT_THROW(moe->create(no_data), UserError);
}

}  // namespace
}  // namespace moebench
