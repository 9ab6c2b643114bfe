// AMD inner pieces of the grouped expert GEMM (kernels/gpu/expert_gemm.cu), gfx90a / gfx94x:
//   StageCopier  16-byte global loads into registers while the wavefronts multiply the
//                current tile, stored to the other shared-memory stage afterwards (CDNA has no
//                asynchronous global -> LDS copy that HIP 5.2 exposes);
//   WarpTile     a wavefront's kBM x 64 accumulator tile on the MFMA units:
//                __builtin_amdgcn_mfma_f32_32x32x8{bf16_1k,f16}, 2 x 2 tiles of 32 x 32.
// MFMA 32x32x8 operands: lane l holds row (A) or column (B) l % 32, k elements 4 (l / 32) to
// 4 (l / 32) + 3 of the k step; accumulator element i of lane l is row
// 8 (i / 4) + 4 (l / 32) + i % 4, column l % 32 (AMD Instinct MI200 ISA, "MFMA").
// fp8 is not offered on AMD: gfx94x's MFMA takes the fnuz variant of e4m3, not OCP e4m3.
#pragma once

#include <cstdint>

#include "kernels/gpu/detail/gemm_geometry.h"
#include "kernels/gpu/gpu_runtime.h"

namespace moebench::hip::gemm {

using namespace gpu::gemm;

template <int kThreads>
struct StageCopier {
  static constexpr int kStages = 2;  // 2 x 25 KiB of the 64 KiB LDS; registers hold the next
  static constexpr int kASlots = kARows * kChunksPerRow / kThreads;
  static constexpr int kBSlots = kBRows * kChunksPerRow / kThreads;
  static_assert(kASlots * kThreads == kARows * kChunksPerRow, "whole A slots per thread");
  static_assert(kBSlots * kThreads == kBRows * kChunksPerRow, "whole B slots per thread");

  const uint8_t* a_src[kASlots];  // nullptr: no such row (zeros)
  const uint8_t* b_src[kBSlots];
  const uint8_t* any_valid;  // unused here; the NVIDIA copier needs it

  __device__ static int slot_row(int i) {
    return (int(threadIdx.x) + i * kThreads) / kChunksPerRow;
  }
  __device__ static int slot_chunk() { return int(threadIdx.x) % kChunksPerRow; }

  __device__ void fetch(uint8_t* stage, int64_t k_byte) {
    const int offset = slot_chunk() * 16;
#pragma unroll
    for (int i = 0; i < kASlots; ++i) ra_[i] = load(a_src[i], k_byte + offset);
#pragma unroll
    for (int i = 0; i < kBSlots; ++i) rb_[i] = load(b_src[i], k_byte + offset);
    pending_ = stage;
  }
  __device__ void deposit() {
    if (!pending_) return;
    const int offset = slot_chunk() * 16;
#pragma unroll
    for (int i = 0; i < kASlots; ++i)
      *reinterpret_cast<uint4*>(pending_ + slot_row(i) * kLdBytes + offset) = ra_[i];
#pragma unroll
    for (int i = 0; i < kBSlots; ++i)
      *reinterpret_cast<uint4*>(pending_ + kAStageBytes + slot_row(i) * kLdBytes + offset) = rb_[i];
    pending_ = nullptr;
  }
  __device__ void wait() const {}

 private:
  __device__ static uint4 load(const uint8_t* row, int64_t byte) {
    return row ? *reinterpret_cast<const uint4*>(row + byte) : make_uint4(0, 0, 0, 0);
  }
  uint4 ra_[kASlots], rb_[kBSlots];
  uint8_t* pending_ = nullptr;
};

typedef float f32x16 __attribute__((ext_vector_type(16)));
typedef short i16x4 __attribute__((ext_vector_type(4)));
typedef _Float16 f16x4 __attribute__((ext_vector_type(4)));

template <GemmElement E>
struct WarpTile {
  static_assert(E != GemmElement::e4m3, "no fp8 matrix path on AMD (see the file comment)");
  static constexpr int kWidth = 64;
  f32x16 acc[2][2] = {};  // [m32 tile][half]

  __device__ void multiply(const uint8_t* a, const uint8_t* b0, const uint8_t* b1) {
    const int lane = threadIdx.x % 64;
#pragma unroll
    for (int kb = 0; kb < kTileBytes; kb += 16) {  // one MFMA k step: 8 elements, 16 bytes
      const int byte = amd_operand_byte(lane, kb);
      i16x4 av[2], bv[2];
#pragma unroll
      for (int m = 0; m < 2; ++m)
        av[m] = *reinterpret_cast<const i16x4*>(a + amd_operand_row(lane, m) * kLdBytes + byte);
      bv[0] = *reinterpret_cast<const i16x4*>(b0 + amd_operand_row(lane, 0) * kLdBytes + byte);
      bv[1] = *reinterpret_cast<const i16x4*>(b1 + amd_operand_row(lane, 0) * kLdBytes + byte);
#pragma unroll
      for (int m = 0; m < 2; ++m)
#pragma unroll
        for (int h = 0; h < 2; ++h) {
          if constexpr (E == GemmElement::fp16)
            acc[m][h] = __builtin_amdgcn_mfma_f32_32x32x8f16(__builtin_bit_cast(f16x4, av[m]),
                                                             __builtin_bit_cast(f16x4, bv[h]),
                                                             acc[m][h], 0, 0, 0);
          else
            acc[m][h] = __builtin_amdgcn_mfma_f32_32x32x8bf16_1k(av[m], bv[h], acc[m][h], 0, 0, 0);
        }
    }
  }

  template <class F>
  __device__ void for_each(F&& f) const {
    const int lane = threadIdx.x % 64;
#pragma unroll
    for (int m = 0; m < 2; ++m)
#pragma unroll
      for (int i = 0; i < 16; ++i)
        f(amd_c_row(lane, m, i), amd_c_column(lane), acc[m][0][i], acc[m][1][i]);
  }
};

}  // namespace moebench::hip::gemm
