// Measures one job: builds the kernel, verifies it against kernels/reference (a wrong kernel is
// never timed), warms up, samples until the stopping rule holds, then fills the record with
// analytic counts, derived rates and % of limits. Stages and probes likewise.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/counters/counter_registry.h"
#include "harness/device/backend.h"
#include "harness/measure/stopping.h"
#include "harness/results/record.h"
#include "harness/runner/plan.h"
#include "harness/runner/slowdown.h"

namespace moebench {

struct MeasureOptions {
  StoppingRule rule;
  StoppingRule probe_rule;
  bool profile = false;  // --profile: one timed run per point, no stopping loop
  bool graph = false;    // --graph: Problem::graph for every kernel
  int max_verify_tokens = 16;
  std::optional<InjectedSlowdown> slowdown;
  // The counter pass after timing (replays perturb time, so it never overlaps it).
  CounterSelection counters;
};

class JobRunner {
 public:
  JobRunner(Backend& backend, MeasureOptions options, const nlohmann::json& probes,
            const nlohmann::json& profile);

  // One record for the whole op, then one per stage when the workload asks for stages.
  std::vector<Record> run_kernel(const Job& job, const WorkloadData& data);
  Record run_probe(const Job& job);

 private:
  Record base_record(const Job& job) const;
  SampleSet sample(const std::function<void()>& work, bool cold, const StoppingRule& rule,
                   double slowdown_fraction);
  void fill_derived(Record& record, const Workload& workload) const;
  // The counter pass: every requested source counts `batch.calls + batch.extra` executions of
  // `workload`, and the counts are per call (divided by batch.calls; slowdown.h).
  void count(Record& record, const std::function<void()>& workload, const CountBatch& batch);

  Backend& backend_;
  MeasureOptions options_;
  const nlohmann::json& probes_;
  const nlohmann::json& profile_;
};

// The tokens verification checks: all of them up to max_tokens, else max_tokens spread evenly
// (first and last included).
std::vector<int64_t> tokens_to_verify(int64_t tokens, int max_tokens);

}  // namespace moebench
