// The target side of the CUPTI Range Profiler (cupti_range_profiler.h, the CUDA 13 path): one
// user range around the workload, user replay (the workload is run once per pass; CUPTI tells
// when all passes are submitted), then decode. The workload must be idempotent and synchronise
// its device before returning.
#pragma once

#include <cuda.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace moebench {

struct RangeCollection {
  std::vector<uint8_t> counter_data;  // decoded, one range
  int passes = 0;                     // times the workload ran
};

// cuptiProfilerInitialize must have been called. Throws (check_cupti) on any CUPTI error, and
// std::runtime_error when more than `max_passes` passes would be needed or the range was dropped.
RangeCollection collect_range(CUcontext context, const std::vector<uint8_t>& config_image,
                              const std::vector<std::string>& metrics,
                              const std::string& range_name, const std::function<void()>& workload,
                              int max_passes);

}  // namespace moebench
