#include "harness/analysis/roofline.h"

namespace moebench {

std::string flops_limit_key(const std::string& backend, Precision p) {
  switch (p) {
    case Precision::bf16:
      return backend + "/flops:bf16";
    case Precision::int8:
      return backend + "/flops:int8";
    case Precision::fp16:
      return backend == "cpu" ? "cpu/flops:fp32" : backend + "/flops:fp16";
    case Precision::fp8_e4m3:
      return backend == "cpu" ? "cpu/flops:fp32" : backend + "/flops:fp8-e4m3";
    default:
      return backend + "/flops:fp32";
  }
}

std::string bandwidth_limit_key(const std::string& backend) { return backend + "/bandwidth:read"; }

namespace {

double probe_value(const nlohmann::json& probes, const std::string& key) {
  if (!probes.contains(key)) return 0;
  return probes[key].value("value", 0.0);
}

}  // namespace

nlohmann::json limits_for(const AnalyticCounts& counts, double seconds, Precision p,
                          const std::string& backend, const nlohmann::json& probes,
                          const nlohmann::json& profile) {
  nlohmann::json limits = nlohmann::json::object();
  if (seconds <= 0) return limits;
  const double flop_rate = counts.flops / seconds;
  const double bandwidth = counts.total_bytes() / seconds;

  const std::string flops_key = flops_limit_key(backend, p);
  const std::string bw_key = bandwidth_limit_key(backend);
  const double peak = probe_value(probes, flops_key);
  const double bw = probe_value(probes, bw_key);
  nlohmann::json probe = nlohmann::json::object();
  if (peak > 0) {
    probe["flops_key"] = flops_key;
    probe["flops_pct"] = 100 * flop_rate / peak;
  }
  if (bw > 0) {
    probe["bandwidth_key"] = bw_key;
    probe["bandwidth_pct"] = 100 * bandwidth / bw;
  }
  if (peak > 0 && bw > 0) {
    // Below the ridge point the roof is bandwidth, above it the FLOP rate.
    const double ridge = peak / bw;
    probe["ridge_flop_per_byte"] = ridge;
    limits["regime"] = counts.arithmetic_intensity() < ridge ? "memory" : "compute";
  }
  if (!probe.empty()) limits["probe"] = probe;

  if (profile.is_object()) {
    nlohmann::json datasheet = nlohmann::json::object();
    const auto& peaks = profile.value("peak_flops", nlohmann::json::object());
    const std::string name(to_string(p));
    if (peaks.contains(name) && peaks[name].is_number() && peaks[name].get<double>() > 0)
      datasheet["flops_pct"] = 100 * flop_rate / peaks[name].get<double>();
    const double sheet_bw = profile.value("memory_bandwidth", 0.0);
    if (sheet_bw > 0) datasheet["bandwidth_pct"] = 100 * bandwidth / sheet_bw;
    if (!datasheet.empty()) limits["datasheet"] = datasheet;
  }
  return limits;
}

}  // namespace moebench
