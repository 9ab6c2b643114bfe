#include "harness/results/record.h"

#include <cmath>

namespace moebench {

nlohmann::json to_json(const Summary& s) {
  return {{"n", s.n},
          {"min", s.min},
          {"max", s.max},
          {"mean", s.mean},
          {"stddev", s.stddev},
          {"median", s.median},
          {"q1", s.q1},
          {"q3", s.q3},
          {"iqr", s.iqr},
          {"cv", s.cv},
          {"median_ci_low", s.median_ci_low},
          {"median_ci_high", s.median_ci_high},
          // infinity is not JSON: too few samples for a CI is written as null
          {"median_rel_ci",
           std::isfinite(s.median_rel_ci) ? nlohmann::json(s.median_rel_ci) : nlohmann::json()}};
}

nlohmann::json to_json(const AnalyticCounts& a) {
  return {{"tokens", a.tokens},
          {"flops", a.flops},
          {"weight_bytes", a.weight_bytes},
          {"activation_bytes", a.activation_bytes},
          {"routing_bytes", a.routing_bytes},
          {"total_bytes", a.total_bytes()},
          {"arithmetic_intensity", a.arithmetic_intensity()},
          {"experts_touched", a.experts_touched},
          {"experts_touched_expected", a.experts_touched_expected},
          {"resident_weight_bytes", a.resident_weight_bytes}};
}

nlohmann::json to_json(const Record& r) {
  nlohmann::json axes = nlohmann::json::object();
  for (const auto& [name, value] : r.axes) axes[name] = value;
  nlohmann::json j = {{"name", r.name},       {"suite", r.suite},
                      {"role", r.role},       {"kernel", r.kernel},
                      {"backend", r.backend}, {"op", r.op},
                      {"group", r.group},     {"vendor_baseline", r.vendor_baseline},
                      {"axes", axes},         {"shape", r.shape},
                      {"graph", r.graph},     {"status", r.status}};
  if (!r.stage.empty()) j["stage"] = r.stage;
  if (!r.reason.empty()) j["reason"] = r.reason;
  if (r.verified) {
    j["verification"] = {{"passed", r.verification.passed},
                         {"normalized_error", r.verification.normalized_error},
                         {"tolerance", r.verification.tolerance},
                         {"max_abs_error", r.verification.max_abs_error},
                         {"reference_max_abs", r.verification.reference_max_abs},
                         {"tokens_checked", r.tokens_checked}};
    if (!r.verification.message.empty()) j["verification"]["message"] = r.verification.message;
  }
  if (r.timed) {
    j["timing"] = {{"mode", r.cold ? "cold" : "hot"},
                   {"samples_s", r.timing.seconds},
                   {"warmup_runs", r.timing.warmup_runs},
                   {"stop_reason", std::string(to_string(r.timing.reason))},
                   {"wall_s", r.timing.wall_s},
                   {"summary", to_json(r.timing.summary)}};
  }
  if (r.has_analytic) j["analytic"] = to_json(r.analytic);
  if (r.work > 0) j["work_per_run"] = r.work;
  if (!r.derived.empty()) j["derived"] = r.derived;
  if (!r.limits.empty()) j["limits"] = r.limits;
  if (!r.counters.empty()) {
    nlohmann::json counters = nlohmann::json::array();
    for (const auto& c : r.counters) {
      nlohmann::json counter = {{"name", c.name},
                                {"value", c.value},
                                {"unit", c.unit},
                                {"source", c.source},
                                {"passes", c.passes}};
      if (!c.samples.empty()) counter["samples"] = c.samples;
      counters.push_back(std::move(counter));
    }
    j["counters"] = counters;
  }
  if (!r.counter_ratios.empty()) j["counter_ratios"] = r.counter_ratios;
  if (!r.counter_errors.empty()) j["counter_errors"] = r.counter_errors;
  if (!r.expert_token_counts.empty()) j["expert_token_counts"] = r.expert_token_counts;
  if (r.resident_weight_bytes) j["resident_weight_bytes"] = r.resident_weight_bytes;
  return j;
}

}  // namespace moebench
