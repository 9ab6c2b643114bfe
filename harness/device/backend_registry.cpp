#include "harness/core/error.h"
#include "harness/device/backend.h"

namespace moebench {

BackendRegistry& BackendRegistry::instance() {
  static BackendRegistry registry;
  return registry;
}

void BackendRegistry::add(std::string name, std::function<std::unique_ptr<Backend>()> factory) {
  entries_.push_back({std::move(name), std::move(factory), nullptr});
}

std::vector<std::string> BackendRegistry::names() const {
  std::vector<std::string> names;
  for (const auto& e : entries_) names.push_back(e.name);
  return names;
}

Backend& BackendRegistry::get(const std::string& name) {
  for (auto& e : entries_) {
    if (e.name != name) continue;
    if (!e.instance) e.instance = e.factory();
    return *e.instance;
  }
  throw UserError(unknown_name_message("backend", name, names()));
}

}  // namespace moebench
