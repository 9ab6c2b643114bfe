// A Google Benchmark program for the CPU kernels and baselines on one thread, timed by the
// thread's CPU time (benchmark's default) as well as wall time: on a shared, oversubscribed
// machine the CPU time of a single-threaded run still says what the kernel does on a core,
// where wall time mostly measures the scheduler. Each point reports its rate next to the
// single-thread probe of the same limit (run first), so "% of limit" is measured in-process.
//   moebench_cpu_bench [--benchmark_filter=...]
// Decode points flush the cache (256 MiB) outside timing before every iteration (cold).
#include <benchmark/benchmark.h>

#include <memory>
#include <string>

#include "harness/measure/cache_flush.h"
#include "kernels/probe.h"
#include "kernels/registry.h"
#include "suites/common/layer_data.h"
#include "suites/common/routing_plan.h"

namespace moebench {
namespace {

void probe(benchmark::State& state, const ProbeInfo* info) {
  if (auto reason = info->unsupported_reason()) {
    state.SkipWithError(reason->c_str());
    return;
  }
  auto p = info->create(1);
  double work = 0;
  for (auto _ : state) work += p->run();
  state.counters["rate"] = benchmark::Counter(work, benchmark::Counter::kIsRate);
}

struct Point {
  std::string kernel;
  Op op;
  Precision precision;
  int64_t tokens;
  bool cold;
};

// Dense FFN: d_model 2048, d_ff 5632 (69 MB fp32: cold by size). MoE: Qwen3-30B-A3B expert
// shape (d_model 2048, d_ff 768) with E = 32, k = 8.
void kernel_point(benchmark::State& state, Point pt) {
  const KernelInfo* info = KernelRegistry::instance().by_name(pt.kernel);
  Problem problem;
  problem.op = pt.op;
  problem.precision = pt.precision;
  problem.threads = 1;
  problem.int4_group_size = 128;
  DenseFfnData dense;
  MoeLayerData moe;
  double flops = 0;
  if (pt.op == Op::dense_ffn) {
    dense = make_dense_data({2048, 5632}, pt.tokens, 1);
    problem.dense = &dense;
    flops = 6.0 * 2048 * 5632 * double(pt.tokens);
  } else {
    const MoeShape shape{2048, 768, 32, 8, 0, 0};
    const auto plan = plan_routing(parse_routing("uniform"), pt.tokens, 32, 8, 3);
    moe = make_moe_data(shape, pt.tokens, steering_from_plan(plan, pt.tokens, 32, 8), 1);
    problem.moe = &moe;
    flops = 6.0 * 2048 * 768 * 8 * double(pt.tokens);
  }
  if (auto reason = info->unsupported_reason(problem)) {
    state.SkipWithError(reason->c_str());
    return;
  }
  auto k = info->create(problem);
  k->run();
  // Bytes a pass must read at least: the stored weights (with scales) of the experts it
  // touches, the same figure for every kernel whatever it keeps resident.
  const double weight_bits = bits_per_weight(pt.precision, 128, 2048);
  double bytes = 0;
  if (pt.op == Op::dense_ffn) {
    bytes = 3.0 * 2048 * 5632 * weight_bits / 8;
  } else {
    int touched = 0;
    for (int32_t c : k->expert_token_counts()) touched += c > 0;
    bytes = touched * 3.0 * 2048 * 768 * weight_bits / 8;
  }
  HostCacheFlusher flusher;
  for (auto _ : state) {
    if (pt.cold) {
      state.PauseTiming();
      flusher.flush();
      state.ResumeTiming();
    }
    k->run();
  }
  state.counters["FLOP/s"] =
      benchmark::Counter(flops, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["weight_B/s"] =
      benchmark::Counter(bytes, benchmark::Counter::kIsIterationInvariantRate);
}

void register_all() {
  for (const ProbeInfo& p : ProbeRegistry::instance().all())
    if (p.backend == "cpu")
      benchmark::RegisterBenchmark(("probe/" + p.name).c_str(), probe, &p)->MinTime(0.3);
  const char* dense_kernels[] = {"cpu.fast.dense_ffn", "cpu.openblas.dense_ffn",
                                 "cpu.onednn.dense_ffn"};
  const char* moe_kernels[] = {"cpu.fast.moe_layer", "cpu.openblas.moe_layer",
                               "cpu.onednn.moe_layer"};
  for (Precision p : all_precisions()) {
    for (int64_t tokens : {1, 8, 256}) {
      const bool cold = tokens <= 8;
      for (const char* k : dense_kernels) {
        const std::string name = std::string("dense/") + k + "/" + std::string(to_string(p)) +
                                 "/tokens=" + std::to_string(tokens);
        benchmark::RegisterBenchmark(name.c_str(), kernel_point,
                                     Point{k, Op::dense_ffn, p, tokens, cold})
            ->MinTime(0.5)
            ->Unit(benchmark::kMillisecond);
      }
      for (const char* k : moe_kernels) {
        const int64_t moe_tokens = tokens == 256 ? 128 : tokens;  // 32 rows per expert
        const std::string name = std::string("moe/") + k + "/" + std::string(to_string(p)) +
                                 "/tokens=" + std::to_string(moe_tokens);
        benchmark::RegisterBenchmark(name.c_str(), kernel_point,
                                     Point{k, Op::moe_layer, p, moe_tokens, cold})
            ->MinTime(0.5)
            ->Unit(benchmark::kMillisecond);
      }
    }
  }
}

}  // namespace
}  // namespace moebench

int main(int argc, char** argv) {
  moebench::register_all();
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
