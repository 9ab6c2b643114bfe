// Which SIMD instruction sets this CPU offers, and the one place every CPU kernel and probe
// asks which code path to take. Code for an ISA is compiled with target attributes
// (simd_target.h), never with the build machine's -march, and chosen here at run time.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace moebench::cpu {

// Dispatch levels, in order of preference. avx512 means F+BW+DQ+VL with FMA and F16C; avx2
// means AVX2+FMA+F16C.
enum class IsaLevel { scalar = 0, avx2 = 1, avx512 = 2 };

std::string_view to_string(IsaLevel level);
std::optional<IsaLevel> parse_isa_level(std::string_view name);

// What the hardware reports (cpuid), regardless of any override.
struct CpuFeatures {
  bool avx2 = false;         // with FMA and F16C
  bool avx512 = false;       // F, BW, DQ, VL (with FMA and F16C)
  bool avx512_bf16 = false;  // vdpbf16ps
  bool avx512_vnni = false;  // vpdpbusd
};
const CpuFeatures& hardware_features();

// The environment variable that caps dispatch (avx512|avx2|scalar) so that tests and users can
// force every level on one machine.
inline constexpr const char* kIsaOverrideEnv = "MOEBENCH_CPU_ISA";

// The highest level both the hardware and MOEBENCH_CPU_ISA allow. Read on every call (cheap):
// kernels pick their path when created. Throws UserError on an unknown override value.
IsaLevel active_isa();
// AVX-512 extensions usable at the active level (false when capped below avx512).
bool active_bf16();
bool active_vnni();

// Why a level is unavailable ("CPU lacks AVX-512", "capped by MOEBENCH_CPU_ISA=avx2"), or
// nullopt when it is usable.
std::optional<std::string> level_unavailable_reason(IsaLevel wanted);

}  // namespace moebench::cpu
