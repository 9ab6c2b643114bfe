// Stands in for cupti_source.cpp when moebench is built without CUPTI.
#include "harness/counters/cupti_metric_set.h"
#include "harness/counters/sources.h"
#include "harness/counters/unavailable_source.h"

namespace moebench {

std::unique_ptr<CounterSource> make_cupti_source() {
  return std::make_unique<UnavailableSource>("cupti", "cuda", cupti_counter_names(),
                                             "built without CUPTI (" MOEBENCH_CUPTI_REASON ")");
}

}  // namespace moebench
