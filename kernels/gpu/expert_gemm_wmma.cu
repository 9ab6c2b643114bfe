// The first prefill GEMM (2026-11-23), kept as the known-good reference the pipelined kernel
// (expert_gemm.cu) is checked and timed against: GpuGemmPaths and moebench_gpu_bench's
// gemm_paths case run both on the same inputs. Measured on the H100: 14.7% of the bf16 peak.
// A block computes a 64x64 tile of one expert (align pads each expert to 64 rows) with four
// warps/wavefronts of 32x32 each. Everything is shared between vendors except the inner tile:
// NVIDIA: WMMA 16x16x16 (compiles to mma.sync / HMMA on sm_80+);
// AMD:    MFMA 32x32x8 builtins (gfx90a, gfx94x).
#include <cstdint>

#include "kernels/gpu/device_math.cuh"
#include "kernels/gpu/launch.h"
#include "kernels/gpu/moe_plan.h"

#if !defined(MOEBENCH_GPU_HIP)
#include <cuda_bf16.h>
#include <mma.h>
#endif

namespace moebench::MOEBENCH_GPU_NS {
namespace {

constexpr int kWarp = MOEBENCH_WARP_SIZE;
constexpr int kBM = gpu::kGemmTileRows, kBN = 64, kBK = 32;
constexpr int kPad = 8;  // keeps 16-byte alignment of rows and spreads shared-memory banks
constexpr int kLdA = kBK + kPad;
constexpr int kLdC = kBN + 4;
constexpr int kThreads = 4 * kWarp;

struct TileStorage {
  uint16_t a[kBM][kLdA];
  uint16_t b1[kBN][kLdA];
  uint16_t b2[kBN][kLdA];
};
struct EpilogueStorage {
  float c1[kBM][kLdC];
  float c2[kBM][kLdC];
};
union SharedStorage {
  TileStorage tile;
  EpilogueStorage epilogue;
};

// The per-warp 32x32 accumulator tile of one vendor's matrix unit.
#if defined(MOEBENCH_GPU_HIP)
typedef float f32x16 __attribute__((ext_vector_type(16)));
typedef short i16x4 __attribute__((ext_vector_type(4)));
typedef _Float16 f16x4 __attribute__((ext_vector_type(4)));

template <bool kFp16>
struct WarpTile {
  f32x16 acc = {};
  __device__ void mma(const uint16_t (*a)[kLdA], const uint16_t (*b)[kLdA], int row0, int col0) {
    const int lane = threadIdx.x % kWarp;
#pragma unroll
    for (int kk = 0; kk < kBK; kk += 8) {
      const int k = kk + (lane / 32) * 4;
      const i16x4 av = *reinterpret_cast<const i16x4*>(&a[row0 + lane % 32][k]);
      const i16x4 bv = *reinterpret_cast<const i16x4*>(&b[col0 + lane % 32][k]);
      if constexpr (kFp16)
        acc = __builtin_amdgcn_mfma_f32_32x32x8f16(__builtin_bit_cast(f16x4, av),
                                                   __builtin_bit_cast(f16x4, bv), acc, 0, 0, 0);
      else
        acc = __builtin_amdgcn_mfma_f32_32x32x8bf16_1k(av, bv, acc, 0, 0, 0);
    }
  }
  __device__ void store(float (*c)[kLdC], int row0, int col0) const {
    const int lane = threadIdx.x % kWarp;
#pragma unroll
    for (int i = 0; i < 16; ++i)
      c[row0 + 8 * (i / 4) + 4 * (lane / 32) + i % 4][col0 + lane % 32] = acc[i];
  }
};
#else
namespace wmma = nvcuda::wmma;
template <bool kFp16>
struct WarpTile {
  using Element = std::conditional_t<kFp16, __half, __nv_bfloat16>;
  wmma::fragment<wmma::accumulator, 16, 16, 16, float> acc[2][2];
  __device__ WarpTile() {
#pragma unroll
    for (int i = 0; i < 2; ++i)
#pragma unroll
      for (int j = 0; j < 2; ++j) wmma::fill_fragment(acc[i][j], 0.0f);
  }
  __device__ void mma(const uint16_t (*a)[kLdA], const uint16_t (*b)[kLdA], int row0, int col0) {
#pragma unroll
    for (int kk = 0; kk < kBK; kk += 16) {
      wmma::fragment<wmma::matrix_a, 16, 16, 16, Element, wmma::row_major> af[2];
      wmma::fragment<wmma::matrix_b, 16, 16, 16, Element, wmma::col_major> bf[2];
#pragma unroll
      for (int i = 0; i < 2; ++i) {
        wmma::load_matrix_sync(af[i], reinterpret_cast<const Element*>(&a[row0 + 16 * i][kk]),
                               kLdA);
        wmma::load_matrix_sync(bf[i], reinterpret_cast<const Element*>(&b[col0 + 16 * i][kk]),
                               kLdA);
      }
#pragma unroll
      for (int i = 0; i < 2; ++i)
#pragma unroll
        for (int j = 0; j < 2; ++j) wmma::mma_sync(acc[i][j], af[i], bf[j], acc[i][j]);
    }
  }
  __device__ void store(float (*c)[kLdC], int row0, int col0) const {
#pragma unroll
    for (int i = 0; i < 2; ++i)
#pragma unroll
      for (int j = 0; j < 2; ++j)
        wmma::store_matrix_sync(&c[row0 + 16 * i][col0 + 16 * j], acc[i][j], kLdC,
                                wmma::mem_row_major);
  }
};
#endif

constexpr int kVectorsA = kBM * kBK / 8;  // 16-byte vectors of 8 elements per tile
constexpr int kVectorsPerThread = (kVectorsA + kThreads - 1) / kThreads;

template <bool kFp16, bool kSwiGlu>
__global__ void __launch_bounds__(kThreads)
    expert_gemm_kernel(const uint16_t* __restrict__ act, bool gather, ScheduleView s, WeightView w1,
                       WeightView w2, uint16_t* __restrict__ out_half,
                       float* __restrict__ out_float) {
  __shared__ SharedStorage smem;
  const int64_t tile_row0 = int64_t(blockIdx.y) * kBM;
  if (tile_row0 >= s.offsets[s.experts]) return;
  const int expert = s.tile_expert[blockIdx.y];
  const int64_t n0 = int64_t(blockIdx.x) * kBN;
  const int64_t k_total = w1.cols;
  const uint16_t* b1 =
      reinterpret_cast<const uint16_t*>(w1.data) + int64_t(expert) * w1.rows * k_total;
  const uint16_t* b2 =
      kSwiGlu ? reinterpret_cast<const uint16_t*>(w2.data) + int64_t(expert) * w2.rows * k_total
              : nullptr;

  // Each thread copies the same vector slots of every k step: resolve its rows once.
  const uint16_t* a_src[kVectorsPerThread];
  int slot_row[kVectorsPerThread], slot_col[kVectorsPerThread];
#pragma unroll
  for (int v = 0; v < kVectorsPerThread; ++v) {
    const int slot = threadIdx.x + v * kThreads;
    slot_row[v] = slot / (kBK / 8);
    slot_col[v] = slot % (kBK / 8) * 8;
    const int64_t row = tile_row0 + slot_row[v];
    int64_t src = row;
    if (gather) {
      const int32_t assignment = s.sorted[row];
      src = assignment < 0 ? -1 : assignment / s.gather_divisor;
    }
    a_src[v] = src < 0 ? nullptr : act + src * k_total;
  }
  uint4 ra[kVectorsPerThread], rb1[kVectorsPerThread], rb2[kVectorsPerThread];
  auto load = [&](int64_t k0) {
#pragma unroll
    for (int v = 0; v < kVectorsPerThread; ++v) {
      const int64_t k = k0 + slot_col[v];
      ra[v] = a_src[v] ? *reinterpret_cast<const uint4*>(a_src[v] + k) : make_uint4(0, 0, 0, 0);
      rb1[v] = *reinterpret_cast<const uint4*>(b1 + (n0 + slot_row[v]) * k_total + k);
      if constexpr (kSwiGlu)
        rb2[v] = *reinterpret_cast<const uint4*>(b2 + (n0 + slot_row[v]) * k_total + k);
    }
  };
  const int warp = threadIdx.x / kWarp;
  const int row0 = (warp / 2) * 32, col0 = (warp % 2) * 32;
  WarpTile<kFp16> tile1, tile2;
  load(0);
  for (int64_t k0 = 0; k0 < k_total; k0 += kBK) {
    __syncthreads();
#pragma unroll
    for (int v = 0; v < kVectorsPerThread; ++v) {
      *reinterpret_cast<uint4*>(&smem.tile.a[slot_row[v]][slot_col[v]]) = ra[v];
      *reinterpret_cast<uint4*>(&smem.tile.b1[slot_row[v]][slot_col[v]]) = rb1[v];
      if constexpr (kSwiGlu)
        *reinterpret_cast<uint4*>(&smem.tile.b2[slot_row[v]][slot_col[v]]) = rb2[v];
    }
    __syncthreads();
    if (k0 + kBK < k_total) load(k0 + kBK);  // in flight while the matrix units work
    tile1.mma(smem.tile.a, smem.tile.b1, row0, col0);
    if constexpr (kSwiGlu) tile2.mma(smem.tile.a, smem.tile.b2, row0, col0);
  }
  __syncthreads();
  tile1.store(smem.epilogue.c1, row0, col0);
  if constexpr (kSwiGlu) tile2.store(smem.epilogue.c2, row0, col0);
  __syncthreads();
  const int64_t n_total = w1.rows;
  for (int i = threadIdx.x; i < kBM * kBN; i += kThreads) {
    const int r = i / kBN, c = i % kBN;
    const int64_t index = (tile_row0 + r) * n_total + n0 + c;
    if constexpr (kSwiGlu) {
      const float h = silu(smem.epilogue.c1[r][c]) * smem.epilogue.c2[r][c];
      out_half[index] = kFp16 ? __half_as_ushort(__float2half_rn(h)) : float_to_bf16(h);
    } else {
      out_float[index] = smem.epilogue.c1[r][c];
    }
  }
}

template <bool kFp16>
void launch_for(const uint16_t* act, bool gather, const ScheduleView& s, const WeightView& w1,
                const WeightView* w2, uint16_t* out_half, float* out_float, cudaStream_t stream) {
  const dim3 grid(unsigned(w1.rows / kBN), unsigned(s.max_rows / kBM));
  if (w2)
    expert_gemm_kernel<kFp16, true>
        <<<grid, kThreads, 0, stream>>>(act, gather, s, w1, *w2, out_half, out_float);
  else
    expert_gemm_kernel<kFp16, false>
        <<<grid, kThreads, 0, stream>>>(act, gather, s, w1, w1, out_half, out_float);
  GPU_CHECK_LAUNCH();
}

}  // namespace

void launch_expert_gemm_wmma(const uint16_t* act_half, bool gather, const ScheduleView& schedule,
                             const WeightView& w1, const WeightView* w2, uint16_t* out_half,
                             float* out_float, cudaStream_t stream) {
  if (schedule.max_rows == 0) return;
  if (w1.precision == Precision::fp16)
    launch_for<true>(act_half, gather, schedule, w1, w2, out_half, out_float, stream);
  else if (w1.precision == Precision::bf16)
    launch_for<false>(act_half, gather, schedule, w1, w2, out_half, out_float, stream);
  else
    throw std::invalid_argument("the matrix-unit expert GEMM takes bf16 or fp16 weights");
}

}  // namespace moebench::MOEBENCH_GPU_NS
