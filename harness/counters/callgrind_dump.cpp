#include "harness/counters/callgrind_dump.h"

#include <sstream>

namespace moebench {
namespace {

// The first number after `prefix` on a line that starts with it.
std::optional<double> first_number_after(const std::string& line, const std::string& prefix) {
  if (line.rfind(prefix, 0) != 0) return std::nullopt;
  std::istringstream in(line.substr(prefix.size()));
  double value = 0;
  if (!(in >> value)) return std::nullopt;
  return value;
}

}  // namespace

std::string callgrind_dump_path(const std::string& base, int64_t index) {
  return base + "." + std::to_string(index);
}

std::optional<double> callgrind_dump_instructions(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  bool ir_first = false;
  std::optional<double> summary, totals;
  while (std::getline(in, line)) {
    if (line.rfind("events:", 0) == 0) {
      std::istringstream events(line.substr(7));
      std::string first;
      ir_first = (events >> first) && first == "Ir";
    } else if (auto v = first_number_after(line, "summary:")) {
      summary = v;
    } else if (auto t = first_number_after(line, "totals:")) {
      totals = t;
    }
  }
  if (!ir_first) return std::nullopt;
  return summary ? summary : totals;
}

}  // namespace moebench
