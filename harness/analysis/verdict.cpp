#include "harness/analysis/verdict.h"

namespace moebench {

std::string_view to_string(Verdict v) {
  switch (v) {
    case Verdict::faster:
      return "FASTER";
    case Verdict::slower:
      return "SLOWER";
    case Verdict::same:
      return "SAME";
    case Verdict::noisy:
      return "NOISY";
  }
  return "NOISY";
}

Verdict decide_verdict(const RatioInterval& ci, double p_value, size_t base_samples,
                       size_t new_samples, const VerdictRule& rule) {
  if (base_samples < 2 || new_samples < 2) return Verdict::noisy;
  const bool significant = p_value < rule.alpha;
  const double upper_limit = 1 + rule.threshold;
  const double lower_limit = 1 - rule.threshold;
  if (significant && ci.ratio > 1 && ci.high >= upper_limit) return Verdict::slower;
  if (significant && ci.ratio < 1 && ci.low <= lower_limit) return Verdict::faster;
  if (ci.low > lower_limit && ci.high < upper_limit) return Verdict::same;
  return Verdict::noisy;
}

}  // namespace moebench
