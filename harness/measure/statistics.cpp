#include "harness/measure/statistics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace moebench {

double quantile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  const double pos = q * double(sorted.size() - 1);
  const size_t lo = size_t(std::floor(pos));
  const size_t hi = std::min(lo + 1, sorted.size() - 1);
  const double frac = pos - double(lo);
  return sorted[lo] + frac * (sorted[hi] - sorted[lo]);
}

namespace {

// Largest r (1-based order statistic) such that P(Binomial(n, 1/2) < r) <= alpha/2: then
// [x_(r), x_(n-r+1)] covers the median with probability >= 1 - alpha, whatever the
// distribution. Returns 0 when n is too small for any such interval.
size_t median_ci_rank(size_t n, double alpha) {
  // log of C(n, i) / 2^n accumulated in the log domain: n can be in the thousands.
  double cdf = 0;
  size_t rank = 0;
  for (size_t i = 0; i < n; ++i) {
    const double log_pmf = std::lgamma(double(n) + 1) - std::lgamma(double(i) + 1) -
                           std::lgamma(double(n - i) + 1) - double(n) * std::log(2.0);
    cdf += std::exp(log_pmf);  // P(X <= i)
    if (cdf > alpha / 2) break;
    rank = i + 1;  // P(X < i + 1) <= alpha/2
  }
  return rank;
}

}  // namespace

Summary summarize(std::vector<double> samples) {
  Summary s;
  s.n = samples.size();
  if (samples.empty()) return s;
  std::sort(samples.begin(), samples.end());
  s.min = samples.front();
  s.max = samples.back();
  s.mean = std::accumulate(samples.begin(), samples.end(), 0.0) / double(s.n);
  double sq = 0;
  for (double x : samples) sq += (x - s.mean) * (x - s.mean);
  s.stddev = s.n > 1 ? std::sqrt(sq / double(s.n - 1)) : 0;
  s.cv = s.mean > 0 ? s.stddev / s.mean : 0;
  s.median = quantile(samples, 0.5);
  s.q1 = quantile(samples, 0.25);
  s.q3 = quantile(samples, 0.75);
  s.iqr = s.q3 - s.q1;

  const size_t rank = median_ci_rank(s.n, 0.05);
  if (rank == 0) {
    s.median_ci_low = s.min;
    s.median_ci_high = s.max;
    s.median_rel_ci = std::numeric_limits<double>::infinity();
  } else {
    s.median_ci_low = samples[rank - 1];
    s.median_ci_high = samples[s.n - rank];
    const double half = std::max(s.median - s.median_ci_low, s.median_ci_high - s.median);
    s.median_rel_ci = s.median > 0 ? half / s.median : std::numeric_limits<double>::infinity();
  }
  return s;
}

}  // namespace moebench
