// cpu.fast.* kernels against kernels/reference, every precision at every dispatch level this
// CPU can run, on shapes chosen to break tiling: dimensions that are not multiples of the
// vector width or the 8-row tile, E = 1, k = E, experts without tokens, one token, all tokens on
// one expert, shared experts; plus bit-identical output across runs and thread counts.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "kernels/cpu/detail/cpu_features.h"
#include "kernels/reference/reference.h"
#include "kernels/reference/verify.h"
#include "kernels/registry.h"
#include "suites/common/layer_data.h"
#include "suites/common/routing_plan.h"
#include "tests/cpu_isa_override.h"

namespace moebench {
namespace {

const KernelInfo& kernel(const std::string& name) {
  const KernelInfo* k = KernelRegistry::instance().by_name(name);
  if (!k) throw std::runtime_error("kernel not registered: " + name);
  return *k;
}

Problem dense_problem(const DenseFfnData& d, Precision p, int threads, int group = 32) {
  Problem problem;
  problem.op = Op::dense_ffn;
  problem.precision = p;
  problem.int4_group_size = group;
  problem.threads = threads;
  problem.dense = &d;
  return problem;
}

Problem moe_problem(const MoeLayerData& d, Precision p, int threads, int group = 32) {
  Problem problem;
  problem.op = Op::moe_layer;
  problem.precision = p;
  problem.int4_group_size = group;
  problem.threads = threads;
  problem.moe = &d;
  return problem;
}

std::vector<float> run_kernel(const std::string& name, const Problem& problem) {
  const KernelInfo& info = kernel(name);
  EXPECT_FALSE(info.unsupported_reason(problem).has_value());
  auto k = info.create(problem);
  k->run();
  k->synchronize();
  return k->output();
}

void expect_close(const std::vector<float>& out, const std::vector<float>& ref, Precision p) {
  const Verification v = verify(out, ref, p);
  EXPECT_TRUE(v.passed) << to_string(p) << ": " << v.message
                        << " normalized error=" << v.normalized_error
                        << " tolerance=" << v.tolerance;
}

// A MoE layer whose router picks `plan` ([tokens][k] expert ids) through steering.
MoeLayerData moe_with_plan(MoeShape shape, int64_t tokens, const std::vector<int32_t>& plan) {
  return make_moe_data(shape, tokens,
                       steering_from_plan(plan, tokens, shape.num_experts, shape.top_k), 7);
}

struct MoeCase {
  std::string name;
  MoeShape shape;
  int64_t tokens;
  std::vector<int32_t> plan;  // empty: the router weights decide
};

std::vector<MoeCase> moe_cases() {
  std::vector<MoeCase> cases;
  cases.push_back({"one_expert_k1_shared", {37, 29, 1, 1, 1, 19}, 5, {0, 0, 0, 0, 0}});
  cases.push_back({"k_equals_E", {21, 17, 3, 3, 0, 0}, 4, {2, 0, 1, 0, 1, 2, 1, 2, 0, 2, 1, 0}});
  // experts 1, 4, 5, 6 receive no token
  cases.push_back({"idle_experts", {33, 40, 8, 2, 0, 0}, 3, {0, 7, 3, 2, 2, 0}});
  cases.push_back({"single_token", {48, 31, 6, 2, 2, 9}, 1, {5, 1}});
  // 13 rows on expert 2: more than one 8-row tile
  cases.push_back({"all_on_one_expert", {19, 23, 4, 1, 0, 0}, 13, std::vector<int32_t>(13, 2)});
  cases.push_back({"router_decides", {40, 24, 5, 2, 1, 8}, 6, {}});
  return cases;
}

MoeLayerData make_case_data(const MoeCase& c) {
  if (c.plan.empty()) {
    MoeLayerData d = make_moe_data(c.shape, c.tokens, {}, 11);
    return d;
  }
  return moe_with_plan(c.shape, c.tokens, c.plan);
}

class CpuFastKernels : public ::testing::TestWithParam<cpu::IsaLevel> {};

TEST_P(CpuFastKernels, DenseMatchesReferenceInEveryPrecision) {
  test::ScopedIsaOverride cap(std::string(cpu::to_string(GetParam())));
  for (int64_t tokens : {1, 11}) {
    const DenseFfnData d = make_dense_data({37, 45}, tokens, 3);
    for (Precision p : all_precisions()) {
      SCOPED_TRACE(std::string(to_string(p)) + " tokens=" + std::to_string(tokens));
      expect_close(run_kernel("cpu.fast.dense_ffn", dense_problem(d, p, 2)),
                   ref::dense_ffn(d, p, 32), p);
    }
  }
}

TEST_P(CpuFastKernels, Int4GroupSizes) {
  test::ScopedIsaOverride cap(std::string(cpu::to_string(GetParam())));
  const DenseFfnData d = make_dense_data({150, 35}, 3, 5);  // 150: a partial last group
  for (int group : {32, 128}) {
    SCOPED_TRACE("group " + std::to_string(group));
    expect_close(run_kernel("cpu.fast.dense_ffn", dense_problem(d, Precision::int4, 2, group)),
                 ref::dense_ffn(d, Precision::int4, group), Precision::int4);
  }
}

TEST_P(CpuFastKernels, MoeMatchesReferenceOnAwkwardRoutings) {
  test::ScopedIsaOverride cap(std::string(cpu::to_string(GetParam())));
  for (const MoeCase& c : moe_cases()) {
    const MoeLayerData d = make_case_data(c);
    ref::Routing routing;
    const std::vector<float> fp32_ref = ref::moe_layer(d, Precision::fp32, 32, nullptr, &routing);
    for (Precision p : all_precisions()) {
      SCOPED_TRACE(c.name + " " + std::string(to_string(p)));
      const Problem problem = moe_problem(d, p, 2);
      auto k = kernel("cpu.fast.moe_layer").create(problem);
      k->run();
      expect_close(k->output(), p == Precision::fp32 ? fp32_ref : ref::moe_layer(d, p, 32), p);
      EXPECT_EQ(k->expert_token_counts(), ref::expert_token_counts(routing, c.shape.num_experts));
    }
  }
}

INSTANTIATE_TEST_SUITE_P(DispatchLevels, CpuFastKernels,
                         ::testing::ValuesIn(test::runnable_isa_levels()), [](const auto& level) {
                           return std::string(cpu::to_string(level.param));
                         });

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

TEST(CpuFastKernelsDeterminism, SameBitsAcrossRunsAndThreadCounts) {
  // Enough tokens and experts that the thread split of rows, panels and work items changes.
  MoeShape shape{64, 48, 8, 3, 1, 32};
  const int64_t tokens = 40;
  const MoeLayerData d = make_moe_data(
      shape, tokens,
      steering_from_plan(plan_routing(parse_routing("zipf:1.2"), tokens, 8, 3, 1), tokens, 8, 3),
      9);
  for (Precision p : {Precision::fp32, Precision::bf16, Precision::int8}) {
    SCOPED_TRACE(std::string(to_string(p)));
    auto k1 = kernel("cpu.fast.moe_layer").create(moe_problem(d, p, 1));
    k1->run();
    const std::vector<float> first = k1->output();
    k1->run();
    EXPECT_TRUE(same_bits(first, k1->output())) << "second run differs";
    for (int threads : {2, 3, 5}) {
      auto k = kernel("cpu.fast.moe_layer").create(moe_problem(d, p, threads));
      k->run();
      EXPECT_TRUE(same_bits(first, k->output())) << threads << " threads differ from 1";
    }
  }
  const DenseFfnData dense = make_dense_data({70, 90}, 19, 4);
  const auto one = run_kernel("cpu.fast.dense_ffn", dense_problem(dense, Precision::fp32, 1));
  EXPECT_TRUE(
      same_bits(one, run_kernel("cpu.fast.dense_ffn", dense_problem(dense, Precision::fp32, 3))));
}

TEST(CpuFastKernelsStages, StagesInOrderEqualRun) {
  const MoeLayerData d = moe_with_plan({32, 24, 4, 2, 1, 16}, 5, {0, 1, 1, 2, 3, 0, 2, 3, 1, 0});
  auto whole = kernel("cpu.fast.moe_layer").create(moe_problem(d, Precision::bf16, 2));
  whole->run();
  auto staged = kernel("cpu.fast.moe_layer").create(moe_problem(d, Precision::bf16, 2));
  const auto names = staged->stage_names();
  EXPECT_EQ(names, (std::vector<std::string>{"route", "permute", "experts", "shared", "combine"}));
  for (size_t i = 0; i < names.size(); ++i) {
    staged->run_stage(i);
    staged->run_stage(i);  // idempotent: repeating a stage changes nothing
  }
  EXPECT_TRUE(same_bits(whole->output(), staged->output()));
}

TEST(CpuFastKernelsChecks, RejectProblemsTheyCannotRun) {
  const MoeLayerData d = moe_with_plan({16, 16, 2, 1, 0, 0}, 2, {0, 1});
  Problem p = moe_problem(d, Precision::fp32, 2);
  const KernelInfo& moe = kernel("cpu.fast.moe_layer");
  EXPECT_FALSE(moe.unsupported_reason(p).has_value());
  p.threads = 0;
  EXPECT_TRUE(moe.unsupported_reason(p).has_value());
  p.threads = 1;
  p.op = Op::dense_ffn;
  EXPECT_TRUE(moe.unsupported_reason(p).has_value());
  p.op = Op::moe_layer;
  p.precision = Precision::int4;
  p.int4_group_size = 0;
  EXPECT_TRUE(moe.unsupported_reason(p).has_value());
  MoeLayerData bad = d;
  bad.shape.top_k = 3;  // k > E
  EXPECT_TRUE(moe.unsupported_reason(moe_problem(bad, Precision::fp32, 1)).has_value());
}

}  // namespace
}  // namespace moebench
