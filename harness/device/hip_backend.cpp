// The HIP backend: the same implementation as the CUDA backend (gpu_backend.inc) through the
// name mapping of kernels/gpu/vendor/hip.h. Absent gracefully when not built, without a ROCm
// driver, or without a device.
#include "harness/device/backend.h"

#if MOEBENCH_HAVE_HIP
#define MOEBENCH_GPU_HIP 1  // this file is the HIP build of gpu_backend.inc
#include "kernels/gpu/gpu_runtime.h"
#define MOEBENCH_FORMAT_VERSION ::moebench::format_hip_version
#include "harness/device/gpu_backend.inc"

namespace moebench::hip {
namespace {

// Reading the current clock needs rocm-smi, which Debian's HIP 5.2 does not ship.
std::optional<int> GpuBackend::current_sm_clock_mhz() const { return std::nullopt; }

const detail::BackendRegistrar kHipBackend("hip", [] { return std::make_unique<GpuBackend>(); });

}  // namespace
}  // namespace moebench::hip

#else
#include "harness/device/unbuilt_backend.h"

namespace moebench {
namespace {
const detail::BackendRegistrar kHipBackend("hip", [] {
  return std::make_unique<UnbuiltBackend>("hip", MOEBENCH_HIP_REASON);
});
}  // namespace
}  // namespace moebench
#endif
