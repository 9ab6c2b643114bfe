#include <algorithm>
#include <sstream>

#include "harness/core/error.h"
#include "suites/suite.h"

namespace moebench {

Preset parse_preset(const std::string& name) {
  if (name == "smoke") return Preset::smoke;
  if (name == "quick") return Preset::quick;
  if (name == "full") return Preset::full;
  throw UserError(unknown_name_message("preset", name, {"smoke", "quick", "full"}));
}

std::string to_string(Preset p) {
  switch (p) {
    case Preset::smoke:
      return "smoke";
    case Preset::quick:
      return "quick";
    case Preset::full:
      return "full";
  }
  return "?";
}

SuiteRegistry& SuiteRegistry::instance() {
  static SuiteRegistry registry;
  return registry;
}

namespace {
// Registration order follows link order; runs follow this order instead: the roofline probes
// first (every other suite is judged against them), then from simple to composite.
int canonical_rank(const std::string& name) {
  static const std::vector<std::string> kOrder = {"roofline", "dense", "moe", "routing", "quant"};
  const auto it = std::find(kOrder.begin(), kOrder.end(), name);
  return it == kOrder.end() ? int(kOrder.size()) : int(it - kOrder.begin());
}
}  // namespace

std::vector<std::string> SuiteRegistry::names() const {
  std::vector<std::string> names;
  for (const auto& s : suites_) names.push_back(s->name());
  std::stable_sort(names.begin(), names.end(), [](const auto& a, const auto& b) {
    return canonical_rank(a) < canonical_rank(b);
  });
  return names;
}

std::vector<const Suite*> SuiteRegistry::select(const std::string& list) const {
  std::vector<std::string> wanted;
  std::stringstream ss(list);
  std::string item;
  while (std::getline(ss, item, ',')) {
    if (item.empty()) continue;
    if (item == "all") {
      wanted = names();
      break;
    }
    wanted.push_back(item);
  }
  if (wanted.empty()) throw UserError("no suite selected: --suite needs a name or \"all\"");
  std::vector<const Suite*> selected;
  for (const auto& name : names()) {
    if (std::find(wanted.begin(), wanted.end(), name) == wanted.end()) continue;
    for (const auto& s : suites_)
      if (s->name() == name) selected.push_back(s.get());
  }
  for (const auto& name : wanted) {
    const auto known = names();
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      auto valid = known;
      valid.insert(valid.begin(), "all");
      throw UserError(unknown_name_message("suite", name, valid));
    }
  }
  return selected;
}

}  // namespace moebench
