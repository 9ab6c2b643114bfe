// Factories of the built-in counter sources, one implementation file each. A source that was
// not built (no CUPTI, no rocprofiler-sdk) is an UnavailableSource that says why.
#pragma once

#include <memory>

#include "harness/counters/counter_source.h"

namespace moebench {

std::unique_ptr<CounterSource> make_perf_event_source();  // perf_event_source.cpp
std::unique_ptr<CounterSource> make_callgrind_source();   // callgrind_source.cpp
std::unique_ptr<CounterSource> make_cupti_source();  // cupti_source.cpp or cupti_unavailable.cpp
// rocprofiler_source.cpp or rocprofiler_unavailable.cpp
std::unique_ptr<CounterSource> make_rocprofiler_source();

}  // namespace moebench
