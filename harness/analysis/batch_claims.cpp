// Claims decided by the three-way sweep over batch: MoE vs dense-same-active vs
// dense-same-total (C01, C02, C07, C11, C14, C16, C23).
#include <algorithm>
#include <cmath>

#include "harness/analysis/claim_checks.h"
#include "harness/analysis/crossovers.h"
#include "harness/analysis/sweeps.h"

namespace moebench::claims {

namespace {

double shape_number(const Record& r, const char* key) {
  return r.shape.is_object() && r.shape.contains(key) && r.shape.at(key).is_number()
             ? r.shape.at(key).get<double>()
             : 0;
}

// FFN weights a token goes through (top_k + shared experts) and all of them.
double active_ffn_params(const Record& moe) {
  return 3.0 * shape_number(moe, "d_model") *
         (shape_number(moe, "top_k") * shape_number(moe, "d_ff_expert") +
          shape_number(moe, "num_shared") * shape_number(moe, "d_ff_shared"));
}

double resident(const Record* r) {
  if (!r) return 0;
  return r->resident_weight_bytes;
}

std::vector<ThreeWaySeries> complete_series(const ClaimInputs& in) {
  std::vector<ThreeWaySeries> out;
  for (auto& s : three_way_series(in.results, "moe")) {
    std::erase_if(s.points, [](const ThreeWayPoint& p) {
      return !p.dense_same_active || !p.dense_same_total;
    });
    if (!s.points.empty()) out.push_back(std::move(s));
  }
  return out;
}

// Series of the preferred model first, else all.
std::vector<ThreeWaySeries> preferred(std::vector<ThreeWaySeries> all, const std::string& model) {
  std::vector<ThreeWaySeries> chosen;
  for (auto& s : all)
    if (s.model == model) chosen.push_back(s);
  return chosen.empty() ? all : chosen;
}

ClaimResult no_series(ClaimResult r, const ClaimSpec& claim, const ClaimInputs& in) {
  if (!in.results.suite_ran("moe")) return missing_suites(std::move(r), claim, in);
  r.summary = "the moe suite ran but no MoE point has both dense partners";
  r.missing.push_back("dense_same_active and dense_same_total records sharing the MoE's group");
  attach_runs(r, in);
  return r;
}

ClaimVerdict combine(const std::vector<ClaimVerdict>& verdicts) {
  if (verdicts.empty()) return ClaimVerdict::inconclusive;
  if (std::all_of(verdicts.begin(), verdicts.end(), [&](ClaimVerdict v) { return v == verdicts[0]; }))
    return verdicts[0];
  return ClaimVerdict::partly;
}

}  // namespace

ClaimResult check_c01(const ClaimSpec& claim, const ClaimInputs& in) {
  ClaimResult r = start(claim);
  // Analytic FLOPs per token against the active weights, every MoE record.
  double worst = 0;
  int counted = 0;
  for (const auto& rec : in.results.records) {
    if (!rec.ok() || rec.role != "moe" || rec.tokens <= 0) continue;
    const double active = active_ffn_params(rec);
    if (active <= 0 || rec.flops <= 0) continue;
    const double router = 2.0 * shape_number(rec, "num_experts") * shape_number(rec, "d_model");
    const double ratio = rec.flops / double(rec.tokens) / (2.0 * active + router);
    worst = std::max(worst, std::abs(ratio - 1));
    ++counted;
  }
  const auto series = complete_series(in);
  if (counted == 0 || series.empty()) return no_series(std::move(r), claim, in);
  const bool flops_track = worst <= claim.tolerance;
  r.evidence.push_back(
      fmt("%d MoE records: analytic FLOPs per token = 2 x active FFN weights + "
          "router, largest deviation %.2f%%",
          counted, 100 * worst));
  const double time_limit = 1 + claim.tolerance_json.value("time_value", 1.0);
  std::vector<ClaimVerdict> verdicts;
  for (const auto& s : series) {
    const ThreeWayPoint& p = s.points.back();
    const double tm = p.moe->time_per_token_s(), ta = p.dense_same_active->time_per_token_s(),
                 tt = p.dense_same_total->time_per_token_s();
    r.evidence.push_back(
        fmt("%s at %lld tokens: MoE %.3g s/token = %.2fx dense-same-active, "
            "%.2fx dense-same-total",
            s.label.c_str(), (long long)p.tokens, tm, tm / ta, tm / tt));
    if (tm >= tt)
      verdicts.push_back(ClaimVerdict::refuted);
    else if (flops_track && tm <= time_limit * ta)
      verdicts.push_back(ClaimVerdict::supported);
    else
      verdicts.push_back(ClaimVerdict::partly);
  }
  r.verdict = combine(verdicts);
  r.summary =
      fmt("FLOPs track active weights within %.1f%%; large-batch time per token vs "
          "dense-same-active decides per series (%zu series)",
          100 * worst, series.size());
  attach_runs(r, in);
  return r;
}

ClaimResult check_c02(const ClaimSpec& claim, const ClaimInputs& in) {
  ClaimResult r = start(claim);
  const auto series = complete_series(in);
  if (series.empty()) return no_series(std::move(r), claim, in);
  std::vector<ClaimVerdict> verdicts;
  for (const auto& s : series) {
    const ThreeWayPoint& p = s.points.back();
    const double rm = resident(p.moe), ra = resident(p.dense_same_active),
                 rt = resident(p.dense_same_total);
    if (rm <= 0 || rt <= 0) {
      r.missing.push_back("resident_weight_bytes for " + s.label);
      continue;
    }
    const double experts = shape_number(*p.moe, "num_experts");
    std::string touched;
    for (const auto& q : s.points)
      touched += fmt(" B=%lld: %.1f (expected %.1f);", (long long)q.tokens, q.moe->experts_touched,
                     q.moe->experts_touched_expected);
    r.evidence.push_back(fmt(
        "%s: resident MoE %s = %.2fx dense-same-total, %.1fx "
        "dense-same-active; experts touched of %.0f:%s",
        s.label.c_str(), gb(rm).c_str(), rm / rt, ra > 0 ? rm / ra : 0, experts, touched.c_str()));
    const bool tracks_total = within(rm, rt, claim.tolerance);
    const bool all_touched = p.moe->experts_touched >= experts - 0.5;
    if (ra > 0 && within(rm, ra, claim.tolerance))
      verdicts.push_back(ClaimVerdict::refuted);
    else
      verdicts.push_back(tracks_total && all_touched ? ClaimVerdict::supported : ClaimVerdict::partly);
  }
  r.verdict = combine(verdicts);
  r.summary = fmt("resident MoE weights vs dense-same-total in %zu series", verdicts.size());
  attach_runs(r, in);
  return r;
}

ClaimResult check_c07(const ClaimSpec& claim, const ClaimInputs& in) {
  ClaimResult r = start(claim);
  const auto series = three_way_series(in.results, "moe");
  if (series.empty()) return no_series(std::move(r), claim, in);
  double lo = 0.15, hi = 0.25;
  if (claim.tolerance_json.contains("band")) {
    lo = claim.tolerance_json.at("band").at(0);
    hi = claim.tolerance_json.at("band").at(1);
  }
  int in_band = 0, points = 0;
  for (const auto& s : series) {
    std::string line = s.label + ": routing bytes / (weights + activations):";
    std::string stages;
    for (const auto& p : s.points) {
      const double base = p.moe->weight_bytes + p.moe->activation_bytes;
      if (base <= 0) continue;
      const double overhead = p.moe->routing_bytes / base;
      const bool inside = overhead >= lo && overhead <= hi;
      line += fmt(" B=%lld %.1f%%%s;", (long long)p.tokens, 100 * overhead, inside ? "*" : "");
      ++points;
      in_band += inside;
      double routing_s = 0, all_s = 0;
      for (const auto& [stage, seconds] : p.stage_seconds) {
        all_s += seconds;
        if (stage == "route" || stage == "router" || stage == "permute" || stage == "combine")
          routing_s += seconds;
      }
      if (all_s > 0) stages += fmt(" B=%lld %.0f%%;", (long long)p.tokens, 100 * routing_s / all_s);
    }
    r.evidence.push_back(line + " (* inside the stated band)");
    if (!stages.empty())
      r.evidence.push_back(s.label +
                           ": measured route+permute+combine share of stage time:" + stages);
  }
  if (points == 0) {
    r.summary = "no analytic byte counts in the MoE records";
    r.missing.push_back("analytic.routing_bytes and weight_bytes");
    return r;
  }
  r.verdict = in_band == points ? ClaimVerdict::supported
              : in_band == 0    ? ClaimVerdict::refuted
                                : ClaimVerdict::partly;
  r.summary = fmt("overhead inside %.0f-%.0f%% at %d of %d measured batches", 100 * lo, 100 * hi,
                  in_band, points);
  attach_runs(r, in);
  return r;
}

ClaimResult check_c11(const ClaimSpec& claim, const ClaimInputs& in) {
  ClaimResult r = start(claim);
  const auto& f = claim.figures;
  const auto series = preferred(complete_series(in), f.at("preferred_model"));
  if (series.empty()) return no_series(std::move(r), claim, in);
  const double ratio = f.at("dense_b").get<double>() / f.at("moe_active_b").get<double>();
  int wins = 0, points = 0;
  for (const auto& s : series) {
    std::string line = fmt("%s: MoE / %.0fB-equivalent dense time per token:", s.label.c_str(),
                           f.at("dense_b").get<double>());
    for (const auto& p : s.points) {
      const double t10 = estimated_dense_time_per_token(p, ratio);
      if (t10 <= 0) continue;
      const double rel = p.moe->time_per_token_s() / t10;
      line += fmt(" B=%lld %.2f;", (long long)p.tokens, rel);
      ++points;
      wins += rel < 1;
    }
    r.evidence.push_back(line);
  }
  r.evidence.push_back(
      fmt("the dense %.0fB-equivalent (%.2fx the MoE's active FFN weights) is "
          "interpolated log-log between the measured dense partners at each "
          "batch; shapes are scaled as the run states",
          f.at("dense_b").get<double>(), ratio));
  r.verdict = points == 0 ? ClaimVerdict::inconclusive
              : wins > 0  ? ClaimVerdict::supported
                          : ClaimVerdict::refuted;
  r.summary =
      fmt("MoE cheaper per token than the dense estimate at %d of %d batches", wins, points);
  attach_runs(r, in);
  return r;
}

ClaimResult check_c14(const ClaimSpec& claim, const ClaimInputs& in) {
  ClaimResult r = start(claim);
  const auto series = complete_series(in);
  if (series.empty()) return no_series(std::move(r), claim, in);
  const double tol = claim.tolerance;
  std::vector<ClaimVerdict> verdicts;
  for (const auto& s : series) {
    if (s.points.size() < 2) {
      r.missing.push_back(s.label + ": a batch sweep (one batch only)");
      continue;
    }
    std::vector<CurvePoint> vs_active, vs_total;
    std::string line = s.label + ": speedup over dense-same-total / slowdown vs dense-same-active:";
    double s_min = 0;
    for (const auto& p : s.points) {
      const double tm = p.moe->time_per_token_s(), ta = p.dense_same_active->time_per_token_s(),
                   tt = p.dense_same_total->time_per_token_s();
      vs_active.push_back({double(p.tokens), tm, ta});
      vs_total.push_back({double(p.tokens), tm, tt});
      line += fmt(" B=%lld %.2fx/%.2fx;", (long long)p.tokens, tt / tm, tm / ta);
      s_min = s_min == 0 ? tt / tm : std::min(s_min, tt / tm);
    }
    r.evidence.push_back(line);
    for (const auto& [name, curve] :
         {std::pair{"dense-same-active", &vs_active}, std::pair{"dense-same-total", &vs_total}}) {
      std::string cross;
      for (const auto& c : find_crossovers(*curve))
        cross += fmt(" at B~%.0f (MoE %s above)", c.x, c.a_wins_after ? "faster" : "slower");
      r.evidence.push_back(s.label + ": MoE vs " + name + " crossovers:" +
                           (cross.empty() ? std::string(" none in the measured range") : cross));
    }
    const ThreeWayPoint& first = s.points.front();
    const ThreeWayPoint& last = s.points.back();
    const double s_small =
        first.dense_same_total->time_per_token_s() / first.moe->time_per_token_s();
    const double s_large = last.dense_same_total->time_per_token_s() / last.moe->time_per_token_s();
    if (s_small < s_large * (1 - tol) && s_min >= s_small * (1 - tol))
      verdicts.push_back(ClaimVerdict::supported);
    else if (s_min < std::min(s_small, s_large) * (1 - tol))
      verdicts.push_back(ClaimVerdict::partly);
    else
      verdicts.push_back(ClaimVerdict::refuted);
  }
  r.verdict = combine(verdicts);
  r.summary =
      fmt("MoE advantage over dense-same-total compared at the smallest, intermediate "
          "and largest batch in %zu series",
          verdicts.size());
  attach_runs(r, in);
  return r;
}

ClaimResult check_c16(const ClaimSpec& claim, const ClaimInputs& in) {
  ClaimResult r = start(claim);
  const auto& f = claim.figures;
  const auto series = preferred(complete_series(in), f.at("preferred_model"));
  if (series.empty()) return no_series(std::move(r), claim, in);
  const double ratio = f.at("dense_b").get<double>() / f.at("moe_active_b").get<double>();
  std::vector<ClaimVerdict> verdicts;
  for (const auto& s : series) {
    const ThreeWayPoint& p = s.points.back();
    const double fm = p.moe->flops, fa = p.dense_same_active->flops;
    const double tm = p.moe->time_per_token_s(), ta = p.dense_same_active->time_per_token_s();
    const double t70 = estimated_dense_time_per_token(p, ratio);
    const bool flops_match = fa > 0 && within(fm, fa, claim.tolerance);
    r.evidence.push_back(
        fmt("%s at %lld tokens: FLOPs MoE/dense-same-active %.3f; time per "
            "token MoE %.3g s, dense-same-active %.3g s, %.0fB-equivalent dense "
            "(interpolated) %.3g s",
            s.label.c_str(), (long long)p.tokens, fa > 0 ? fm / fa : 0, tm, ta,
            f.at("dense_b").get<double>(), t70));
    verdicts.push_back(flops_match && t70 > 0 && tm < t70 ? ClaimVerdict::supported
                       : flops_match                      ? ClaimVerdict::partly
                                                          : ClaimVerdict::refuted);
  }
  r.verdict = combine(verdicts);
  r.summary =
      fmt("FLOPs vs dense-same-active and largest-batch time vs a %.0f/%.0f-sized dense, "
          "%zu series",
          f.at("dense_b").get<double>(), f.at("moe_active_b").get<double>(), series.size());
  attach_runs(r, in);
  return r;
}

ClaimResult check_c23(const ClaimSpec& claim, const ClaimInputs& in) {
  ClaimResult r = start(claim);
  const auto series = complete_series(in);
  if (series.empty()) return no_series(std::move(r), claim, in);
  std::vector<ClaimVerdict> verdicts;
  for (const auto& s : series) {
    int wins = 0;
    std::string losses;
    for (const auto& p : s.points) {
      if (p.moe->time_per_token_s() < p.dense_same_total->time_per_token_s())
        ++wins;
      else
        losses += fmt(" %lld", (long long)p.tokens);
    }
    const ThreeWayPoint& last = s.points.back();
    const double rm = resident(last.moe), ra = resident(last.dense_same_active),
                 rt = resident(last.dense_same_total);
    const bool memory_ok =
        rm > 0 && rt > 0 && ra > 0 && within(rm, rt, claim.tolerance) && rm >= 2 * ra;
    r.evidence.push_back(
        fmt("%s: MoE faster than dense-same-total at %d of %zu batches%s; "
            "resident MoE/dense-same-total %.2f, MoE/dense-same-active %.1f",
            s.label.c_str(), wins, s.points.size(),
            losses.empty() ? "" : (" (slower at B =" + losses + ")").c_str(), rt > 0 ? rm / rt : 0,
            ra > 0 ? rm / ra : 0));
    if (wins == int(s.points.size()) && memory_ok)
      verdicts.push_back(ClaimVerdict::supported);
    else if (wins == 0)
      verdicts.push_back(ClaimVerdict::refuted);
    else
      verdicts.push_back(ClaimVerdict::partly);
  }
  r.verdict = combine(verdicts);
  r.summary =
      fmt("MoE vs dense-same-total over batch and resident bytes, %zu series", series.size());
  attach_runs(r, in);
  return r;
}

}  // namespace moebench::claims
