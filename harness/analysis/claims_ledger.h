// The claims ledger (suites/claims/claims.json): every seed claim moebench judges, with the
// quantity tested, the rule that decides it, its tolerance and the figures the seeds state.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace moebench {

struct ClaimSpec {
  std::string id;                  // "C01"
  std::string kind;                // "A", "E", "S", "A+E", "-"
  std::vector<std::string> seeds;  // seed ids ("000"); file names in ClaimsLedger::seed_files
  std::string statement;           // the claim, paraphrased
  std::string quantity;            // what is computed or measured
  std::string rule;                // how the verdict follows from it
  double tolerance = 0;            // relative unless the meaning says otherwise
  std::string tolerance_meaning;
  nlohmann::json tolerance_json;          // the whole tolerance object (extra keys such as "band")
  std::vector<std::string> needs_suites;  // suites whose records decide it (empirical claims)
  nlohmann::json figures;                 // the seeds' numbers under test
};

struct ClaimsLedger {
  std::map<std::string, std::string> seed_files;  // "000" -> "000_….txt"
  std::vector<ClaimSpec> claims;
  const ClaimSpec& find(const std::string& id) const;  // UserError on unknown id
};

ClaimsLedger load_claims_ledger(const std::filesystem::path& file);  // UserError on bad file
// $MOEBENCH_CLAIMS, else <source tree>/suites/claims/claims.json.
std::filesystem::path default_claims_file();

}  // namespace moebench
