// One result record: a workload measured (or failed, or skipped) with one kernel.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/counters/counter_source.h"
#include "harness/measure/sampler.h"
#include "kernels/reference/verify.h"
#include "suites/common/analytic.h"

namespace moebench {

struct Record {
  std::string name;
  std::string suite, role, stage, kernel, backend, op, group;
  bool vendor_baseline = false;
  bool graph = false;  // run() replayed a captured graph (stages never do)
  std::vector<std::pair<std::string, std::string>> axes;
  nlohmann::json shape;
  std::string status = "ok";  // ok | failed | skipped
  std::string reason;
  bool verified = false;  // verification ran (probes are not verified: nothing to compare)
  Verification verification;
  int tokens_checked = 0;
  bool cold = false;
  bool timed = false;
  SampleSet timing;
  AnalyticCounts analytic;
  bool has_analytic = false;
  double work = 0;  // probes: FLOPs or bytes per run
  nlohmann::json derived = nlohmann::json::object();
  nlohmann::json limits = nlohmann::json::object();
  std::vector<CounterValue> counters;
  nlohmann::json counter_ratios = nlohmann::json::array();  // measured/analytic FLOPs, bytes
  std::vector<std::string> counter_errors;                  // a source that failed on this point
  std::vector<int32_t> expert_token_counts;
  size_t resident_weight_bytes = 0;
};

nlohmann::json to_json(const Record& record);
nlohmann::json to_json(const Summary& summary);
nlohmann::json to_json(const AnalyticCounts& counts);

}  // namespace moebench
