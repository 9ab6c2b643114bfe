// Comparing the least-disturbed runs of two sides. On a shared machine other tenants only ever
// add time: a run that happened to share the machine with a busy neighbour is slower as a whole
// (on the development VM whole runs of a 12 us kernel land either near 9.3 us or near 13 us),
// and how many runs of each kind a side gets is luck. The fastest runs of each side estimate
// what the code costs without that luck (the reasoning behind using the minimum in
// Chen & Revels 2016, "Robust benchmarking in noisy environments").
// The cut is taken over both sides pooled: the fastest `fraction` of all runs. Each side's runs
// below it are compared with a Mann-Whitney test. That test is exact whatever the machine did:
// if nothing changed, all runs are exchangeable, and so are the labels of the runs below any
// cut that ignores the labels. How many runs of each side fall below the cut (the luck of
// quiet periods) is deliberately not evidence. When one side has fewer than 2 runs below the
// cut, or too few for the test to reach p < alpha (every new run slower than most old ones, say),
// all runs are compared instead. That fallback depends on the labels, so the test is then no
// longer exact; it is the case where the slowdown is large and all runs show it.
#pragma once

#include <cstddef>
#include <vector>

#include "harness/analysis/bootstrap.h"

namespace moebench {

struct FastestRunsOptions {
  double fraction = 0.5;       // of all runs, both sides pooled, below the cut
  double alpha = 0.01;         // the test's level: runs below the cut must be able to reach it
  BootstrapOptions bootstrap;  // for the interval of the ratio
};

struct FastestRunsResult {
  RatioInterval ratio;  // median of new's runs below the cut / median of base's runs below it
  double p_value = 1;   // two-sided Mann-Whitney p of those runs
  bool exact = false;   // exact Mann-Whitney distribution
  size_t base_kept = 0, new_kept = 0;  // runs below the cut (all runs when it fell back)
};

// How many of n pooled runs lie below the cut: the fraction, at least 4, at most all.
size_t fastest_runs_kept(size_t runs, double fraction);

// Throws std::invalid_argument when a side has fewer than 2 runs or a value is not positive.
FastestRunsResult compare_fastest_runs(const std::vector<double>& base,
                                       const std::vector<double>& candidate,
                                       const FastestRunsOptions& options);

}  // namespace moebench
