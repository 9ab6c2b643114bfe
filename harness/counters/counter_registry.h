// Which counter sources serve which backend, what `--counters auto|none|LIST` selects, and the
// text of `moebench list --counters`.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "harness/counters/counter_source.h"

namespace moebench {

struct CounterSelection {
  enum class Mode { automatic, none, list };
  Mode mode = Mode::automatic;
  std::vector<std::string> names;  // Mode::list: counter or source names, in the order given
};

// "auto", "none" or a comma-separated list ("task-clock,cupti"). UserError on an empty list or
// an empty item; names are checked against the sources by CounterRegistry::resolve.
CounterSelection parse_counter_selection(const std::string& text);

struct SourceRequest {
  CounterSource* source = nullptr;
  std::vector<std::string> names;  // for CounterSource::open ({"auto"}: all available)
};

class CounterRegistry {
 public:
  using Factory = std::function<std::unique_ptr<CounterSource>()>;
  // The built-in sources: perf_event and callgrind (cpu), cupti (cuda), rocprofiler-sdk (hip).
  static CounterRegistry& instance();
  explicit CounterRegistry(std::vector<Factory> factories);

  // Created on first use (CUPTI's probe initialises CUDA): a run that never asks pays nothing.
  std::vector<CounterSource*> sources();
  std::vector<CounterSource*> sources_for(const std::string& backend);

  // The sessions to open for a point of `backend`. auto: every source of the backend with an
  // available counter; none: nothing; list: each name is a counter or a source name. A name of
  // another backend's source is skipped here (a run may mix backends); a name no source knows
  // is a UserError listing the valid ones, and an unavailable counter a UserError with its
  // reason.
  std::vector<SourceRequest> resolve(const CounterSelection& selection, const std::string& backend);

  // What `moebench list --counters` prints: per source, every counter and why not.
  std::string describe();

 private:
  std::vector<Factory> factories_;
  std::vector<std::unique_ptr<CounterSource>> sources_;
};

}  // namespace moebench
