#include "harness/device/gpu_discovery.h"

namespace moebench {

std::string discovery_reason(const DiscoveryFacts& f) {
  const std::string runtime = f.runtime_version.empty() ? "" : "runtime " + f.runtime_version;
  switch (f.error) {
    case DiscoveryError::none:
      return "";
    case DiscoveryError::insufficient_driver:
      if (f.driver_version.empty())
        return "no driver (" +
               std::string(f.backend == "hip" ? "no ROCm driver answered"
                                              : "libcuda.so not found") +
               (runtime.empty() ? "" : "; " + runtime) + ")";
      return "driver too old (driver supports " + f.driver_version + ", " +
             (runtime.empty() ? std::string("the runtime") : runtime) + " needs newer)";
    case DiscoveryError::no_device:
      return "no device (" +
             (f.driver_version.empty() ? std::string("no driver version reported")
                                       : "driver " + f.driver_version) +
             (runtime.empty() ? "" : ", " + runtime) + ")";
    case DiscoveryError::other:
      return "initialisation failed: " + f.error_name +
             (f.error_text.empty() ? "" : " (" + f.error_text + ")");
  }
  return "";
}

std::string format_cuda_version(int version) {
  if (version <= 0) return "";
  return std::to_string(version / 1000) + "." + std::to_string(version % 1000 / 10);
}

std::string format_hip_version(int version) {
  if (version <= 0) return "";
  return std::to_string(version / 10000000) + "." + std::to_string(version / 100000 % 100);
}

}  // namespace moebench
