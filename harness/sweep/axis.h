// The sweep axes a user can override with --axis NAME=v1,v2 and how their values are checked.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace moebench {

struct AxisDef {
  std::string name;
  std::string description;
  // Throws UserError naming the axis and the value when the value is not valid.
  void (*validate)(const std::string& axis, const std::string& value);
};

const std::vector<AxisDef>& known_axes();
std::vector<std::string> known_axis_names();

// Parsed --axis options: axis name → values, in the order given.
using AxisOverrides = std::map<std::string, std::vector<std::string>>;
// Each argument is "NAME=v1,v2,…"; later arguments for the same axis replace earlier ones.
AxisOverrides parse_axis_overrides(const std::vector<std::string>& args);

}  // namespace moebench
