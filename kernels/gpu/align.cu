// Align/permute: the expert-contiguous, tile-padded permutation of the router's assignments
// (vLLM's moe_align_block_size), deterministic: within an expert, assignments keep ascending
// order, exactly as gpu::align_host. Work split: gpu::align_grid (kernels/gpu/moe_plan.h).
//
// Both paths share align_scatter_kernel. Each block owns a contiguous chunk of assignments and
// each of its warps a contiguous part of the chunk; per-warp histograms scanned over the warps
// give every warp its first row per expert, and ranks within a warp step (match_any) the rest.
// With one chunk the block's own histogram is the whole count. With several, align_count_kernel
// first writes each chunk's histogram, and every scatter block sums the chunks before its own
// (its first row within each expert) and all chunks (the totals every block scans alike).
#include <cstdint>

#include "kernels/gpu/device_math.cuh"
#include "kernels/gpu/launch.h"
#include "kernels/gpu/moe_plan.h"

namespace moebench::MOEBENCH_GPU_NS {
namespace {

constexpr int kWarp = MOEBENCH_WARP_SIZE;
constexpr size_t kSharedBudget = 48 * 1024;
constexpr int kMultiChunkWarps = 8;

// [begin, end) of part `part` of `parts` equal parts of [begin, end).
__device__ int64_t part_begin(int64_t begin, int64_t end, int part, int parts) {
  return begin + (end - begin) * part / parts;
}

__global__ void align_count_kernel(const int32_t* __restrict__ ids, int64_t assignments,
                                   int experts, int64_t chunk, int32_t* __restrict__ chunk_counts) {
  extern __shared__ int32_t hist[];
  for (int e = threadIdx.x; e < experts; e += blockDim.x) hist[e] = 0;
  __syncthreads();
  const int64_t begin = int64_t(blockIdx.x) * chunk;
  const int64_t end = min(assignments, begin + chunk);
  for (int64_t a = begin + threadIdx.x; a < end; a += blockDim.x) atomicAdd(&hist[ids[a]], 1);
  __syncthreads();
  for (int e = threadIdx.x; e < experts; e += blockDim.x)
    chunk_counts[int64_t(blockIdx.x) * experts + e] = hist[e];
}

// Warp 0: offsets[e] = exclusive scan of totals[e] padded to the tile, offsets[experts] = padded
// rows; touched (ascending) and num_touched when write_touched. Each lane scans a contiguous
// segment of experts, the lanes' sums are scanned by shuffles.
__device__ void scan_padded_totals(const int32_t* totals, int experts, int tile, int32_t* offsets,
                                   bool write_touched, const AlignOutputs& out) {
  const int lane = threadIdx.x % kWarp;
  const int per_lane = (experts + kWarp - 1) / kWarp;
  const int e0 = min(experts, lane * per_lane), e1 = min(experts, e0 + per_lane);
  int32_t rows = 0, touched = 0;
  for (int e = e0; e < e1; ++e) {
    rows += (totals[e] + tile - 1) / tile * tile;
    touched += totals[e] > 0;
  }
  int32_t rows_before = rows, touched_before = touched;  // inclusive, then made exclusive
  for (int d = 1; d < kWarp; d *= 2) {
    const int32_t r = MOEBENCH_SHFL(rows_before, max(lane - d, 0));
    const int32_t t = MOEBENCH_SHFL(touched_before, max(lane - d, 0));
    if (lane >= d) rows_before += r, touched_before += t;
  }
  rows_before -= rows;
  touched_before -= touched;
  for (int e = e0; e < e1; ++e) {
    if (write_touched && totals[e] > 0) out.touched[touched_before++] = e;
    offsets[e] = rows_before;
    rows_before += (totals[e] + tile - 1) / tile * tile;
  }
  if (lane == kWarp - 1) {
    offsets[experts] = rows_before;
    if (write_touched) *out.num_touched = touched_before;
  }
}

// chunk_counts == nullptr: one block, the whole input is its chunk.
__global__ void align_scatter_kernel(const int32_t* __restrict__ ids, int64_t assignments,
                                     int experts, int tile, int64_t chunk,
                                     const int32_t* __restrict__ chunk_counts, AlignOutputs out) {
  extern __shared__ int32_t smem[];
  const int warps = blockDim.x / kWarp;
  const int warp = threadIdx.x / kWarp, lane = threadIdx.x % kWarp;
  int32_t* hist = smem;                     // [warps][experts]: the warp's first row within e
  int32_t* prior = hist + warps * experts;  // [experts]: rows of e in the chunks before this one
  int32_t* totals = prior + experts;        // [experts]
  int32_t* offsets = totals + experts;      // [experts + 1]
  const int chunk_index = blockIdx.x, chunks = gridDim.x;
  const int64_t begin = int64_t(chunk_index) * chunk;
  const int64_t end = min(assignments, begin + chunk);
  const int64_t warp_begin = part_begin(begin, end, warp, warps);
  const int64_t warp_end = part_begin(begin, end, warp + 1, warps);

  for (int i = threadIdx.x; i < warps * experts; i += blockDim.x) hist[i] = 0;
  __syncthreads();
  for (int64_t a = warp_begin + lane; a < warp_end; a += kWarp)
    atomicAdd(&hist[warp * experts + ids[a]], 1);
  __syncthreads();
  for (int e = threadIdx.x; e < experts; e += blockDim.x) {
    int32_t running = 0;
    for (int w = 0; w < warps; ++w) {
      const int32_t c = hist[w * experts + e];
      hist[w * experts + e] = running;
      running += c;
    }
    int32_t before = 0, total = running;
    if (chunk_counts) {  // independent loads, coalesced over e: many in flight
      total = 0;
#pragma unroll 8
      for (int c = 0; c < chunks; ++c) {
        const int32_t n = chunk_counts[int64_t(c) * experts + e];
        before += c < chunk_index ? n : 0;
        total += n;
      }
    }
    prior[e] = before;
    totals[e] = total;
  }
  __syncthreads();
  if (warp == 0) scan_padded_totals(totals, experts, tile, offsets, chunk_index == 0, out);
  __syncthreads();
  // Every block knows the whole layout: each thread of the grid writes one expert's entries.
  const int stride = int(gridDim.x * blockDim.x);
  for (int e = int(blockIdx.x * blockDim.x + threadIdx.x); e < experts; e += stride) {
    const int32_t first = offsets[e], last = offsets[e + 1];
    out.counts[e] = totals[e];
    out.offsets[e] = first;
    if (e == experts - 1) out.offsets[experts] = last;
    for (int32_t r = first + totals[e]; r < last; ++r) out.sorted[r] = -1;
    for (int32_t r = first; r < last; r += tile) out.tile_expert[r / tile] = e;
  }
  for (int64_t base = warp_begin; base < warp_end; base += kWarp) {
    const int64_t a = base + lane;
    const int e = a < warp_end ? ids[a] : -1;
#if defined(MOEBENCH_GPU_HIP)
    int rank = 0, after = 0;
    for (int j = 0; j < kWarp; ++j) {
      const int other = MOEBENCH_SHFL(e, j);
      rank += (other == e && j < lane);
      after += (other == e && j > lane);
    }
#else
    const unsigned same = __match_any_sync(0xffffffffu, e);
    const int rank = __popc(same & ((1u << lane) - 1u));
    const int after = __popc(same >> lane) - 1;
#endif
    if (e >= 0) {
      const int32_t row = offsets[e] + prior[e] + hist[warp * experts + e] + rank;
      out.sorted[row] = int32_t(a);
      out.row_of[a] = row;
    }
    MOEBENCH_SYNCWARP();
    if (e >= 0 && after == 0) hist[warp * experts + e] += rank + 1;
    MOEBENCH_SYNCWARP();
  }
}

size_t scatter_shared_bytes(int warps, int experts) {
  return (size_t(warps + 3) * size_t(experts) + 1) * sizeof(int32_t);
}

}  // namespace

int max_align_experts() { return int((kSharedBudget / sizeof(int32_t) - 1) / 4); }

void launch_align(const int32_t* expert_ids, int64_t assignments, int experts, int tile,
                  const AlignOutputs& out, cudaStream_t stream) {
  if (experts < 1 || experts > max_align_experts())
    throw std::invalid_argument("GPU align supports 1 to " + std::to_string(max_align_experts()) +
                                " experts (got " + std::to_string(experts) + ")");
  const gpu::AlignGrid grid = gpu::align_grid(assignments);
  const int cap = grid.chunks > 1 ? kMultiChunkWarps : 1024 / kWarp;
  const size_t per_warp = size_t(experts) * sizeof(int32_t);
  const int warps =
      int(std::min<size_t>(cap, (kSharedBudget - scatter_shared_bytes(0, experts)) / per_warp));
  const int32_t* chunk_counts = nullptr;
  if (grid.chunks > 1) {
    if (!out.chunk_counts)
      throw std::invalid_argument("GPU align of " + std::to_string(assignments) +
                                  " assignments needs its chunk_counts scratch");
    align_count_kernel<<<unsigned(grid.chunks), 256, per_warp, stream>>>(
        expert_ids, assignments, experts, grid.chunk, out.chunk_counts);
    GPU_CHECK_LAUNCH();
    chunk_counts = out.chunk_counts;
  }
  align_scatter_kernel<<<unsigned(grid.chunks), unsigned(warps * kWarp),
                         scatter_shared_bytes(warps, experts), stream>>>(
      expert_ids, assignments, experts, tile, grid.chunk, chunk_counts, out);
  GPU_CHECK_LAUNCH();
}

}  // namespace moebench::MOEBENCH_GPU_NS
