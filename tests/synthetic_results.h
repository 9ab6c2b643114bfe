// Test helper: synthetic moebench results files (docs/results-schema.md) with known timings,
// written to a fresh temporary directory.
#pragma once

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <unistd.h>

#include <nlohmann/json.hpp>

namespace moebench::testing {

// Log-normal samples around `median_s` with relative spread `cv`.
inline std::vector<double> noisy_samples(double median_s, double cv, int n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0.0, cv);
  std::vector<double> out;
  for (int i = 0; i < n; ++i) out.push_back(median_s * std::exp(normal(rng)));
  return out;
}

struct SyntheticRecord {
  std::string name;
  std::vector<double> samples_s;
  double arithmetic_intensity = 0.25;  // FLOP per byte: memory-bound on this machine
  std::string precision = "fp32";
  std::string role = "moe";
  // Counter repetitions by counter name, written as `counters[]` (unit "count").
  std::map<std::string, std::vector<double>> counters = {};
};

inline nlohmann::json results_json(const std::vector<SyntheticRecord>& records,
                                   const std::map<std::string, double>& probes,
                                   int schema_version = 1) {
  nlohmann::json j;
  j["context"] = {{"host_name", "testhost"}, {"date", "2026-11-23T07:00:00+00:00"}};
  j["benchmarks"] = nlohmann::json::array();
  j["moebench"] = {{"schema_version", schema_version},
                   {"run_id", "20261123-070000-testhost"},
                   {"complete", true}};
  nlohmann::json probe_block = nlohmann::json::object();
  for (const auto& [key, value] : probes)
    probe_block[key] = {{"value", value}, {"unit", key.find("flops") == 0 ? "FLOP/s" : "B/s"}};
  j["moebench"]["probes"] = probe_block;
  j["moebench"]["records"] = nlohmann::json::array();
  for (const auto& r : records) {
    j["moebench"]["records"].push_back(
        {{"name", r.name},
         {"suite", "moe"},
         {"role", r.role},
         {"kernel", "cpu.reference"},
         {"backend", "cpu"},
         {"status", "ok"},
         {"axes", {{"precision", r.precision}, {"tokens", "8"}}},
         {"timing", {{"mode", "cold"}, {"samples_s", r.samples_s}}},
         {"analytic", {{"arithmetic_intensity", r.arithmetic_intensity}}}});
    if (!r.counters.empty()) {
      auto& counters = j["moebench"]["records"].back()["counters"];
      for (const auto& [name, samples] : r.counters)
        counters.push_back(
            {{"name", name}, {"value", samples.front()}, {"unit", "count"}, {"samples", samples}});
    }
  }
  return j;
}

class TempDir {
 public:
  TempDir() {
    static int counter = 0;
    path_ = std::filesystem::temp_directory_path() /
            ("moebench-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string write(const std::string& name, const std::string& text) const {
    const auto file = path_ / name;
    std::ofstream(file) << text;
    return file.string();
  }
  std::string write(const std::string& name, const nlohmann::json& j) const {
    return write(name, j.dump());
  }
  std::string path(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace moebench::testing
