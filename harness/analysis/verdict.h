// The verdict rule of `moebench compare` (docs/regressions.md): from a median ratio with its
// confidence interval and a Mann–Whitney p-value to FASTER / SLOWER / SAME / NOISY.
#pragma once

#include <cstddef>
#include <string_view>

#include "harness/analysis/bootstrap.h"

namespace moebench {

enum class Verdict { faster, slower, same, noisy };

std::string_view to_string(Verdict v);  // "FASTER", "SLOWER", "SAME", "NOISY"

struct VerdictRule {
  double threshold = 0.05;  // relative change that matters (0.05 = 5%)
  double alpha = 0.01;      // significance level of the Mann–Whitney test
};

// Times: ratio = new/base, > 1 is slower. In order:
//   fewer than 2 samples on a side                      -> NOISY (nothing to judge the noise by)
//   p < alpha, ratio > 1, CI upper bound >= 1+threshold  -> SLOWER
//   p < alpha, ratio < 1, CI lower bound <= 1-threshold  -> FASTER
//   CI inside (1-threshold, 1+threshold)                -> SAME (any change is below threshold)
//   otherwise                                           -> NOISY (a threshold-sized change can
//                                                          neither be shown nor ruled out)
// SLOWER asks for a change that is significant and may reach the threshold, rather than a point
// estimate beyond it: a real slowdown of exactly the threshold is then caught far more often
// than half the time, while "no change" still has to pass the significance test.
Verdict decide_verdict(const RatioInterval& ci, double p_value, size_t base_samples,
                       size_t new_samples, const VerdictRule& rule);

}  // namespace moebench
