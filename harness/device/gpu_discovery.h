// Host-side logic of the GPU backends that needs no GPU: the sentence that says why a backend
// is absent, and version formatting. Unit-tested.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace moebench {

enum class DiscoveryError {
  none,                 // a device was found
  insufficient_driver,  // cudaErrorInsufficientDriver / hipErrorInsufficientDriver
  no_device,            // cudaErrorNoDevice / hipErrorNoDevice, or a device count of zero
  other,                // any other runtime error at initialisation
};

struct DiscoveryFacts {
  std::string backend;  // "cuda", "hip"
  DiscoveryError error = DiscoveryError::none;
  std::string driver_version;   // "" when no driver answered
  std::string runtime_version;  // of the runtime moebench was built with
  std::string error_name;       // e.g. "cudaErrorUnknown", for DiscoveryError::other
  std::string error_text;
};

// "" when error == none; else e.g. "no driver (libcuda.so not found; runtime 13.0)",
// "driver too old (driver supports CUDA 12.2, runtime needs 13.0)", "no device (driver 13.0)".
std::string discovery_reason(const DiscoveryFacts& facts);

// 13000 -> "13.0" (CUDA encodes 1000*major + 10*minor); 0 -> "".
std::string format_cuda_version(int version);
// 50221153 -> "5.2" (HIP encodes major*10^7 + minor*10^5 + patch); 0 -> "".
std::string format_hip_version(int version);

}  // namespace moebench
