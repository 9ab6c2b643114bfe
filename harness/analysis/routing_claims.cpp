// Claims decided by the routing-distribution axis: collapse (C08) and imbalance (C21).
#include <algorithm>
#include <numeric>

#include "harness/analysis/claim_checks.h"
#include "harness/analysis/sweeps.h"

namespace moebench::claims {

namespace {

struct Load {
  double max_over_mean = 0;
  double idle_share = 0;  // experts with no token
};

Load expert_load(const Record& r) {
  Load l;
  const auto& c = r.expert_token_counts;
  if (c.empty()) return l;
  const double total = std::accumulate(c.begin(), c.end(), 0.0);
  const double mean = total / double(c.size());
  l.max_over_mean = mean > 0 ? double(*std::max_element(c.begin(), c.end())) / mean : 0;
  l.idle_share = double(std::count(c.begin(), c.end(), 0)) / double(c.size());
  return l;
}

std::string latency(const Record& r) {
  return fmt("p50 %.3g ms, p99 %.3g ms, %.0f tokens/s", 1e3 * r.sample_quantile(0.5),
             1e3 * r.sample_quantile(0.99), double(r.tokens) / r.median_s);
}

ClaimResult no_routing(ClaimResult r, const ClaimSpec& claim, const ClaimInputs& in) {
  if (!in.results.suite_ran("routing")) return missing_suites(std::move(r), claim, in);
  r.summary = "the routing suite ran but no shape was measured under two distributions";
  r.missing.push_back("MoE records differing only in the routing axis");
  attach_runs(r, in);
  return r;
}

}  // namespace

ClaimResult check_c08(const ClaimSpec& claim, const ClaimInputs& in) {
  ClaimResult r = start(claim);
  int collapsed = 0, wasted = 0;
  for (const auto& c : routing_comparisons(in.results)) {
    auto uniform = c.by_routing.find("uniform");
    if (uniform == c.by_routing.end()) continue;
    const Record& u = *uniform->second;
    for (const auto& [routing, rec] : c.by_routing) {
      if (routing.rfind("collapse", 0) != 0 && routing.rfind("zipf", 0) != 0) continue;
      const Load load = expert_load(*rec);
      const bool same_memory =
          within(rec->resident_weight_bytes, u.resident_weight_bytes, claim.tolerance);
      r.evidence.push_back(fmt(
          "%s, %s vs uniform: %.0f%% of experts idle (uniform %.0f%%), "
          "resident %s vs %s, throughput %.2fx; %s | uniform %s",
          c.label.c_str(), routing.c_str(), 100 * load.idle_share, 100 * expert_load(u).idle_share,
          gb(rec->resident_weight_bytes).c_str(), gb(u.resident_weight_bytes).c_str(),
          u.median_s / rec->median_s, latency(*rec).c_str(), latency(u).c_str()));
      if (routing.rfind("collapse", 0) != 0) continue;
      ++collapsed;
      wasted += load.idle_share >= 0.5 && same_memory && u.resident_weight_bytes > 0;
    }
  }
  if (collapsed == 0) return no_routing(std::move(r), claim, in);
  r.verdict = wasted == collapsed ? ClaimVerdict::supported
              : wasted == 0       ? ClaimVerdict::refuted
                                  : ClaimVerdict::partly;
  r.summary =
      fmt("%d of %d collapsed points leave at least half the experts idle at unchanged "
          "resident memory",
          wasted, collapsed);
  r.evidence.push_back(
      "throughput under collapse is reported, not judged: the same FLOPs "
      "run on fewer, larger expert GEMMs, which a kernel may do faster");
  attach_runs(r, in);
  return r;
}

ClaimResult check_c21(const ClaimSpec& claim, const ClaimInputs& in) {
  ClaimResult r = start(claim);
  int skewed = 0, imbalanced = 0, slower = 0;
  for (const auto& c : routing_comparisons(in.results)) {
    auto uniform = c.by_routing.find("uniform");
    if (uniform == c.by_routing.end()) continue;
    const Record& u = *uniform->second;
    const Load lu = expert_load(u);
    for (const auto& [routing, rec] : c.by_routing) {
      if (routing.rfind("zipf", 0) != 0) continue;
      const Load lz = expert_load(*rec);
      if (lu.max_over_mean <= 0 || lz.max_over_mean <= 0) continue;
      const double p50 = rec->sample_quantile(0.5) / u.sample_quantile(0.5);
      const double p99 = rec->sample_quantile(0.99) / u.sample_quantile(0.99);
      const bool uneven = lz.max_over_mean >= 2 * lu.max_over_mean;
      const bool worse = p50 > 1 + claim.tolerance || p99 > 1 + claim.tolerance;
      r.evidence.push_back(
          fmt("%s, %s: hottest expert %.1fx the mean load (uniform %.1fx); "
              "p50 %.2fx, p99 %.2fx uniform's",
              c.label.c_str(), routing.c_str(), lz.max_over_mean, lu.max_over_mean, p50, p99));
      ++skewed;
      imbalanced += uneven;
      slower += uneven && worse;
    }
  }
  // Load spread under uniform routing vs batch: small batches are uneven by chance.
  std::string spread;
  for (const auto& rec : in.results.records)
    if (rec.ok() && rec.role == "moe" && rec.suite == "moe" && !rec.expert_token_counts.empty() &&
        (rec.axis("routing").empty() || rec.axis("routing") == "uniform"))
      spread += fmt(" B=%lld %.1fx;", (long long)rec.tokens, expert_load(rec).max_over_mean);
  if (!spread.empty())
    r.evidence.push_back("uniform routing, hottest expert / mean load by batch:" + spread);
  if (skewed == 0) return no_routing(std::move(r), claim, in);
  if (imbalanced == 0)
    r.verdict = ClaimVerdict::refuted;
  else if (2 * slower >= skewed)
    r.verdict = ClaimVerdict::supported;
  else
    r.verdict = ClaimVerdict::partly;
  r.summary = fmt("Zipf routing: load uneven in %d of %d points, latency worse by >%.0f%% in %d",
                  imbalanced, skewed, 100 * claim.tolerance, slower);
  attach_runs(r, in);
  return r;
}

}  // namespace moebench::claims
