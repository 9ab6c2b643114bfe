// What each moebench CUPTI counter is made of, in CUPTI metric names (plain C++: no CUDA
// headers, so the plan is unit-tested on any machine).
//
//   dram__bytes_read.sum, dram__bytes_write.sum   bytes; dram_bytes = read + write
//   gpu__time_duration.sum                         ns
//   achieved_occupancy                             % =
//   sm__warps_active.avg.pct_of_peak_sustained_active simt_flop.{fp16,fp32,fp64} add + mul + 2·fma
//   thread instructions
//                                                  (sm__sass_thread_inst_executed_op_{h,f,d}{add,mul,fma}_pred_on.sum),
//                                                  the convention of Nsight Compute's roofline
//   tensor_flop.<type>                             sm__ops_path_tensor_src_<type>.sum × per-chip
//   factor tensor_flop, flop                              sums
//
// Tensor metric names differ by chip (GH100: sm__ops_path_tensor_src_fp16, GA100:
// sm__ops_path_tensor_src_fp16_dst_fp32, …), so they are looked up in the chip's base metric list
// (Profiler Host API): every sm__ops_path_tensor_src_<type> with a floating-point <type>, without
// its _sparsity_on/_sparsity_off/_realtime variants. Integer types are OPs, not FLOPs.
#pragma once

#include <string>
#include <vector>

#include "harness/counters/counter_source.h"

namespace moebench {

struct CuptiTerm {
  std::string metric;  // with rollup: "dram__bytes_read.sum"
  double coefficient = 1;
};

struct CuptiCounterDefinition {
  std::string name;
  std::string unit;
  std::vector<CuptiTerm> terms;  // value = Σ coefficient · metric
  std::string missing;           // non-empty: why this chip cannot give it
};

struct CuptiMetricPlan {
  std::vector<std::string> metrics;  // raw metrics to collect, each once
  std::vector<CuptiCounterDefinition> counters;
};

// The counters every CUDA device is asked for, whatever the chip (for listings without a GPU).
std::vector<std::string> cupti_counter_names();

// sm__ops_path_tensor_src_<float type> base metrics of a chip, sorted.
std::vector<std::string> tensor_flop_base_metrics(const std::vector<std::string>& base_metrics);

// FLOPs per "math op" counted by sm__ops_path_tensor_*: calibrated with a GEMM of known FLOPs
// (results/reference/cupti-h100-*.md). 0 for a chip not calibrated yet.
double tensor_flop_per_op(const std::string& chip);

// Definitions for a chip from its base metric list (without rollups).
std::vector<CuptiCounterDefinition> cupti_counter_definitions(
    const std::string& chip, const std::vector<std::string>& base_metrics);

// Raw metrics for the named counters ({"auto"}: every one the chip has). UserError on an unknown
// name (listing the valid ones) or one the chip cannot give (with the reason).
CuptiMetricPlan plan_cupti_metrics(const std::vector<CuptiCounterDefinition>& definitions,
                                   const std::vector<std::string>& names);

// Counter values from the raw metric values (same order as plan.metrics).
std::vector<CounterValue> evaluate_cupti_plan(const CuptiMetricPlan& plan,
                                              const std::vector<double>& metric_values, int passes);

}  // namespace moebench
