// Stands in for rocprofiler_source.cpp when moebench is built without rocprofiler-sdk.
#include "harness/counters/rocprofiler_counters.h"
#include "harness/counters/sources.h"
#include "harness/counters/unavailable_source.h"

namespace moebench {

std::unique_ptr<CounterSource> make_rocprofiler_source() {
  return std::make_unique<UnavailableSource>(
      "rocprofiler-sdk", "hip", rocprofiler_counter_names(),
      "built without rocprofiler-sdk (" MOEBENCH_ROCPROFILER_SDK_REASON ")");
}

}  // namespace moebench
