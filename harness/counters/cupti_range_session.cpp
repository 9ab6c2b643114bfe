#include "harness/counters/cupti_range_session.h"

#include <cupti_range_profiler.h>

#include <stdexcept>

#include "harness/counters/cupti_errors.h"
#include "harness/counters/cupti_params.h"

namespace moebench {
namespace {

// Disables the range profiler however collection ends (an exception in the workload included),
// so that a later session on the same context can enable it again.
class EnabledRangeProfiler {
 public:
  explicit EnabledRangeProfiler(CUcontext context) {
    auto params = cupti_params<CUpti_RangeProfiler_Enable_Params>(
        CUpti_RangeProfiler_Enable_Params_STRUCT_SIZE);
    params.ctx = context;
    check_cupti(cuptiRangeProfilerEnable(&params), "cuptiRangeProfilerEnable");
    object_ = params.pRangeProfilerObject;
  }
  ~EnabledRangeProfiler() {
    auto params = cupti_params<CUpti_RangeProfiler_Disable_Params>(
        CUpti_RangeProfiler_Disable_Params_STRUCT_SIZE);
    params.pRangeProfilerObject = object_;
    cuptiRangeProfilerDisable(&params);
  }
  EnabledRangeProfiler(const EnabledRangeProfiler&) = delete;
  EnabledRangeProfiler& operator=(const EnabledRangeProfiler&) = delete;
  CUpti_RangeProfiler_Object* get() const { return object_; }

 private:
  CUpti_RangeProfiler_Object* object_ = nullptr;
};

std::vector<const char*> c_strings(const std::vector<std::string>& strings) {
  std::vector<const char*> pointers;
  for (const auto& s : strings) pointers.push_back(s.c_str());
  return pointers;
}

}  // namespace

RangeCollection collect_range(CUcontext context, const std::vector<uint8_t>& config_image,
                              const std::vector<std::string>& metrics,
                              const std::string& range_name, const std::function<void()>& workload,
                              int max_passes) {
  EnabledRangeProfiler profiler(context);
  RangeCollection collection;

  auto names = c_strings(metrics);
  auto size = cupti_params<CUpti_RangeProfiler_GetCounterDataSize_Params>(
      CUpti_RangeProfiler_GetCounterDataSize_Params_STRUCT_SIZE);
  size.pRangeProfilerObject = profiler.get();
  size.pMetricNames = names.data();
  size.numMetrics = names.size();
  size.maxNumOfRanges = 1;
  size.maxNumRangeTreeNodes = 1;
  check_cupti(cuptiRangeProfilerGetCounterDataSize(&size), "cuptiRangeProfilerGetCounterDataSize");
  collection.counter_data.assign(size.counterDataSize, 0);

  auto init = cupti_params<CUpti_RangeProfiler_CounterDataImage_Initialize_Params>(
      CUpti_RangeProfiler_CounterDataImage_Initialize_Params_STRUCT_SIZE);
  init.pRangeProfilerObject = profiler.get();
  init.counterDataSize = collection.counter_data.size();
  init.pCounterData = collection.counter_data.data();
  check_cupti(cuptiRangeProfilerCounterDataImageInitialize(&init),
              "cuptiRangeProfilerCounterDataImageInitialize");

  auto config = cupti_params<CUpti_RangeProfiler_SetConfig_Params>(
      CUpti_RangeProfiler_SetConfig_Params_STRUCT_SIZE);
  config.pRangeProfilerObject = profiler.get();
  config.configSize = config_image.size();
  config.pConfig = config_image.data();
  config.counterDataImageSize = collection.counter_data.size();
  config.pCounterDataImage = collection.counter_data.data();
  // User range: only the point, not whatever else ran on the context. User replay: moebench
  // reruns the point (kernel replay would save/restore memory per kernel and only sees one
  // kernel at a time; a point is several kernels).
  config.range = CUPTI_UserRange;
  config.replayMode = CUPTI_UserReplay;
  config.maxRangesPerPass = 1;
  config.numNestingLevels = 1;
  config.minNestingLevel = 1;
  config.passIndex = 0;
  config.targetNestingLevel = 1;
  check_cupti(cuptiRangeProfilerSetConfig(&config), "cuptiRangeProfilerSetConfig");

  bool all_submitted = false;
  while (!all_submitted) {
    if (collection.passes >= max_passes) {
      throw std::runtime_error("CUPTI asked for more than " + std::to_string(max_passes) +
                               " passes");
    }
    auto start = cupti_params<CUpti_RangeProfiler_Start_Params>(
        CUpti_RangeProfiler_Start_Params_STRUCT_SIZE);
    start.pRangeProfilerObject = profiler.get();
    check_cupti(cuptiRangeProfilerStart(&start), "cuptiRangeProfilerStart");
    auto push = cupti_params<CUpti_RangeProfiler_PushRange_Params>(
        CUpti_RangeProfiler_PushRange_Params_STRUCT_SIZE);
    push.pRangeProfilerObject = profiler.get();
    push.pRangeName = range_name.c_str();
    check_cupti(cuptiRangeProfilerPushRange(&push), "cuptiRangeProfilerPushRange");
    workload();
    auto pop = cupti_params<CUpti_RangeProfiler_PopRange_Params>(
        CUpti_RangeProfiler_PopRange_Params_STRUCT_SIZE);
    pop.pRangeProfilerObject = profiler.get();
    check_cupti(cuptiRangeProfilerPopRange(&pop), "cuptiRangeProfilerPopRange");
    auto stop =
        cupti_params<CUpti_RangeProfiler_Stop_Params>(CUpti_RangeProfiler_Stop_Params_STRUCT_SIZE);
    stop.pRangeProfilerObject = profiler.get();
    check_cupti(cuptiRangeProfilerStop(&stop), "cuptiRangeProfilerStop");
    all_submitted = stop.isAllPassSubmitted != 0;
    ++collection.passes;
  }

  auto decode = cupti_params<CUpti_RangeProfiler_DecodeData_Params>(
      CUpti_RangeProfiler_DecodeData_Params_STRUCT_SIZE);
  decode.pRangeProfilerObject = profiler.get();
  check_cupti(cuptiRangeProfilerDecodeData(&decode), "cuptiRangeProfilerDecodeData");
  if (decode.numOfRangeDropped > 0) {
    throw std::runtime_error("CUPTI dropped the range '" + range_name + "'");
  }
  auto info = cupti_params<CUpti_RangeProfiler_GetCounterDataInfo_Params>(
      CUpti_RangeProfiler_GetCounterDataInfo_Params_STRUCT_SIZE);
  info.pCounterDataImage = collection.counter_data.data();
  info.counterDataImageSize = collection.counter_data.size();
  check_cupti(cuptiRangeProfilerGetCounterDataInfo(&info), "cuptiRangeProfilerGetCounterDataInfo");
  if (info.numTotalRanges != 1) {
    throw std::runtime_error("CUPTI recorded " + std::to_string(info.numTotalRanges) +
                             " ranges for '" + range_name + "', expected 1");
  }
  return collection;
}

}  // namespace moebench
