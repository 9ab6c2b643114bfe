// `--normalize`: express a time in units of the same run's roofline probe, so that a machine
// that is uniformly slower tonight (lower bandwidth or FLOP/s in its probes too) does not read as
// a regression. A time t of a memory-bound record becomes t * bandwidth (the bytes the probe
// would have read meanwhile); a compute-bound one t * FLOP/s of the record's precision.
#pragma once

#include <optional>
#include <string>

#include "harness/results/results_reader.h"

namespace moebench {

struct ProbeChoice {
  std::string key;     // limit key in moebench.probes, e.g. "bandwidth:read"
  std::string regime;  // "memory" or "compute"
};

// Which probe normalizes `benchmark` in `run`: memory-bound when its arithmetic intensity lies
// below the ridge point (FLOP/s / bandwidth) of the run's own probes. nullopt with `why` set
// when it cannot be normalized (no analytic intensity, probe missing, a probe record itself).
std::optional<ProbeChoice> choose_normalizing_probe(const ResultBenchmark& benchmark,
                                                    const ResultsFile& run, std::string& why);

}  // namespace moebench
