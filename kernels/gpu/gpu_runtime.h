// The one place the GPU source learns which vendor it is compiled for. Everything else in
// kernels/gpu uses the CUDA spelling; vendor/hip.h maps it onto HIP.
//
//   MOEBENCH_GPU_HIP   defined by the HIP build (hipcc), absent in the CUDA build (nvcc)
//   MOEBENCH_GPU_NS    namespace of this build's symbols (cuda / hip), so that both builds of
//                      the same source can be linked into one program
//   MOEBENCH_GPU_NAME  backend name used in kernel names and registrations
#pragma once

#include <algorithm>
#include <stdexcept>
#include <string>

#if defined(MOEBENCH_GPU_HIP)
#include "kernels/gpu/vendor/hip.h"
#if defined(__HIPCC__)
#include <hip/hip_fp16.h>
#endif
#define MOEBENCH_GPU_NS hip
#define MOEBENCH_GPU_NAME "hip"
#else
#if defined(__CUDACC__)
#include <cuda_fp16.h>
#endif
#include <cuda_runtime_api.h>
#define MOEBENCH_GPU_NS cuda
#define MOEBENCH_GPU_NAME "cuda"
#define MOEBENCH_WARP_SIZE 32
#define MOEBENCH_SHFL(v, lane) __shfl_sync(0xffffffffu, (v), (lane))
#define MOEBENCH_SHFL_XOR(v, mask) __shfl_xor_sync(0xffffffffu, (v), (mask))
#define MOEBENCH_SYNCWARP() __syncwarp()
#endif

namespace moebench::MOEBENCH_GPU_NS {

// Throws with the call site when a runtime call fails: kernels fail loudly, never silently.
inline void check(cudaError_t status, const char* what, const char* file, int line) {
  if (status != cudaSuccess)
    throw std::runtime_error(std::string(MOEBENCH_GPU_NAME) + " error " + cudaGetErrorName(status) +
                             " (" + cudaGetErrorString(status) + ") in " + what + " at " + file +
                             ":" + std::to_string(line));
}

}  // namespace moebench::MOEBENCH_GPU_NS

#define GPU_CHECK(call) ::moebench::MOEBENCH_GPU_NS::check((call), #call, __FILE__, __LINE__)
// After every launch: launch errors (bad configuration) surface here, at their launch.
#define GPU_CHECK_LAUNCH() GPU_CHECK(cudaGetLastError())

namespace moebench::MOEBENCH_GPU_NS {

// major * 10 + minor of the current device (NVIDIA's numbering; HIP reports its own).
inline int compute_capability() {
  int device = 0, major = 0, minor = 0;
  GPU_CHECK(cudaGetDevice(&device));
  GPU_CHECK(cudaDeviceGetAttribute(&major, cudaDevAttrComputeCapabilityMajor, device));
  GPU_CHECK(cudaDeviceGetAttribute(&minor, cudaDevAttrComputeCapabilityMinor, device));
  return major * 10 + minor;
}

}  // namespace moebench::MOEBENCH_GPU_NS
