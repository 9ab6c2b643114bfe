#include "harness/analysis/roofline_normalize.h"

namespace moebench {
namespace {

// Probe keys of non-CPU backends carry the backend as a prefix ("cuda/bandwidth:read").
std::string backend_prefix(const ResultBenchmark& b) {
  return (b.backend.empty() || b.backend == "cpu") ? std::string() : b.backend + "/";
}

std::string flops_key(const ResultBenchmark& b) {
  if (!b.flops_key.empty()) return b.flops_key;
  auto precision = b.axes.find("precision");
  const std::string p = precision == b.axes.end() ? "fp32" : precision->second;
  // Only fp32, bf16 and int8 have probes; other precisions compute in fp32 after dequantising.
  const std::string probed = (p == "bf16" || p == "int8") ? p : "fp32";
  return backend_prefix(b) + "flops:" + probed;
}

std::string bandwidth_key(const ResultBenchmark& b) {
  return b.bandwidth_key.empty() ? backend_prefix(b) + "bandwidth:read" : b.bandwidth_key;
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
  const auto intensity = arithmetic_intensity(benchmark);
  if (!intensity) {
    why = "no analytic arithmetic intensity";
    return std::nullopt;
  }
  const std::string flops = flops_key(benchmark), bandwidth = bandwidth_key(benchmark);
  auto flops_probe = run.probes.find(flops);
  auto bandwidth_probe = run.probes.find(bandwidth);
  if (bandwidth_probe == run.probes.end() || flops_probe == run.probes.end()) {
    why = "probe " + (bandwidth_probe == run.probes.end() ? bandwidth : flops) + " missing in " +
          run.path;
    return std::nullopt;
  }
  const double ridge = flops_probe->second.value / bandwidth_probe->second.value;
  if (*intensity < ridge) return ProbeChoice{bandwidth, "memory"};
  return ProbeChoice{flops, "compute"};
}

}  // namespace moebench
