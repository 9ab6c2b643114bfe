// The CUPTI counter source: probes the current CUDA device once (device support, chip name,
// counter availability, permission), then opens sessions that collect the planned metrics with
// the Range Profiler (cupti_range_session.h) and evaluate them with the Host API (cupti_host.h).
#include <cuda_runtime_api.h>
#include <cupti_profiler_target.h>
#include <cupti_target.h>

#include <memory>
#include <stdexcept>

#include "harness/core/error.h"
#include "harness/counters/cupti_errors.h"
#include "harness/counters/cupti_host.h"
#include "harness/counters/cupti_metric_set.h"
#include "harness/counters/cupti_params.h"
#include "harness/counters/cupti_range_session.h"
#include "harness/counters/sources.h"
#include "harness/counters/unavailable_source.h"

namespace moebench {
namespace {

// The driver API through the runtime's entry-point query: moebench does not link libcuda, so it
// still starts (and lists why not) on machines without an NVIDIA driver.
CUcontext current_context() {
  // cudaFree(nullptr) makes the device's primary context current, as the runner's kernels use it.
  if (cudaError_t error = cudaFree(nullptr); error != cudaSuccess) {
    throw std::runtime_error(std::string("cudaFree(0): ") + cudaGetErrorString(error));
  }
  using CtxGetCurrent = CUresult (*)(CUcontext*);
  void* function = nullptr;
  cudaDriverEntryPointQueryResult query{};
  if (cudaGetDriverEntryPointByVersion("cuCtxGetCurrent", &function, 12000, cudaEnableDefault,
                                       &query) != cudaSuccess ||
      query != cudaDriverEntryPointSuccess || !function) {
    throw std::runtime_error("cuCtxGetCurrent not found in the CUDA driver");
  }
  CUcontext context = nullptr;
  if (reinterpret_cast<CtxGetCurrent>(function)(&context) != CUDA_SUCCESS || !context) {
    throw std::runtime_error("no current CUDA context");
  }
  return context;
}

std::string support_problems(const CUpti_Profiler_DeviceSupported_Params& p) {
  std::string problems;
  auto note = [&](CUpti_Profiler_Support_Level level, const char* what) {
    if (level == CUPTI_PROFILER_CONFIGURATION_SUPPORTED) return;
    problems += (problems.empty() ? "" : "; ") + std::string(what) +
                (level == CUPTI_PROFILER_CONFIGURATION_DISABLED ? " (disabled)" : "");
  };
  note(p.architecture, "architecture older than Turing");
  note(p.sli, "SLI");
  note(p.vGpu, "vGPU without profiling enabled by the hypervisor");
  note(p.confidentialCompute, "confidential computing");
  note(p.cmp, "CMP GPU");
  note(p.wsl, "WSL");
  return problems.empty() ? "not supported by CUPTI" : problems;
}

struct DeviceProbe {
  std::string reason;  // empty: usable
  std::string chip;
  std::unique_ptr<CuptiHost> host;
  std::vector<CuptiCounterDefinition> definitions;
};

DeviceProbe probe_device() {
  DeviceProbe probe;
  try {
    int count = 0;
    if (cudaError_t error = cudaGetDeviceCount(&count); error != cudaSuccess || count == 0) {
      probe.reason = error == cudaErrorInsufficientDriver || error == cudaErrorNoDevice
                         ? "no NVIDIA GPU or driver here"
                         : "no CUDA device";
      probe.reason += std::string(" (cudaGetDeviceCount: ") +
                      (error == cudaSuccess ? "0 devices" : cudaGetErrorString(error)) + ")";
      return probe;
    }
    int device = 0;
    cudaGetDevice(&device);
    auto init = cupti_params<CUpti_Profiler_Initialize_Params>(
        CUpti_Profiler_Initialize_Params_STRUCT_SIZE);
    check_cupti(cuptiProfilerInitialize(&init), "cuptiProfilerInitialize");

    auto supported = cupti_params<CUpti_Profiler_DeviceSupported_Params>(
        CUpti_Profiler_DeviceSupported_Params_STRUCT_SIZE);
    supported.cuDevice = device;
    supported.api = CUPTI_PROFILER_RANGE_PROFILING;
    check_cupti(cuptiProfilerDeviceSupported(&supported), "cuptiProfilerDeviceSupported");
    if (supported.isSupported != CUPTI_PROFILER_CONFIGURATION_SUPPORTED) {
      probe.reason = "device " + std::to_string(device) + ": " + support_problems(supported);
      return probe;
    }

    auto chip =
        cupti_params<CUpti_Device_GetChipName_Params>(CUpti_Device_GetChipName_Params_STRUCT_SIZE);
    chip.deviceIndex = static_cast<size_t>(device);
    check_cupti(cuptiDeviceGetChipName(&chip), "cuptiDeviceGetChipName");
    probe.chip = chip.pChipName;

    // The availability image is where a missing permission shows first
    // (CUPTI_ERROR_INSUFFICIENT_PRIVILEGES), before any collection is attempted.
    auto availability = cupti_params<CUpti_Profiler_GetCounterAvailability_Params>(
        CUpti_Profiler_GetCounterAvailability_Params_STRUCT_SIZE);
    availability.ctx = current_context();
    check_cupti(cuptiProfilerGetCounterAvailability(&availability),
                "cuptiProfilerGetCounterAvailability");
    std::vector<uint8_t> image(availability.counterAvailabilityImageSize);
    availability.pCounterAvailabilityImage = image.data();
    check_cupti(cuptiProfilerGetCounterAvailability(&availability),
                "cuptiProfilerGetCounterAvailability");

    probe.host = std::make_unique<CuptiHost>(probe.chip, std::move(image));
    probe.definitions = cupti_counter_definitions(probe.chip, probe.host->base_metrics());
  } catch (const std::exception& e) {
    probe.reason = e.what();
  }
  return probe;
}

class CuptiSession : public CounterSession {
 public:
  CuptiSession(const CuptiHost& host, CuptiMetricPlan plan)
      : host_(host), plan_(std::move(plan)), config_(host.config_image(plan_.metrics)) {
    expected_passes_ = static_cast<int>(CuptiHost::pass_count(config_));
  }

  std::vector<CounterValue> measure(const std::function<void()>& workload) override {
    // Two spare passes: the pass count is the Host API's estimate for the config.
    RangeCollection collection = collect_range(current_context(), config_, plan_.metrics,
                                               "moebench", workload, expected_passes_ + 2);
    std::vector<double> values = host_.evaluate(collection.counter_data, 0, plan_.metrics);
    return evaluate_cupti_plan(plan_, values, collection.passes);
  }

 private:
  const CuptiHost& host_;
  CuptiMetricPlan plan_;
  std::vector<uint8_t> config_;
  int expected_passes_ = 1;
};

class CuptiSource : public CounterSource {
 public:
  std::string name() const override { return "cupti"; }
  std::string backend() const override { return "cuda"; }

  std::vector<CounterAvailability> counters() const override {
    const DeviceProbe& probe = device();
    std::vector<CounterAvailability> list;
    if (!probe.reason.empty()) {
      for (const auto& name : cupti_counter_names()) list.push_back({name, false, probe.reason});
      return list;
    }
    for (const auto& d : probe.definitions) list.push_back({d.name, d.missing.empty(), d.missing});
    return list;
  }

  std::unique_ptr<CounterSession> open(const std::vector<std::string>& names) override {
    const DeviceProbe& probe = device();
    if (!probe.reason.empty()) throw UserError("CUPTI counters are unavailable: " + probe.reason);
    return std::make_unique<CuptiSession>(*probe.host,
                                          plan_cupti_metrics(probe.definitions, names));
  }

 private:
  const DeviceProbe& device() const {
    if (!probe_) probe_ = std::make_unique<DeviceProbe>(probe_device());
    return *probe_;
  }
  mutable std::unique_ptr<DeviceProbe> probe_;
};

}  // namespace

std::unique_ptr<CounterSource> make_cupti_source() { return std::make_unique<CuptiSource>(); }

}  // namespace moebench
