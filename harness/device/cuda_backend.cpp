// The CUDA backend. Absent gracefully: without a driver or device it registers anyway and says
// why; without the CUDA build it says it was not built.
#include "harness/device/backend.h"

#if MOEBENCH_HAVE_CUDA
#include <dlfcn.h>

#include "kernels/gpu/gpu_runtime.h"
#define MOEBENCH_FORMAT_VERSION ::moebench::format_cuda_version
#include "harness/device/gpu_backend.inc"

namespace moebench::cuda {
namespace {

// NVML is optional: loaded at run time so that moebench needs no libnvidia-ml to start.
// The few entry points used, as declared in nvml.h (not shipped with the toolkit here).
using NvmlInit = int (*)();
using NvmlHandleByBusId = int (*)(const char*, void**);
using NvmlClockInfo = int (*)(void*, int, unsigned*);
constexpr int kNvmlClockSm = 1;

std::optional<int> GpuBackend::current_sm_clock_mhz() const {
  static void* nvml = dlopen("libnvidia-ml.so.1", RTLD_NOW | RTLD_LOCAL);
  if (!nvml) return std::nullopt;
  static const bool initialised = [] {
    auto init = reinterpret_cast<NvmlInit>(dlsym(nvml, "nvmlInit_v2"));
    return init && init() == 0;
  }();
  auto by_bus =
      reinterpret_cast<NvmlHandleByBusId>(dlsym(nvml, "nvmlDeviceGetHandleByPciBusId_v2"));
  auto clock = reinterpret_cast<NvmlClockInfo>(dlsym(nvml, "nvmlDeviceGetClockInfo"));
  char bus_id[32] = {};
  if (!initialised || !by_bus || !clock || cudaDeviceGetPCIBusId(bus_id, sizeof bus_id, 0) != 0)
    return std::nullopt;
  void* device = nullptr;
  unsigned mhz = 0;
  if (by_bus(bus_id, &device) != 0 || clock(device, kNvmlClockSm, &mhz) != 0) return std::nullopt;
  return int(mhz);
}

const detail::BackendRegistrar kCudaBackend("cuda", [] { return std::make_unique<GpuBackend>(); });

}  // namespace
}  // namespace moebench::cuda

#else
#include "harness/device/unbuilt_backend.h"

namespace moebench {
namespace {
const detail::BackendRegistrar kCudaBackend("cuda", [] {
  return std::make_unique<UnbuiltBackend>("cuda", MOEBENCH_CUDA_REASON);
});
}  // namespace
}  // namespace moebench
#endif
