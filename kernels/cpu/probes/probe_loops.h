// The inner loops of the roofline probes, one per ISA. Each runs on one thread, keeps many
// independent dependency chains in registers (enough to cover the instruction latency on both
// FMA pipes), and returns a value that depends on every instruction so none is optimised away.
#pragma once

#include <cstddef>
#include <cstdint>

namespace moebench::cpu::probes {

// Work per iteration of each compute loop, in FLOPs or integer ops (multiply + add = 2).
inline constexpr double kFp32Avx512FlopsPerIter = 12 * 16 * 2;
inline constexpr double kFp32Avx2FlopsPerIter = 12 * 8 * 2;
inline constexpr double kFp32ScalarFlopsPerIter = 12 * 2;
inline constexpr double kBf16Avx512FlopsPerIter = 12 * 32 * 2;  // vdpbf16ps: 32 products
inline constexpr double kInt8VnniOpsPerIter = 12 * 64 * 2;      // vpdpbusd: 64 products
inline constexpr double kInt8Avx2OpsPerIter = 8 * 32 * 2;       // vpmaddubsw + vpmaddwd

float fp32_fma_avx512(int64_t iterations);
float fp32_fma_avx2(int64_t iterations);
float fp32_fma_scalar(int64_t iterations);
float bf16_dot_avx512(int64_t iterations);
int32_t int8_dot_vnni(int64_t iterations);
int32_t int8_dot_avx2(int64_t iterations);

// Bandwidth loops over [begin, begin + count) floats (count a multiple of 64, 64-byte aligned).
float read_sum_avx512(const float* begin, size_t count);
float read_sum_avx2(const float* begin, size_t count);
float read_sum_scalar(const float* begin, size_t count);
// a = b + s * c with non-temporal stores where the ISA has them.
void triad_avx512(float* a, const float* b, const float* c, float s, size_t count);
void triad_avx2(float* a, const float* b, const float* c, float s, size_t count);
void triad_scalar(float* a, const float* b, const float* c, float s, size_t count);

}  // namespace moebench::cpu::probes
