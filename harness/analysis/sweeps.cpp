#include "harness/analysis/sweeps.h"

#include <algorithm>
#include <tuple>

#include "harness/analysis/crossovers.h"

namespace moebench {

namespace {

bool is_reference(const Record& r) { return r.kernel.find("reference") != std::string::npos; }

// Run, backend and every axis but the excluded ones: records that differ only there compare.
std::string key_without(const Record& r, std::initializer_list<const char*> excluded) {
  std::string key = std::to_string(r.run);
  key += '|';
  key += r.backend;
  for (const auto& [k, v] : r.axes) {
    if (std::any_of(excluded.begin(), excluded.end(), [&](const char* e) { return k == e; }))
      continue;
    key += '|';
    key += k;
    key += '=';
    key += v;
  }
  return key;
}

std::string describe(const Record& r, const ResultsSet& set,
                     std::initializer_list<const char*> axes) {
  std::string out;
  for (const char* a : axes)
    if (auto v = r.axis(a); !v.empty()) {
      if (!out.empty()) out += ' ';
      out += a;
      out += '=';
      out += v;
    }
  out += " (";
  out += r.backend;
  out += ", ";
  out += set.runs.at(r.run).run_id;
  out += ')';
  return out;
}

using GroupIndex = std::map<std::pair<size_t, std::string>, std::vector<const Record*>>;

GroupIndex index_by_group(const ResultsSet& set) {
  GroupIndex index;
  for (const auto& r : set.records)
    if (r.ok() && !r.group.empty()) index[{r.run, r.group}].push_back(&r);
  return index;
}

const Record* partner(const GroupIndex& index, const Record& moe, const std::string& role) {
  auto it = index.find({moe.run, moe.group});
  if (it == index.end()) return nullptr;
  std::vector<const Record*> candidates;
  for (const Record* r : it->second)
    if (r->role == role) candidates.push_back(r);
  return fastest(candidates);
}

}  // namespace

const Record* fastest(const std::vector<const Record*>& candidates) {
  const Record* best = nullptr;
  auto better = [](const Record* a, const Record* b) {
    // Non-reference kernels first, then the lower median.
    return std::make_tuple(is_reference(*a), a->median_s) <
           std::make_tuple(is_reference(*b), b->median_s);
  };
  for (const Record* r : candidates)
    if (r && r->ok() && (!best || better(r, best))) best = r;
  return best;
}

double dense_ffn_params(const Record& r) {
  if (!r.shape.is_object() || !r.shape.contains("d_model") || !r.shape.contains("d_ff")) return 0;
  return 3.0 * r.shape.at("d_model").get<double>() * r.shape.at("d_ff").get<double>();
}

double estimated_dense_time_per_token(const ThreeWayPoint& p, double ratio) {
  if (!p.dense_same_active || !p.dense_same_total) return 0;
  const double pa = dense_ffn_params(*p.dense_same_active);
  const double pt = dense_ffn_params(*p.dense_same_total);
  return loglog_interpolate(pa, p.dense_same_active->time_per_token_s(), pt,
                            p.dense_same_total->time_per_token_s(), pa * ratio);
}

std::vector<ThreeWaySeries> three_way_series(const ResultsSet& set, const std::string& suite) {
  const GroupIndex groups = index_by_group(set);
  std::map<std::string, std::map<int64_t, std::vector<const Record*>>> moe_by_key;
  for (const auto& r : set.records) {
    if (!r.ok() || r.role != "moe" || r.suite != suite) continue;
    const std::string routing = r.axis("routing");
    if (!routing.empty() && routing != "uniform") continue;
    moe_by_key[key_without(r, {"tokens"})][r.tokens].push_back(&r);
  }
  std::vector<ThreeWaySeries> out;
  for (const auto& [key, by_tokens] : moe_by_key) {
    ThreeWaySeries series;
    for (const auto& [tokens, candidates] : by_tokens) {
      const Record* moe = fastest(candidates);
      if (!moe) continue;
      ThreeWayPoint p;
      p.tokens = tokens;
      p.moe = moe;
      p.dense_same_active = partner(groups, *moe, "dense_same_active");
      p.dense_same_total = partner(groups, *moe, "dense_same_total");
      if (auto it = groups.find({moe->run, moe->group}); it != groups.end())
        for (const Record* r : it->second)
          if (r->role == "stage" && !r->stage.empty() &&
              (r->kernel == moe->kernel || !p.stage_seconds.count(r->stage)))
            p.stage_seconds[r->stage] = r->median_s;
      series.points.push_back(p);
    }
    if (series.points.empty()) continue;
    const Record& first = *series.points.front().moe;
    series.run = first.run;
    series.backend = first.backend;
    series.model = first.axis("model");
    series.precision = first.axis("precision");
    series.routing = first.axis("routing");
    series.scale = first.axis("scale");
    series.label = describe(first, set, {"model", "scale", "experts", "topk", "precision", "mode"});
    out.push_back(std::move(series));
  }
  return out;
}

std::vector<RoutingComparison> routing_comparisons(const ResultsSet& set) {
  std::map<std::string, std::map<std::string, std::vector<const Record*>>> by_key;
  for (const auto& r : set.records) {
    if (!r.ok() || r.role != "moe" || r.axis("routing").empty()) continue;
    by_key[key_without(r, {"routing"})][r.axis("routing")].push_back(&r);
  }
  std::vector<RoutingComparison> out;
  for (const auto& [key, by_routing] : by_key) {
    if (by_routing.size() < 2) continue;
    RoutingComparison c;
    for (const auto& [routing, candidates] : by_routing)
      if (const Record* best = fastest(candidates)) c.by_routing[routing] = best;
    if (c.by_routing.size() < 2) continue;
    const Record& first = *c.by_routing.begin()->second;
    c.run = first.run;
    c.tokens = first.tokens;
    c.label = describe(first, set, {"model", "scale", "tokens", "precision", "mode"});
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<PrecisionComparison> precision_comparisons(const ResultsSet& set) {
  std::map<std::string, std::map<std::string, std::vector<const Record*>>> by_key;
  for (const auto& r : set.records) {
    if (!r.ok() || r.axis("precision").empty()) continue;
    if (r.role != "moe" && r.role != "dense_same_active" && r.role != "dense_same_total" &&
        r.role != "dense")
      continue;
    const std::string routing = r.axis("routing");
    if (!routing.empty() && routing != "uniform") continue;
    std::string key = r.role;
    key += '|';
    key += key_without(r, {"precision"});
    by_key[key][r.axis("precision")].push_back(&r);
  }
  std::vector<PrecisionComparison> out;
  for (const auto& [key, by_precision] : by_key) {
    if (by_precision.size() < 2) continue;
    PrecisionComparison c;
    for (const auto& [precision, candidates] : by_precision)
      if (const Record* best = fastest(candidates)) c.by_precision[precision] = best;
    if (c.by_precision.size() < 2) continue;
    const Record& first = *c.by_precision.begin()->second;
    c.run = first.run;
    c.role = first.role;
    c.tokens = first.tokens;
    c.label = first.role;
    c.label += ' ';
    c.label += describe(first, set, {"model", "scale", "tokens", "mode"});
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace moebench
