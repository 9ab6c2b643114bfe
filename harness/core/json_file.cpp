#include "harness/core/json_file.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>

#include "harness/core/error.h"

namespace moebench {

nlohmann::json read_json_file(const std::filesystem::path& file) {
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec))
    throw UserError(file.string() + ": cannot read (it is a directory)");
  std::ifstream in(file, std::ios::binary);
  if (!in) throw UserError(file.string() + ": cannot read (" + std::strerror(errno) + ")");
  std::ostringstream text;
  text << in.rdbuf();
  try {
    return nlohmann::json::parse(text.str());
  } catch (const nlohmann::json::parse_error& e) {
    throw UserError(file.string() + ": malformed JSON (" + e.what() + ")");
  }
}

JsonFields::JsonFields(const nlohmann::json& object, std::string context)
    : object_(object), context_(std::move(context)) {
  if (!object_.is_object())
    throw UserError(context_ + ": expected a JSON object, found " + object_.type_name());
}

bool JsonFields::has(const std::string& key) const { return object_.contains(key); }

void JsonFields::fail(const std::string& key, const std::string& problem) const {
  throw UserError(context_ + ": field '" + key + "' " + problem);
}

const nlohmann::json& JsonFields::value(const std::string& key) const {
  auto it = object_.find(key);
  if (it == object_.end()) fail(key, "is missing");
  return *it;
}

int64_t JsonFields::required_int(const std::string& key, int64_t min_value) const {
  const nlohmann::json& v = value(key);
  if (!v.is_number_integer()) fail(key, std::string("must be an integer, found ") + v.type_name());
  const int64_t n = v.get<int64_t>();
  if (n < min_value) fail(key, "must be at least " + std::to_string(min_value));
  return n;
}

int64_t JsonFields::optional_int(const std::string& key, int64_t min_value,
                                 int64_t fallback) const {
  return has(key) ? required_int(key, min_value) : fallback;
}

double JsonFields::required_number(const std::string& key, double min_value) const {
  const nlohmann::json& v = value(key);
  if (!v.is_number()) fail(key, std::string("must be a number, found ") + v.type_name());
  const double x = v.get<double>();
  if (!(x >= min_value)) fail(key, "must be at least " + std::to_string(min_value));
  return x;
}

double JsonFields::optional_number(const std::string& key, double min_value,
                                   double fallback) const {
  return has(key) ? required_number(key, min_value) : fallback;
}

bool JsonFields::optional_bool(const std::string& key, bool fallback) const {
  if (!has(key)) return fallback;
  const nlohmann::json& v = value(key);
  if (!v.is_boolean()) fail(key, std::string("must be true or false, found ") + v.type_name());
  return v.get<bool>();
}

std::string JsonFields::required_string(const std::string& key) const {
  const nlohmann::json& v = value(key);
  if (!v.is_string()) fail(key, std::string("must be a string, found ") + v.type_name());
  return v.get<std::string>();
}

std::string JsonFields::optional_string(const std::string& key, const std::string& fallback) const {
  return has(key) ? required_string(key) : fallback;
}

JsonFields JsonFields::object(const std::string& key) const {
  const nlohmann::json& v = value(key);
  if (!v.is_object()) fail(key, std::string("must be an object, found ") + v.type_name());
  return JsonFields(v, context_ + ": " + key);
}

void JsonFields::reject_unknown(std::initializer_list<const char*> known) const {
  for (const auto& [key, unused] : object_.items()) {
    bool found = false;
    for (const char* k : known) found = found || key == k;
    if (!found) {
      std::string valid;
      for (const char* k : known) valid += (valid.empty() ? "" : ", ") + std::string(k);
      fail(key, "is not known here (known fields: " + valid + ")");
    }
  }
}

}  // namespace moebench
