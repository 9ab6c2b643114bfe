// Reading user-edited JSON files (model configs, hardware profiles, routing traces) with errors
// that name the file, the field and the problem, as moebench::UserError.
#pragma once

#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <string>

#include <nlohmann/json.hpp>

namespace moebench {

// Parses `file`; UserError "<file>: cannot read (...)" or "<file>: malformed JSON (...)".
nlohmann::json read_json_file(const std::filesystem::path& file);

// Typed, validated access to the fields of one JSON object. `context` prefixes every error,
// e.g. "suites/models/x.json: moe".
class JsonFields {
 public:
  JsonFields(const nlohmann::json& object, std::string context);

  bool has(const std::string& key) const;
  int64_t required_int(const std::string& key, int64_t min_value) const;
  int64_t optional_int(const std::string& key, int64_t min_value, int64_t fallback) const;
  double required_number(const std::string& key, double min_value) const;
  double optional_number(const std::string& key, double min_value, double fallback) const;
  bool optional_bool(const std::string& key, bool fallback) const;
  std::string required_string(const std::string& key) const;
  std::string optional_string(const std::string& key, const std::string& fallback) const;
  // A nested object, with this context extended by the key.
  JsonFields object(const std::string& key) const;
  const nlohmann::json& value(const std::string& key) const;  // required, any type
  // UserError naming the first field not in `known`: catches typos such as "d_modle".
  void reject_unknown(std::initializer_list<const char*> known) const;
  [[noreturn]] void fail(const std::string& key, const std::string& problem) const;
  const std::string& context() const { return context_; }
  const nlohmann::json& json() const { return object_; }

 private:
  const nlohmann::json& object_;
  std::string context_;
};

}  // namespace moebench
