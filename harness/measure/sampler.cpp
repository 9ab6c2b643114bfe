#include "harness/measure/sampler.h"

#include <chrono>

namespace moebench {

namespace {
double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}
}  // namespace

SampleSet collect_samples(const std::function<double()>& one_sample, const StoppingRule& rule,
                          const std::function<bool()>& interrupted) {
  SampleSet set;
  const auto start = std::chrono::steady_clock::now();

  // Warm-up: page in weights, let clocks and caches settle; not recorded.
  while (set.warmup_runs < rule.min_warmup || seconds_since(start) < rule.warmup_s) {
    one_sample();
    ++set.warmup_runs;
    if (interrupted && interrupted()) break;
  }

  const auto sampling_start = std::chrono::steady_clock::now();
  // Re-summarising after every sample would be O(n² log n); checking at geometric steps keeps
  // the overhead negligible while stopping at most ~10% later than needed.
  size_t next_check = size_t(rule.min_samples);
  while (true) {
    set.seconds.push_back(one_sample());
    if (interrupted && interrupted()) {
      set.reason = StopReason::interrupted;
      break;
    }
    const double elapsed = seconds_since(sampling_start);
    const bool cheap_check_due = set.seconds.size() >= next_check;
    if (!cheap_check_due && elapsed < rule.max_time_s && int(set.seconds.size()) < rule.max_samples)
      continue;
    next_check = set.seconds.size() + set.seconds.size() / 10 + 1;
    StopReason reason;
    if (should_stop(rule, summarize(set.seconds), elapsed, &reason)) {
      set.reason = reason;
      break;
    }
  }
  set.summary = summarize(set.seconds);
  set.wall_s = seconds_since(start);
  return set;
}

}  // namespace moebench
