#include "harness/counters/counter_registry.h"

#include <algorithm>
#include <map>
#include <sstream>

#include "harness/core/error.h"
#include "harness/counters/analytic_source.h"
#include "harness/counters/sources.h"

namespace moebench {

CounterSelection parse_counter_selection(const std::string& text) {
  if (text == "auto") return {CounterSelection::Mode::automatic, {}};
  if (text == "none") return {CounterSelection::Mode::none, {}};
  CounterSelection selection{CounterSelection::Mode::list, {}};
  std::stringstream stream(text);
  std::string item;
  while (std::getline(stream, item, ',')) {
    if (item.empty()) {
      throw UserError("--counters '" + text + "': empty counter name (use auto, none or a list)");
    }
    selection.names.push_back(item);
  }
  if (text.empty() || text.back() == ',') {
    throw UserError("--counters '" + text + "': empty counter name (use auto, none or a list)");
  }
  return selection;
}

CounterRegistry& CounterRegistry::instance() {
  static CounterRegistry registry(
      {make_perf_event_source, make_callgrind_source, make_cupti_source, make_rocprofiler_source});
  return registry;
}

CounterRegistry::CounterRegistry(std::vector<Factory> factories)
    : factories_(std::move(factories)) {}

std::vector<CounterSource*> CounterRegistry::sources() {
  if (sources_.empty()) {
    for (const auto& factory : factories_) sources_.push_back(factory());
  }
  std::vector<CounterSource*> list;
  for (const auto& source : sources_) list.push_back(source.get());
  return list;
}

std::vector<CounterSource*> CounterRegistry::sources_for(const std::string& backend) {
  std::vector<CounterSource*> list;
  for (CounterSource* source : sources()) {
    if (source->backend() == backend) list.push_back(source);
  }
  return list;
}

std::vector<SourceRequest> CounterRegistry::resolve(const CounterSelection& selection,
                                                    const std::string& backend) {
  std::vector<SourceRequest> requests;
  if (selection.mode == CounterSelection::Mode::none) return requests;
  if (selection.mode == CounterSelection::Mode::automatic) {
    for (CounterSource* source : sources_for(backend)) {
      auto counters = source->counters();
      if (std::any_of(counters.begin(), counters.end(),
                      [](const auto& c) { return c.available; })) {
        requests.push_back({source, {"auto"}});
      }
    }
    return requests;
  }

  std::map<CounterSource*, std::vector<std::string>> names_by_source;
  for (const auto& name : selection.names) {
    bool known = false;
    for (CounterSource* source : sources()) {
      const bool ours = source->backend() == backend;
      if (source->name() == name) {
        known = true;
        if (ours) names_by_source[source] = {"auto"};
        continue;
      }
      for (const auto& counter : source->counters()) {
        if (counter.name != name) continue;
        known = true;
        if (!ours) break;
        if (!counter.available) {
          throw UserError("counter '" + name + "' (" + source->name() +
                          ") is unavailable here: " + counter.reason);
        }
        auto& names = names_by_source[source];
        if (names != std::vector<std::string>{"auto"}) names.push_back(name);
        break;
      }
    }
    if (!known) {
      std::vector<std::string> valid = {"auto", "none"};
      for (CounterSource* source : sources()) {
        valid.push_back(source->name());
        for (const auto& counter : source->counters()) valid.push_back(counter.name);
      }
      std::sort(valid.begin() + 2, valid.end());
      valid.erase(std::unique(valid.begin(), valid.end()), valid.end());
      throw UserError(unknown_name_message("counter", name, valid));
    }
  }
  for (CounterSource* source : sources_for(backend)) {
    auto it = names_by_source.find(source);
    if (it != names_by_source.end()) requests.push_back({source, it->second});
  }
  return requests;
}

std::string CounterRegistry::describe() {
  std::ostringstream out;
  for (CounterSource* source : sources()) {
    out << source->name() << " (backend " << source->backend() << ")\n";
    size_t width = 0;
    auto counters = source->counters();
    for (const auto& counter : counters) width = std::max(width, counter.name.size());
    for (const auto& counter : counters) {
      out << "  " << counter.name << std::string(width - counter.name.size() + 2, ' ')
          << (counter.available ? "available" : "unavailable: " + counter.reason) << "\n";
    }
  }
  out << "analytic (every backend)\n  ";
  auto names = analytic_counter_names();
  for (size_t i = 0; i < names.size(); ++i) out << (i ? ", " : "") << names[i];
  out << ": from the shape (suites/common/analytic.h), always recorded\n";
  return out.str();
}

}  // namespace moebench
