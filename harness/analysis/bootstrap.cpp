#include "harness/analysis/bootstrap.h"

#include <algorithm>
#include <random>
#include <stdexcept>

#include "harness/analysis/sample_statistics.h"

namespace moebench {
namespace {

// std::mt19937_64's output sequence is fixed by the standard (unlike the distributions), so the
// interval is the same on every compiler; the modulo bias is below 2^-50 for these sizes.
double resampled_median(const std::vector<double>& values, std::mt19937_64& rng,
                        std::vector<double>& scratch) {
  scratch.resize(values.size());
  for (double& v : scratch) v = values[rng() % values.size()];
  return median(scratch);
}

}  // namespace

RatioInterval bootstrap_median_ratio(const std::vector<double>& base,
                                     const std::vector<double>& candidate,
                                     const BootstrapOptions& options) {
  if (base.empty() || candidate.empty())
    throw std::invalid_argument("bootstrap of a median ratio needs two non-empty samples");
  const double base_median = median(base);
  if (!(base_median > 0)) throw std::invalid_argument("base median must be positive");
  RatioInterval interval;
  interval.ratio = median(candidate) / base_median;
  interval.low = interval.high = interval.ratio;
  if (options.resamples < 1 || (base.size() < 2 && candidate.size() < 2)) return interval;

  std::mt19937_64 rng(options.seed);
  std::vector<double> ratios, scratch;
  ratios.reserve(static_cast<size_t>(options.resamples));
  for (int i = 0; i < options.resamples; ++i) {
    const double b = resampled_median(base, rng, scratch);
    const double c = resampled_median(candidate, rng, scratch);
    if (b > 0) ratios.push_back(c / b);
  }
  if (ratios.empty()) return interval;
  std::sort(ratios.begin(), ratios.end());
  const double tail = (1 - options.confidence) / 2;
  auto at = [&](double q) {
    const double position = q * static_cast<double>(ratios.size() - 1);
    const auto lower = static_cast<size_t>(position);
    const size_t upper = std::min(lower + 1, ratios.size() - 1);
    const double fraction = position - static_cast<double>(lower);
    return ratios[lower] + fraction * (ratios[upper] - ratios[lower]);
  };
  interval.low = at(tail);
  interval.high = at(1 - tail);
  return interval;
}

}  // namespace moebench
