#include "harness/sweep/axis.h"

#include <charconv>

#include "harness/core/error.h"
#include "harness/core/precision.h"

namespace moebench {

namespace {

[[noreturn]] void bad_value(const std::string& axis, const std::string& value,
                            const std::string& expected) {
  throw UserError("bad value '" + value + "' for axis '" + axis + "': expected " + expected);
}

long long parse_integer(const std::string& axis, const std::string& value) {
  long long v = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
  if (ec != std::errc() || end != value.data() + value.size()) bad_value(axis, value, "an integer");
  return v;
}

void positive_integer(const std::string& axis, const std::string& value) {
  const long long v = parse_integer(axis, value);
  if (v < 1 || v > (1 << 20)) bad_value(axis, value, "an integer in [1, 1048576]");
}

void non_negative_integer(const std::string& axis, const std::string& value) {
  const long long v = parse_integer(axis, value);
  if (v < 0 || v > 1024) bad_value(axis, value, "an integer in [0, 1024]");
}

void tokens(const std::string& axis, const std::string& value) {
  const long long v = parse_integer(axis, value);
  if (v < 1 || v > 65536) bad_value(axis, value, "a token count in [1, 65536]");
}

void precision(const std::string& axis, const std::string& value) {
  if (!parse_precision(value))
    bad_value(axis, value, "one of fp32, bf16, fp16, fp8-e4m3 (fp8), int8, int4");
}

void scale(const std::string& axis, const std::string& value) {
  if (value == "auto") return;
  try {
    size_t used = 0;
    const double v = std::stod(value, &used);
    if (used == value.size() && v > 0 && v <= 1) return;
  } catch (const std::exception&) {
  }
  bad_value(axis, value, "'auto' or a factor in (0, 1]");
}

void mode(const std::string& axis, const std::string& value) {
  if (value != "auto" && value != "cold" && value != "hot")
    bad_value(axis, value, "auto, cold or hot");
}

void group(const std::string& axis, const std::string& value) {
  if (value != "32" && value != "128") bad_value(axis, value, "32 or 128");
}

// Model ids and routing specs are checked where they are used, against the model files and
// the routing parser, which know the valid values.
void any(const std::string&, const std::string&) {}

}  // namespace

const std::vector<AxisDef>& known_axes() {
  static const std::vector<AxisDef> kAxes = {
      {"model", "model shape id (suites/models/<id>.json)", any},
      {"scale", "factor applied to d_model and d_ff ('auto': 0.25 on the CPU, 1 on GPUs)", scale},
      {"tokens", "tokens per batch (1…65536)", tokens},
      {"experts", "expert count E (overrides the model's)", positive_integer},
      {"topk", "experts per token k (overrides the model's)", positive_integer},
      {"shared", "shared experts (overrides the model's)", non_negative_integer},
      {"precision", "fp32, bf16, fp16, fp8-e4m3, int8, int4", precision},
      {"group", "int4 group size: 32 or 128", group},
      {"routing", "uniform, zipf:S, collapse:N, trace:FILE", any},
      {"threads", "CPU threads", positive_integer},
      {"mode", "cold (caches flushed before each sample), hot, or auto (cold at ≤64 tokens)", mode},
  };
  return kAxes;
}

std::vector<std::string> known_axis_names() {
  std::vector<std::string> names;
  for (const auto& a : known_axes()) names.push_back(a.name);
  return names;
}

AxisOverrides parse_axis_overrides(const std::vector<std::string>& args) {
  AxisOverrides overrides;
  for (const auto& arg : args) {
    const auto eq = arg.find('=');
    if (eq == std::string::npos || eq == 0)
      throw UserError("bad --axis '" + arg + "': expected NAME=v1,v2,…");
    const std::string name = arg.substr(0, eq);
    const AxisDef* def = nullptr;
    for (const auto& a : known_axes())
      if (a.name == name) def = &a;
    if (!def) throw UserError(unknown_name_message("axis", name, known_axis_names()));
    std::vector<std::string> values;
    std::string rest = arg.substr(eq + 1);
    size_t start = 0;
    while (start <= rest.size()) {
      const auto comma = rest.find(',', start);
      const std::string value =
          rest.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      if (value.empty()) throw UserError("bad --axis '" + arg + "': empty value");
      def->validate(name, value);
      values.push_back(value);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    overrides[name] = values;
  }
  return overrides;
}

}  // namespace moebench
