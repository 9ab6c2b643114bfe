// A results file (docs/results-schema.md) built in memory for analysis tests: a small MoE shape
// and its dense partners over batch, stages, routing distributions and precisions, timed by a
// simple roofline model (time = max(FLOPs / peak, bytes / bandwidth) x overhead). The numbers
// are made up for tests and say so in the file (host "synthetic").
#pragma once

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace moebench::testing {

struct SyntheticOptions {
  bool moe = true, routing = true, quant = true, roofline = true;
  double zipf_slowdown = 1.3;  // zipf median/p99 over uniform's
  double zipf_tail = 1.5;      // zipf's slowest samples over its median
  double moe_overhead = 1.3;   // MoE kernel time over its roofline time
  double int8_speedup = 1.8;   // quantised MoE and dense at the smallest batch
  std::string host = "synthetic";
};

inline constexpr double kPeak = 200e9, kBandwidth = 20e9;  // ridge 10 FLOP/B
inline constexpr int kD = 256, kF = 128, kE = 64, kK = 4;

inline nlohmann::json synthetic_record(const std::string& suite, const std::string& role,
                                       const std::string& group, int64_t tokens,
                                       const std::string& precision, const std::string& routing,
                                       double flops, double weight_bytes, double act_bytes,
                                       double routing_bytes, double resident, double seconds,
                                       nlohmann::json shape, double tail = 1.0) {
  std::vector<double> samples;
  for (int i = 0; i < 40; ++i)
    samples.push_back(seconds * (1 + 0.002 * i) * (i >= 38 ? tail : 1.0));
  nlohmann::json axes = {
      {"model", "qwen3-coder-next"}, {"scale", "0.125"}, {"tokens", std::to_string(tokens)},
      {"precision", precision},      {"threads", "2"},   {"mode", "hot"}};
  if (!routing.empty()) axes["routing"] = routing;
  const double total = weight_bytes + act_bytes + routing_bytes;
  return {
      {"name", suite + "/" + role + "/cpu.test/tokens=" + std::to_string(tokens) + "/" + precision +
                   "/" + routing},
      {"suite", suite},
      {"role", role},
      {"kernel", "cpu.test." + role},
      {"backend", "cpu"},
      {"group", group},
      {"axes", axes},
      {"shape", shape},
      {"status", "ok"},
      {"timing", {{"mode", "hot"}, {"samples_s", samples}, {"summary", {{"median", samples[20]}}}}},
      {"analytic",
       {{"tokens", tokens},
        {"flops", flops},
        {"weight_bytes", weight_bytes},
        {"activation_bytes", act_bytes},
        {"routing_bytes", routing_bytes},
        {"total_bytes", total},
        {"arithmetic_intensity", flops / total}}},
      {"resident_weight_bytes", resident}};
}

inline double roof_time(double flops, double bytes) {
  return std::max(flops / kPeak, bytes / kBandwidth);
}

inline std::vector<int64_t> uniform_counts(int64_t tokens) {
  std::vector<int64_t> c(kE, 0);
  for (int64_t i = 0; i < tokens * kK; ++i) ++c[size_t((i * 7) % kE)];
  return c;
}

// The MoE point and its two dense partners (and stages) at one batch and precision.
inline void add_three_way(nlohmann::json& records, const std::string& suite, int64_t tokens,
                          const std::string& precision, double bytes_per_weight, double speedup,
                          const SyntheticOptions& o) {
  const double b = double(tokens);
  const double expert = 3.0 * kD * kF;
  const double touched = kE * (1 - std::pow(1 - double(kK) / kE, b));
  const double act = b * kD * 4 * 2;
  const std::string group = suite + "-" + precision + "-" + std::to_string(tokens);
  // MoE
  const double f_moe = 2 * expert * kK * b + 2.0 * kE * kD * b;
  const double w_moe = touched * expert * bytes_per_weight;
  const double r_moe = b * kK * kD * 4 * 2 + b * kE * 4;
  const double t_moe = o.moe_overhead * roof_time(f_moe, w_moe + act + r_moe) / speedup;
  nlohmann::json moe_shape = {{"d_model", kD}, {"d_ff_expert", kF}, {"num_experts", kE},
                              {"top_k", kK},   {"num_shared", 0},   {"d_ff_shared", 0}};
  auto moe = synthetic_record(suite, "moe", group, tokens, precision, "uniform", f_moe, w_moe, act,
                              r_moe, kE * expert * bytes_per_weight, t_moe, moe_shape);
  moe["analytic"]["experts_touched"] = touched;
  moe["analytic"]["experts_touched_expected"] = touched;
  moe["expert_token_counts"] = uniform_counts(tokens);
  records.push_back(moe);
  for (const auto& [stage, share] : {std::pair{"route", 0.1}, std::pair{"permute", 0.1},
                                     std::pair{"experts", 0.7}, std::pair{"combine", 0.1}}) {
    auto s = synthetic_record(suite, "stage", group, tokens, precision, "uniform", 0, 0, 0, 0, 0,
                              t_moe * share, moe_shape);
    s["stage"] = stage;
    records.push_back(s);
  }
  // dense partners
  for (const auto& [role, experts] : {std::pair{std::string("dense_same_active"), kK},
                                      std::pair{std::string("dense_same_total"), kE}}) {
    const double params = expert * experts;
    const double f = 2 * params * b, w = params * bytes_per_weight;
    nlohmann::json shape = {{"d_model", kD}, {"d_ff", kF * experts}};
    records.push_back(synthetic_record(suite, role, group, tokens, precision, "", f, w, act, 0, w,
                                       roof_time(f, w + act) / speedup, shape));
  }
}

inline nlohmann::json synthetic_results(const SyntheticOptions& o = {}) {
  nlohmann::json records = nlohmann::json::array();
  std::vector<std::string> suites;
  if (o.moe) {
    suites.push_back("moe");
    for (int64_t t : {1, 8, 64, 512, 2048}) add_three_way(records, "moe", t, "fp32", 4, 1.0, o);
  }
  if (o.quant) {
    suites.push_back("quant");
    for (int64_t t : {1, 256}) {
      add_three_way(records, "quant", t, "fp32", 4, 1.0, o);
      add_three_way(records, "quant", t, "int8", 1.0 + 4.0 / kD, t == 1 ? o.int8_speedup : 1.0, o);
    }
  }
  if (o.routing) {
    suites.push_back("routing");
    const int64_t t = 256;
    const double expert = 3.0 * kD * kF;
    const double f = 2 * expert * kK * t, w = kE * expert * 4, act = t * kD * 8.0;
    const double base = o.moe_overhead * roof_time(f, w + act);
    nlohmann::json shape = {{"d_model", kD}, {"d_ff_expert", kF}, {"num_experts", kE},
                            {"top_k", kK},   {"num_shared", 0},   {"d_ff_shared", 0}};
    auto uniform = synthetic_record("routing", "moe", "r-u", t, "fp32", "uniform", f, w, act, 0, w,
                                    base, shape);
    uniform["expert_token_counts"] = uniform_counts(t);
    auto zipf = synthetic_record("routing", "moe", "r-z", t, "fp32", "zipf:1.2", f, w, act, 0, w,
                                 base * o.zipf_slowdown, shape, o.zipf_tail);
    std::vector<int64_t> zc(kE, 0);
    double norm = 0;
    for (int e = 0; e < kE; ++e) norm += 1 / std::pow(e + 1, 1.2);
    for (int e = 0; e < kE; ++e)
      zc[size_t(e)] = std::min<int64_t>(t, int64_t(t * kK / std::pow(e + 1, 1.2) / norm));
    zipf["expert_token_counts"] = zc;
    auto collapse = synthetic_record("routing", "moe", "r-c", t, "fp32", "collapse:2", f, w, act, 0,
                                     w, base * 0.9, shape);
    std::vector<int64_t> cc(kE, 0);
    cc[0] = cc[1] = t;
    for (int64_t i = 0; i < t * (kK - 2); ++i) ++cc[size_t(2 + (i * 5) % (kE - 2))];
    collapse["expert_token_counts"] = cc;
    records.push_back(uniform);
    records.push_back(zipf);
    records.push_back(collapse);
  }
  nlohmann::json probes = nlohmann::json::object();
  if (o.roofline) {
    suites.push_back("roofline");
    probes["cpu/flops:fp32"] = {{"value", kPeak}, {"unit", "FLOP/s"}};
    probes["cpu/bandwidth:read"] = {{"value", kBandwidth}, {"unit", "B/s"}};
    records.push_back({{"name", "roofline/probe/fp32_fma"},
                       {"suite", "roofline"},
                       {"role", "probe"},
                       {"status", "ok"},
                       {"timing", {{"summary", {{"median", 0.01}}}}}});
  }
  return {{"context", {{"date", "2026-11-23T07:00:00+00:00"}, {"host_name", o.host}}},
          {"benchmarks", nlohmann::json::array()},
          {"moebench",
           {{"schema_version", 1},
            {"run_id", "20261123-070000-" + o.host},
            {"complete", true},
            {"devices", {{"cpu", {{"name", "synthetic CPU (test data)"}}}}},
            {"options", {{"suites", suites}}},
            {"probes", probes},
            {"records", records},
            {"skipped", nlohmann::json::array()}}}};
}

}  // namespace moebench::testing
