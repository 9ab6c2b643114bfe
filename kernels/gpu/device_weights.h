// Packed weights (gpu::pack_weights) uploaded to the device, with the WeightView kernels take.
#pragma once

#include "kernels/gpu/device_buffer.h"
#include "kernels/gpu/launch.h"
#include "kernels/gpu/moe_plan.h"

namespace moebench::MOEBENCH_GPU_NS {

struct DeviceWeights {
  DeviceBuffer<uint8_t> data;
  DeviceBuffer<float> scales;
  WeightView view;

  explicit DeviceWeights(const gpu::PackedWeights& packed)
      : data(packed.data), scales(packed.scales) {
    view.precision = packed.precision;
    view.data = data.get();
    view.scales = packed.scales.empty() ? nullptr : scales.get();
    view.rows = packed.rows;
    view.cols = packed.cols;
    view.row_bytes = packed.row_bytes;
    view.groups_per_row = packed.groups_per_row;
    view.group_size = packed.group_size;
  }
  size_t bytes() const { return data.bytes() + scales.bytes(); }
};

}  // namespace moebench::MOEBENCH_GPU_NS
