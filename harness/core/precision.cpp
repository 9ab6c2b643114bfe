#include "harness/core/precision.h"

namespace moebench {

const std::vector<Precision>& all_precisions() {
  static const std::vector<Precision> kAll = {Precision::fp32, Precision::bf16,
                                              Precision::fp16, Precision::fp8_e4m3,
                                              Precision::int8, Precision::int4};
  return kAll;
}

std::string_view to_string(Precision p) {
  switch (p) {
    case Precision::fp32:
      return "fp32";
    case Precision::bf16:
      return "bf16";
    case Precision::fp16:
      return "fp16";
    case Precision::fp8_e4m3:
      return "fp8-e4m3";
    case Precision::int8:
      return "int8";
    case Precision::int4:
      return "int4";
  }
  return "?";
}

std::optional<Precision> parse_precision(std::string_view name) {
  if (name == "fp8") return Precision::fp8_e4m3;
  for (Precision p : all_precisions())
    if (to_string(p) == name) return p;
  return std::nullopt;
}

double bits_per_weight(Precision p, int group_size, long long channel_length) {
  const double per_channel_scale = channel_length > 0 ? 32.0 / double(channel_length) : 0.0;
  switch (p) {
    case Precision::fp32:
      return 32;
    case Precision::bf16:
    case Precision::fp16:
      return 16;
    case Precision::fp8_e4m3:
    case Precision::int8:
      return 8 + per_channel_scale;
    case Precision::int4:
      return 4 + (group_size > 0 ? 32.0 / group_size : 0.0);
  }
  return 32;
}

}  // namespace moebench
