// What a run will do: the selected suites' workloads on the selected backends, each paired with
// the kernels that will time it, after --filter and --shard. Shared by `run` and `list`.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "harness/device/backend.h"
#include "harness/sweep/axis.h"
#include "harness/sweep/sweep.h"
#include "kernels/registry.h"
#include "suites/suite.h"

namespace moebench {

struct PlanOptions {
  std::string suites = "all";
  std::string backends = "auto";  // "auto": every available backend; else a comma list
  Preset preset = Preset::quick;
  AxisOverrides overrides;
  std::string filter;         // ECMAScript regex on the record name; "" selects all
  std::string kernel_filter;  // regex on kernel names; "" = every kernel but the reference
  Shard shard;
  uint64_t seed = 42;
  std::filesystem::path models_dir;  // "" = default_models_dir()
};

struct Job {
  Workload workload;
  const KernelInfo* kernel = nullptr;  // null for probes
  std::string name;                    // the record name
};

struct BackendChoice {
  std::string name;
  BackendStatus status;
  bool selected = false;
};

struct Plan {
  std::vector<BackendChoice> backends;
  std::vector<Job> jobs;
  nlohmann::json skipped = nlohmann::json::array();  // {name, reason}
  std::vector<ModelConfig> models;
  std::vector<std::string> warnings;
};

// UserError on unknown suites/backends, bad axis values, unreadable model files, a requested
// backend that is unavailable, or a filter that is not a valid regex.
Plan make_plan(const PlanOptions& options);
std::string record_name(const Workload& workload, const std::string& kernel);

}  // namespace moebench
