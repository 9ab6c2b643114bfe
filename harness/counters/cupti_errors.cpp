#include "harness/counters/cupti_errors.h"

#include <stdexcept>

#include "harness/core/error.h"

namespace moebench {
namespace {

const char* advice(CUptiResult result) {
  switch (result) {
    case CUPTI_ERROR_INSUFFICIENT_PRIVILEGES:
      return "no permission to read the GPU performance counters (ERR_NVGPUCTRPERM). Fix: run as "
             "root, or allow all users: echo 'options nvidia "
             "NVreg_RestrictProfilingToAdminUsers=0' | sudo tee "
             "/etc/modprobe.d/nvidia-profiling.conf, rebuild the initramfs and reboot (see "
             "https://developer.nvidia.com/ERR_NVGPUCTRPERM); or run with --counters none";
    case CUPTI_ERROR_VIRTUALIZED_DEVICE_NOT_SUPPORTED:
    case CUPTI_ERROR_VIRTUALIZED_DEVICE_INSUFFICIENT_PRIVILEGES:
      return "this is a virtual GPU (vGPU) whose hypervisor does not allow profiling: ask the "
             "administrator to enable profiling for the vGPU (NVIDIA vGPU 'enable_profiling'), "
             "or run with --counters none";
    case CUPTI_ERROR_MIG_DEVICE_NOT_SUPPORTED:
      return "counters cannot be collected on a MIG instance: profile on a GPU with MIG "
             "disabled (nvidia-smi -i <gpu> -mig 0, as root), or run with --counters none";
    case CUPTI_ERROR_MULTIPLE_SUBSCRIBERS_NOT_SUPPORTED:
    case CUPTI_ERROR_OLD_PROFILER_API_INITIALIZED:
      return "another profiler is attached (Nsight Compute, Nsight Systems, cuda-gdb or another "
             "CUPTI client): under ncu/nsys run moebench with --counters none (they collect the "
             "counters themselves)";
    case CUPTI_ERROR_CMP_DEVICE_NOT_SUPPORTED:
      return "CUPTI does not support NVIDIA CMP (crypto-mining) GPUs";
    case CUPTI_ERROR_CONFIDENTIAL_COMPUTING_NOT_SUPPORTED:
      return "profiling is disabled while confidential computing is on";
    case CUPTI_ERROR_WSL_DEVICE_NOT_SUPPORTED:
      return "profiling this GPU under WSL is not supported";
    case CUPTI_ERROR_INVALID_CHIP_NAME:
      return "the Profiler Host API does not know this chip name";
    case CUPTI_ERROR_LEGACY_PROFILER_NOT_SUPPORTED:
      return "the device is older than Turing (compute capability 7.5), which the Range "
             "Profiler does not support";
    default:
      return nullptr;
  }
}

}  // namespace

bool cupti_error_is_user_fixable(CUptiResult result) {
  return advice(result) != nullptr && result != CUPTI_ERROR_INVALID_CHIP_NAME;
}

std::string cupti_error_message(CUptiResult result, const std::string& call) {
  const char* name = nullptr;
  if (cuptiGetResultString(result, &name) != CUPTI_SUCCESS || !name) name = "unknown CUPTI error";
  std::string message = call + " failed: " + name;
  if (const char* text = advice(result)) message += ": " + std::string(text);
  return message;
}

void check_cupti(CUptiResult result, const char* call) {
  if (result == CUPTI_SUCCESS) return;
  if (cupti_error_is_user_fixable(result)) throw UserError(cupti_error_message(result, call));
  throw std::runtime_error(cupti_error_message(result, call));
}

}  // namespace moebench
