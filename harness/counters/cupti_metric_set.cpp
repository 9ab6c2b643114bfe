#include "harness/counters/cupti_metric_set.h"

#include <algorithm>
#include <map>
#include <set>

#include "harness/core/error.h"

namespace moebench {
namespace {

constexpr const char* kTensorPrefix = "sm__ops_path_tensor_src_";

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool has(const std::set<std::string>& metrics, const std::string& with_rollup) {
  return metrics.count(with_rollup.substr(0, with_rollup.find('.'))) > 0;
}

std::vector<CuptiTerm> simt_terms(char precision) {
  const std::string base = std::string("sm__sass_thread_inst_executed_op_") + precision;
  return {
      {base + "add_pred_on.sum", 1}, {base + "mul_pred_on.sum", 1}, {base + "fma_pred_on.sum", 2}};
}

}  // namespace

std::vector<std::string> cupti_counter_names() {
  return {"dram__bytes_read.sum", "dram__bytes_write.sum",
          "dram_bytes",           "gpu__time_duration.sum",
          "achieved_occupancy",   "simt_flop.fp16",
          "simt_flop.fp32",       "simt_flop.fp64",
          "tensor_flop",          "flop"};
}

std::vector<std::string> tensor_flop_base_metrics(const std::vector<std::string>& base_metrics) {
  std::vector<std::string> tensor;
  for (const auto& metric : base_metrics) {
    if (metric.rfind(kTensorPrefix, 0) != 0) continue;
    if (metric.find("_sparsity_") != std::string::npos || ends_with(metric, "_realtime")) continue;
    const std::string type = metric.substr(std::string(kTensorPrefix).size());
    const bool floating =
        type.rfind("fp", 0) == 0 || type.rfind("bf", 0) == 0 || type.rfind("tf", 0) == 0;
    if (floating) tensor.push_back(metric);
  }
  std::sort(tensor.begin(), tensor.end());
  return tensor;
}

double tensor_flop_per_op(const std::string& chip) {
  // Measured, not assumed: on an H100 (GH100) sm__ops_path_tensor_src_{bf16_dst_fp32,fp16}.sum
  // read 1.0156 × 2·M·N·K for cuBLAS GEMMs of M=N=K=8192, i.e. one "math op" is one FLOP
  // (a multiply-add counts two). results/reference/cupti-h100-2026-11-23.md. Other chips stay
  // uncalibrated until measured the same way (tests/gpu/cupti_check).
  static const std::map<std::string, double> calibrated = {{"GH100", 1.0}};
  auto it = calibrated.find(chip);
  return it == calibrated.end() ? 0.0 : it->second;
}

std::vector<CuptiCounterDefinition> cupti_counter_definitions(
    const std::string& chip, const std::vector<std::string>& base_metrics) {
  const std::set<std::string> metrics(base_metrics.begin(), base_metrics.end());
  std::vector<CuptiCounterDefinition> definitions = {
      {"dram__bytes_read.sum", "bytes", {{"dram__bytes_read.sum", 1}}, ""},
      {"dram__bytes_write.sum", "bytes", {{"dram__bytes_write.sum", 1}}, ""},
      {"dram_bytes", "bytes", {{"dram__bytes_read.sum", 1}, {"dram__bytes_write.sum", 1}}, ""},
      {"gpu__time_duration.sum", "ns", {{"gpu__time_duration.sum", 1}}, ""},
      {"achieved_occupancy", "%", {{"sm__warps_active.avg.pct_of_peak_sustained_active", 1}}, ""},
      {"simt_flop.fp16", "flop", simt_terms('h'), ""},
      {"simt_flop.fp32", "flop", simt_terms('f'), ""},
      {"simt_flop.fp64", "flop", simt_terms('d'), ""},
  };
  const double factor = tensor_flop_per_op(chip);
  CuptiCounterDefinition tensor_total{"tensor_flop", "flop", {}, ""};
  for (const auto& metric : tensor_flop_base_metrics(base_metrics)) {
    const std::string type = metric.substr(std::string(kTensorPrefix).size());
    definitions.push_back({"tensor_flop." + type, "flop", {{metric + ".sum", factor}}, ""});
    tensor_total.terms.push_back({metric + ".sum", factor});
  }
  if (tensor_total.terms.empty()) {
    tensor_total.missing = "chip " + chip + " has no sm__ops_path_tensor_src_* metrics";
  }
  if (factor == 0) {
    for (auto& definition : definitions) {
      if (definition.name.rfind("tensor_flop", 0) == 0) {
        definition.missing = "FLOPs per sm__ops_path_tensor op not calibrated for chip " + chip +
                             " (calibrate with a GEMM: docs/profiling.md)";
      }
    }
    tensor_total.missing = tensor_total.missing.empty()
                               ? "FLOPs per sm__ops_path_tensor op not calibrated for chip " + chip
                               : tensor_total.missing;
  }
  CuptiCounterDefinition flop{"flop", "flop", {}, tensor_total.missing};
  for (const auto& definition : definitions) {
    if (definition.name.rfind("simt_flop.", 0) == 0) {
      flop.terms.insert(flop.terms.end(), definition.terms.begin(), definition.terms.end());
    }
  }
  flop.terms.insert(flop.terms.end(), tensor_total.terms.begin(), tensor_total.terms.end());
  definitions.push_back(tensor_total);
  definitions.push_back(flop);
  // A term whose metric the chip lacks makes the counter unavailable (older chips, renamed
  // metrics), rather than silently summing fewer terms.
  for (auto& definition : definitions) {
    for (const auto& term : definition.terms) {
      if (definition.missing.empty() && !has(metrics, term.metric)) {
        definition.missing = "chip " + chip + " has no metric " + term.metric;
      }
    }
  }
  return definitions;
}

CuptiMetricPlan plan_cupti_metrics(const std::vector<CuptiCounterDefinition>& definitions,
                                   const std::vector<std::string>& names) {
  CuptiMetricPlan plan;
  const bool automatic = names.size() == 1 && names.front() == "auto";
  for (const auto& definition : definitions) {
    if (automatic && definition.missing.empty()) plan.counters.push_back(definition);
  }
  if (!automatic) {
    for (const auto& name : names) {
      auto it = std::find_if(definitions.begin(), definitions.end(),
                             [&](const auto& d) { return d.name == name; });
      if (it == definitions.end()) {
        std::vector<std::string> valid;
        for (const auto& d : definitions) valid.push_back(d.name);
        throw UserError(unknown_name_message("CUPTI counter", name, valid));
      }
      if (!it->missing.empty()) {
        throw UserError("counter '" + name + "' is unavailable: " + it->missing);
      }
      plan.counters.push_back(*it);
    }
  }
  for (const auto& counter : plan.counters) {
    for (const auto& term : counter.terms) {
      if (std::find(plan.metrics.begin(), plan.metrics.end(), term.metric) == plan.metrics.end()) {
        plan.metrics.push_back(term.metric);
      }
    }
  }
  return plan;
}

std::vector<CounterValue> evaluate_cupti_plan(const CuptiMetricPlan& plan,
                                              const std::vector<double>& metric_values,
                                              int passes) {
  std::map<std::string, double> by_metric;
  for (size_t i = 0; i < plan.metrics.size() && i < metric_values.size(); ++i) {
    by_metric[plan.metrics[i]] = metric_values[i];
  }
  std::vector<CounterValue> values;
  for (const auto& counter : plan.counters) {
    double value = 0;
    for (const auto& term : counter.terms) value += term.coefficient * by_metric.at(term.metric);
    values.push_back({counter.name, value, counter.unit, "cupti", passes});
  }
  return values;
}

}  // namespace moebench
