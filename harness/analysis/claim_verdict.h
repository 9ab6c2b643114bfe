// The verdict on one claim and the evidence that decided it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace moebench {

enum class ClaimVerdict { supported, refuted, partly, inconclusive, out_of_scope };

std::string_view to_string(ClaimVerdict v);  // "SUPPORTED", "REFUTED", …

struct ClaimResult {
  std::string id;
  std::string kind;
  ClaimVerdict verdict = ClaimVerdict::inconclusive;
  std::string summary;                      // one line: the deciding numbers
  std::vector<std::string> evidence;        // numbers, with where they come from
  std::vector<std::string> contradictions;  // the seeds vs themselves or the arithmetic
  std::vector<std::string> missing;         // INCONCLUSIVE: what data would decide it
  std::vector<std::string> missing_suites;  // suites that should have run and did not
  std::string hardware;                     // where the measurements come from
  std::vector<std::string> run_ids;
  std::string tolerance;
};

nlohmann::json to_json(const ClaimResult& r);

}  // namespace moebench
