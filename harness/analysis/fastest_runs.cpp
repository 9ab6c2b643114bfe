#include "harness/analysis/fastest_runs.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>

#include "harness/analysis/mann_whitney.h"
#include "harness/analysis/sample_statistics.h"

namespace moebench {
namespace {

struct BelowCut {
  std::vector<double> base, candidate;
};

// Each side's runs among the fastest `fraction` of both sides pooled; both sides whole when
// the runs below the cut could not reach p < alpha however they ranked (a side kept 1 run, or
// 10 against 2 at alpha 0.01: what happens when every new run is clearly slower).
BelowCut below_cut(const std::vector<double>& base, const std::vector<double>& candidate,
                   double fraction, double alpha) {
  std::vector<double> pooled = base;
  pooled.insert(pooled.end(), candidate.begin(), candidate.end());
  std::sort(pooled.begin(), pooled.end());
  const double cut = pooled[fastest_runs_kept(pooled.size(), fraction) - 1];
  BelowCut out;
  for (double v : base)
    if (v <= cut) out.base.push_back(v);
  for (double v : candidate)
    if (v <= cut) out.candidate.push_back(v);
  if (out.base.size() < 2 || out.candidate.size() < 2 ||
      mann_whitney_smallest_p(out.base.size(), out.candidate.size()) >= alpha)
    return {base, candidate};
  return out;
}

std::vector<double> resample(const std::vector<double>& values, std::mt19937_64& rng) {
  std::vector<double> out(values.size());
  for (double& v : out) v = values[rng() % values.size()];
  return out;
}

double quantile_of_sorted(const std::vector<double>& sorted, double q) {
  const double position = q * static_cast<double>(sorted.size() - 1);
  const auto lower = static_cast<size_t>(position);
  const size_t upper = std::min(lower + 1, sorted.size() - 1);
  return sorted[lower] + (position - static_cast<double>(lower)) * (sorted[upper] - sorted[lower]);
}

}  // namespace

size_t fastest_runs_kept(size_t runs, double fraction) {
  const auto keep = static_cast<size_t>(std::ceil(fraction * static_cast<double>(runs) - 1e-9));
  return std::min(runs, std::max<size_t>(4, keep));
}

FastestRunsResult compare_fastest_runs(const std::vector<double>& base,
                                       const std::vector<double>& candidate,
                                       const FastestRunsOptions& options) {
  if (base.size() < 2 || candidate.size() < 2)
    throw std::invalid_argument("comparing the fastest runs needs at least 2 runs a side");
  for (const auto* side : {&base, &candidate})
    for (double v : *side)
      if (!(v > 0)) throw std::invalid_argument("run values must be positive");
  const BelowCut kept = below_cut(base, candidate, options.fraction, options.alpha);
  FastestRunsResult result;
  result.base_kept = kept.base.size();
  result.new_kept = kept.candidate.size();
  result.ratio.ratio = median(kept.candidate) / median(kept.base);
  const MannWhitneyResult test = mann_whitney_u(kept.candidate, kept.base);
  result.p_value = test.p_value;
  result.exact = test.exact;

  // Percentile bootstrap: resample each side's runs, cut again, take the ratio again.
  std::mt19937_64 rng(options.bootstrap.seed);
  std::vector<double> ratios;
  for (int i = 0; i < options.bootstrap.resamples; ++i) {
    const BelowCut again =
        below_cut(resample(base, rng), resample(candidate, rng), options.fraction, options.alpha);
    ratios.push_back(median(again.candidate) / median(again.base));
  }
  result.ratio.low = result.ratio.high = result.ratio.ratio;
  if (!ratios.empty()) {
    std::sort(ratios.begin(), ratios.end());
    const double tail = (1 - options.bootstrap.confidence) / 2;
    result.ratio.low = std::min(result.ratio.ratio, quantile_of_sorted(ratios, tail));
    result.ratio.high = std::max(result.ratio.ratio, quantile_of_sorted(ratios, 1 - tail));
  }
  return result;
}

}  // namespace moebench
