// What `moebench compare` and `moebench history` compare per benchmark: its time (the timing
// samples, the default) or a counter of the run's counter pass by name, such as callgrind's
// instruction count "Ir" (harness/counters/callgrind_source.cpp), which does not move with the
// machine's noise the way time does (docs/regressions.md).
#pragma once

#include <string>
#include <vector>

#include "harness/results/results_reader.h"

namespace moebench {

inline constexpr const char* kTimeMetric = "time";

// `runs` with every benchmark's samples replaced by the counter's repetitions (its median as
// the median): a benchmark without the counter is dropped, and so are the probes' rates (they
// scale times, not counts). "time" returns `runs` unchanged, unless a run was instrumented (its
// times are valgrind's: a UserError that says to compare it by a counter). Throws UserError when
// no benchmark of any run has the counter, naming the counters the runs do have.
std::vector<ResultsFile> select_metric(std::vector<ResultsFile> runs, const std::string& metric);

// Throws UserError under --normalize with a counter metric: the probes scale times, and a count
// is compared as counted.
void require_normalize_applies(const std::string& metric, bool normalize);

// The unit of `metric` in `runs` ("s" for time, else the counter's unit as written, "count").
std::string metric_unit(const std::vector<ResultsFile>& runs, const std::string& metric);

}  // namespace moebench
