#include "harness/analysis/results_set.h"

#include <algorithm>
#include <fstream>

#include "harness/core/error.h"
#include "harness/measure/statistics.h"

namespace moebench {

namespace {

constexpr int kKnownSchemaVersion = 1;

double number_or_zero(const nlohmann::json& j, const char* key) {
  if (!j.is_object() || !j.contains(key) || !j.at(key).is_number()) return 0;
  return j.at(key).get<double>();
}

std::string string_or_empty(const nlohmann::json& j, const char* key) {
  if (!j.is_object() || !j.contains(key) || !j.at(key).is_string()) return "";
  return j.at(key).get<std::string>();
}

std::string describe_device(const std::string& backend, const nlohmann::json& props) {
  for (const char* key : {"name", "model", "cpu_model", "device_name"})
    if (auto s = string_or_empty(props, key); !s.empty()) return backend + ": " + s;
  return backend;
}

RunInfo parse_run(const nlohmann::json& doc, const std::string& path) {
  RunInfo run;
  run.path = path;
  const auto& ctx = doc.value("context", nlohmann::json::object());
  const auto& mb = doc.at("moebench");
  run.run_id = string_or_empty(mb, "run_id");
  if (run.run_id.empty()) run.run_id = std::filesystem::path(path).stem().string();
  run.host = string_or_empty(ctx, "host_name");
  run.date = string_or_empty(ctx, "date");
  run.complete = mb.value("complete", true);
  const auto& host = mb.value("host", nlohmann::json::object());
  run.cpu_model = string_or_empty(host, "cpu_model");
  if (mb.contains("devices") && mb.at("devices").is_object())
    for (const auto& [backend, props] : mb.at("devices").items())
      run.devices.push_back(describe_device(backend, props));
  if (run.devices.empty() && !run.cpu_model.empty()) run.devices.push_back("cpu: " + run.cpu_model);
  const auto& options = mb.value("options", nlohmann::json::object());
  if (options.contains("suites") && options.at("suites").is_array())
    for (const auto& s : options.at("suites"))
      if (s.is_string()) run.suites.insert(s.get<std::string>());
  if (mb.contains("probes") && mb.at("probes").is_object())
    for (const auto& [key, probe] : mb.at("probes").items())
      if (probe.is_object() && probe.contains("value") && probe.at("value").is_number())
        run.probes[key] = probe.at("value").get<double>();
  run.hardware_profiles = mb.value("hardware_profiles", nlohmann::json::object());
  return run;
}

Record parse_record(const nlohmann::json& j, size_t run) {
  Record r;
  r.run = run;
  r.name = string_or_empty(j, "name");
  r.suite = string_or_empty(j, "suite");
  r.role = string_or_empty(j, "role");
  r.stage = string_or_empty(j, "stage");
  r.kernel = string_or_empty(j, "kernel");
  r.backend = string_or_empty(j, "backend");
  r.group = j.contains("group") && !j.at("group").is_null() ? j.at("group").dump() : "";
  if (j.contains("group") && j.at("group").is_string()) r.group = j.at("group").get<std::string>();
  r.status = string_or_empty(j, "status");
  r.reason = string_or_empty(j, "reason");
  r.vendor_baseline = j.value("vendor_baseline", false);
  if (j.contains("axes") && j.at("axes").is_object())
    for (const auto& [k, v] : j.at("axes").items())
      r.axes[k] = v.is_string() ? v.get<std::string>() : v.dump();
  const auto& timing = j.value("timing", nlohmann::json::object());
  if (timing.contains("samples_s") && timing.at("samples_s").is_array())
    for (const auto& s : timing.at("samples_s"))
      if (s.is_number()) r.samples_s.push_back(s.get<double>());
  r.median_s = number_or_zero(timing.value("summary", nlohmann::json::object()), "median");
  if (r.median_s <= 0 && !r.samples_s.empty()) r.median_s = summarize(r.samples_s).median;
  const auto& a = j.value("analytic", nlohmann::json::object());
  r.tokens = static_cast<int64_t>(number_or_zero(a, "tokens"));
  if (r.tokens == 0 && r.axes.count("tokens")) r.tokens = std::atoll(r.axes["tokens"].c_str());
  r.flops = number_or_zero(a, "flops");
  r.weight_bytes = number_or_zero(a, "weight_bytes");
  r.activation_bytes = number_or_zero(a, "activation_bytes");
  r.routing_bytes = number_or_zero(a, "routing_bytes");
  r.total_bytes = number_or_zero(a, "total_bytes");
  if (r.total_bytes == 0) r.total_bytes = r.weight_bytes + r.activation_bytes + r.routing_bytes;
  r.arithmetic_intensity = number_or_zero(a, "arithmetic_intensity");
  if (r.arithmetic_intensity == 0 && r.total_bytes > 0)
    r.arithmetic_intensity = r.flops / r.total_bytes;
  r.experts_touched = number_or_zero(a, "experts_touched");
  r.experts_touched_expected = number_or_zero(a, "experts_touched_expected");
  r.resident_weight_bytes = number_or_zero(j, "resident_weight_bytes");
  if (r.resident_weight_bytes == 0)
    r.resident_weight_bytes = number_or_zero(a, "resident_weight_bytes");
  r.shape = j.value("shape", nlohmann::json::object());
  if (j.contains("expert_token_counts") && j.at("expert_token_counts").is_array())
    for (const auto& c : j.at("expert_token_counts"))
      if (c.is_number()) r.expert_token_counts.push_back(c.get<int64_t>());
  return r;
}

}  // namespace

std::string RunInfo::label() const {
  std::string device = devices.empty() ? "?" : devices.back();
  std::string day = date.substr(0, std::min<size_t>(date.size(), 16));
  return (host.empty() ? run_id : host) + " · " + device + " · " + day;
}

std::string Record::axis(const std::string& key) const {
  auto it = axes.find(key);
  return it == axes.end() ? "" : it->second;
}

double Record::sample_quantile(double q) const {
  if (samples_s.empty()) return median_s;
  std::vector<double> sorted = samples_s;
  std::sort(sorted.begin(), sorted.end());
  return quantile(sorted, q);
}

bool ResultsSet::suite_ran(const std::string& suite) const {
  return std::any_of(records.begin(), records.end(),
                     [&](const Record& r) { return r.suite == suite && r.ok(); });
}

std::vector<std::string> ResultsSet::run_ids() const {
  std::vector<std::string> ids;
  for (const auto& r : runs) ids.push_back(r.run_id);
  return ids;
}

std::string ResultsSet::hardware_summary() const {
  std::set<std::string> seen;
  std::string out;
  for (const auto& run : runs)
    for (const auto& d : run.devices)
      if (seen.insert(d).second) out += (out.empty() ? "" : "; ") + d;
  return out.empty() ? "unknown hardware" : out;
}

ResultsSet results_from_json(const std::vector<nlohmann::json>& docs,
                             const std::vector<std::string>& paths) {
  ResultsSet set;
  for (size_t i = 0; i < docs.size(); ++i) {
    const auto& doc = docs[i];
    const std::string& path = paths.at(i);
    if (!doc.is_object() || !doc.contains("moebench") || !doc.at("moebench").is_object())
      throw UserError(path + ": not a moebench results file (no 'moebench' block)");
    const auto& mb = doc.at("moebench");
    const int version = mb.value("schema_version", 0);
    if (version != kKnownSchemaVersion)
      throw UserError(path + ": results schema_version " + std::to_string(version) +
                      " is not known to this build (it reads version " +
                      std::to_string(kKnownSchemaVersion) + ")");
    try {
      set.runs.push_back(parse_run(doc, path));
      if (mb.contains("records") && mb.at("records").is_array())
        for (const auto& rec : mb.at("records"))
          set.records.push_back(parse_record(rec, set.runs.size() - 1));
      if (mb.contains("skipped") && mb.at("skipped").is_array())
        for (auto s : mb.at("skipped")) {
          s["run"] = set.runs.back().run_id;
          set.skipped.push_back(std::move(s));
        }
    } catch (const nlohmann::json::exception& e) {
      throw UserError(path + ": malformed results file: " + e.what());
    }
  }
  return set;
}

ResultsSet load_results(const std::vector<std::filesystem::path>& files) {
  std::vector<nlohmann::json> docs;
  std::vector<std::string> paths;
  for (const auto& f : files) {
    std::ifstream in(f);
    if (!in) throw UserError("cannot open results file " + f.string());
    try {
      docs.push_back(nlohmann::json::parse(in));
    } catch (const nlohmann::json::exception& e) {
      throw UserError("results file " + f.string() + " is not valid JSON: " + e.what());
    }
    paths.push_back(f.string());
  }
  return results_from_json(docs, paths);
}

}  // namespace moebench
