#include "harness/analysis/roofline_normalize.h"

#include <vector>

namespace moebench {
namespace {

// Probe keys carry the backend as a prefix ("cpu/flops:fp32", "cuda/bandwidth:read");
// docs/results-schema.md's first draft left it off for the CPU, so that spelling is accepted.
std::vector<std::string> spellings(const ResultBenchmark& b, const std::string& limit) {
  const std::string backend = b.backend.empty() ? "cpu" : b.backend;
  std::vector<std::string> keys = {backend + "/" + limit};
  if (backend == "cpu") keys.push_back(limit);
  return keys;
}

std::vector<std::string> flops_keys(const ResultBenchmark& b) {
  if (!b.flops_key.empty()) return {b.flops_key};
  auto precision = b.axes.find("precision");
  const std::string p = precision == b.axes.end() ? "fp32" : precision->second;
  // Only fp32, bf16 and int8 have CPU probes; other precisions compute in fp32 there.
  const std::string probed = (p == "bf16" || p == "int8") ? p : "fp32";
  return spellings(b, "flops:" + probed);
}

std::vector<std::string> bandwidth_keys(const ResultBenchmark& b) {
  if (!b.bandwidth_key.empty()) return {b.bandwidth_key};
  return spellings(b, "bandwidth:read");
}

const ResultProbe* find_probe(const ResultsFile& run, const std::vector<std::string>& keys,
                              std::string& key) {
  for (const auto& k : keys)
    if (auto it = run.probes.find(k); it != run.probes.end()) {
      key = k;
      return &it->second;
    }
  key = keys.front();
  return nullptr;
}

std::optional<double> arithmetic_intensity(const ResultBenchmark& b) {
  if (auto it = b.analytic.find("arithmetic_intensity"); it != b.analytic.end() && it->second > 0)
    return it->second;
  auto flops = b.analytic.find("flops");
  auto bytes = b.analytic.find("total_bytes");
  if (flops != b.analytic.end() && bytes != b.analytic.end() && bytes->second > 0)
    return flops->second / bytes->second;
  return std::nullopt;
}

}  // namespace

std::optional<ProbeChoice> choose_normalizing_probe(const ResultBenchmark& benchmark,
                                                    const ResultsFile& run, std::string& why) {
  if (benchmark.role == "probe") {
    why = "a roofline probe itself";
    return std::nullopt;
  }
  std::string flops, bandwidth;
  const ResultProbe* flops_probe = find_probe(run, flops_keys(benchmark), flops);
  const ResultProbe* bandwidth_probe = find_probe(run, bandwidth_keys(benchmark), bandwidth);
  if (!flops_probe || !bandwidth_probe) {
    why = "probe " + (bandwidth_probe ? flops : bandwidth) + " missing in " + run.path;
    return std::nullopt;
  }
  // The writer's own classification against this run's probes, when it made one.
  if (benchmark.regime == "memory") return ProbeChoice{bandwidth, "memory"};
  if (benchmark.regime == "compute") return ProbeChoice{flops, "compute"};
  const auto intensity = arithmetic_intensity(benchmark);
  if (!intensity) {
    why = "no analytic arithmetic intensity";
    return std::nullopt;
  }
  const double ridge = flops_probe->typical() / bandwidth_probe->typical();
  if (*intensity < ridge) return ProbeChoice{bandwidth, "memory"};
  return ProbeChoice{flops, "compute"};
}

}  // namespace moebench
