// Mann–Whitney U test (Wilcoxon rank-sum): do two samples come from the same distribution, or is
// one stochastically larger? Distribution-free, so timing samples' skew and outliers are fine.
#pragma once

#include <vector>

namespace moebench {

enum class MannWhitneyMethod {
  automatic,   // exact when there are no ties and both samples have at most 50 values
  exact,       // exact null distribution of U (only without ties; else falls back)
  asymptotic,  // normal approximation, tie correction and continuity correction
};

struct MannWhitneyResult {
  double u = 0;        // U of the first sample: pairs (x, y) with x > y, ties counting one half
  double p_value = 1;  // two-sided
  bool exact = false;  // whether the exact distribution was used
};

// Two-sided test. Matches scipy.stats.mannwhitneyu(x, y, alternative="two-sided",
// use_continuity=True, method=...) with the method chosen above.
// Throws std::invalid_argument when either sample is empty.
MannWhitneyResult mann_whitney_u(const std::vector<double>& x, const std::vector<double>& y,
                                 MannWhitneyMethod method = MannWhitneyMethod::automatic);

}  // namespace moebench
