#include "harness/analysis/verdict.h"

namespace moebench {

std::string_view to_string(Verdict v) {
  switch (v) {
    case Verdict::supported:
      return "SUPPORTED";
    case Verdict::refuted:
      return "REFUTED";
    case Verdict::partly:
      return "PARTLY";
    case Verdict::inconclusive:
      return "INCONCLUSIVE";
    case Verdict::out_of_scope:
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
