// A test-only knob for the regression-detection evidence (docs/regressions.md): the environment
// variable MOEBENCH_INJECT_SLOWDOWN="<kernel regex>=<percent>" adds that percentage of extra
// busy work to every timed run of the matching kernels. Never set it in a real measurement;
// results record it in moebench.options when it is set.
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

// nullopt when the variable is unset; UserError when it is malformed.
std::optional<InjectedSlowdown> injected_slowdown_from_env();
// Spins for `seconds` on the calling thread.
void busy_wait(double seconds);

}  // namespace moebench
