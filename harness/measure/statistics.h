// Robust summaries of timing samples.
#pragma once

#include <cstddef>
#include <vector>

namespace moebench {

struct Summary {
  size_t n = 0;
  double min = 0, max = 0, mean = 0, stddev = 0;
  double median = 0, q1 = 0, q3 = 0, iqr = 0;
  double cv = 0;  // stddev / mean
  // Distribution-free 95% confidence interval of the median (binomial order statistics).
  double median_ci_low = 0, median_ci_high = 0;
  // max(median - low, high - median) / median: what the stopping rule bounds.
  double median_rel_ci = 0;
};

// Linear interpolation between order statistics (type 7, as numpy's default).
double quantile(const std::vector<double>& sorted, double q);
Summary summarize(std::vector<double> samples);

}  // namespace moebench
