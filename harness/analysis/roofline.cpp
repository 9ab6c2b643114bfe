#include "harness/analysis/roofline.h"

namespace moebench {

namespace {

double probe(const RunInfo& run, const std::string& prefix, const std::string& key,
             std::string& used) {
  auto it = run.probes.find(prefix + key);
  if (it == run.probes.end()) return 0;
  used = prefix + key;
  return it->second;
}

}  // namespace

RooflineLimits roofline_limits(const RunInfo& run, const std::string& backend,
                               const std::string& precision) {
  const std::string prefix = backend.empty() || backend == "cpu" ? "" : backend + "/";
  RooflineLimits l;
  std::string flops_key = "flops:fp32";
  if (precision == "bf16" || precision == "fp16") flops_key = "flops:bf16";
  if (precision == "int8") flops_key = "flops:int8";
  l.peak_flops = probe(run, prefix, flops_key, l.flops_key);
  if (l.peak_flops <= 0) l.peak_flops = probe(run, prefix, "flops:fp32", l.flops_key);
  l.bandwidth = probe(run, prefix, "bandwidth:read", l.bandwidth_key);
  if (l.bandwidth <= 0) l.bandwidth = probe(run, prefix, "bandwidth:triad", l.bandwidth_key);
  return l;
}

}  // namespace moebench
