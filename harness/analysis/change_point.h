// Change-point detection by e-divisive means (Matteson & James, 2014): hierarchical binary
// splitting of a series at the point that maximises the energy distance between the two sides,
// each new split kept only when a permutation test finds it significant.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace moebench {

struct ChangePointOptions {
  double significance = 0.05;  // a split is kept when its permutation p-value is at most this
  int permutations = 199;
  size_t min_segment = 2;  // fewest points on either side of a split
  double exponent = 1.0;   // |x - y|^exponent, in (0, 2)
  uint64_t seed = 20261123;
  size_t max_change_points = 16;
};

struct ChangePoint {
  size_t index = 0;  // first point of the new segment
  double p_value = 1;
  double statistic = 0;
};

// Change points of `series` in increasing index order. Deterministic for a given seed.
std::vector<ChangePoint> e_divisive(const std::vector<double>& series,
                                    const ChangePointOptions& options = {});

}  // namespace moebench
