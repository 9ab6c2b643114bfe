// The permutation arrays of one bank of experts on the device (ScheduleView, AlignOutputs),
// sized for the host-known bounds of `assignments` over `experts` padded to `tile` rows; filled
// by the device align (routed experts) or uploaded from a host plan (shared experts, the dense
// FFN, tests and benchmarks of one kernel).
#pragma once

#include <algorithm>
#include <vector>

#include "kernels/gpu/device_buffer.h"
#include "kernels/gpu/launch.h"
#include "kernels/gpu/moe_plan.h"

namespace moebench::MOEBENCH_GPU_NS {

struct DeviceSchedule {
  DeviceBuffer<int32_t> counts, offsets, sorted, row_of, tile_expert, touched, num_touched,
      align_scratch;
  ScheduleView view;

  DeviceSchedule(int experts, int64_t assignments, int tile, int gather_divisor)
      : counts(size_t(experts)),
        offsets(size_t(experts) + 1),
        sorted(size_t(gpu::max_padded_rows(assignments, experts, tile))),
        row_of(size_t(assignments)),
        tile_expert(size_t(gpu::max_padded_rows(assignments, experts, tile) / tile)),
        touched(size_t(experts)),
        num_touched(1),
        align_scratch(size_t(gpu::align_grid(assignments).scratch_ints(experts))) {
    view.counts = counts.get();
    view.offsets = offsets.get();
    view.sorted = sorted.get();
    view.row_of = row_of.get();
    view.tile_expert = tile_expert.get();
    view.touched = touched.get();
    view.num_touched = num_touched.get();
    view.experts = experts;
    view.max_touched = int(std::min<int64_t>(experts, assignments));
    view.max_rows = gpu::max_padded_rows(assignments, experts, tile);
    view.max_count = assignments / gather_divisor;  // a token reaches an expert at most once
    view.gather_divisor = gather_divisor;
  }
  AlignOutputs outputs() {
    return {counts.get(),      offsets.get(), sorted.get(),      row_of.get(),
            tile_expert.get(), touched.get(), num_touched.get(), align_scratch.get()};
  }
  // The plan of every assignment, built on the host (align_host), instead of the device align.
  void upload(const gpu::AlignPlan& plan) {
    auto copy = [](DeviceBuffer<int32_t>& dst, const std::vector<int32_t>& src) {
      if (!src.empty())
        GPU_CHECK(cudaMemcpy(dst.get(), src.data(), src.size() * sizeof(int32_t),
                             cudaMemcpyHostToDevice));
    };
    copy(counts, plan.counts);
    copy(offsets, plan.expert_offsets);
    copy(sorted, plan.sorted_assignments);
    copy(row_of, plan.row_of_assignment);
    copy(tile_expert, plan.tile_expert);
    copy(touched, plan.touched_experts);
    copy(num_touched, {int32_t(plan.touched_experts.size())});
  }
  // Every token to every one of `experts` experts, token-major: assignment t*experts+s.
  void fill_all_tokens(int64_t tokens, int experts, int tile) {
    std::vector<int32_t> ids(size_t(tokens) * experts);
    for (size_t a = 0; a < ids.size(); ++a) ids[a] = int32_t(a % experts);
    upload(gpu::align_host(ids, experts, tile));
  }
};

}  // namespace moebench::MOEBENCH_GPU_NS
