// C17: prefill compute-bound, decode memory-bound, from each point's roofline position.
#include <map>

#include "harness/analysis/claim_checks.h"
#include "harness/analysis/roofline_position.h"

namespace moebench::claims {

namespace {
constexpr int64_t kDecodeMaxTokens = 8;
constexpr int64_t kPrefillMinTokens = 512;
}  // namespace

ClaimResult check_c17(const ClaimSpec& claim, const ClaimInputs& in) {
  ClaimResult r = start(claim);
  int decode = 0, decode_below = 0, prefill = 0, prefill_above = 0;
  int moe_prefill_below = 0;
  std::string ridges;
  std::map<std::string, bool> ridge_listed;
  for (const auto& rec : in.results.records) {
    if (!rec.ok() || rec.arithmetic_intensity <= 0) continue;
    if (rec.role != "moe" && rec.role != "dense_same_active" && rec.role != "dense_same_total" &&
        rec.role != "dense")
      continue;
    const RunInfo& run = in.results.runs.at(rec.run);
    const RooflineLimits lim = roofline_limits(run, rec.backend, rec.axis("precision"));
    if (lim.ridge() <= 0) continue;
    const std::string key = run.run_id + rec.backend + lim.flops_key;
    if (!ridge_listed[key]) {
      ridge_listed[key] = true;
      ridges += fmt(" %s %s: %.3g GFLOP/s / %.3g GB/s = %.2f FLOP/B;", run.run_id.c_str(),
                    lim.flops_key.c_str(), lim.peak_flops / 1e9, lim.bandwidth / 1e9, lim.ridge());
    }
    const bool below = rec.arithmetic_intensity < lim.ridge();
    if (rec.tokens <= kDecodeMaxTokens) {
      ++decode;
      decode_below += below;
    } else if (rec.tokens >= kPrefillMinTokens) {
      ++prefill;
      prefill_above += !below;
      moe_prefill_below += below && rec.role == "moe";
    }
  }
  if (decode + prefill == 0) {
    if (!in.results.suite_ran("roofline") || !in.results.suite_ran("moe"))
      return missing_suites(std::move(r), claim, in);
    r.summary = "no point with both an arithmetic intensity and probe limits";
    r.missing.push_back("probes (flops:*, bandwidth:read) and analytic counts");
    attach_runs(r, in);
    return r;
  }
  r.evidence.push_back("ridge points (probe peak / probe bandwidth):" + ridges);
  r.evidence.push_back(fmt("decode-like points (<= %lld tokens): %d of %d below the ridge",
                           (long long)kDecodeMaxTokens, decode_below, decode));
  r.evidence.push_back(
      fmt("prefill-like points (>= %lld tokens): %d of %d above the ridge; %d "
          "MoE prefill points below it (B x k / E tokens per expert)",
          (long long)kPrefillMinTokens, prefill_above, prefill, moe_prefill_below));
  const bool decode_ok = decode > 0 && decode_below == decode;
  const bool prefill_ok = prefill > 0 && prefill_above == prefill;
  if (decode_ok && prefill_ok)
    r.verdict = ClaimVerdict::supported;
  else if (decode > 0 && 2 * decode_below < decode)
    r.verdict = ClaimVerdict::refuted;
  else
    r.verdict = ClaimVerdict::partly;
  if (decode == 0 || prefill == 0) {
    r.verdict = ClaimVerdict::partly;
    r.missing.push_back(decode == 0 ? "decode-like points" : "prefill-like points");
  }
  r.summary = fmt("decode below ridge %d/%d, prefill above ridge %d/%d", decode_below, decode,
                  prefill_above, prefill);
  attach_runs(r, in);
  return r;
}

}  // namespace moebench::claims
