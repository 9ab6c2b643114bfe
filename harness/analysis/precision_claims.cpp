// C22: quantised weights in the memory-bound regime, MoE vs dense.
#include <algorithm>
#include <map>

#include "harness/analysis/claim_checks.h"
#include "harness/analysis/sweeps.h"

namespace moebench::claims {

namespace {

struct Speedups {
  std::string label, base;
  double best = 0;  // best speedup over the base precision
  std::string best_precision;
  double bytes_saved = 0;  // resident bytes, base minus best-saving precision
  std::string detail;
};

Speedups speedups(const PrecisionComparison& c) {
  Speedups s;
  s.label = c.label;
  s.base = c.by_precision.count("bf16") ? "bf16" : "fp32";
  auto base_it = c.by_precision.find(s.base);
  if (base_it == c.by_precision.end()) return s;
  const Record& base = *base_it->second;
  for (const auto& [precision, rec] : c.by_precision) {
    if (precision == "fp32" || precision == "bf16" || precision == "fp16") continue;
    const double speedup = base.median_s / rec->median_s;
    s.detail += fmt(" %s %.2fx (resident %s);", precision.c_str(), speedup,
                    gb(rec->resident_weight_bytes).c_str());
    if (speedup > s.best) {
      s.best = speedup;
      s.best_precision = precision;
    }
    s.bytes_saved =
        std::max(s.bytes_saved, base.resident_weight_bytes - rec->resident_weight_bytes);
  }
  return s;
}

}  // namespace

ClaimResult check_c22(const ClaimSpec& claim, const ClaimInputs& in) {
  ClaimResult r = start(claim);
  // The smallest batch of each (run, role, shape): the memory-bound end.
  std::map<std::string, PrecisionComparison> smallest;
  for (const auto& c : precision_comparisons(in.results)) {
    const Record& any = *c.by_precision.begin()->second;
    const std::string key = std::to_string(c.run) + "|" + c.role + "|" + any.axis("model") + "|" +
                            any.axis("scale") + "|" + any.backend;
    auto it = smallest.find(key);
    if (it == smallest.end() || c.tokens < it->second.tokens) smallest[key] = c;
  }
  std::map<std::string, Speedups> moe, dense;  // by run|model|scale|backend
  for (const auto& [key, c] : smallest) {
    const Record& any = *c.by_precision.begin()->second;
    const std::string shape_key = std::to_string(c.run) + "|" + any.axis("model") + "|" +
                                  any.axis("scale") + "|" + any.backend;
    Speedups s = speedups(c);
    if (s.best <= 0) continue;
    r.evidence.push_back(
        fmt("%s: speedup over %s:%s", s.label.c_str(), s.base.c_str(), s.detail.c_str()));
    if (c.role == "moe")
      moe[shape_key] = s;
    else if (c.role == "dense_same_active" || c.role == "dense")
      dense.emplace(shape_key, s);
  }
  if (moe.empty()) {
    if (!in.results.suite_ran("quant")) return missing_suites(std::move(r), claim, in);
    r.summary = "no MoE shape measured at two precisions";
    r.missing.push_back("MoE records differing only in precision");
    attach_runs(r, in);
    return r;
  }
  const double tol = claim.tolerance;
  int faster = 0, footprint = 0, compared = 0;
  for (const auto& [key, m] : moe) {
    ++compared;
    auto d = dense.find(key);
    const double dense_best = d == dense.end() ? 0 : d->second.best;
    const double dense_saved = d == dense.end() ? 0 : d->second.bytes_saved;
    faster += m.best > 1 + tol && m.best >= dense_best - tol;
    footprint += m.bytes_saved > dense_saved;
    r.evidence.push_back(
        fmt("%s: best MoE speedup %.2fx (%s) vs dense %.2fx; resident bytes "
            "saved MoE %s vs dense %s",
            m.label.c_str(), m.best, m.best_precision.c_str(), dense_best,
            gb(m.bytes_saved).c_str(), gb(dense_saved).c_str()));
  }
  if (faster == compared && footprint == compared)
    r.verdict = ClaimVerdict::supported;
  else if (footprint > 0 || faster > 0)
    r.verdict = ClaimVerdict::partly;
  else
    r.verdict = ClaimVerdict::refuted;
  r.summary =
      fmt("memory-bound quantised speedup above %.0f%% and >= dense in %d of %d MoE "
          "shapes; larger bytes saved in %d",
          100 * tol, faster, compared, footprint);
  attach_runs(r, in);
  return r;
}

}  // namespace moebench::claims
