#include "harness/runner/slowdown.h"

#include <chrono>
#include <cmath>
#include <cstdlib>

#include "harness/core/error.h"

namespace moebench {

std::optional<InjectedSlowdown> injected_slowdown_from_env() {
  const char* text = std::getenv("MOEBENCH_INJECT_SLOWDOWN");
  if (!text || !*text) return std::nullopt;
  const std::string value(text);
  const auto eq = value.rfind('=');
  InjectedSlowdown s;
  try {
    if (eq == std::string::npos) throw std::invalid_argument("no '='");
    s.pattern = value.substr(0, eq);
    s.kernels = std::regex(s.pattern);
    size_t used = 0;
    const std::string pct = value.substr(eq + 1);
    s.fraction = std::stod(pct, &used) / 100;
    if (used != pct.size() || s.fraction < 0) throw std::invalid_argument("bad percent");
  } catch (const std::exception&) {
    throw UserError("bad MOEBENCH_INJECT_SLOWDOWN '" + value +
                    "': expected <kernel regex>=<percent>, e.g. cpu\\.fast=5");
  }
  return s;
}

CountBatch count_batch_for(double fraction) {
  if (fraction <= 0) return {};
  constexpr int kMaxCalls = 100;
  for (int calls = 1; calls <= kMaxCalls; ++calls) {
    const double extra = fraction * calls;
    if (extra >= 1 - 1e-9 && std::fabs(extra - std::round(extra)) < 1e-9)
      return {calls, int(std::lround(extra))};
  }
  return {kMaxCalls, int(std::lround(fraction * kMaxCalls))};
}

void busy_wait(double seconds) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < until) {
  }
}

}  // namespace moebench
