#include "harness/analysis/sample_statistics.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace moebench {

double median(std::vector<double> values) {
  if (values.empty()) return 0;
  const size_t mid = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + mid, values.end());
  const double upper = values[mid];
  if (values.size() % 2 == 1) return upper;
  const double lower = *std::max_element(values.begin(), values.begin() + mid);
  return 0.5 * (lower + upper);
}

double geometric_mean(const std::vector<double>& values) {
  if (values.empty()) return 0;
  double sum_log = 0;
  for (double v : values) {
    if (!(v > 0)) throw std::invalid_argument("geometric mean of a non-positive value");
    sum_log += std::log(v);
  }
  return std::exp(sum_log / static_cast<double>(values.size()));
}

}  // namespace moebench
