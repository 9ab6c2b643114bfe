#include "harness/results/results_reader.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "harness/analysis/sample_statistics.h"
#include "harness/core/error.h"

namespace moebench {
namespace {

using nlohmann::json;

std::string line_and_column(const std::string& text, size_t byte) {
  // nlohmann reports the 1-based position of the last character read.
  const size_t end = std::min(byte == 0 ? 0 : byte - 1, text.size());
  size_t line = 1, column = 1;
  for (size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

std::string string_or_empty(const json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return {};
  return it->is_string() ? it->get<std::string>() : it->dump();
}

double seconds_per_unit(const std::string& unit, const std::string& source,
                        const std::string& name) {
  if (unit.empty() || unit == "ns") return 1e-9;
  if (unit == "us") return 1e-6;
  if (unit == "ms") return 1e-3;
  if (unit == "s") return 1.0;
  throw UserError(source + ": benchmark '" + name + "' has unknown time_unit '" + unit +
                  "' (valid: ns, us, ms, s)");
}

void finish(ResultBenchmark& benchmark) { benchmark.median_s = median(benchmark.samples_s); }

// `counters[]` of a record: a counter that could not be counted (NaN, written as null) is left
// out, so that comparing by it reports the record as missing rather than as a change.
void read_counters(const json& record, ResultBenchmark& b) {
  auto counters = record.find("counters");
  if (counters == record.end() || !counters->is_array()) return;
  for (const auto& c : *counters) {
    if (!c.is_object()) continue;
    const std::string name = string_or_empty(c, "name");
    if (name.empty()) continue;
    ResultCounter counter;
    if (auto samples = c.find("samples"); samples != c.end() && samples->is_array())
      for (const auto& s : *samples)
        if (s.is_number()) counter.samples.push_back(s.get<double>());
    if (counter.samples.empty())
      if (auto value = c.find("value"); value != c.end() && value->is_number())
        counter.samples.push_back(value->get<double>());
    if (counter.samples.empty()) continue;
    counter.unit = string_or_empty(c, "unit");
    counter.source = string_or_empty(c, "source");
    b.counters[name] = std::move(counter);
  }
}

// A moebench record (schema `records[]`); nullopt when it has no timing to compare.
std::optional<ResultBenchmark> read_record(const json& record) {
  if (!record.is_object() || string_or_empty(record, "status") != "ok") return std::nullopt;
  ResultBenchmark b;
  b.name = string_or_empty(record, "name");
  if (b.name.empty()) return std::nullopt;
  if (auto timing = record.find("timing"); timing != record.end() && timing->is_object()) {
    if (auto samples = timing->find("samples_s"); samples != timing->end() && samples->is_array())
      for (const auto& s : *samples)
        if (s.is_number() && s.get<double>() > 0) b.samples_s.push_back(s.get<double>());
    if (b.samples_s.empty()) {
      if (auto summary = timing->find("summary");
          summary != timing->end() && summary->is_object() && summary->contains("median") &&
          (*summary)["median"].is_number())
        b.samples_s.push_back((*summary)["median"].get<double>());
    }
  }
  if (b.samples_s.empty()) return std::nullopt;
  b.suite = string_or_empty(record, "suite");
  b.role = string_or_empty(record, "role");
  b.kernel = string_or_empty(record, "kernel");
  b.backend = string_or_empty(record, "backend");
  if (auto axes = record.find("axes"); axes != record.end() && axes->is_object())
    for (const auto& [key, value] : axes->items())
      b.axes[key] = value.is_string() ? value.get<std::string>() : value.dump();
  if (auto analytic = record.find("analytic"); analytic != record.end() && analytic->is_object())
    for (const auto& [key, value] : analytic->items())
      if (value.is_number()) b.analytic[key] = value.get<double>();
  if (auto limits = record.find("limits"); limits != record.end() && limits->is_object()) {
    b.regime = string_or_empty(*limits, "regime");
    if (auto probe = limits->find("probe"); probe != limits->end() && probe->is_object()) {
      b.flops_key = string_or_empty(*probe, "flops_key");
      b.bandwidth_key = string_or_empty(*probe, "bandwidth_key");
    }
  }
  read_counters(record, b);
  finish(b);
  return b;
}

// Plain Google Benchmark `benchmarks[]`: the repetitions of one run_name are its samples.
std::vector<ResultBenchmark> read_google_benchmarks(const json& entries,
                                                    const std::string& source) {
  std::vector<ResultBenchmark> out;
  std::map<std::string, size_t> index;
  std::map<std::string, double> median_aggregate;
  std::vector<std::string> aggregate_order;
  for (const auto& entry : entries) {
    if (!entry.is_object() || entry.value("error_occurred", false)) continue;
    std::string run_name = string_or_empty(entry, "run_name");
    if (run_name.empty()) run_name = string_or_empty(entry, "name");
    if (run_name.empty() || !entry.contains("real_time") || !entry["real_time"].is_number())
      continue;
    const double seconds = entry["real_time"].get<double>() *
                           seconds_per_unit(string_or_empty(entry, "time_unit"), source, run_name);
    const std::string run_type = string_or_empty(entry, "run_type");
    if (run_type == "aggregate") {
      if (string_or_empty(entry, "aggregate_name") == "median" &&
          !median_aggregate.contains(run_name)) {
        median_aggregate[run_name] = seconds;
        aggregate_order.push_back(run_name);
      }
      continue;
    }
    if (seconds <= 0) continue;
    auto [it, inserted] = index.try_emplace(run_name, out.size());
    if (inserted) {
      out.emplace_back();
      out.back().name = run_name;
    }
    out[it->second].samples_s.push_back(seconds);
  }
  // Files written with --benchmark_report_aggregates_only: the median is all there is.
  for (const auto& name : aggregate_order)
    if (!index.contains(name) && median_aggregate[name] > 0) {
      out.emplace_back();
      out.back().name = name;
      out.back().samples_s = {median_aggregate[name]};
    }
  for (auto& b : out) finish(b);
  return out;
}

std::map<std::string, ResultProbe> read_probes(const json& probes) {
  std::map<std::string, ResultProbe> out;
  if (!probes.is_object()) return out;
  for (const auto& [key, probe] : probes.items()) {
    if (!probe.is_object() || !probe.contains("value") || !probe["value"].is_number()) continue;
    const double value = probe["value"].get<double>();
    if (!(value > 0)) continue;
    ResultProbe p{value, 0, string_or_empty(probe, "unit")};
    if (auto median = probe.find("median_value"); median != probe.end() && median->is_number())
      p.median_value = median->get<double>();
    out[key] = p;
  }
  return out;
}

}  // namespace

const ResultBenchmark* ResultsFile::find(const std::string& name) const {
  for (const auto& b : benchmarks)
    if (b.name == name) return &b;
  return nullptr;
}

ResultsFile parse_results(const std::string& text, const std::string& source) {
  json root;
  try {
    root = json::parse(text);
  } catch (const json::parse_error& e) {
    throw UserError(source + ": not valid JSON at " + line_and_column(text, e.byte) + " (" +
                    e.what() + ")");
  }
  if (!root.is_object())
    throw UserError(source + ": not a results file (expected a JSON object with `benchmarks`)");

  ResultsFile file;
  file.path = source;
  if (auto context = root.find("context"); context != root.end() && context->is_object()) {
    file.host = string_or_empty(*context, "host_name");
    file.date = string_or_empty(*context, "date");
  }

  if (auto block = root.find("moebench"); block != root.end() && block->is_object()) {
    file.moebench = true;
    auto version = block->find("schema_version");
    if (version == block->end() || !version->is_number_integer())
      throw UserError(source + ": the `moebench` block has no integer schema_version");
    file.schema_version = version->get<int>();
    if (file.schema_version != kReadableResultsSchemaVersion)
      throw UserError(source + ": results schema_version " + std::to_string(file.schema_version) +
                      " is not one this moebench reads (it reads version " +
                      std::to_string(kReadableResultsSchemaVersion) +
                      "; see docs/results-schema.md); re-run with a matching moebench");
    file.run_id = string_or_empty(*block, "run_id");
    file.git_revision = string_or_empty(*block, "git_revision");
    file.instrumented = string_or_empty(*block, "instrumented");
    file.complete = block->value("complete", true);
    if (auto options = block->find("options"); options != block->end() && options->is_object())
      file.graph = options->value("graph", false);
    if (auto probes = block->find("probes"); probes != block->end())
      file.probes = read_probes(*probes);
    if (auto records = block->find("records"); records != block->end() && records->is_array()) {
      std::set<std::string> seen;
      for (const auto& record : *records)
        if (auto b = read_record(record); b && seen.insert(b->name).second)
          file.benchmarks.push_back(std::move(*b));
    }
  }
  // A moebench file whose records carry no samples still has Google Benchmark's medians.
  if (file.benchmarks.empty()) {
    if (auto entries = root.find("benchmarks"); entries != root.end() && entries->is_array())
      file.benchmarks = read_google_benchmarks(*entries, source);
  }
  if (file.benchmarks.empty())
    throw UserError(source + ": no benchmarks with timings in it (" +
                    (file.moebench ? std::string("no `ok` record in moebench.records[]")
                                   : std::string("`benchmarks[]` missing or empty")) +
                    ")");
  if (file.run_id.empty()) file.run_id = std::filesystem::path(source).stem().string();
  return file;
}

ResultsFile read_results_file(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec))
    throw UserError("results file '" + path + "' does not exist");
  if (std::filesystem::is_directory(path, ec))
    throw UserError("results file '" + path + "' is a directory, not a JSON file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UserError("results file '" + path + "' cannot be read");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw UserError("results file '" + path + "' cannot be read");
  return parse_results(text.str(), path);
}

std::vector<ResultsFile> read_results_runs(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_directory(path, ec)) return {read_results_file(path)};
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(path, ec))
    if (entry.is_regular_file() && entry.path().extension() == ".json")
      files.push_back(entry.path().string());
  if (ec) throw UserError("results directory '" + path + "' cannot be listed: " + ec.message());
  if (files.empty()) throw UserError("results directory '" + path + "' has no *.json file");
  std::sort(files.begin(), files.end());
  std::vector<ResultsFile> runs;
  for (const auto& file : files) runs.push_back(read_results_file(file));
  return runs;
}

}  // namespace moebench
