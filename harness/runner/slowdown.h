// A test-only knob for the regression-detection evidence (docs/regressions.md): the environment
// variable MOEBENCH_INJECT_SLOWDOWN="<kernel regex>=<percent>" adds that percentage of extra
// work to the matching kernels: to every timed run as busy waiting for that fraction of the
// run's own time, and to the counter pass as whole extra executions (CountBatch below). Never set
// it in a real measurement; results record it in moebench.options when it is set.
#pragma once

#include <optional>
#include <regex>
#include <string>

namespace moebench {

struct InjectedSlowdown {
  std::string pattern;
  std::regex kernels;
  double fraction = 0;  // 0.05 for 5%
};

// How the counter pass injects the slowdown as work: `calls` executions of the point plus
// `extra` more, the counts divided by `calls`, so that the work grows by extra/calls = the
// fraction in whole executions of the kernel itself (callgrind's Ir then rose by 2.15%, 5.15%
// and 10.2% for 2, 5 and 10%: executions in a batch do not all count alike, docs/regressions.md).
// `calls` is the smallest count, at most 100, that makes the fraction a whole number of extra
// executions (20 for 5%, 50 for 2%); a fraction that needs more is rounded to hundredths.
struct CountBatch {
  int calls = 1;
  int extra = 0;
};
CountBatch count_batch_for(double fraction);

// nullopt when the variable is unset; UserError when it is malformed.
std::optional<InjectedSlowdown> injected_slowdown_from_env();
// Spins for `seconds` on the calling thread.
void busy_wait(double seconds);

}  // namespace moebench
