#include "harness/analysis/mann_whitney.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace moebench {
namespace {

constexpr size_t kExactLimit = 50;

struct Ranked {
  double rank_sum_x = 0;
  double tie_term = 0;  // sum over tie groups of t^3 - t
};

Ranked rank(const std::vector<double>& x, const std::vector<double>& y) {
  std::vector<std::pair<double, bool>> all;  // value, belongs to x
  all.reserve(x.size() + y.size());
  for (double v : x) all.emplace_back(v, true);
  for (double v : y) all.emplace_back(v, false);
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  Ranked r;
  for (size_t i = 0; i < all.size();) {
    size_t j = i;
    while (j < all.size() && all[j].first == all[i].first) ++j;
    const double t = static_cast<double>(j - i);
    const double mid_rank = 0.5 * static_cast<double>(i + 1 + j);  // average of ranks i+1..j
    for (size_t k = i; k < j; ++k)
      if (all[k].second) r.rank_sum_x += mid_rank;
    r.tie_term += t * t * t - t;
    i = j;
  }
  return r;
}

// P(U = u) for sample sizes m, n under the null, u = 0..m*n. The largest of the m+n values
// belongs to x with probability m/(m+n) (then it beats all n values of y), which gives
// p[m][n](u) = m/(m+n) p[m-1][n](u-n) + n/(m+n) p[m][n-1](u).
std::vector<double> exact_u_distribution(size_t m, size_t n) {
  // row[j] holds the distribution for (i, j) while i runs from 0 to m.
  std::vector<std::vector<double>> previous(n + 1), current(n + 1);
  for (size_t j = 0; j <= n; ++j) previous[j] = {1.0};  // i = 0: U = 0 surely
  for (size_t i = 1; i <= m; ++i) {
    current[0] = {1.0};
    for (size_t j = 1; j <= n; ++j) {
      std::vector<double> dist(i * j + 1, 0.0);
      const double from_x = static_cast<double>(i) / static_cast<double>(i + j);
      const double from_y = 1.0 - from_x;
      for (size_t u = 0; u < previous[j].size(); ++u) dist[u + j] += from_x * previous[j][u];
      for (size_t u = 0; u < current[j - 1].size(); ++u) dist[u] += from_y * current[j - 1][u];
      current[j] = std::move(dist);
    }
    std::swap(previous, current);
  }
  return previous[n];
}

double normal_upper_tail(double z) { return 0.5 * std::erfc(z / std::sqrt(2.0)); }

}  // namespace

MannWhitneyResult mann_whitney_u(const std::vector<double>& x, const std::vector<double>& y,
                                 MannWhitneyMethod method) {
  if (x.empty() || y.empty())
    throw std::invalid_argument("Mann-Whitney U needs at least one value in each sample");
  const double m = static_cast<double>(x.size());
  const double n = static_cast<double>(y.size());
  const Ranked r = rank(x, y);
  MannWhitneyResult result;
  result.u = r.rank_sum_x - m * (m + 1) / 2;

  const bool ties = r.tie_term > 0;
  const bool small = x.size() <= kExactLimit && y.size() <= kExactLimit;
  const bool use_exact = !ties && (method == MannWhitneyMethod::exact ||
                                   (method == MannWhitneyMethod::automatic && small));
  if (use_exact) {
    const std::vector<double> dist = exact_u_distribution(x.size(), y.size());
    const auto u = static_cast<size_t>(std::llround(result.u));
    const double cdf = std::accumulate(dist.begin(), dist.begin() + static_cast<long>(u) + 1, 0.0);
    const double sf = std::accumulate(dist.begin() + static_cast<long>(u), dist.end(), 0.0);
    result.p_value = std::min(1.0, 2.0 * std::min(cdf, sf));
    result.exact = true;
    return result;
  }
  const double total = m + n;
  const double mean = m * n / 2;
  const double variance = m * n / 12 * ((total + 1) - r.tie_term / (total * (total - 1)));
  if (!(variance > 0)) return result;  // every value tied: no evidence of a difference
  const double z = (std::abs(result.u - mean) - 0.5) / std::sqrt(variance);
  result.p_value = std::min(1.0, 2.0 * normal_upper_tail(z));
  return result;
}

}  // namespace moebench
