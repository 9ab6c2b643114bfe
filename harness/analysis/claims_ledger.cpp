#include "harness/analysis/claims_ledger.h"

#include <cstdlib>
#include <fstream>

#include "harness/core/error.h"

namespace moebench {

namespace {

std::string required_string(const nlohmann::json& j, const char* key, const std::string& where) {
  if (!j.contains(key) || !j.at(key).is_string())
    throw UserError(where + ": missing string field '" + key + "'");
  return j.at(key).get<std::string>();
}

ClaimSpec parse_claim(const nlohmann::json& j, const std::string& file) {
  ClaimSpec c;
  c.id = required_string(j, "id", file);
  const std::string where = file + " claim " + c.id;
  c.kind = required_string(j, "kind", where);
  c.statement = required_string(j, "statement", where);
  c.quantity = required_string(j, "quantity", where);
  c.rule = required_string(j, "rule", where);
  if (!j.contains("seeds") || !j.at("seeds").is_array())
    throw UserError(where + ": missing array 'seeds'");
  for (const auto& s : j.at("seeds")) c.seeds.push_back(s.get<std::string>());
  if (!j.contains("tolerance") || !j.at("tolerance").is_object())
    throw UserError(where + ": missing object 'tolerance'");
  c.tolerance_json = j.at("tolerance");
  c.tolerance = c.tolerance_json.value("value", 0.0);
  c.tolerance_meaning = c.tolerance_json.value("meaning", "");
  if (j.contains("needs_suites"))
    for (const auto& s : j.at("needs_suites")) c.needs_suites.push_back(s.get<std::string>());
  c.figures = j.value("figures", nlohmann::json());
  return c;
}

}  // namespace

const ClaimSpec& ClaimsLedger::find(const std::string& id) const {
  std::vector<std::string> ids;
  for (const auto& c : claims) {
    if (c.id == id) return c;
    ids.push_back(c.id);
  }
  throw UserError(unknown_name_message("claim", id, ids));
}

ClaimsLedger load_claims_ledger(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw UserError("cannot open claims ledger " + file.string());
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw UserError("claims ledger " + file.string() + " is not valid JSON: " + e.what());
  }
  ClaimsLedger ledger;
  try {
    if (doc.value("schema_version", 0) != 1)
      throw UserError(file.string() + ": unsupported claims schema_version (expected 1)");
    for (const auto& [id, name] : doc.at("seeds").items()) ledger.seed_files[id] = name;
    for (const auto& c : doc.at("claims")) ledger.claims.push_back(parse_claim(c, file.string()));
  } catch (const nlohmann::json::exception& e) {
    throw UserError("claims ledger " + file.string() + ": " + e.what());
  }
  if (ledger.claims.empty()) throw UserError(file.string() + ": no claims");
  return ledger;
}

std::filesystem::path default_claims_file() {
  if (const char* env = std::getenv("MOEBENCH_CLAIMS"); env && *env) return env;
  return std::filesystem::path(MOEBENCH_SOURCE_DIR) / "suites" / "claims" / "claims.json";
}

}  // namespace moebench
