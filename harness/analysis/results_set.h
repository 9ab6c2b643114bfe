// Results files (docs/results-schema.md) as the analysis sees them: runs, typed records and
// the roofline probes, from one or several files (several machines or runs).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace moebench {

struct RunInfo {
  std::string path;
  std::string run_id;
  std::string host;
  std::string date;
  std::string cpu_model;
  std::vector<std::string> devices;  // "cpu: AMD …", "cuda: NVIDIA H100 …"
  bool complete = true;
  std::set<std::string> suites;  // suites the run was asked for (options.suites)
  // limit key ("flops:fp32", "cuda/bandwidth:read") -> value in FLOP/s or B/s
  std::map<std::string, double> probes;
  nlohmann::json hardware_profiles;  // {backend: profile} as stored in the file
  std::string label() const;         // "host · device · date" for comparison plots
};

struct Record {
  size_t run = 0;  // index into ResultsSet::runs
  std::string name, suite, role, stage, kernel, backend, group, status, reason;
  bool vendor_baseline = false;
  std::map<std::string, std::string> axes;
  int64_t tokens = 0;
  std::vector<double> samples_s;
  double median_s = 0;
  double flops = 0, weight_bytes = 0, activation_bytes = 0, routing_bytes = 0, total_bytes = 0;
  double arithmetic_intensity = 0, experts_touched = 0, experts_touched_expected = 0;
  double resident_weight_bytes = 0;
  nlohmann::json shape;
  std::vector<int64_t> expert_token_counts;

  std::string axis(const std::string& key) const;  // "" when absent
  bool ok() const { return status == "ok" && median_s > 0; }
  double time_per_token_s() const { return tokens > 0 ? median_s / double(tokens) : 0; }
  // Quantile of the timing samples (type 7); the median when no samples were stored.
  double sample_quantile(double q) const;
};

struct ResultsSet {
  std::vector<RunInfo> runs;
  std::vector<Record> records;
  std::vector<nlohmann::json> skipped;  // {name, reason, run}

  bool suite_ran(const std::string& suite) const;  // any ok record of that suite
  std::vector<std::string> run_ids() const;
  std::string hardware_summary() const;  // the devices of all runs, deduplicated
};

// UserError on a missing file, invalid JSON, or a schema version this build does not know.
ResultsSet load_results(const std::vector<std::filesystem::path>& files);
ResultsSet results_from_json(const std::vector<nlohmann::json>& docs,
                             const std::vector<std::string>& paths);

}  // namespace moebench
