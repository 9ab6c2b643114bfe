// NVIDIA inner pieces of the grouped expert GEMM (kernels/gpu/expert_gemm.cu), sm_80+:
//   StageCopier  cp.async 16-byte copies global -> shared, zero-filled where a row does not
//                exist (padding rows, weight rows past N), one commit group per k tile, so
//                kStages - 1 tiles are in flight while the warps multiply;
//   WarpTile     a warp's kBM x 64 accumulator tile: ldmatrix.x4 fragments from shared memory
//                and mma.sync m16n8k16 (bf16, fp16) or m16n8k32 (e4m3, sm_89+).
// Fragment layouts: PTX ISA, "Matrix Fragments for mma.m16n8k16" and "...m16n8k32". In bytes
// the two agree: a k step is 32 bytes of a row (16 bf16 or 32 e4m3), A's four 8x8 b16
// matrices are (rows 0-7, bytes 0-15), (8-15, 0-15), (0-7, 16-31), (8-15, 16-31), and B's
// (stored [n][k], i.e. "col") two registers are bytes 0-15 and 16-31 of row n = lane / 4.
#pragma once

#include <cstdint>

#include "kernels/gpu/detail/gemm_geometry.h"
#include "kernels/gpu/gpu_runtime.h"

namespace moebench::cuda::gemm {

using namespace gpu::gemm;

__device__ __forceinline__ uint32_t shared_address(const void* p) {
  return static_cast<uint32_t>(__cvta_generic_to_shared(p));
}

template <int kThreads>
struct StageCopier {
  static constexpr int kStages = 3;  // 3 x 25 KiB: two blocks a SM on an A100 and an H100
  static constexpr int kASlots = kARows * kChunksPerRow / kThreads;
  static constexpr int kBSlots = kBRows * kChunksPerRow / kThreads;
  static_assert(kASlots * kThreads == kARows * kChunksPerRow, "whole A slots per thread");
  static_assert(kBSlots * kThreads == kBRows * kChunksPerRow, "whole B slots per thread");

  // Row starts of this thread's slots (slot i: tile row (threadIdx.x + i * kThreads) / 4);
  // nullptr: no such row, the slot is zero-filled.
  const uint8_t* a_src[kASlots];
  const uint8_t* b_src[kBSlots];
  const uint8_t* any_valid;  // a readable address for the zero-filling copies

  __device__ static int slot_row(int i) {
    return (int(threadIdx.x) + i * kThreads) / kChunksPerRow;
  }
  __device__ static int slot_chunk() { return int(threadIdx.x) % kChunksPerRow; }

  __device__ void fetch(uint8_t* stage, int64_t k_byte) const {
#pragma unroll
    for (int i = 0; i < kASlots; ++i) copy(stage + slot_row(i) * kLdBytes, a_src[i], k_byte);
#pragma unroll
    for (int i = 0; i < kBSlots; ++i)
      copy(stage + kAStageBytes + slot_row(i) * kLdBytes, b_src[i], k_byte);
  }
  __device__ void deposit() const { asm volatile("cp.async.commit_group;\n" ::: "memory"); }
  // This thread's copies of the oldest tile in flight have landed (a barrier then makes them
  // everyone's).
  __device__ void wait() const {
    asm volatile("cp.async.wait_group %0;\n" ::"n"(kStages - 2) : "memory");
  }

 private:
  __device__ void copy(uint8_t* dst_row, const uint8_t* src_row, int64_t k_byte) const {
    const int offset = slot_chunk() * 16;
    const uint8_t* from = src_row ? src_row + k_byte + offset : any_valid;
    asm volatile(
        "cp.async.cg.shared.global [%0], [%1], 16, %2;\n" ::"r"(shared_address(dst_row + offset)),
        "l"(from), "r"(src_row ? 16 : 0)
        : "memory");
  }
};

__device__ __forceinline__ void ldmatrix_x4(uint32_t (&r)[4], const uint8_t* p) {
  asm volatile("ldmatrix.sync.aligned.m8n8.x4.shared.b16 {%0, %1, %2, %3}, [%4];\n"
               : "=r"(r[0]), "=r"(r[1]), "=r"(r[2]), "=r"(r[3])
               : "r"(shared_address(p))
               : "memory");
}

template <GemmElement E>
__device__ __forceinline__ void mma(float (&c)[4], const uint32_t (&a)[4], const uint32_t (&b)[2]) {
  if constexpr (E == GemmElement::bf16) {
    asm volatile(
        "mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32 {%0, %1, %2, %3}, "
        "{%4, %5, %6, %7}, {%8, %9}, {%0, %1, %2, %3};\n"
        : "+f"(c[0]), "+f"(c[1]), "+f"(c[2]), "+f"(c[3])
        : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]));
  } else if constexpr (E == GemmElement::fp16) {
    asm volatile(
        "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 {%0, %1, %2, %3}, "
        "{%4, %5, %6, %7}, {%8, %9}, {%0, %1, %2, %3};\n"
        : "+f"(c[0]), "+f"(c[1]), "+f"(c[2]), "+f"(c[3])
        : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]));
  } else {
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 890
    asm volatile(
        "mma.sync.aligned.m16n8k32.row.col.f32.e4m3.e4m3.f32 {%0, %1, %2, %3}, "
        "{%4, %5, %6, %7}, {%8, %9}, {%0, %1, %2, %3};\n"
        : "+f"(c[0]), "+f"(c[1]), "+f"(c[2]), "+f"(c[3])
        : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]));
#else
    __trap();  // the host refuses fp8 below compute capability 8.9 (gemm_unsupported)
#endif
  }
}

// A warp's share of the block tile: all kBM rows x two halves of 32 weight rows.
// acc[m][n][i]: m16 tile m, n8 tile n (0-3 half 0, 4-7 half 1), element i of mma's C fragment
// (row lane / 4 + 8 (i / 2), column 2 (lane % 4) + i % 2).
template <GemmElement E>
struct WarpTile {
  static constexpr int kWidth = 32;  // threads
  float acc[4][8][4] = {};

  // One k tile: a = the stage's A rows, b_half[h] = the stage's first B row of half h.
  __device__ void multiply(const uint8_t* a, const uint8_t* b0, const uint8_t* b1) {
    const int lane = threadIdx.x % 32;
#pragma unroll
    for (int kb = 0; kb < kTileBytes; kb += 32) {
      uint32_t af[4][4], bf[8][2];
#pragma unroll
      for (int m = 0; m < 4; ++m)  // lanes 0-15: rows at byte kb, lanes 16-31: at kb + 16
        ldmatrix_x4(af[m], a + nv_a_row(lane, m) * kLdBytes + nv_a_byte(lane, kb));
#pragma unroll
      for (int h = 0; h < 2; ++h)
#pragma unroll
        for (int p = 0; p < 2; ++p) {  // n8 tiles 2p and 2p + 1 of half h, both k halves
          const uint8_t* b = h ? b1 : b0;
          uint32_t r[4];
          ldmatrix_x4(r, b + nv_b_row(lane, p) * kLdBytes + nv_b_byte(lane, kb));
#pragma unroll
          for (int j = 0; j < 4; ++j) bf[4 * h + 2 * p + nv_b_tile(j)][nv_b_register(j)] = r[j];
        }
#pragma unroll
      for (int m = 0; m < 4; ++m)
#pragma unroll
        for (int n = 0; n < 8; ++n) mma<E>(acc[m][n], af[m], bf[n]);
    }
  }

  // f(row, column within the half, value in half 0, value in half 1) for every element.
  template <class F>
  __device__ void for_each(F&& f) const {
    const int lane = threadIdx.x % 32;
#pragma unroll
    for (int m = 0; m < 4; ++m)
#pragma unroll
      for (int n = 0; n < 4; ++n)
#pragma unroll
        for (int i = 0; i < 4; ++i)
          f(nv_c_row(lane, m, i), nv_c_column(lane, n, i), acc[m][n][i], acc[m][n + 4][i]);
  }
};

}  // namespace moebench::cuda::gemm
