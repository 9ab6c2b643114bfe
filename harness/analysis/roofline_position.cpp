#include "harness/analysis/roofline_position.h"

#include "harness/analysis/roofline.h"

namespace moebench {

namespace {

double probe(const RunInfo& run, const std::string& key) {
  auto it = run.probes.find(key);
  return it == run.probes.end() ? 0 : it->second;
}

}  // namespace

RooflineLimits roofline_limits(const RunInfo& run, const std::string& backend,
                               const std::string& precision) {
  const std::string b = backend.empty() ? "cpu" : backend;
  const Precision p = parse_precision(precision).value_or(Precision::fp32);
  RooflineLimits l;
  l.flops_key = flops_limit_key(b, p);
  l.peak_flops = probe(run, l.flops_key);
  if (l.peak_flops <= 0) {
    l.flops_key = flops_limit_key(b, Precision::fp32);
    l.peak_flops = probe(run, l.flops_key);
  }
  l.bandwidth_key = bandwidth_limit_key(b);
  l.bandwidth = probe(run, l.bandwidth_key);
  return l;
}

}  // namespace moebench
