// The options `run` and `list` share: what to select (suites, backends, preset, axes, filter,
// kernels, shard, seed, model folder).
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "harness/runner/plan.h"

namespace moebench {

struct PlanArgs {
  std::string suites = "all";
  std::string backends = "auto";
  std::string preset = "quick";
  std::vector<std::string> axes;
  std::string filter;
  std::string kernel;
  std::string shard = "0/1";
  uint64_t seed = 42;
  std::string models_dir;

  void add_options(CLI::App& app);
  PlanOptions to_plan_options() const;  // UserError on bad values
};

}  // namespace moebench
