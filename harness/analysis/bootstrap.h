// Percentile-bootstrap confidence interval for the ratio of two medians (new / base): how much
// slower or faster, with the uncertainty of both samples. Seeded, so a comparison gives the same
// interval every time it is run on the same files.
#pragma once

#include <cstdint>
#include <vector>

namespace moebench {

struct RatioInterval {
  double ratio = 1;  // median(new) / median(base)
  double low = 1, high = 1;
};

struct BootstrapOptions {
  double confidence = 0.99;
  int resamples = 2000;
  uint64_t seed = 20261123;
};

// Throws std::invalid_argument when a sample is empty or its median is not positive.
RatioInterval bootstrap_median_ratio(const std::vector<double>& base,
                                     const std::vector<double>& candidate,
                                     const BootstrapOptions& options = {});

}  // namespace moebench
