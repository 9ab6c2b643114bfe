#include "harness/results/results_file.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "harness/core/error.h"

namespace moebench {

namespace {

// Google Benchmark's record for one measured result, so its tools (compare.py) can read it.
nlohmann::json benchmark_entry(const Record& r, size_t family_index) {
  const double median_ns = r.timing.summary.median * 1e9;
  nlohmann::json b = {{"name", r.name},
                      {"family_index", family_index},
                      {"per_family_instance_index", 0},
                      {"run_name", r.name},
                      {"run_type", "iteration"},
                      {"repetitions", 1},
                      {"repetition_index", 0},
                      {"threads", 1},
                      {"iterations", r.timing.summary.n},
                      {"real_time", median_ns},
                      {"cpu_time", median_ns},
                      {"time_unit", "ns"}};
  if (r.derived.contains("flop_rate")) b["FLOP/s"] = r.derived["flop_rate"];
  if (r.derived.contains("bandwidth")) b["bytes_per_second"] = r.derived["bandwidth"];
  if (r.derived.contains("tokens_per_second"))
    b["tokens_per_second"] = r.derived["tokens_per_second"];
  return b;
}

}  // namespace

nlohmann::json to_json(const RunResults& results) {
  nlohmann::json benchmarks = nlohmann::json::array();
  nlohmann::json records = nlohmann::json::array();
  for (const auto& r : results.records) {
    records.push_back(to_json(r));
    if (r.status == "ok" && r.timed) benchmarks.push_back(benchmark_entry(r, benchmarks.size()));
  }
  nlohmann::json moebench = results.meta;
  moebench["schema_version"] = kResultsSchemaVersion;
  moebench["complete"] = results.complete;
  moebench["probes"] = results.probes;
  moebench["records"] = std::move(records);
  moebench["skipped"] = results.skipped;
  return {{"context", results.context},
          {"benchmarks", std::move(benchmarks)},
          {"moebench", std::move(moebench)}};
}

void check_writable(const std::filesystem::path& path) {
  std::error_code ec;
  const auto dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  std::filesystem::create_directories(dir, ec);
  if (ec)
    throw UserError("cannot create the folder " + dir.string() +
                    " for the results: " + ec.message());
  if (std::filesystem::is_directory(path))
    throw UserError("cannot write results to " + path.string() + ": it is a folder");
  if (access(dir.c_str(), W_OK) != 0)
    throw UserError("cannot write results to " + path.string() + ": " + std::strerror(errno));
}

void write_json_atomically(const std::filesystem::path& path, const nlohmann::json& json) {
  check_writable(path);
  const std::filesystem::path tmp =
      path.string() + ".tmp." + std::to_string(static_cast<long>(getpid()));
  {
    std::ofstream out(tmp, std::ios::trunc);
    if (!out) throw UserError("cannot write " + tmp.string() + ": " + std::strerror(errno));
    out << json.dump(1) << '\n';
    out.flush();
    if (!out) throw UserError("writing " + tmp.string() + " failed: " + std::strerror(errno));
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    throw UserError("cannot move the results into place at " + path.string());
  }
}

}  // namespace moebench
