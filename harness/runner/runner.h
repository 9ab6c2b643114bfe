// A whole run: plan → probes → every job through Google Benchmark → results file + summary.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "harness/runner/plan.h"

namespace moebench {

struct RunOptions {
  PlanOptions plan;
  std::filesystem::path out;  // "" = results/<run-id>.json
  double max_time_s = 0;      // 0 = the preset's cap per point
  double target_rel_ci = 0;   // 0 = the preset's
  bool profile = false;
  bool graph = false;             // --graph: ask kernels for graph replay (Problem::graph)
  std::string counters = "auto";  // --counters auto|none|LIST
  std::vector<std::string> command_line;
};

// Returns the exit code: 0 when every job was measured or skipped with a reason, 1 when a
// kernel failed verification or errored, 130 when interrupted (the file is still written).
int run_benchmarks(const RunOptions& options);

}  // namespace moebench
