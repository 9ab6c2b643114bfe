// The OpenBLAS and oneDNN baselines compute the same FFN and MoE layer as the reference (in the
// precisions each supports), and say why they skip the others.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kernels/reference/reference.h"
#include "kernels/reference/verify.h"
#include "kernels/registry.h"
#include "suites/common/layer_data.h"
#include "suites/common/routing_plan.h"

namespace moebench {
namespace {

std::vector<const KernelInfo*> vendor_kernels(Op op) {
  std::vector<const KernelInfo*> found;
  for (const KernelInfo* k : KernelRegistry::instance().find(op, "cpu"))
    if (k->vendor_baseline) found.push_back(k);
  return found;
}

Problem problem_for(Op op, Precision p, const DenseFfnData* dense, const MoeLayerData* moe) {
  Problem problem;
  problem.op = op;
  problem.precision = p;
  problem.threads = 2;
  problem.dense = dense;
  problem.moe = moe;
  return problem;
}

TEST(CpuVendorBaselines, BothLibrariesRegisterBothOps) {
  for (Op op : {Op::dense_ffn, Op::moe_layer}) {
    std::vector<std::string> names;
    for (const KernelInfo* k : vendor_kernels(op)) names.push_back(k->name);
    EXPECT_EQ(names.size(), 2u) << "expected an OpenBLAS and a oneDNN baseline";
  }
}

TEST(CpuVendorBaselines, DenseMatchesReference) {
  for (int64_t tokens : {1, 9}) {
    const DenseFfnData d = make_dense_data({37, 45}, tokens, 3);
    for (const KernelInfo* k : vendor_kernels(Op::dense_ffn))
      for (Precision p : all_precisions()) {
        const Problem problem = problem_for(Op::dense_ffn, p, &d, nullptr);
        if (auto reason = k->unsupported_reason(problem)) {
          EXPECT_FALSE(reason->empty());
          continue;
        }
        SCOPED_TRACE(k->name + " " + std::string(to_string(p)) + " tokens " +
                     std::to_string(tokens));
        auto kernel = k->create(problem);
        kernel->run();
        const Verification v = verify(kernel->output(), ref::dense_ffn(d, p), p);
        EXPECT_TRUE(v.passed) << v.message;
      }
  }
}

TEST(CpuVendorBaselines, MoeMatchesReference) {
  // Idle experts, one expert with 5 rows, a shared expert.
  const MoeShape shape{33, 40, 6, 2, 1, 24};
  const std::vector<int32_t> plan = {0, 3, 3, 5, 3, 0, 3, 5, 3, 0};
  const MoeLayerData d =
      make_moe_data(shape, 5, steering_from_plan(plan, 5, shape.num_experts, shape.top_k), 7);
  for (const KernelInfo* k : vendor_kernels(Op::moe_layer))
    for (Precision p : all_precisions()) {
      const Problem problem = problem_for(Op::moe_layer, p, nullptr, &d);
      if (k->unsupported_reason(problem)) continue;
      SCOPED_TRACE(k->name + " " + std::string(to_string(p)));
      auto kernel = k->create(problem);
      kernel->run();
      ref::Routing routing;
      const Verification v =
          verify(kernel->output(), ref::moe_layer(d, p, 128, nullptr, &routing), p);
      EXPECT_TRUE(v.passed) << v.message;
      EXPECT_EQ(kernel->expert_token_counts(), ref::expert_token_counts(routing, 6));
    }
}

TEST(CpuVendorBaselines, OpenBlasRecordsItsCoreType) {
  const KernelInfo* k = KernelRegistry::instance().by_name("cpu.openblas.dense_ffn");
  ASSERT_NE(k, nullptr);
  EXPECT_NE(k->description.find("core "), std::string::npos) << k->description;
  EXPECT_TRUE(k->unsupported_reason(problem_for(Op::dense_ffn, Precision::bf16, nullptr, nullptr))
                  .has_value());
}

TEST(CpuVendorBaselines, OpenBlasRecordsItsThreading) {
  // Whether OpenBLAS shares moebench's OpenMP threads or keeps a pthreads pool of its own
  // changes its times at threads > 1 by up to 100x on 2 cores: it must be on record.
  const KernelInfo* k = KernelRegistry::instance().by_name("cpu.openblas.moe_layer");
  ASSERT_NE(k, nullptr);
  const bool known = k->description.find("; OpenMP threading)") != std::string::npos ||
                     k->description.find("; pthreads threading)") != std::string::npos ||
                     k->description.find("; sequential threading)") != std::string::npos;
  EXPECT_TRUE(known) << k->description;
}

}  // namespace
}  // namespace moebench
