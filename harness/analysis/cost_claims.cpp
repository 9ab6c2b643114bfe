// Claims about prices: performance per dollar, the per-token cost table, an API bill.
#include <algorithm>
#include <cmath>

#include "harness/analysis/claim_checks.h"
#include "harness/analysis/cost.h"
#include "harness/analysis/sizing.h"
#include "harness/analysis/sweeps.h"

namespace moebench::claims {

ClaimResult check_c13(const ClaimSpec& claim, const ClaimInputs& in) {
  ClaimResult r = start(claim);
  const auto& f = claim.figures;
  const double gb200 = f.at("gb200_price"), h200 = f.at("h200_price");
  const double perf = f.at("perf_ratio"), stated = f.at("perf_per_dollar_ratio");
  const double computed = perf * h200 / gb200;
  r.evidence.push_back(
      fmt("%.0fx performance x $%.2f / $%.2f = %.2fx performance per dollar "
          "(stated %.0fx)",
          perf, h200, gb200, computed, stated));
  for (const char* key : {"gb200", "h200"})
    if (const HardwareProfile* hw = profile_like(in, key); hw && hw->price_per_hour_usd > 0)
      r.evidence.push_back(fmt("profile %s: $%.2f/GPU-h (%s)", hw->id.c_str(),
                               hw->price_per_hour_usd, hw->price_source.c_str()));
  r.evidence.push_back(
      "the 20x performance figure itself needs GB200 NVL72 hardware and is "
      "not judged");
  r.verdict =
      within(stated, computed, claim.tolerance) ? ClaimVerdict::supported : ClaimVerdict::refuted;
  r.summary = fmt("%.2fx follows from the stated prices and 20x (stated ~12x)", computed);
  return r;
}

ClaimResult check_c25(const ClaimSpec& claim, const ClaimInputs&) {
  ClaimResult r = start(claim);
  const auto& f = claim.figures;
  const double in_price = f.at("input_per_m"), out_price = f.at("output_per_m");
  const double tokens = f.at("tokens_m"), stated = f.at("daily_cost");
  const double lo = tokens * std::min(in_price, out_price);
  const double hi = tokens * std::max(in_price, out_price);
  r.evidence.push_back(
      fmt("%.0fM tokens/day cost between $%.2f (all input) and $%.2f (all "
          "output)",
          tokens, lo, hi));
  const double both = tokens * (in_price + out_price);
  r.evidence.push_back(
      fmt("$%.2f/day is what %.0fM input plus %.0fM output tokens (%.0fM in "
          "all) cost",
          both, tokens, tokens, 2 * tokens));
  const bool reachable =
      stated >= lo * (1 - claim.tolerance) && stated <= hi * (1 + claim.tolerance);
  r.verdict = reachable ? ClaimVerdict::supported : ClaimVerdict::refuted;
  if (!reachable)
    r.contradictions.push_back(
        fmt("seed 001: $%.0f/day for %.0fM tokens is above the $%.0f "
            "that even all-output traffic costs; it matches %.0fM input "
            "+ %.0fM output",
            stated, tokens, hi, tokens, tokens));
  r.summary = fmt("no split of %.0fM tokens reaches $%.0f (max $%.2f)", tokens, stated, hi);
  if (reachable) r.summary = fmt("$%.0f lies within $%.2f-$%.2f", stated, lo, hi);
  return r;
}

namespace {

// The cost table's arithmetic: implied throughputs per column and their spread.
struct ColumnCheck {
  double min_tps = 0, max_tps = 0;
  bool consistent = false;
};

ColumnCheck check_column(const nlohmann::json& rows, const char* column, double hourly,
                         double tolerance, ClaimResult& r) {
  ColumnCheck c;
  for (const auto& row : rows) {
    const double u = row.at("utilization"), cost = row.at(column);
    const double tps = implied_tokens_per_s(hourly, cost, u);
    r.evidence.push_back(
        fmt("%s at %.0f%%: $%.2f/M on $%.2f/h implies %.0f tokens/s at full "
            "utilisation",
            column, 100 * u, cost, hourly, tps));
    c.min_tps = c.min_tps == 0 ? tps : std::min(c.min_tps, tps);
    c.max_tps = std::max(c.max_tps, tps);
  }
  c.consistent = c.min_tps > 0 && c.max_tps / c.min_tps <= 1 + tolerance;
  return c;
}

}  // namespace

ClaimResult check_c20(const ClaimSpec& claim, const ClaimInputs& in) {
  ClaimResult r = start(claim);
  const auto& f = claim.figures;
  const double dense_h = f.at("dense").at("hourly"), moe_h = f.at("moe").at("hourly");
  const auto& rows = f.at("rows");
  const ColumnCheck dense = check_column(rows, "dense", dense_h, claim.tolerance, r);
  const ColumnCheck moe = check_column(rows, "moe", moe_h, claim.tolerance, r);
  bool moe_cheaper_everywhere = true;
  for (const auto& row : rows)
    moe_cheaper_everywhere = moe_cheaper_everywhere && row.at("moe") < row.at("dense");
  const double u_dense = rows.at(0).at("utilization");
  const double ratio = rows.at(0).at("moe").get<double>() / rows.at(0).at("dense").get<double>();
  r.evidence.push_back(
      fmt("break-even: the MoE at %.0f%% utilisation costs what the dense model "
          "costs at %.0f%% (cost ratio %.2f at equal utilisation)",
          100 * u_dense * ratio, 100 * u_dense, ratio));
  if (moe_cheaper_everywhere)
    r.contradictions.push_back(
        fmt("seed 003's own table has the MoE cheaper at every "
            "utilisation (ratio %.2f at each row, since both scale as "
            "1/utilisation), yet the text says dense is the better "
            "choice at low utilisation; that holds only per idle hour "
            "($%.2f vs $%.2f)",
            ratio, dense_h, moe_h));
  // The hardware behind the MoE column (C19).
  const auto& mf = f.at("moe");
  const ModelConfig* m = model_or_null(in, mf.at("model"));
  const HardwareProfile* hw = profile_like(in, mf.at("hardware"));
  bool hardware_ok = true;
  if (m && hw) {
    const double w = weight_bytes(*m, Precision::fp8_e4m3, 128);
    const double mem = mf.at("devices").get<int>() * hw->memory_bytes;
    hardware_ok = w <= mem;
    if (!hardware_ok)
      r.contradictions.push_back(
          fmt("the MoE column assumes %s on %d x %s (%s), which cannot "
              "hold its FP8 weights (%s)",
              m->name.c_str(), mf.at("devices").get<int>(), hw->name.c_str(), gb(mem).c_str(),
              gb(w).c_str()));
  }
  // Measured side: the same comparison from this run's throughput, dense sized 70/17 of the
  // MoE's active weights (interpolated between the measured dense partners).
  bool measured = false;
  for (const auto& s : three_way_series(in.results, "moe")) {
    const ThreeWayPoint& p = s.points.back();
    const double t_dense = estimated_dense_time_per_token(p, 70.0 / 17.0);
    if (t_dense <= 0) continue;
    const double t_moe = p.moe->time_per_token_s();
    const double measured_ratio = (moe_h * t_moe) / (dense_h * t_dense);
    r.evidence.push_back(
        fmt("measured %s at %lld tokens: MoE %.3g s/token vs 70B-sized dense "
            "(estimated) %.3g s/token; with the seed's hourly prices the MoE "
            "costs %.2fx the dense per token (table: %.2fx)",
            s.label.c_str(), (long long)p.tokens, t_moe, t_dense, measured_ratio, ratio));
    measured = true;
  }
  if (measured)
    attach_runs(r, in);
  else
    r.missing.push_back("moe suite records with both dense partners (measured recomputation)");
  const bool arithmetic_ok = dense.consistent && moe.consistent;
  r.verdict = !arithmetic_ok                             ? ClaimVerdict::refuted
              : (moe_cheaper_everywhere || !hardware_ok) ? ClaimVerdict::partly
                                                         : ClaimVerdict::supported;
  r.summary = fmt(
      "implied throughput %.0f-%.0f tok/s dense, %.0f-%.0f tok/s MoE (1/utilisation "
      "%s); conclusion %s; MoE hardware %s",
      dense.min_tps, dense.max_tps, moe.min_tps, moe.max_tps, arithmetic_ok ? "holds" : "broken",
      moe_cheaper_everywhere ? "contradicted by the table" : "follows",
      hardware_ok ? "holds the weights" : "cannot hold the weights");
  return r;
}

}  // namespace moebench::claims
