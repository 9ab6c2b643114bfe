// Checks the CUPTI counter source on a real GPU against work of known size:
//   - a streaming kernel (y = 2·x over 1 GiB arrays): DRAM bytes ≈ 2 GiB (read + write)
//   - an FFMA kernel of known count: simt_flop.fp32 = 2 · FMAs
//   - cuBLAS GEMMs (bf16, fp16; fp32 accumulate) of M=N=K: tensor FLOPs = 2·M·N·K
// Prints one line per check with measured, expected and ratio, and exits 1 when a check misses
// its tolerance (DRAM 10%, FLOPs 5%). Usage: cupti_check [report.md]
#include <cublas_v2.h>
#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_runtime.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "harness/counters/cupti_host.h"
#include "harness/counters/cupti_metric_set.h"
#include "harness/counters/sources.h"

namespace {

void check_cuda(cudaError_t error, const char* what) {
  if (error != cudaSuccess)
    throw std::runtime_error(std::string(what) + ": " + cudaGetErrorString(error));
}

__global__ void scale_copy(const float4* __restrict__ x, float4* __restrict__ y, size_t n4) {
  for (size_t i = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x; i < n4;
       i += static_cast<size_t>(gridDim.x) * blockDim.x) {
    float4 v = x[i];
    y[i] = make_float4(2 * v.x, 2 * v.y, 2 * v.z, 2 * v.w);
  }
}

__global__ void ffma_loop(float* out, int iterations) {
  float a = threadIdx.x * 1e-3f, b = 1.0001f, c = 0.999f;
  for (int i = 0; i < iterations; ++i) {
    a = fmaf(a, b, c);
    c = fmaf(c, b, a);
  }
  out[blockIdx.x * blockDim.x + threadIdx.x] = a + c;
}

std::ostringstream report;

bool expect_near(const std::string& what, double measured, double expected, double tolerance) {
  double ratio = measured / expected;
  bool ok = std::fabs(ratio - 1) <= tolerance;
  char line[512];
  std::snprintf(line, sizeof line, "| %s | %.6g | %.6g | %.4f | %s (±%.0f%%) |\n", what.c_str(),
                measured, expected, ratio, ok ? "ok" : "MISS", tolerance * 100);
  std::fputs(line, stdout);
  report << line;
  return ok;
}

std::map<std::string, double> by_name(const std::vector<moebench::CounterValue>& values,
                                      int* passes) {
  std::map<std::string, double> map;
  for (const auto& v : values) {
    map[v.name] = v.value;
    std::printf("  %-40s %.6g %s (passes %d)\n", v.name.c_str(), v.value, v.unit.c_str(), v.passes);
    *passes = v.passes;
  }
  return map;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    cudaDeviceProp prop{};
    check_cuda(cudaGetDeviceProperties(&prop, 0), "cudaGetDeviceProperties");
    std::printf("device: %s, %d SMs, L2 %d MB\n", prop.name, prop.multiProcessorCount,
                prop.l2CacheSize >> 20);
    report << "device: " << prop.name << ", " << prop.multiProcessorCount << " SMs, L2 "
           << (prop.l2CacheSize >> 20) << " MB\n\n";

    auto source = moebench::make_cupti_source();
    std::printf("CUPTI counters here:\n");
    for (const auto& c : source->counters()) {
      std::printf("  %-40s %s\n", c.name.c_str(), c.available ? "available" : c.reason.c_str());
    }
    report << "| check | measured | expected | ratio | result |\n|---|---|---|---|---|\n";
    bool all_ok = true;

    // 1. Streaming: 1 GiB in, 1 GiB out (L2 is 50 MB: at most ~2.5% can stay on chip).
    const size_t n = size_t(1) << 28;  // floats
    float *x = nullptr, *y = nullptr;
    check_cuda(cudaMalloc(&x, n * sizeof(float)), "cudaMalloc x");
    check_cuda(cudaMalloc(&y, n * sizeof(float)), "cudaMalloc y");
    check_cuda(cudaMemset(x, 0, n * sizeof(float)), "memset");
    auto stream = [&] {
      scale_copy<<<prop.multiProcessorCount * 8, 512>>>(reinterpret_cast<const float4*>(x),
                                                        reinterpret_cast<float4*>(y), n / 4);
      check_cuda(cudaDeviceSynchronize(), "scale_copy");
    };
    stream();  // warm-up outside the range
    int passes = 0;
    auto s = by_name(source
                         ->open({"dram__bytes_read.sum", "dram__bytes_write.sum", "dram_bytes",
                                 "gpu__time_duration.sum", "achieved_occupancy"})
                         ->measure(stream),
                     &passes);
    const double bytes = 2.0 * n * sizeof(float);
    all_ok &= expect_near("stream: dram_bytes vs 2·n·4", s["dram_bytes"], bytes, 0.10);
    all_ok &= expect_near("stream: dram__bytes_read.sum vs n·4", s["dram__bytes_read.sum"],
                          bytes / 2, 0.10);
    all_ok &= expect_near("stream: dram__bytes_write.sum vs n·4", s["dram__bytes_write.sum"],
                          bytes / 2, 0.10);
    std::printf("  stream bandwidth: %.0f GB/s over gpu__time_duration\n",
                s["dram_bytes"] / s["gpu__time_duration.sum"]);
    report << "\nstream: " << passes << " passes, gpu__time_duration.sum "
           << s["gpu__time_duration.sum"] << " ns, achieved_occupancy " << s["achieved_occupancy"]
           << " %\n\n";

    // 2. FFMA: blocks·threads·iterations·2 FMAs, 2 FLOPs each.
    const int blocks = prop.multiProcessorCount * 4, threads = 256, iterations = 4096;
    float* out = nullptr;
    check_cuda(cudaMalloc(&out, sizeof(float) * blocks * threads), "cudaMalloc out");
    auto ffma = [&] {
      ffma_loop<<<blocks, threads>>>(out, iterations);
      check_cuda(cudaDeviceSynchronize(), "ffma_loop");
    };
    auto f = by_name(source->open({"simt_flop.fp32"})->measure(ffma), &passes);
    all_ok &= expect_near("ffma: simt_flop.fp32 vs 4·threads·iterations", f["simt_flop.fp32"],
                          4.0 * blocks * threads * iterations, 0.05);

    // 3. cuBLAS GEMMs: tensor FLOPs = 2·M·N·K.
    cublasHandle_t handle;
    if (cublasCreate(&handle) != CUBLAS_STATUS_SUCCESS) throw std::runtime_error("cublasCreate");
    const int m = 8192, nn = 8192, k = 8192;
    void *a = nullptr, *b = nullptr, *c = nullptr;
    check_cuda(cudaMalloc(&a, size_t(m) * k * 2), "a");
    check_cuda(cudaMalloc(&b, size_t(k) * nn * 2), "b");
    check_cuda(cudaMalloc(&c, size_t(m) * nn * 4), "c");
    check_cuda(cudaMemset(a, 0, size_t(m) * k * 2), "memset a");
    check_cuda(cudaMemset(b, 0, size_t(k) * nn * 2), "memset b");
    const double gemm_flop = 2.0 * m * nn * k;
    for (auto [type, label, metric] : {std::tuple{CUDA_R_16BF, "bf16", "tensor_flop.bf16_dst_fp32"},
                                       std::tuple{CUDA_R_16F, "fp16", "tensor_flop.fp16"}}) {
      auto gemm = [&, type = type] {
        const float alpha = 1, beta = 0;
        if (cublasGemmEx(handle, CUBLAS_OP_N, CUBLAS_OP_N, m, nn, k, &alpha, a, type, m, b, type, k,
                         &beta, c, CUDA_R_32F, m, CUBLAS_COMPUTE_32F,
                         CUBLAS_GEMM_DEFAULT) != CUBLAS_STATUS_SUCCESS) {
          throw std::runtime_error("cublasGemmEx");
        }
        check_cuda(cudaDeviceSynchronize(), "gemm");
      };
      gemm();  // warm-up: cuBLAS loads its kernels outside the range
      auto g = by_name(
          source->open({"tensor_flop", metric, "flop", "gpu__time_duration.sum"})->measure(gemm),
          &passes);
      all_ok &= expect_near(std::string("gemm ") + label + ": tensor_flop vs 2·M·N·K",
                            g["tensor_flop"], gemm_flop, 0.05);
      all_ok &= expect_near(std::string("gemm ") + label + ": " + metric + " vs 2·M·N·K", g[metric],
                            gemm_flop, 0.05);
      std::printf("  %s GEMM: %.0f TFLOP/s over gpu__time_duration (counter pass, %d passes)\n",
                  label, g["tensor_flop"] / g["gpu__time_duration.sum"] / 1e3, passes);
      report << "\ngemm " << label << " M=N=K=8192: " << passes << " passes, "
             << g["tensor_flop"] / g["gpu__time_duration.sum"] / 1e3
             << " TFLOP/s over gpu__time_duration.sum in the counter pass\n\n";
    }
    cublasDestroy(handle);
    std::printf("%s\n", all_ok ? "ALL CHECKS OK" : "SOME CHECKS MISSED");
    if (argc > 1) std::ofstream(argv[1]) << report.str();
    return all_ok ? 0 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "cupti_check: %s\n", e.what());
    if (argc > 1) std::ofstream(argv[1]) << report.str() << "\nerror: " << e.what() << "\n";
    return 2;
  }
}
