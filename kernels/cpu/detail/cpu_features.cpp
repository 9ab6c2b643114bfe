#include "kernels/cpu/detail/cpu_features.h"

#include <cstdlib>

#include "harness/core/error.h"

namespace moebench::cpu {

std::string_view to_string(IsaLevel level) {
  switch (level) {
    case IsaLevel::scalar:
      return "scalar";
    case IsaLevel::avx2:
      return "avx2";
    case IsaLevel::avx512:
      return "avx512";
  }
  return "unknown";
}

std::optional<IsaLevel> parse_isa_level(std::string_view name) {
  for (IsaLevel level : {IsaLevel::scalar, IsaLevel::avx2, IsaLevel::avx512})
    if (name == to_string(level)) return level;
  return std::nullopt;
}

const CpuFeatures& hardware_features() {
  static const CpuFeatures features = [] {
    __builtin_cpu_init();
    CpuFeatures f;
    f.avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") &&
             __builtin_cpu_supports("f16c");
    f.avx512 = f.avx2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
               __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl");
    f.avx512_bf16 = f.avx512 && __builtin_cpu_supports("avx512bf16");
    f.avx512_vnni = f.avx512 && __builtin_cpu_supports("avx512vnni");
    return f;
  }();
  return features;
}

namespace {

IsaLevel hardware_level() {
  const CpuFeatures& f = hardware_features();
  if (f.avx512) return IsaLevel::avx512;
  if (f.avx2) return IsaLevel::avx2;
  return IsaLevel::scalar;
}

std::optional<IsaLevel> override_level() {
  const char* value = std::getenv(kIsaOverrideEnv);
  if (value == nullptr || *value == '\0') return std::nullopt;
  auto level = parse_isa_level(value);
  if (!level)
    throw UserError(unknown_name_message(kIsaOverrideEnv, value, {"avx512", "avx2", "scalar"}));
  return level;
}

}  // namespace

IsaLevel active_isa() {
  IsaLevel level = hardware_level();
  if (auto cap = override_level(); cap && *cap < level) level = *cap;
  return level;
}

bool active_bf16() { return active_isa() == IsaLevel::avx512 && hardware_features().avx512_bf16; }
bool active_vnni() { return active_isa() == IsaLevel::avx512 && hardware_features().avx512_vnni; }

std::optional<std::string> level_unavailable_reason(IsaLevel wanted) {
  if (hardware_level() < wanted) return "CPU lacks " + std::string(to_string(wanted));
  if (active_isa() < wanted)
    return "capped by " + std::string(kIsaOverrideEnv) + "=" + std::string(to_string(active_isa()));
  return std::nullopt;
}

}  // namespace moebench::cpu
