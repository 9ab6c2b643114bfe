// A run's results file: Google Benchmark JSON (context, benchmarks[]) plus the moebench block
// (docs/results-schema.md).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/results/record.h"

namespace moebench {

inline constexpr int kResultsSchemaVersion = 1;

struct RunResults {
  nlohmann::json context = nlohmann::json::object();  // Google Benchmark's context fields
  nlohmann::json meta = nlohmann::json::object();     // moebench block fields besides the lists
  nlohmann::json probes = nlohmann::json::object();   // limit key → measurement
  std::vector<Record> records;
  nlohmann::json skipped = nlohmann::json::array();  // {name, reason}
  bool complete = false;
};

nlohmann::json to_json(const RunResults& results);
// Writes to a temporary file beside `path`, then renames it over `path`: readers never see a
// half-written file. UserError when the folder cannot be created or written.
void write_json_atomically(const std::filesystem::path& path, const nlohmann::json& json);
// Fails early (before any measurement) when `path` cannot be written.
void check_writable(const std::filesystem::path& path);

}  // namespace moebench
