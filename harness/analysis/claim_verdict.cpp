#include "harness/analysis/claim_verdict.h"

namespace moebench {

std::string_view to_string(ClaimVerdict v) {
  switch (v) {
    case ClaimVerdict::supported:
      return "SUPPORTED";
    case ClaimVerdict::refuted:
      return "REFUTED";
    case ClaimVerdict::partly:
      return "PARTLY";
    case ClaimVerdict::inconclusive:
      return "INCONCLUSIVE";
    case ClaimVerdict::out_of_scope:
      return "OUT-OF-SCOPE";
  }
  return "?";
}

nlohmann::json to_json(const ClaimResult& r) {
  return {{"id", r.id},
          {"kind", r.kind},
          {"verdict", std::string(to_string(r.verdict))},
          {"summary", r.summary},
          {"evidence", r.evidence},
          {"contradictions", r.contradictions},
          {"missing", r.missing},
          {"missing_suites", r.missing_suites},
          {"hardware", r.hardware},
          {"run_ids", r.run_ids},
          {"tolerance", r.tolerance}};
}

}  // namespace moebench
