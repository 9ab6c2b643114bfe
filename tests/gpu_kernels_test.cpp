// Every GPU kernel x precision against kernels/reference, on each GPU backend this build has
// (1, 2, 3 and 5 tokens reach each token group of the decode GEMV: 1, 2, 4, 8).
// Without a device (or without the build) each test skips and says why.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <random>

#include "harness/device/backend.h"
#include "kernels/reference/reference.h"
#include "kernels/reference/verify.h"
#include "kernels/registry.h"
#include "suites/common/layer_data.h"
#include "suites/common/routing_plan.h"

#if MOEBENCH_HAVE_CUDA
#include "kernels/gpu/device_buffer.h"
#include "kernels/gpu/device_schedule.h"
#include "kernels/gpu/device_weights.h"
#include "kernels/gpu/launch.h"
#include "kernels/gpu/moe_plan.h"
#include "kernels/reference/quant.h"
#endif

namespace moebench {
namespace {

// nullopt when `backend` can run kernels here, else why not.
std::optional<std::string> skip_reason(const std::string& backend) {
  if (!KernelRegistry::instance().by_name(backend + ".moe_gemv"))
    return backend + " kernels not built";
  const BackendStatus status = BackendRegistry::instance().get(backend).status();
  if (!status.available) return backend + " unavailable: " + status.reason;
  return std::nullopt;
}

MoeLayerData make_moe(int64_t tokens, uint64_t seed) {
  MoeShape shape;
  shape.d_model = 256;
  shape.d_ff_expert = 128;
  shape.num_experts = 8;
  shape.top_k = 2;
  shape.num_shared = 1;
  shape.d_ff_shared = 192;
  const auto plan =
      plan_routing(parse_routing("uniform"), tokens, shape.num_experts, shape.top_k, seed);
  return make_moe_data(shape, tokens,
                       steering_from_plan(plan, tokens, shape.num_experts, shape.top_k), seed);
}

struct Case {
  std::string backend;
  std::string kernel;  // suffix: moe_gemv, moe_gemm, dense_gemv, dense_gemm
  int64_t tokens;
};

// One case's kernel and layer data (a MoE layer with a shared expert, or a dense FFN), the
// problems it is asked and the reference answers, with the kernel's own activation rule.
struct CaseData {
  const KernelInfo* info;
  bool moe;
  MoeLayerData moe_data;
  DenseFfnData dense_data;

  CaseData(const Case& c, uint64_t seed)
      : info(KernelRegistry::instance().by_name(c.backend + "." + c.kernel)),
        moe(c.kernel.rfind("moe", 0) == 0),
        moe_data(make_moe(c.tokens, seed)),
        dense_data(make_dense_data(FfnShape{256, 320}, c.tokens, seed + 1)) {}
  Problem problem(Precision p, int group = 128) const {
    Problem problem;
    problem.op = moe ? Op::moe_layer : Op::dense_ffn;
    problem.precision = p;
    problem.int4_group_size = group;
    problem.moe = moe ? &moe_data : nullptr;
    problem.dense = moe ? nullptr : &dense_data;
    return problem;
  }
  std::vector<float> expected(Precision p, int group = 128, ref::Routing* routing = nullptr) const {
    return moe ? ref::moe_layer(moe_data, p, group, nullptr, routing, info->activations)
               : ref::dense_ffn(dense_data, p, group, nullptr, info->activations);
  }
};

class GpuKernels : public ::testing::TestWithParam<Case> {};

TEST_P(GpuKernels, MatchTheReferenceInEveryPrecision) {
  const Case& c = GetParam();
  if (auto why = skip_reason(c.backend)) GTEST_SKIP() << *why;
  const CaseData data(c, 42);
  const KernelInfo* info = data.info;
  ASSERT_NE(info, nullptr);
  int verified = 0;
  for (Precision p : all_precisions()) {
    for (int group : {128, 64}) {
      if (group != 128 && p != Precision::int4) continue;
      SCOPED_TRACE(std::string(to_string(p)) + " group " + std::to_string(group));
      const Problem problem = data.problem(p, group);
      if (auto why = info->unsupported_reason(problem)) {
        std::cout << "[ skip ] " << info->name << " " << to_string(p) << ": " << *why << "\n";
        continue;
      }
      auto kernel = info->create(problem);
      kernel->run();
      const std::vector<float> out = kernel->output();
      ref::Routing routing;
      const Verification v = verify(out, data.expected(p, group, &routing), p);
      EXPECT_TRUE(v.passed) << v.message << " (normalised error " << v.normalized_error << ")";
      if (data.moe) {
        EXPECT_EQ(kernel->expert_token_counts(),
                  ref::expert_token_counts(routing, data.moe_data.shape.num_experts));
      }
      // Deterministic: a second run gives the same bits; stages re-run give them too.
      kernel->run();
      EXPECT_EQ(kernel->output(), out);
      for (size_t s = 0; s < kernel->stage_names().size(); ++s) kernel->run_stage(s);
      EXPECT_EQ(kernel->output(), out);
      ++verified;
    }
  }
  if (c.kernel.find("gemm") != std::string::npos) {
    EXPECT_GE(verified, 2);  // bf16 and fp16 everywhere; fp8 (W8A8) on sm_89+
  } else {
    EXPECT_EQ(verified, 7);  // every precision, int4 with two group sizes
  }
}

std::vector<Case> cases() {
  std::vector<Case> all;
  for (std::string backend : {"cuda", "hip"})
    for (std::string kernel : {"moe_gemv", "moe_gemm", "dense_gemv", "dense_gemm"})
      for (int64_t tokens : {1, 2, 3, 5, 131}) all.push_back({backend, kernel, tokens});
  return all;
}

INSTANTIATE_TEST_SUITE_P(All, GpuKernels, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<Case>& i) {
                           return i.param.backend + "_" + i.param.kernel + "_" +
                                  std::to_string(i.param.tokens);
                         });

// Graph replay (Problem::graph, `run --graph`): the first run() captures the launches and
// runs the graph, later ones replay it; every output has the bits of the plain launches and
// passes the reference. Stages (never captured) still run after replays.
class GpuGraphReplay : public ::testing::TestWithParam<Case> {};

TEST_P(GpuGraphReplay, SameBitsAsPlainLaunches) {
  const Case& c = GetParam();
  if (auto why = skip_reason(c.backend)) GTEST_SKIP() << *why;
  const CaseData data(c, 46);
  const KernelInfo* info = data.info;
  ASSERT_NE(info, nullptr);
  int verified = 0;
  for (Precision p : all_precisions()) {
    SCOPED_TRACE(to_string(p));
    Problem problem = data.problem(p);
    if (info->unsupported_reason(problem)) continue;
    auto plain = info->create(problem);
    EXPECT_FALSE(plain->uses_graph());
    plain->run();
    const std::vector<float> expected_bits = plain->output();

    problem.graph = true;
    auto replayed = info->create(problem);
    EXPECT_TRUE(replayed->uses_graph());
    for (int run = 0; run < 3; ++run) {
      replayed->run();
      EXPECT_EQ(replayed->output(), expected_bits) << "run " << run;
    }
    EXPECT_EQ(replayed->expert_token_counts(), plain->expert_token_counts());
    const Verification v = verify(replayed->output(), data.expected(p), p);
    EXPECT_TRUE(v.passed) << v.message << " (normalised error " << v.normalized_error << ")";
    for (size_t s = 0; s < replayed->stage_names().size(); ++s) replayed->run_stage(s);
    EXPECT_EQ(replayed->output(), expected_bits);
    ++verified;
  }
  EXPECT_GT(verified, 0);
}

std::vector<Case> graph_cases() {
  std::vector<Case> all;
  for (std::string backend : {"cuda", "hip"})
    for (std::string kernel : {"moe_gemv", "moe_gemm", "dense_gemv", "dense_gemm"})
      for (int64_t tokens : {1, 131}) all.push_back({backend, kernel, tokens});
  return all;
}

INSTANTIATE_TEST_SUITE_P(All, GpuGraphReplay, ::testing::ValuesIn(graph_cases()),
                         [](const ::testing::TestParamInfo<Case>& i) {
                           return i.param.backend + "_" + i.param.kernel + "_" +
                                  std::to_string(i.param.tokens);
                         });

// The vendor baselines are verified like moebench's own kernels (the runner does so before
// timing them too): a ratio to a baseline that computes something else would mean nothing.
struct BaselineCase {
  std::string kernel;
  Precision precision;
  int64_t tokens;
};

class GpuBaselines : public ::testing::TestWithParam<BaselineCase> {};

TEST_P(GpuBaselines, MatchTheReference) {
  const BaselineCase& c = GetParam();
  if (auto why = skip_reason("cuda")) GTEST_SKIP() << *why;
  const KernelInfo* info = KernelRegistry::instance().by_name(c.kernel);
  ASSERT_NE(info, nullptr) << "built with CUDA but not registered";
  const bool moe = info->op == Op::moe_layer;
  const MoeLayerData moe_data = make_moe(c.tokens, 44);
  const DenseFfnData dense_data = make_dense_data(FfnShape{256, 320}, c.tokens, 45);
  Problem problem;
  problem.op = info->op;
  problem.precision = c.precision;
  problem.moe = moe ? &moe_data : nullptr;
  problem.dense = moe ? nullptr : &dense_data;
  if (auto why = info->unsupported_reason(problem)) GTEST_SKIP() << *why;
  auto kernel = info->create(problem);
  kernel->run();
  const std::vector<float> out = kernel->output();
  const std::vector<float> expected =
      moe ? ref::moe_layer(moe_data, c.precision, 128, nullptr, nullptr, info->activations)
          : ref::dense_ffn(dense_data, c.precision, 128, nullptr, info->activations);
  const Verification v = verify(out, expected, c.precision);
  EXPECT_TRUE(v.passed) << v.message << " (normalised error " << v.normalized_error << ")";
}

std::vector<BaselineCase> baseline_cases() {
  std::vector<BaselineCase> all;
  for (int64_t tokens : {1, 5, 131}) {
    all.push_back({"cuda.cublas.dense_ffn", Precision::bf16, tokens});
    all.push_back({"cuda.cublas.moe_grouped", Precision::bf16, tokens});
    all.push_back({"cuda.cublaslt.dense_ffn", Precision::bf16, tokens});
    all.push_back({"cuda.cublaslt.dense_ffn", Precision::fp8_e4m3, tokens});
  }
  return all;
}

INSTANTIATE_TEST_SUITE_P(Cuda, GpuBaselines, ::testing::ValuesIn(baseline_cases()),
                         [](const ::testing::TestParamInfo<BaselineCase>& i) {
                           std::string name = i.param.kernel.substr(5) + "_" +
                                              std::string(to_string(i.param.precision)) + "_" +
                                              std::to_string(i.param.tokens);
                           for (char& ch : name)
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           return name;
                         });

// The planner asks before any data exists (Problem without data pointers): no crash, and on a
// machine with the device the answer depends only on the precision. (A segfault here was found
// on the H100 by `moebench run --suite moe --backend cuda`.)
TEST(GpuKernelInfo, SupportCheckWithoutDataIsSafe) {
  for (const KernelInfo& k : KernelRegistry::instance().all()) {
    if (k.backend != "cuda" && k.backend != "hip") continue;
    for (Precision p : all_precisions()) {
      Problem problem;
      problem.op = k.op;
      problem.precision = p;
      const auto reason = k.unsupported_reason(problem);
      if (!skip_reason(k.backend) && !k.vendor_baseline &&
          k.name.find("gemv") != std::string::npos) {
        EXPECT_FALSE(reason) << k.name << ": " << *reason;
      }
    }
  }
}

#if MOEBENCH_HAVE_CUDA
// The device align kernel equals its host oracle exactly (deterministic), at the size of the
// route + align target (4096 tokens, 256 experts, top-8: the multi-block path), at small odd
// ones (one block), just past the single-block limit with a short last chunk, at the most
// experts the router takes, and with routing collapsed onto few experts (skew: long scatters
// into one expert from every block). Align runs twice: the second run overwrites the first.
TEST(GpuAlign, MatchesTheHostPlanExactly) {
  if (auto why = skip_reason("cuda")) GTEST_SKIP() << *why;
  using cuda::DeviceBuffer;
  struct AlignCase {
    int tokens, experts, top_k, tile, hot_experts;  // hot_experts 0: uniform ids
  };
  for (const AlignCase c :
       {AlignCase{4096, 256, 8, 64, 0}, AlignCase{37, 5, 3, 1, 0}, AlignCase{1, 256, 8, 64, 0},
        AlignCase{700, 37, 6, 16, 0}, AlignCase{2048, 1024, 4, 64, 0},
        AlignCase{4096, 256, 8, 64, 3}, AlignCase{0, 8, 2, 64, 0}}) {
    SCOPED_TRACE(std::to_string(c.tokens) + " tokens, " + std::to_string(c.experts) +
                 " experts, top-" + std::to_string(c.top_k) + ", hot " +
                 std::to_string(c.hot_experts));
    const int64_t assignments = int64_t(c.tokens) * c.top_k;
    std::mt19937 rng(uint32_t(c.tokens + c.experts));
    std::vector<int32_t> ids(static_cast<size_t>(assignments));
    for (auto& e : ids) e = int32_t(rng() % (c.hot_experts ? c.hot_experts : c.experts));
    const gpu::AlignPlan expected = gpu::align_host(ids, c.experts, c.tile);
    const DeviceBuffer<int32_t> d_ids(ids);
    cuda::DeviceSchedule schedule(c.experts, assignments, c.tile, 1);  // sized for the bounds
    for (int run = 0; run < 2; ++run)
      cuda::launch_align(d_ids.get(), assignments, c.experts, c.tile, schedule.outputs(), nullptr);
    const int tile = c.tile;
    const int32_t rows = expected.expert_offsets.back();
    auto prefix = [](std::vector<int32_t> v, size_t n) {
      v.resize(n);
      return v;
    };
    EXPECT_EQ(schedule.counts.to_host(nullptr), expected.counts);
    EXPECT_EQ(schedule.offsets.to_host(nullptr), expected.expert_offsets);
    EXPECT_EQ(prefix(schedule.sorted.to_host(nullptr), rows), expected.sorted_assignments);
    EXPECT_EQ(schedule.row_of.to_host(nullptr), expected.row_of_assignment);
    EXPECT_EQ(prefix(schedule.tile_expert.to_host(nullptr), rows / tile), expected.tile_expert);
    EXPECT_EQ(schedule.num_touched.to_host(nullptr)[0], int32_t(expected.touched_experts.size()));
    EXPECT_EQ(prefix(schedule.touched.to_host(nullptr), expected.touched_experts.size()),
              expected.touched_experts);
  }
}

// The pipelined matrix-unit GEMM (launch_expert_gemm) against a host product of the same
// bf16/fp16 numbers and against the first WMMA kernel, alone (no layer around it), on shapes
// that leave the last block tile partly empty (N = 192 of 128-column SwiGLU tiles, 320 of
// 256-column plain tiles), with padding rows and skewed routing. A wrong fragment layout or
// pipeline stage shows here first, without the rest of the layer in the way.
float half_to_float(uint16_t bits, bool fp16) {
  return fp16 ? ref::fp16_to_float(bits) : ref::bf16_to_float(bits);
}

TEST(GpuGemmPaths, PipelinedGemmMatchesTheHostProductAndTheWmmaKernel) {
  if (auto why = skip_reason("cuda")) GTEST_SKIP() << *why;
  using cuda::DeviceBuffer;
  const int experts = 5, top_k = 3, tokens = 37, tile = gpu::kGemmTileRows;
  const int64_t k_up = 256, n_up = 192, k_down = 192, n_down = 320;
  std::mt19937 rng(5);
  std::uniform_real_distribution<float> uniform(-1.f, 1.f);
  std::vector<int32_t> ids(size_t(tokens * top_k));
  for (auto& e : ids) e = int32_t(rng() % 4 == 0 ? rng() % experts : 1);  // expert 1 is hot
  const gpu::AlignPlan plan = gpu::align_host(ids, experts, tile);
  const int64_t rows = plan.expert_offsets.back();
  for (Precision p : {Precision::bf16, Precision::fp16}) {
    SCOPED_TRACE(to_string(p));
    const bool fp16 = p == Precision::fp16;
    auto random = [&](int64_t n) {
      std::vector<float> v(static_cast<size_t>(n));
      for (auto& x : v) x = uniform(rng);
      return v;
    };
    const std::vector<float> wg = random(experts * n_up * k_up), wu = random(experts * n_up * k_up),
                             wd = random(experts * n_down * k_down);
    const gpu::PackedWeights pg = gpu::pack_weights(wg.data(), experts, n_up, k_up, p, 128),
                             pu = gpu::pack_weights(wu.data(), experts, n_up, k_up, p, 128),
                             pd = gpu::pack_weights(wd.data(), experts, n_down, k_down, p, 128);
    // Activations: token rows for gate/up (gathered), padded rows for down.
    std::vector<uint16_t> x(size_t(tokens * k_up)), h(size_t(rows * k_down));
    for (auto& v : x)
      v = fp16 ? ref::float_to_fp16(uniform(rng)) : ref::float_to_bf16(uniform(rng));
    for (auto& v : h)
      v = fp16 ? ref::float_to_fp16(uniform(rng)) : ref::float_to_bf16(uniform(rng));
    for (int64_t r = 0; r < rows; ++r)  // padding rows of h are zeros, as the layer's are
      if (plan.sorted_assignments[size_t(r)] < 0)
        std::fill_n(h.begin() + r * k_down, k_down, uint16_t(0));

    const cuda::DeviceWeights gate(pg), up(pu), down(pd);
    const cuda::WeightView &vg = gate.view, &vu = up.view, &vd = down.view;
    cuda::DeviceSchedule schedule(experts, int64_t(tokens) * top_k, tile, top_k);
    schedule.upload(plan);
    const cuda::ScheduleView& s = schedule.view;  // row tiles past the plan's rows exit at once
    DeviceBuffer<uint16_t> dx(x), dh(h), up_new(size_t(rows * n_up)), up_old(size_t(rows * n_up));
    DeviceBuffer<float> down_new(size_t(rows * n_down)), down_old(size_t(rows * n_down));
    cuda::launch_expert_gemm({dx.get(), nullptr, true}, s, vg, &vu, up_new.get(), nullptr, nullptr);
    cuda::launch_expert_gemm_wmma(dx.get(), true, s, vg, &vu, up_old.get(), nullptr, nullptr);
    cuda::launch_expert_gemm({dh.get(), nullptr, false}, s, vd, nullptr, nullptr, down_new.get(),
                             nullptr);
    cuda::launch_expert_gemm_wmma(dh.get(), false, s, vd, nullptr, nullptr, down_old.get(),
                                  nullptr);
    const auto got_up = up_new.to_host(nullptr), old_up = up_old.to_host(nullptr);
    const auto got_down = down_new.to_host(nullptr), old_down = down_old.to_host(nullptr);

    // Host products over the same rounded numbers, fp32 accumulation in double.
    const std::vector<float> g_q = ref::dequantize(
                                 ref::quantize(wg.data(), experts * n_up, k_up, p, 128)),
                             u_q = ref::dequantize(
                                 ref::quantize(wu.data(), experts * n_up, k_up, p, 128)),
                             d_q = ref::dequantize(
                                 ref::quantize(wd.data(), experts * n_down, k_down, p, 128));
    // Error relative to the value (plus 1, for values near zero).
    auto error = [](double got, double expected) {
      return std::abs(got - expected) / (std::abs(expected) + 1);
    };
    double worst_up = 0, worst_down = 0, worst_up_old = 0, worst_down_old = 0;
    for (int64_t r = 0; r < rows; ++r) {
      const int e = plan.tile_expert[size_t(r / tile)];
      const int32_t a = plan.sorted_assignments[size_t(r)];
      for (int64_t n = 0; n < n_up; ++n) {
        double g = 0, u = 0;
        for (int64_t k = 0; a >= 0 && k < k_up; ++k) {
          const double xv = half_to_float(x[size_t((a / top_k) * k_up + k)], fp16);
          g += xv * g_q[size_t((e * n_up + n) * k_up + k)];
          u += xv * u_q[size_t((e * n_up + n) * k_up + k)];
        }
        const double expected = g / (1 + std::exp(-g)) * u;
        const size_t i = size_t(r * n_up + n);
        worst_up = std::max(worst_up, error(half_to_float(got_up[i], fp16), expected));
        worst_up_old = std::max(worst_up_old, error(half_to_float(old_up[i], fp16), expected));
      }
      for (int64_t n = 0; n < n_down; ++n) {
        double y = 0;
        for (int64_t k = 0; k < k_down; ++k)
          y += double(half_to_float(h[size_t(r * k_down + k)], fp16)) *
               d_q[size_t((e * n_down + n) * k_down + k)];
        const size_t i = size_t(r * n_down + n);
        worst_down = std::max(worst_down, error(got_down[i], y));
        worst_down_old = std::max(worst_down_old, error(old_down[i], y));
      }
    }
    // The SwiGLU output is rounded to bf16 / fp16 (2^-9 / 2^-12 relative, half to even); fp32
    // sums of ~200 products add ~1e-6. A misplaced fragment or stage gives errors of order 1.
    const double up_bound = fp16 ? 1e-3 : 4e-3;
    EXPECT_LT(worst_up, up_bound) << "pipelined SwiGLU GEMM";
    EXPECT_LT(worst_down, 1e-4) << "pipelined plain GEMM";
    EXPECT_LT(worst_up_old, up_bound) << "WMMA SwiGLU GEMM";
    EXPECT_LT(worst_down_old, 1e-4) << "WMMA plain GEMM";
  }
}
#endif

}  // namespace
}  // namespace moebench
