// Host-callable launchers of the GPU kernels (one definition per vendor build, in the
// namespace moebench::cuda or moebench::hip). Pointers are device pointers.
#pragma once

#include <cstdint>

#include "harness/core/precision.h"
#include "kernels/gpu/gpu_runtime.h"

namespace moebench::MOEBENCH_GPU_NS {

// Device view of the permutation align builds (see gpu::AlignPlan for the meaning of each).
struct ScheduleView {
  const int32_t* counts = nullptr;
  const int32_t* offsets = nullptr;  // [E+1]; offsets[E] = padded rows in use
  const int32_t* sorted = nullptr;
  const int32_t* row_of = nullptr;
  const int32_t* tile_expert = nullptr;
  const int32_t* touched = nullptr;
  const int32_t* num_touched = nullptr;
  int experts = 0;
  int max_touched = 0;     // host-known bound of touched experts: min(E, assignments)
  int64_t max_rows = 0;    // host-known bound of padded rows
  int64_t max_count = 0;   // host-known bound of one expert's rows (the batch's tokens); 0: none
  int gather_divisor = 1;  // activation row of an assignment = assignment / gather_divisor
};

// Quantised weights of `count` equally shaped matrices (gpu::PackedWeights on the device).
struct WeightView {
  Precision precision = Precision::fp32;
  const uint8_t* data = nullptr;
  const float* scales = nullptr;
  int64_t rows = 0;
  int64_t cols = 0;
  int64_t row_bytes = 0;
  int64_t groups_per_row = 0;
  int group_size = 0;
};

// How activations are rounded at a GEMM input (precision semantics of docs/precisions.md).
enum class RoundMode { none, bf16, int8 };
RoundMode round_mode_for(Precision p);

// out[r] = round(in[r]) per row; out_half (optional) gets the bf16 or fp16 bits of out.
void launch_round_rows(const float* in, float* out, uint16_t* out_half, bool half_is_fp16,
                       int64_t rows, int64_t cols, RoundMode mode, cudaStream_t stream);

// logits[T][E] = x[T][D] · w[E][D]^T + steering[T][E], fp32.
void launch_router_logits(const float* x, const float* w, const float* steering, float* logits,
                          int64_t tokens, int experts, int64_t d_model, cudaStream_t stream);
// Per token: top_k experts by logit (ties: lower id), softmax over the chosen logits.
void launch_topk_softmax(const float* logits, int64_t tokens, int experts, int top_k,
                         int32_t* expert_ids, float* weights, cudaStream_t stream);
// Builds the permutation of `assignments` expert ids into expert-contiguous, tile-padded rows.
// Writes every array of `out` (sized for the bounds), deterministic. chunk_counts is scratch of
// gpu::align_grid(assignments).scratch_ints(experts) ints (none needed at decode sizes).
struct AlignOutputs {
  int32_t* counts;
  int32_t* offsets;
  int32_t* sorted;
  int32_t* row_of;
  int32_t* tile_expert;
  int32_t* touched;
  int32_t* num_touched;
  int32_t* chunk_counts = nullptr;
};
void launch_align(const int32_t* expert_ids, int64_t assignments, int experts, int tile,
                  const AlignOutputs& out, cudaStream_t stream);
int max_align_experts();  // what the align's shared memory holds

// out[t] = sum_j weights[t][j] * routed[row_of[t*k+j]] + sum_s shared[shared_row_of[t*S+s]].
// weights == nullptr means weight 1; routed/shared may be null (skipped).
void launch_combine(const float* routed, const int32_t* row_of, const float* weights, int top_k,
                    const float* shared, const int32_t* shared_row_of, int num_shared, float* out,
                    int64_t tokens, int64_t d_model, cudaStream_t stream);

// Decode path: for each touched expert and each of its rows, out[row][n] = act_row · W[e][n]
// (SwiGLU: silu(act·Wg[e][n]) * (act·Wu[e][n])). `gather`: the activation row is
// sorted[row] / gather_divisor, else row itself. Rounds outputs to bf16 when round_bf16.
void launch_expert_gemv(const float* act, bool gather, const ScheduleView& schedule,
                        const WeightView& w1, const WeightView* w2, float* out, bool round_bf16,
                        cudaStream_t stream);

// The A operand of the matrix-unit GEMM, [rows][K] in the weights' element type: bf16/fp16
// bits, or e4m3 codes with one scale per row (W8A8 fp8). gather: A row of a tile row is
// sorted[row] / gather_divisor (padding rows multiply zeros), else the tile row itself.
struct GemmActivations {
  const void* data = nullptr;
  const float* row_scales = nullptr;
  bool gather = false;
};

// Prefill path on the matrix units, fp32 accumulate, per tile of kGemmTileRows rows of one
// expert. SwiGLU (w2 != null): bf16/fp16 write the bf16/fp16 bits of silu(A·Wg)*(A·Wu) to
// out_half, e4m3 writes it (scales applied) to out_float; else out_float gets A·W (scaled).
// bf16 and fp16 on both vendors (sm_80+ / gfx90a+); e4m3 on NVIDIA sm_89+.
void launch_expert_gemm(const GemmActivations& act, const ScheduleView& schedule,
                        const WeightView& w1, const WeightView* w2, uint16_t* out_half,
                        float* out_float, cudaStream_t stream);

// Sets up what launch_expert_gemm needs once per process for precision p (the kernels'
// shared-memory opt-in): outside any graph capture, which may only contain launches.
void prepare_expert_gemm(Precision p);

// The first matrix-unit GEMM (WMMA / MFMA, one shared-memory stage, 64 x 64 tiles), bf16/fp16,
// same contract: kept as the known-good reference of launch_expert_gemm (expert_gemm_wmma.cu).
void launch_expert_gemm_wmma(const uint16_t* act_half, bool gather, const ScheduleView& schedule,
                             const WeightView& w1, const WeightView* w2, uint16_t* out_half,
                             float* out_float, cudaStream_t stream);

// codes[r][c] = e4m3(in[r][c] / scales[r]), scales[r] = max|in[r]| / 448 (1 for a zero row):
// per-token fp8 activations, bit-identical to the reference's Activations::fp8_per_token.
void launch_quantize_rows_e4m3(const float* in, int64_t rows, int64_t cols, uint8_t* codes,
                               float* scales, cudaStream_t stream);

}  // namespace moebench::MOEBENCH_GPU_NS
