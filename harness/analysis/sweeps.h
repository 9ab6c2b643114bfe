// The measured sweeps the empirical claims read, pulled out of a ResultsSet: the three-way
// MoE / dense-same-active / dense-same-total comparison over batch, stage breakdowns, the
// routing-distribution and precision axes. Where several kernels measured the same point the
// fastest verified one stands for it (reference kernels only when nothing else ran).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "harness/analysis/results_set.h"

namespace moebench {

struct ThreeWayPoint {
  int64_t tokens = 0;
  const Record* moe = nullptr;
  const Record* dense_same_active = nullptr;  // may be null when that partner is missing
  const Record* dense_same_total = nullptr;
  std::map<std::string, double> stage_seconds;  // MoE stage records of the same group
};

struct ThreeWaySeries {
  std::string label;  // "qwen3-30b-a3b scale=0.25 fp32 uniform (cpu, run …)"
  size_t run = 0;
  std::string backend, model, precision, routing, scale;
  std::vector<ThreeWayPoint> points;  // ascending tokens
};

// MoE records of `suite` (routing uniform, or routing absent) with their partners by group.
std::vector<ThreeWaySeries> three_way_series(const ResultsSet& set, const std::string& suite);

// The same MoE shape under several routing distributions: routing -> record.
struct RoutingComparison {
  std::string label;
  size_t run = 0;
  int64_t tokens = 0;
  std::map<std::string, const Record*> by_routing;
};
std::vector<RoutingComparison> routing_comparisons(const ResultsSet& set);

// One role (moe, dense_same_active, dense…) at one shape and batch under several precisions.
struct PrecisionComparison {
  std::string label;
  size_t run = 0;
  std::string role;
  int64_t tokens = 0;
  std::map<std::string, const Record*> by_precision;
};
std::vector<PrecisionComparison> precision_comparisons(const ResultsSet& set);

// FFN weights of a dense record (3 · d_model · d_ff from its shape), 0 when unknown.
double dense_ffn_params(const Record& r);
// Time per token of a dense FFN with `ratio` times the dense-same-active partner's weights,
// estimated by log-log interpolation between the measured dense-same-active and
// dense-same-total points of the same batch; 0 when a partner is missing.
double estimated_dense_time_per_token(const ThreeWayPoint& p, double ratio);

// The fastest ok record among candidates (non-reference kernels preferred); null when none.
const Record* fastest(const std::vector<const Record*>& candidates);

}  // namespace moebench
