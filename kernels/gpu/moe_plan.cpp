#include "kernels/gpu/moe_plan.h"

#include <algorithm>
#include <stdexcept>

#include "kernels/reference/quant.h"

namespace moebench::gpu {

int64_t max_padded_rows(int64_t assignments, int experts, int tile) {
  const int64_t touched = std::min<int64_t>(experts, assignments);
  return round_up(assignments + touched * (tile - 1), tile);
}

AlignPlan align_host(const std::vector<int32_t>& expert_ids, int experts, int tile) {
  AlignPlan plan;
  plan.counts.assign(experts, 0);
  for (int32_t e : expert_ids) {
    if (e < 0 || e >= experts)
      throw std::invalid_argument("align_host: expert id " + std::to_string(e) + " outside [0, " +
                                  std::to_string(experts) + ")");
    ++plan.counts[e];
  }
  plan.expert_offsets.assign(experts + 1, 0);
  for (int e = 0; e < experts; ++e) {
    plan.expert_offsets[e + 1] = plan.expert_offsets[e] + int32_t(round_up(plan.counts[e], tile));
    if (plan.counts[e] > 0) plan.touched_experts.push_back(e);
  }
  const int32_t padded = plan.expert_offsets[experts];
  plan.sorted_assignments.assign(padded, -1);
  plan.row_of_assignment.assign(expert_ids.size(), -1);
  std::vector<int32_t> next(plan.expert_offsets.begin(), plan.expert_offsets.end() - 1);
  for (size_t a = 0; a < expert_ids.size(); ++a) {
    const int32_t row = next[expert_ids[a]]++;
    plan.sorted_assignments[row] = int32_t(a);
    plan.row_of_assignment[a] = row;
  }
  plan.tile_expert.resize(padded / tile);
  for (int e = 0; e < experts; ++e)
    for (int32_t r = plan.expert_offsets[e]; r < plan.expert_offsets[e + 1]; r += tile)
      plan.tile_expert[r / tile] = e;
  return plan;
}

PackedWeights pack_weights(const float* w, int count, int64_t rows, int64_t cols, Precision p,
                           int int4_group_size) {
  PackedWeights packed;
  packed.precision = p;
  packed.count = count;
  packed.rows = rows;
  packed.cols = cols;
  packed.group_size = p == Precision::int4 ? int4_group_size : 0;
  for (int i = 0; i < count; ++i) {
    const ref::QuantizedMatrix q =
        ref::quantize(w + i * rows * cols, rows, cols, p, int4_group_size);
    if (i == 0) {
      packed.row_bytes = q.row_bytes();
      packed.groups_per_row = rows > 0 ? int64_t(q.scales.size()) / rows : 0;
      packed.data.reserve(size_t(count) * q.data.size());
      packed.scales.reserve(size_t(count) * q.scales.size());
    }
    packed.data.insert(packed.data.end(), q.data.begin(), q.data.end());
    packed.scales.insert(packed.scales.end(), q.scales.begin(), q.scales.end());
  }
  return packed;
}

std::optional<std::string> gpu_shape_unsupported(int64_t d_model, int64_t d_ff, Precision p,
                                                 int int4_group_size, bool matrix_units) {
  if (d_model <= 0 || d_ff <= 0) return "empty layer";
  const int64_t bits = p == Precision::fp32                                 ? 32
                       : (p == Precision::bf16 || p == Precision::fp16)     ? 16
                       : (p == Precision::fp8_e4m3 || p == Precision::int8) ? 8
                                                                            : 4;
  const int64_t multiple = matrix_units ? 64 : 128 / bits;
  if (d_model % multiple != 0 || d_ff % multiple != 0)
    return std::string(matrix_units ? "the matrix-unit path tiles 64 x 64"
                                    : "GPU kernels read weight rows in 16-byte vectors") +
           ": d_model (" + std::to_string(d_model) + ") and d_ff (" + std::to_string(d_ff) +
           ") must be multiples of " + std::to_string(multiple) + " in " +
           std::string(to_string(p));
  if (p == Precision::int4 && (int4_group_size <= 0 || int4_group_size % 32 != 0))
    return "GPU int4 kernels need a group size that is a multiple of 32 (got " +
           std::to_string(int4_group_size) + ")";
  return std::nullopt;
}

std::optional<std::string> matrix_units_unsupported(Precision p, bool amd, int compute_capability) {
  const std::string gemv = amd ? "hip.*_gemv" : "cuda.*_gemv";
  if (p != Precision::bf16 && p != Precision::fp16 && p != Precision::fp8_e4m3)
    return std::string("the matrix-unit path takes bf16, fp16 or fp8-e4m3 (W8A8); ") + gemv +
           " runs every precision";
  if (amd) {
    if (p == Precision::fp8_e4m3)
      return "no fp8 matrix-unit path on AMD: gfx94x's fp8 MFMA takes e4m3fnuz, not OCP e4m3 (" +
             gemv + " runs fp8)";
    return std::nullopt;
  }
  auto version = [](int cc) { return std::to_string(cc / 10) + "." + std::to_string(cc % 10); };
  if (compute_capability < 80)
    return "the matrix-unit path needs compute capability 8.0+ (mma.sync bf16/fp16), this device "
           "has " +
           version(compute_capability);
  if (p == Precision::fp8_e4m3 && compute_capability < 89)
    return "fp8 on the matrix units needs compute capability 8.9+ (fp8 tensor cores), this "
           "device has " +
           version(compute_capability) + " (" + gemv + " runs fp8)";
  return std::nullopt;
}

}  // namespace moebench::gpu
