// One thing to measure, as a suite describes it: the data to build, the op, the axes that name
// it, and the analytic counts. The runner times it with every kernel that supports it.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/sweep/sweep.h"
#include "kernels/problem.h"
#include "suites/common/analytic.h"

namespace moebench {

struct ProbeInfo;

// Host data of a workload; exactly one member is set, matching the op.
struct WorkloadData {
  std::unique_ptr<DenseFfnData> dense;
  std::unique_ptr<MoeLayerData> moe;
};

struct Workload {
  std::string suite;
  // "moe", "dense_same_active", "dense_same_total", "dense", "probe"
  std::string role;
  // Shared by an MoE workload and its dense partners (their comparison group).
  std::string group;
  Combination axes;
  std::string backend;

  // Probe workloads (roofline suite) set this and nothing below.
  const ProbeInfo* probe = nullptr;

  Op op = Op::dense_ffn;
  Precision precision = Precision::fp32;
  int int4_group_size = 128;
  int threads = 1;
  bool cold = true;
  bool time_stages = false;  // also time each stage of the kernel on its own
  int64_t tokens = 0;
  nlohmann::json shape;
  double data_bytes = 0;  // host bytes make_data allocates
  std::function<std::shared_ptr<const WorkloadData>()> make_data;
  std::function<AnalyticCounts(const std::vector<int32_t>& expert_token_counts)> analytic;

  // "suite/role/axis=value/…"; the runner inserts the kernel name after the role.
  std::string name_prefix() const { return suite + "/" + role; }
  std::string name_suffix() const { return to_path(axes); }
};

}  // namespace moebench
