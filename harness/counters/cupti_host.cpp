#include "harness/counters/cupti_host.h"

#include <cupti_profiler_host.h>

#include <algorithm>

#include "harness/core/error.h"
#include "harness/counters/cupti_errors.h"
#include "harness/counters/cupti_params.h"

namespace moebench {
namespace {

std::vector<const char*> c_strings(const std::vector<std::string>& strings) {
  std::vector<const char*> pointers;
  for (const auto& s : strings) pointers.push_back(s.c_str());
  return pointers;
}

CUptiResult add_metrics(CUpti_Profiler_Host_Object* object,
                        const std::vector<const char*>& metrics) {
  auto params = cupti_params<CUpti_Profiler_Host_ConfigAddMetrics_Params>(
      CUpti_Profiler_Host_ConfigAddMetrics_Params_STRUCT_SIZE);
  params.pHostObject = object;
  params.ppMetricNames = const_cast<const char**>(metrics.data());
  params.numMetrics = metrics.size();
  return cuptiProfilerHostConfigAddMetrics(&params);
}

// Owns a host object for the length of one call.
struct ScopedHostObject {
  CUpti_Profiler_Host_Object* object;
  void (*destroy)(CUpti_Profiler_Host_Object*);
  ~ScopedHostObject() { destroy(object); }
};

}  // namespace

CuptiHost::CuptiHost(std::string chip, std::vector<uint8_t> counter_availability)
    : chip_(std::move(chip)), counter_availability_(std::move(counter_availability)) {
  object_ = create();
}

CuptiHost::~CuptiHost() { destroy(object_); }

CUpti_Profiler_Host_Object* CuptiHost::create() const {
  auto params = cupti_params<CUpti_Profiler_Host_Initialize_Params>(
      CUpti_Profiler_Host_Initialize_Params_STRUCT_SIZE);
  params.profilerType = CUPTI_PROFILER_TYPE_RANGE_PROFILER;
  params.pChipName = chip_.c_str();
  params.pCounterAvailabilityImage =
      counter_availability_.empty() ? nullptr : counter_availability_.data();
  CUptiResult result = cuptiProfilerHostInitialize(&params);
  if (result == CUPTI_ERROR_INVALID_CHIP_NAME) {
    throw UserError(unknown_name_message("CUPTI chip", chip_, supported_chips()));
  }
  check_cupti(result, "cuptiProfilerHostInitialize");
  return params.pHostObject;
}

void CuptiHost::destroy(CUpti_Profiler_Host_Object* object) {
  if (!object) return;
  auto params = cupti_params<CUpti_Profiler_Host_Deinitialize_Params>(
      CUpti_Profiler_Host_Deinitialize_Params_STRUCT_SIZE);
  params.pHostObject = object;
  cuptiProfilerHostDeinitialize(&params);
}

std::vector<std::string> CuptiHost::supported_chips() {
  auto params = cupti_params<CUpti_Profiler_Host_GetSupportedChips_Params>(
      CUpti_Profiler_Host_GetSupportedChips_Params_STRUCT_SIZE);
  check_cupti(cuptiProfilerHostGetSupportedChips(&params), "cuptiProfilerHostGetSupportedChips");
  return {params.ppChipNames, params.ppChipNames + params.numChips};
}

std::vector<std::string> CuptiHost::base_metrics() const {
  std::vector<std::string> names;
  for (CUpti_MetricType type :
       {CUPTI_METRIC_TYPE_COUNTER, CUPTI_METRIC_TYPE_RATIO, CUPTI_METRIC_TYPE_THROUGHPUT}) {
    auto params = cupti_params<CUpti_Profiler_Host_GetBaseMetrics_Params>(
        CUpti_Profiler_Host_GetBaseMetrics_Params_STRUCT_SIZE);
    params.pHostObject = object_;
    params.metricType = type;
    check_cupti(cuptiProfilerHostGetBaseMetrics(&params), "cuptiProfilerHostGetBaseMetrics");
    names.insert(names.end(), params.ppMetricNames, params.ppMetricNames + params.numMetrics);
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string CuptiHost::description(const std::string& base_metric) const {
  auto params = cupti_params<CUpti_Profiler_Host_GetMetricProperties_Params>(
      CUpti_Profiler_Host_GetMetricProperties_Params_STRUCT_SIZE);
  params.pHostObject = object_;
  params.pMetricName = base_metric.c_str();
  if (cuptiProfilerHostGetMetricProperties(&params) != CUPTI_SUCCESS || !params.pDescription) {
    return "";
  }
  return params.pDescription;
}

std::vector<std::string> CuptiHost::invalid_metrics(const std::vector<std::string>& metrics) const {
  std::vector<std::string> invalid;
  for (const auto& metric : metrics) {
    ScopedHostObject scratch{create(), &CuptiHost::destroy};
    if (add_metrics(scratch.object, {metric.c_str()}) != CUPTI_SUCCESS) invalid.push_back(metric);
  }
  return invalid;
}

std::vector<uint8_t> CuptiHost::config_image(const std::vector<std::string>& metrics) const {
  // A host object accumulates metrics: a fresh one per config.
  ScopedHostObject configured{create(), &CuptiHost::destroy};
  if (add_metrics(configured.object, c_strings(metrics)) != CUPTI_SUCCESS) {
    std::vector<std::string> invalid = invalid_metrics(metrics);
    std::string list;
    for (const auto& m : invalid) list += (list.empty() ? "" : ", ") + m;
    throw UserError("CUPTI cannot collect on chip " + chip_ + ": " +
                    (list.empty() ? "the metric combination" : list));
  }
  auto size = cupti_params<CUpti_Profiler_Host_GetConfigImageSize_Params>(
      CUpti_Profiler_Host_GetConfigImageSize_Params_STRUCT_SIZE);
  size.pHostObject = configured.object;
  check_cupti(cuptiProfilerHostGetConfigImageSize(&size), "cuptiProfilerHostGetConfigImageSize");
  std::vector<uint8_t> image(size.configImageSize);
  auto get = cupti_params<CUpti_Profiler_Host_GetConfigImage_Params>(
      CUpti_Profiler_Host_GetConfigImage_Params_STRUCT_SIZE);
  get.pHostObject = configured.object;
  get.configImageSize = image.size();
  get.pConfigImage = image.data();
  check_cupti(cuptiProfilerHostGetConfigImage(&get), "cuptiProfilerHostGetConfigImage");
  return image;
}

size_t CuptiHost::pass_count(const std::vector<uint8_t>& config_image) {
  auto params = cupti_params<CUpti_Profiler_Host_GetNumOfPasses_Params>(
      CUpti_Profiler_Host_GetNumOfPasses_Params_STRUCT_SIZE);
  params.configImageSize = config_image.size();
  params.pConfigImage = const_cast<uint8_t*>(config_image.data());
  check_cupti(cuptiProfilerHostGetNumOfPasses(&params), "cuptiProfilerHostGetNumOfPasses");
  return params.numOfPasses;
}

std::vector<double> CuptiHost::evaluate(const std::vector<uint8_t>& counter_data,
                                        size_t range_index,
                                        const std::vector<std::string>& metrics) const {
  // Evaluated by a host object configured with the same metrics, as the config was made.
  ScopedHostObject configured{create(), &CuptiHost::destroy};
  auto names = c_strings(metrics);
  check_cupti(add_metrics(configured.object, names), "cuptiProfilerHostConfigAddMetrics");
  std::vector<double> values(metrics.size());
  auto params = cupti_params<CUpti_Profiler_Host_EvaluateToGpuValues_Params>(
      CUpti_Profiler_Host_EvaluateToGpuValues_Params_STRUCT_SIZE);
  params.pHostObject = configured.object;
  params.pCounterDataImage = counter_data.data();
  params.counterDataImageSize = counter_data.size();
  params.rangeIndex = range_index;
  params.ppMetricNames = names.data();
  params.numMetrics = names.size();
  params.pMetricValues = values.data();
  check_cupti(cuptiProfilerHostEvaluateToGpuValues(&params),
              "cuptiProfilerHostEvaluateToGpuValues");
  return values;
}

}  // namespace moebench
