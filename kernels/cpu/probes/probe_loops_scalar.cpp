// Baseline x86-64 code: the compiler may use SSE2, which every x86-64 has.
#include "kernels/cpu/probes/probe_loops.h"

namespace moebench::cpu::probes {

float fp32_fma_scalar(int64_t iterations) {
  float acc[12];
  for (auto& a : acc) a = 1.0f;
  float mul = 0.999999f;
  const float add = 1e-6f;
  for (int64_t i = 0; i < iterations; ++i) {
    asm volatile("" : "+x"(mul));
#pragma GCC unroll 12
    for (auto& a : acc) a = a * mul + add;
  }
  float sum = 0;
  for (float a : acc) sum += a;
  return sum;
}

float read_sum_scalar(const float* begin, size_t count) {
  float acc[4] = {0, 0, 0, 0};
  for (size_t i = 0; i < count; i += 4)
    for (int j = 0; j < 4; ++j) acc[j] += begin[i + j];
  return acc[0] + acc[1] + acc[2] + acc[3];
}

void triad_scalar(float* a, const float* b, const float* c, float s, size_t count) {
  for (size_t i = 0; i < count; ++i) a[i] = b[i] + s * c[i];
}

}  // namespace moebench::cpu::probes
