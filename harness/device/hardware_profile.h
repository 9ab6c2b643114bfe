// Datasheet facts about a device (hardware_profiles/*.json, schema in docs/hardware-profiles.md):
// peak FLOP/s per precision, memory size and bandwidth, last-level cache, links, hourly price.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace moebench {

struct HardwareProfile {
  std::string id;                  // file stem, e.g. "h100-sxm"
  std::string name;                // "NVIDIA H100 SXM5 80GB"
  std::string vendor;              // "nvidia", "amd", "intel"
  std::string kind;                // "gpu", "cpu"
  std::vector<std::string> match;  // device-name substrings that select this profile
  double memory_bytes = 0;
  double memory_bandwidth = 0;  // B/s
  double llc_bytes = 0;         // last-level cache (L2 on NVIDIA, Infinity Cache on MI300X)
  // Dense (no structured sparsity) peaks in FLOP/s (OP/s for integers), keyed by precision name:
  // fp64, fp32, tf32, bf16, fp16, fp8-e4m3, int8, int4, fp4… (only those the device has).
  std::map<std::string, double> peak_flops;
  std::map<std::string, double> links;  // B/s per device, e.g. "nvlink", "pcie", "xgmi"
  double price_per_hour_usd = 0;        // 0 when no price is known
  std::string price_source;
  std::vector<std::string> sources;  // datasheets
  nlohmann::json json;               // the file as read

  // Peak for a precision name, 0 when the device has none.
  double peak(const std::string& precision) const;
};

HardwareProfile load_hardware_profile(const std::filesystem::path& file);  // UserError on bad
std::vector<HardwareProfile> load_hardware_profiles(const std::filesystem::path& dir);
// $MOEBENCH_HARDWARE_PROFILES, else <source tree>/hardware_profiles; the source tree is
// $MOEBENCH_SOURCE_DIR when set, else the one this binary was built from.
std::filesystem::path default_hardware_profiles_dir();
const HardwareProfile& find_hardware_profile(const std::vector<HardwareProfile>& profiles,
                                             const std::string& id);  // UserError listing ids
// The profile whose longest `match` substring occurs in device_name (case-insensitive), so
// "H100 PCIe" beats "H100"; nullptr when none matches.
const HardwareProfile* match_hardware_profile(const std::vector<HardwareProfile>& profiles,
                                              const std::string& device_name);

}  // namespace moebench
