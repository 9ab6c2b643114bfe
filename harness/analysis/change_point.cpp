#include "harness/analysis/change_point.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace moebench {
namespace {

struct Split {
  size_t index = 0;
  double statistic = -1;  // scaled energy distance; < 0 when the segment cannot be split
};

// Best split of values[begin, end): maximises
//   Q = n m / (n + m) * (2/(n m) sum|x-y|^a - sum_{i<k}|x_i-x_k|^a / C(n,2) - same for y)
// over splits with at least `min_segment` points on each side. Sums are updated as the split
// point moves right, so one segment costs O(L^2).
Split best_split(const std::vector<double>& values, size_t begin, size_t end,
                 const ChangePointOptions& options) {
  Split best;
  const size_t length = end - begin;
  if (length < 2 * options.min_segment) return best;
  std::vector<double> distance(length * length);
  for (size_t i = 0; i < length; ++i)
    for (size_t j = 0; j < length; ++j)
      distance[i * length + j] =
          std::pow(std::abs(values[begin + i] - values[begin + j]), options.exponent);
  auto d = [&](size_t i, size_t j) { return distance[i * length + j]; };

  double within_left = 0, within_right = 0, between = 0;
  for (size_t i = 0; i < length; ++i)
    for (size_t j = i + 1; j < length; ++j) within_right += d(i, j);
  // Split at s: left = [0, s), right = [s, length). Move point s-1 from right to left.
  for (size_t s = 1; s < length; ++s) {
    const size_t moved = s - 1;
    double to_left = 0, to_right = 0;
    for (size_t i = 0; i < moved; ++i) to_left += d(i, moved);
    for (size_t j = moved + 1; j < length; ++j) to_right += d(moved, j);
    within_left += to_left;
    within_right -= to_right;
    between += to_right - to_left;
    if (s < options.min_segment || length - s < options.min_segment) continue;
    const double n = static_cast<double>(s), m = static_cast<double>(length - s);
    const double left_pairs = n * (n - 1) / 2, right_pairs = m * (m - 1) / 2;
    const double energy = 2 * between / (n * m) - (left_pairs > 0 ? within_left / left_pairs : 0) -
                          (right_pairs > 0 ? within_right / right_pairs : 0);
    const double q = n * m / (n + m) * energy;
    if (q > best.statistic) best = {begin + s, q};
  }
  return best;
}

// The best split over all current segments (boundaries sorted, including 0 and size).
Split best_over_segments(const std::vector<double>& values, const std::vector<size_t>& bounds,
                         const ChangePointOptions& options) {
  Split best;
  for (size_t k = 0; k + 1 < bounds.size(); ++k) {
    const Split s = best_split(values, bounds[k], bounds[k + 1], options);
    if (s.statistic > best.statistic) best = s;
  }
  return best;
}

}  // namespace

std::vector<ChangePoint> e_divisive(const std::vector<double>& series,
                                    const ChangePointOptions& options) {
  std::vector<ChangePoint> found;
  std::vector<size_t> bounds = {0, series.size()};
  std::mt19937_64 rng(options.seed);
  std::vector<double> shuffled(series.size());
  while (found.size() < options.max_change_points) {
    const Split candidate = best_over_segments(series, bounds, options);
    if (candidate.statistic <= 0) break;
    // Permutation test: shuffle within each current segment (keeping the splits already
    // accepted) and count how often the best split is as strong as the observed one.
    int as_strong = 0;
    for (int p = 0; p < options.permutations; ++p) {
      shuffled = series;
      for (size_t k = 0; k + 1 < bounds.size(); ++k) {
        for (size_t i = bounds[k + 1] - 1; i > bounds[k]; --i) {
          const size_t j = bounds[k] + rng() % (i - bounds[k] + 1);
          std::swap(shuffled[i], shuffled[j]);
        }
      }
      if (best_over_segments(shuffled, bounds, options).statistic >= candidate.statistic)
        ++as_strong;
    }
    const double p_value = (as_strong + 1.0) / (options.permutations + 1.0);
    if (p_value > options.significance) break;
    found.push_back({candidate.index, p_value, candidate.statistic});
    bounds.insert(std::upper_bound(bounds.begin(), bounds.end(), candidate.index), candidate.index);
  }
  std::sort(found.begin(), found.end(),
            [](const ChangePoint& a, const ChangePoint& b) { return a.index < b.index; });
  return found;
}

}  // namespace moebench
