// The descriptive parts of a results file: Google Benchmark's context and moebench's
// build/host/backends block.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/runner/plan.h"

namespace moebench {

std::string make_run_id();  // YYYYMMDD-HHMMSS-<host>
nlohmann::json benchmark_context();
nlohmann::json build_info();
nlohmann::json backends_json(const Plan& plan);

}  // namespace moebench
