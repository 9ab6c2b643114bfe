#include "harness/analysis/report_data.h"

#include <algorithm>

#include "harness/analysis/cost.h"
#include "harness/analysis/crossovers.h"
#include "harness/analysis/roofline_position.h"
#include "harness/analysis/sweeps.h"

namespace moebench {

namespace {

nlohmann::json runs_json(const ResultsSet& set) {
  nlohmann::json runs = nlohmann::json::array();
  for (const auto& r : set.runs)
    runs.push_back({{"run_id", r.run_id},
                    {"label", r.label()},
                    {"host", r.host},
                    {"date", r.date},
                    {"devices", r.devices},
                    {"path", r.path},
                    {"complete", r.complete},
                    {"probes", r.probes}});
  return runs;
}

nlohmann::json claims_json(const ClaimsLedger& ledger, const std::vector<ClaimResult>& verdicts) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& v : verdicts) {
    nlohmann::json j = to_json(v);
    for (const auto& c : ledger.claims)
      if (c.id == v.id) {
        j["statement"] = c.statement;
        j["quantity"] = c.quantity;
        j["rule"] = c.rule;
        nlohmann::json seeds = nlohmann::json::array();
        for (const auto& s : c.seeds) {
          auto it = ledger.seed_files.find(s);
          seeds.push_back(it == ledger.seed_files.end() ? s : it->second);
        }
        j["seeds"] = seeds;
      }
    out.push_back(j);
  }
  return out;
}

// Every measured point on its device's roofline (one entry per run and backend).
nlohmann::json roofline_json(const ResultsSet& set) {
  std::map<std::string, nlohmann::json> by_device;
  for (const auto& rec : set.records) {
    if (!rec.ok() || rec.flops <= 0 || rec.arithmetic_intensity <= 0 || rec.role == "stage")
      continue;
    const RunInfo& run = set.runs.at(rec.run);
    const std::string key = run.run_id + " " + rec.backend;
    auto& d = by_device[key];
    if (d.is_null()) {
      d = {{"label", run.label() + " (" + rec.backend + ")"},
           {"ceilings", nlohmann::json::object()},
           {"points", nlohmann::json::array()}};
      for (const std::string p : {"fp32", "bf16", "int8"}) {
        const RooflineLimits l = roofline_limits(run, rec.backend, p);
        if (l.peak_flops > 0) d["ceilings"][l.flops_key] = l.peak_flops;
        if (l.bandwidth > 0) d["bandwidth"] = l.bandwidth;
      }
    }
    d["points"].push_back({{"ai", rec.arithmetic_intensity},
                           {"flop_rate", rec.flops / rec.median_s},
                           {"role", rec.role},
                           {"tokens", rec.tokens},
                           {"precision", rec.axis("precision")},
                           {"suite", rec.suite}});
  }
  nlohmann::json out = nlohmann::json::array();
  for (auto& [key, d] : by_device) out.push_back(d);
  return out;
}

nlohmann::json three_way_json(const ResultsSet& set) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& s : three_way_series(set, "moe")) {
    nlohmann::json series = {{"label", s.label},
                             {"run", set.runs.at(s.run).label()},
                             {"model", s.model},
                             {"points", nlohmann::json::array()}};
    std::vector<CurvePoint> vs_active, vs_total;
    for (const auto& p : s.points) {
      nlohmann::json j = {{"tokens", p.tokens},
                          {"moe", p.moe->time_per_token_s()},
                          {"experts_touched", p.moe->experts_touched},
                          {"experts_expected", p.moe->experts_touched_expected},
                          {"num_experts", p.moe->shape.value("num_experts", 0)},
                          {"weight_bytes_moe", p.moe->weight_bytes},
                          {"stages", p.stage_seconds}};
      if (p.dense_same_active) {
        j["dense_same_active"] = p.dense_same_active->time_per_token_s();
        j["weight_bytes_active"] = p.dense_same_active->weight_bytes;
        vs_active.push_back(
            {double(p.tokens), p.moe->time_per_token_s(), p.dense_same_active->time_per_token_s()});
      }
      if (p.dense_same_total) {
        j["dense_same_total"] = p.dense_same_total->time_per_token_s();
        j["weight_bytes_total"] = p.dense_same_total->weight_bytes;
        vs_total.push_back(
            {double(p.tokens), p.moe->time_per_token_s(), p.dense_same_total->time_per_token_s()});
      }
      series["points"].push_back(j);
    }
    nlohmann::json crossings = nlohmann::json::object();
    crossings["dense_same_active"] = nlohmann::json::array();
    crossings["dense_same_total"] = nlohmann::json::array();
    for (const auto& c : find_crossovers(vs_active)) crossings["dense_same_active"].push_back(c.x);
    for (const auto& c : find_crossovers(vs_total)) crossings["dense_same_total"].push_back(c.x);
    series["crossovers"] = crossings;
    out.push_back(series);
  }
  return out;
}

nlohmann::json routing_json(const ResultsSet& set) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& c : routing_comparisons(set)) {
    nlohmann::json j = {
        {"label", c.label}, {"tokens", c.tokens}, {"by_routing", nlohmann::json::object()}};
    for (const auto& [routing, rec] : c.by_routing)
      j["by_routing"][routing] = {{"counts", rec->expert_token_counts},
                                  {"p50", rec->sample_quantile(0.5)},
                                  {"p99", rec->sample_quantile(0.99)},
                                  {"tokens_per_s", double(rec->tokens) / rec->median_s}};
    out.push_back(j);
  }
  return out;
}

nlohmann::json precision_json(const ResultsSet& set) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& c : precision_comparisons(set)) {
    const std::string base = c.by_precision.count("bf16") ? "bf16" : "fp32";
    auto base_it = c.by_precision.find(base);
    if (base_it == c.by_precision.end()) continue;
    nlohmann::json speedups = nlohmann::json::object();
    for (const auto& [p, rec] : c.by_precision)
      speedups[p] = base_it->second->median_s / rec->median_s;
    out.push_back({{"label", c.label},
                   {"role", c.role},
                   {"tokens", c.tokens},
                   {"base", base},
                   {"speedups", speedups}});
  }
  return out;
}

// $/M tokens vs utilisation: the seed's table (C20) as implied throughputs, and the same
// dense deployment with the MoE at the measured MoE / 70B-equivalent speed ratio.
nlohmann::json cost_json(const ClaimsLedger& ledger, const ResultsSet& set) {
  nlohmann::json out = {{"utilization", nlohmann::json::array()},
                        {"curves", nlohmann::json::array()}};
  for (int u = 5; u <= 100; u += 5) out["utilization"].push_back(u / 100.0);
  const ClaimSpec* c20 = nullptr;
  for (const auto& c : ledger.claims)
    if (c.id == "C20") c20 = &c;
  if (!c20 || !c20->figures.is_object()) return out;
  const auto& f = c20->figures;
  const auto& row = f.at("rows").at(0);
  const double u0 = row.at("utilization");
  for (const char* side : {"dense", "moe"}) {
    const double hourly = f.at(side).at("hourly");
    const double tps = implied_tokens_per_s(hourly, row.at(side), u0);
    out["curves"].push_back({{"label", std::string("seed 003 ") + side + " (" +
                                           f.at(side).at("hardware").get<std::string>() +
                                           ", implied " + std::to_string(int(tps)) + " tok/s)"},
                             {"hourly", hourly},
                             {"tokens_per_s", tps},
                             {"source", "seed"}});
  }
  out["seed_points"] = f.at("rows");
  const double dense_h = f.at("dense").at("hourly"), moe_h = f.at("moe").at("hourly");
  const double dense_tps = implied_tokens_per_s(dense_h, row.at("dense"), u0);
  for (const auto& s : three_way_series(set, "moe")) {
    const ThreeWayPoint& p = s.points.back();
    const double t70 = estimated_dense_time_per_token(p, 70.0 / 17.0);
    if (t70 <= 0) continue;
    const double speed = t70 / p.moe->time_per_token_s();
    out["curves"].push_back(
        {{"label", "MoE at measured speed ratio " + std::to_string(speed).substr(0, 4) + "x (" +
                       s.model + ", B=" + std::to_string(p.tokens) + ")"},
         {"hourly", moe_h},
         {"tokens_per_s", dense_tps * speed},
         {"source", "measured"}});
    break;
  }
  for (auto& curve : out["curves"]) {
    nlohmann::json costs = nlohmann::json::array();
    for (const auto& u : out["utilization"])
      costs.push_back(cost_per_million_tokens(curve["hourly"], curve["tokens_per_s"], u));
    curve["cost_per_million"] = costs;
  }
  return out;
}

}  // namespace

nlohmann::json build_report_data(const ClaimsLedger& ledger, const ClaimInputs& inputs,
                                 const std::vector<ClaimResult>& verdicts) {
  const ResultsSet& set = inputs.results;
  return {{"schema", "moebench-report-data/1"}, {"runs", runs_json(set)},
          {"hardware", set.hardware_summary()}, {"claims", claims_json(ledger, verdicts)},
          {"roofline", roofline_json(set)},     {"three_way", three_way_json(set)},
          {"routing", routing_json(set)},       {"precision", precision_json(set)},
          {"cost", cost_json(ledger, set)}};
}

}  // namespace moebench
