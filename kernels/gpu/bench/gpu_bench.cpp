// moebench_gpu_bench: times the GPU kernels against the targets on the device this
// runs on and writes one JSON record per measurement. Cold: the L2 is flushed (the backend's
// flush) before every timed run; the median of the repetitions is reported.
//   moebench_gpu_bench [--quick] [--graph] [--out FILE]
//                      [--only route_align|gemm_paths|moe_decode|moe_prefill|dense]
// --graph times moe_decode twice, without and with graph replay of run() (records "graph":
// false / true): the launch overhead a captured graph saves at decode sizes.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>

#include <nlohmann/json.hpp>

#include "harness/device/backend.h"
#include "kernels/gpu/device_buffer.h"
#include "kernels/gpu/device_schedule.h"
#include "kernels/gpu/device_weights.h"
#include "kernels/gpu/launch.h"
#include "kernels/gpu/moe_plan.h"
#include "kernels/reference/quant.h"
#include "kernels/reference/reference.h"
#include "kernels/reference/verify.h"
#include "kernels/registry.h"
#include "suites/common/routing_plan.h"

namespace moebench {
namespace {

// H100 SXM datasheet figures (the targets are stated against them).
constexpr double kPeakBandwidth = 3.35e12;
constexpr double kPeakBf16 = 989e12;
constexpr double kPeakFp8 = 1979e12;

void fill_uniform(std::vector<float>& v, float scale, uint64_t seed) {
#pragma omp parallel for
  for (int64_t i = 0; i < int64_t(v.size()); ++i) {
    uint64_t z = seed + uint64_t(i) * 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    v[size_t(i)] = scale * (float(z >> 40) / float(1 << 24) * 2.f - 1.f);
  }
}

MoeLayerData make_layer(const MoeShape& s) {
  MoeLayerData m;
  m.shape = s;
  const size_t expert = size_t(s.d_ff_expert * s.d_model) * s.num_experts;
  m.w_router.resize(size_t(s.num_experts * s.d_model));
  m.w_gate.resize(expert), m.w_up.resize(expert), m.w_down.resize(expert);
  const float a = 1.f / std::sqrt(float(s.d_model)), b = 1.f / std::sqrt(float(s.d_ff_expert));
  fill_uniform(m.w_router, a, 1), fill_uniform(m.w_gate, a, 2), fill_uniform(m.w_up, a, 3);
  fill_uniform(m.w_down, b, 4);
  return m;
}

void set_tokens(MoeLayerData& m, int64_t tokens) {
  m.tokens = tokens;
  m.x.resize(size_t(tokens * m.shape.d_model));
  fill_uniform(m.x, 1.f, 100 + tokens);
  const auto plan =
      plan_routing(parse_routing("uniform"), tokens, m.shape.num_experts, m.shape.top_k, 7);
  m.steering = steering_from_plan(plan, tokens, m.shape.num_experts, m.shape.top_k);
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

struct Timing {
  double layer_s = 0;
  double experts_s = 0;  // the expert stage alone (MoE) or the FFN stage (dense)
  std::vector<int32_t> counts;
  double verify_error = -1;
  bool verified = false;
  bool graph = false;  // run() replayed a captured graph
};

// Times run() and, where the kernel has stages, the expert stage alone, cold each time.
Timing time_kernel(Backend& gpu, const KernelInfo& info, const Problem& p, int reps, bool check) {
  Timing t;
  auto kernel = info.create(p);
  t.graph = kernel->uses_graph();
  kernel->run();
  kernel->synchronize();
  if (check) {  // verify a sample of tokens against the oracle before timing
    std::vector<int64_t> sample;
    const int64_t tokens = p.moe ? p.moe->tokens : p.dense->tokens;
    for (int64_t i = 0; i < std::min<int64_t>(tokens, 4); ++i) sample.push_back(i * tokens / 4);
    if (sample.empty()) sample.push_back(0);
    const auto out = kernel->output();
    const int64_t d = p.moe ? p.moe->shape.d_model : p.dense->shape.d_model;
    std::vector<float> got;
    for (int64_t s : sample) got.insert(got.end(), out.begin() + s * d, out.begin() + (s + 1) * d);
    const auto expected =
        p.moe ? ref::moe_layer(*p.moe, p.precision, p.int4_group_size, &sample, nullptr,
                               info.activations)
              : ref::dense_ffn(*p.dense, p.precision, p.int4_group_size, &sample, info.activations);
    const Verification v = verify(got, expected, p.precision);
    t.verified = v.passed;
    t.verify_error = v.normalized_error;
  }
  auto timer = gpu.make_timer();
  std::vector<double> layer, stage;
  const auto stages = kernel->stage_names();
  const auto expert_stage = std::find_if(stages.begin(), stages.end(), [](const std::string& s) {
    return s == "experts" || s == "ffn";
  });
  for (int r = 0; r < reps; ++r) {
    gpu.flush_cache();
    timer->start();
    kernel->run();
    layer.push_back(timer->stop());
    if (expert_stage != stages.end()) {
      gpu.flush_cache();
      timer->start();
      kernel->run_stage(size_t(expert_stage - stages.begin()));
      stage.push_back(timer->stop());
    }
  }
  t.layer_s = median(layer);
  t.experts_s = stage.empty() ? t.layer_s : median(stage);
  t.counts = kernel->expert_token_counts();
  return t;
}

double weight_bytes_per_matrix(Precision p, int64_t rows, int64_t cols, int group) {
  return double(rows) * cols * bits_per_weight(p, group, cols) / 8.0;
}

nlohmann::json results = nlohmann::json::array();

// A measurement against the H100 datasheet limits: `prefix`bandwidth_fraction, tflops,
// bf16_peak_fraction and, for fp8, fp8_peak_fraction.
nlohmann::json limit_fractions(const std::string& prefix, double bytes, double flops,
                               double seconds, Precision p) {
  nlohmann::json j = {{prefix + "bandwidth_fraction", bytes / seconds / kPeakBandwidth},
                      {prefix + "tflops", flops / seconds / 1e12},
                      {prefix + "bf16_peak_fraction", flops / seconds / kPeakBf16}};
  if (p == Precision::fp8_e4m3) j[prefix + "fp8_peak_fraction"] = flops / seconds / kPeakFp8;
  return j;
}

void record(nlohmann::json j) {
  std::printf("%s\n", j.dump().c_str());
  std::fflush(stdout);
  results.push_back(std::move(j));
}

// One kernel at one precision, with or without graph replay. A kernel that ignores the graph
// request (a vendor baseline) gets no second record: its record without graph stands.
void bench_moe_point(Backend& gpu, const KernelInfo& info, const MoeLayerData& m, Precision p,
                     bool graph, int reps, const char* label) {
  Problem prob;
  prob.op = Op::moe_layer;
  prob.precision = p;
  prob.graph = graph;
  prob.moe = &m;
  nlohmann::json j = {{"case", label},
                      {"kernel", info.name},
                      {"precision", to_string(p)},
                      {"tokens", m.tokens},
                      {"d_model", m.shape.d_model},
                      {"d_ff_expert", m.shape.d_ff_expert},
                      {"experts", m.shape.num_experts},
                      {"top_k", m.shape.top_k},
                      {"graph", graph}};
  if (auto why = info.unsupported_reason(prob)) {
    if (graph) return;  // said once, by the record without graph
    j["skipped"] = *why;
    record(j);
    return;
  }
  try {
    const Timing t = time_kernel(gpu, info, prob, reps, true);
    if (graph && !t.graph) return;
    int touched = 0;
    int64_t rows = 0;
    for (int32_t c : t.counts) touched += c > 0, rows += c;
    const double bytes =
        touched * 3.0 * weight_bytes_per_matrix(p, m.shape.d_ff_expert, m.shape.d_model, 128);
    const double flops = 2.0 * 3.0 * double(rows) * m.shape.d_model * m.shape.d_ff_expert;
    j.update({{"layer_us", t.layer_s * 1e6},
              {"experts_us", t.experts_s * 1e6},
              {"touched_experts", touched},
              {"touched_weight_bytes", bytes},
              {"verified", t.verified},
              {"normalized_error", t.verify_error}});
    j.update(limit_fractions("experts_", bytes, flops, t.experts_s, p));
  } catch (const std::exception& e) {
    j["error"] = e.what();
  }
  record(j);
}

// `graph_modes`: {false}, or {false, true} to time each kernel also with graph replay.
void bench_moe(Backend& gpu, MoeLayerData& m, int64_t tokens, const std::vector<std::string>& names,
               const std::vector<Precision>& precisions, int reps, const char* label,
               const std::vector<bool>& graph_modes) {
  set_tokens(m, tokens);
  for (const auto& name : names) {
    const KernelInfo* info = KernelRegistry::instance().by_name(name);
    if (!info) continue;
    for (Precision p : precisions)
      for (const bool graph : graph_modes) bench_moe_point(gpu, *info, m, p, graph, reps, label);
  }
}

void bench_dense(Backend& gpu, int64_t d_model, int64_t d_ff, int64_t tokens,
                 const std::vector<std::string>& names, const std::vector<Precision>& precisions,
                 int reps) {
  DenseFfnData d;
  d.shape = {d_model, d_ff};
  d.tokens = tokens;
  d.x.resize(size_t(tokens * d_model));
  d.w_gate.resize(size_t(d_model * d_ff)), d.w_up.resize(size_t(d_model * d_ff));
  d.w_down.resize(size_t(d_model * d_ff));
  fill_uniform(d.x, 1.f, 5), fill_uniform(d.w_gate, 1.f / std::sqrt(float(d_model)), 6);
  fill_uniform(d.w_up, 1.f / std::sqrt(float(d_model)), 7);
  fill_uniform(d.w_down, 1.f / std::sqrt(float(d_ff)), 8);
  for (const auto& name : names) {
    const KernelInfo* info = KernelRegistry::instance().by_name(name);
    if (!info) continue;
    for (Precision p : precisions) {
      Problem prob;
      prob.op = Op::dense_ffn;
      prob.precision = p;
      prob.dense = &d;
      nlohmann::json j = {{"case", "dense"},  {"kernel", name},     {"precision", to_string(p)},
                          {"tokens", tokens}, {"d_model", d_model}, {"d_ff", d_ff},
                          {"graph", false}};
      if (auto why = info->unsupported_reason(prob)) {
        j["skipped"] = *why;
        record(j);
        continue;
      }
      try {
        const Timing t = time_kernel(gpu, *info, prob, reps, true);
        const double bytes = 3.0 * weight_bytes_per_matrix(p, d_ff, d_model, 128);
        const double flops = 2.0 * 3.0 * double(tokens) * d_model * d_ff;
        j.update({{"layer_us", t.layer_s * 1e6},
                  {"verified", t.verified},
                  {"normalized_error", t.verify_error}});
        j.update(limit_fractions("", bytes, flops, t.layer_s, p));
      } catch (const std::exception& e) {
        j["error"] = e.what();
      }
      record(j);
    }
  }
}

// Router top-k + align alone at the target size: logits given, events around many
// back-to-back iterations (launch gaps included, as in a real layer).
void bench_route_align(int64_t tokens, int experts, int top_k, int iterations) {
  using cuda::DeviceBuffer;
  std::vector<float> logits(size_t(tokens * experts));
  fill_uniform(logits, 4.f, 9);
  const int64_t a = tokens * top_k;
  const auto n = [](int64_t v) { return static_cast<size_t>(v); };
  DeviceBuffer<float> d_logits(logits), weights(n(a));
  DeviceBuffer<int32_t> ids(n(a));
  cuda::DeviceSchedule schedule(experts, a, gpu::kGemmTileRows, top_k);
  const cuda::AlignOutputs out = schedule.outputs();
  cudaEvent_t start, stop;
  GPU_CHECK(cudaEventCreate(&start));
  GPU_CHECK(cudaEventCreate(&stop));
  auto time_it = [&](auto&& body) {
    body();
    GPU_CHECK(cudaDeviceSynchronize());
    GPU_CHECK(cudaEventRecord(start, nullptr));
    for (int i = 0; i < iterations; ++i) body();
    GPU_CHECK(cudaEventRecord(stop, nullptr));
    GPU_CHECK(cudaEventSynchronize(stop));
    float ms = 0;
    GPU_CHECK(cudaEventElapsedTime(&ms, start, stop));
    return double(ms) * 1e3 / iterations;
  };
  const double topk_us = time_it([&] {
    cuda::launch_topk_softmax(d_logits.get(), tokens, experts, top_k, ids.get(), weights.get(),
                              nullptr);
  });
  const double align_us =
      time_it([&] { cuda::launch_align(ids.get(), a, experts, gpu::kGemmTileRows, out, nullptr); });
  const double both_us = time_it([&] {
    cuda::launch_topk_softmax(d_logits.get(), tokens, experts, top_k, ids.get(), weights.get(),
                              nullptr);
    cuda::launch_align(ids.get(), a, experts, gpu::kGemmTileRows, out, nullptr);
  });
  record({{"case", "route_align"},
          {"tokens", tokens},
          {"experts", experts},
          {"top_k", top_k},
          {"topk_softmax_us", topk_us},
          {"align_us", align_us},
          {"route_align_us", both_us}});
  (void)cudaEventDestroy(start);
  (void)cudaEventDestroy(stop);
}

// The expert GEMM alone, both kernels on the same inputs: the pipelined one the layer uses
// (launch_expert_gemm) and the first WMMA one (launch_expert_gemm_wmma). Gate/up with SwiGLU
// and down, bf16, uniform routing of `tokens` x top-k over the experts of `shape`. Records
// each one's time, TFLOP/s, the ratio, and the largest difference between their outputs.
void bench_gemm_paths(const MoeShape& shape, int64_t tokens, int reps) {
  using cuda::DeviceBuffer;
  const int experts = shape.num_experts, top_k = shape.top_k;
  const int64_t d = shape.d_model, f = shape.d_ff_expert, tile = gpu::kGemmTileRows;
  std::vector<int32_t> ids(size_t(tokens * top_k));
  for (size_t a = 0; a < ids.size(); ++a) ids[a] = int32_t((a * 2654435761u >> 7) % experts);
  const gpu::AlignPlan plan = gpu::align_host(ids, experts, int(tile));
  const int64_t rows = plan.expert_offsets.back();
  std::vector<float> wg(size_t(experts * f * d)), wu(wg.size()), wd(wg.size());
  fill_uniform(wg, 0.02f, 11), fill_uniform(wu, 0.02f, 12), fill_uniform(wd, 0.02f, 13);
  std::vector<float> x(size_t(tokens * d));
  fill_uniform(x, 1.f, 14);
  std::vector<uint16_t> x_half(x.size());
  for (size_t i = 0; i < x.size(); ++i) x_half[i] = ref::float_to_bf16(x[i]);
  const auto pg = gpu::pack_weights(wg.data(), experts, f, d, Precision::bf16, 128);
  const auto pu = gpu::pack_weights(wu.data(), experts, f, d, Precision::bf16, 128);
  const auto pd = gpu::pack_weights(wd.data(), experts, d, f, Precision::bf16, 128);
  const cuda::DeviceWeights gate(pg), up(pu), down(pd);
  const cuda::WeightView &vg = gate.view, &vu = up.view, &vd = down.view;
  // The layer's schedule bounds (row tiles past the plan's rows exit at once), the plan's rows.
  cuda::DeviceSchedule schedule(experts, tokens * top_k, int(tile), top_k);
  schedule.upload(plan);
  const cuda::ScheduleView& s = schedule.view;
  DeviceBuffer<uint16_t> dx(x_half), h_new(size_t(rows * f)), h_old(size_t(rows * f));
  DeviceBuffer<float> y_new(size_t(rows * d)), y_old(size_t(rows * d));
  Backend& gpu = BackendRegistry::instance().get("cuda");
  auto timer = gpu.make_timer();
  auto time_it = [&](auto&& body) {
    body();
    std::vector<double> t;
    for (int r = 0; r < reps; ++r) {
      gpu.flush_cache();
      timer->start();
      body();
      t.push_back(timer->stop());
    }
    return median(t);
  };
  const double up_new = time_it([&] {
    cuda::launch_expert_gemm({dx.get(), nullptr, true}, s, vg, &vu, h_new.get(), nullptr, nullptr);
  });
  const double up_old = time_it([&] {
    cuda::launch_expert_gemm_wmma(dx.get(), true, s, vg, &vu, h_old.get(), nullptr, nullptr);
  });
  const double down_new = time_it([&] {
    cuda::launch_expert_gemm({h_new.get(), nullptr, false}, s, vd, nullptr, nullptr, y_new.get(),
                             nullptr);
  });
  const double down_old = time_it([&] {
    cuda::launch_expert_gemm_wmma(h_new.get(), false, s, vd, nullptr, nullptr, y_old.get(),
                                  nullptr);
  });
  double h_diff = 0, y_diff = 0;
  const auto hn = h_new.to_host(nullptr), ho = h_old.to_host(nullptr);
  const auto yn = y_new.to_host(nullptr), yo = y_old.to_host(nullptr);
  for (size_t i = 0; i < hn.size(); ++i)
    h_diff =
        std::max(h_diff, double(std::abs(ref::bf16_to_float(hn[i]) - ref::bf16_to_float(ho[i]))));
  for (size_t i = 0; i < yn.size(); ++i) y_diff = std::max(y_diff, double(std::abs(yn[i] - yo[i])));
  const double up_flops = 2.0 * 2.0 * double(rows) * d * f, down_flops = 2.0 * double(rows) * d * f;
  record({{"case", "gemm_paths"},
          {"precision", "bf16"},
          {"tokens", tokens},
          {"padded_rows", rows},
          {"d_model", d},
          {"d_ff_expert", f},
          {"experts", experts},
          {"top_k", top_k},
          {"gate_up_us", {{"pipelined", up_new * 1e6}, {"wmma", up_old * 1e6}}},
          {"down_us", {{"pipelined", down_new * 1e6}, {"wmma", down_old * 1e6}}},
          {"gate_up_bf16_peak_fraction",
           {{"pipelined", up_flops / up_new / kPeakBf16}, {"wmma", up_flops / up_old / kPeakBf16}}},
          {"down_bf16_peak_fraction",
           {{"pipelined", down_flops / down_new / kPeakBf16},
            {"wmma", down_flops / down_old / kPeakBf16}}},
          {"max_abs_difference", {{"h", h_diff}, {"y", y_diff}}}});
}

int main_impl(int argc, char** argv) {
  bool quick = false;
  bool graph = false;
  std::string out_path = "gpu_bench.json";
  std::string only;  // one case: route_align, gemm_paths, moe_decode, moe_prefill, dense
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--quick")) quick = true;
    if (!std::strcmp(argv[i], "--graph")) graph = true;
    if (!std::strcmp(argv[i], "--out") && i + 1 < argc) out_path = argv[++i];
    if (!std::strcmp(argv[i], "--only") && i + 1 < argc) only = argv[++i];
  }
  auto wanted = [&](const std::string& c) { return only.empty() || only == c; };
  Backend& gpu = BackendRegistry::instance().get("cuda");
  if (!gpu.status().available) {
    std::fprintf(stderr, "cuda unavailable: %s\n", gpu.status().reason.c_str());
    return 3;
  }
  std::printf("%s\n", gpu.properties().dump().c_str());
  const int reps = quick ? 5 : 20;
  if (wanted("route_align")) bench_route_align(4096, 256, 8, quick ? 20 : 200);

  MoeShape decode_shape{4096, 1536, 8, 4, 0, 0};
  if (wanted("gemm_paths")) bench_gemm_paths(decode_shape, 4096, reps);
  MoeLayerData layer = make_layer(decode_shape);
  const auto all = all_precisions();
  const std::vector<Precision> matrix = {Precision::bf16, Precision::fp16, Precision::fp8_e4m3};
  std::vector<bool> decode_graph = {false};
  if (graph) decode_graph.push_back(true);
  for (int64_t tokens : {1, 8})
    if (wanted("moe_decode"))
      bench_moe(gpu, layer, tokens, {"cuda.moe_gemv", "cuda.cublas.moe_grouped"}, all, reps,
                "moe_decode", decode_graph);
  for (int64_t tokens : {int64_t(64), int64_t(4096)})
    if (wanted("moe_prefill"))
      bench_moe(gpu, layer, tokens, {"cuda.moe_gemm", "cuda.cublas.moe_grouped"}, matrix, reps,
                "moe_prefill", {false});
  if (wanted("dense"))
    bench_dense(gpu, 4096, 14336, 1,
                {"cuda.dense_gemv", "cuda.cublas.dense_ffn", "cuda.cublaslt.dense_ffn"}, all, reps);
  // fp8 prefill (W8A8): cuda.dense_gemm and the cuBLASLt baseline (cuBLAS's grouped call skips).
  if (wanted("dense"))
    bench_dense(gpu, 4096, 14336, 4096,
                {"cuda.dense_gemm", "cuda.cublas.dense_ffn", "cuda.cublaslt.dense_ffn"}, matrix,
                reps);
  std::ofstream(out_path) << nlohmann::json{
      {"device", gpu.properties()},
      {"results", results}}.dump(1);
  return 0;
}

}  // namespace
}  // namespace moebench

int main(int argc, char** argv) {
  try {
    return moebench::main_impl(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "moebench_gpu_bench: %s\n", e.what());
    return 1;
  }
}
