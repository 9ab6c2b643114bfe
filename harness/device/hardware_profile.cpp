#include "harness/device/hardware_profile.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "harness/core/error.h"
#include "harness/core/json_file.h"

namespace moebench {
namespace {

constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;
constexpr double kMiB = 1024.0 * 1024.0;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return char(std::tolower(c)); });
  return s;
}

std::vector<std::string> string_list(const JsonFields& f, const std::string& key, bool required) {
  std::vector<std::string> out;
  if (!required && !f.has(key)) return out;
  const nlohmann::json& v = f.value(key);
  if (!v.is_array()) f.fail(key, "must be an array of strings");
  for (const nlohmann::json& s : v) {
    if (!s.is_string() || s.get<std::string>().empty())
      f.fail(key, "must be an array of non-empty strings");
    out.push_back(s.get<std::string>());
  }
  return out;
}

// {"name": number, …} with every number >= 0, scaled by `unit`.
std::map<std::string, double> number_map(const JsonFields& f, const std::string& key, double unit) {
  std::map<std::string, double> out;
  const JsonFields m = f.object(key);
  for (const auto& [name, unused] : m.json().items()) out[name] = m.required_number(name, 0) * unit;
  return out;
}

}  // namespace

double HardwareProfile::peak(const std::string& precision) const {
  auto it = peak_flops.find(precision);
  return it == peak_flops.end() ? 0 : it->second;
}

HardwareProfile load_hardware_profile(const std::filesystem::path& file) {
  HardwareProfile h;
  h.json = read_json_file(file);
  const JsonFields f(h.json, file.string());
  f.reject_unknown({"name", "vendor", "kind", "match", "memory_gib", "memory_bandwidth_gb_s",
                    "llc_mib", "peak_tflops", "links_gb_s", "price", "sources", "notes"});
  h.id = file.stem().string();
  h.name = f.required_string("name");
  h.vendor = f.required_string("vendor");
  h.kind = f.required_string("kind");
  h.match = string_list(f, "match", true);
  h.memory_bytes = f.required_number("memory_gib", 0) * kGiB;
  h.memory_bandwidth = f.required_number("memory_bandwidth_gb_s", 0) * 1e9;
  h.llc_bytes = f.optional_number("llc_mib", 0, 0) * kMiB;
  h.peak_flops = number_map(f, "peak_tflops", 1e12);
  if (h.peak_flops.empty()) f.fail("peak_tflops", "must list at least one precision");
  if (f.has("links_gb_s")) h.links = number_map(f, "links_gb_s", 1e9);
  if (f.has("price")) {
    const JsonFields p = f.object("price");
    p.reject_unknown({"usd_per_hour", "source", "alternatives"});
    h.price_per_hour_usd = p.required_number("usd_per_hour", 0);
    h.price_source = p.required_string("source");
  }
  h.sources = string_list(f, "sources", true);
  return h;
}

std::vector<HardwareProfile> load_hardware_profiles(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec))
    throw UserError("hardware profiles folder " + dir.string() +
                    " does not exist (set MOEBENCH_HARDWARE_PROFILES)");
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  std::vector<HardwareProfile> profiles;
  for (const auto& file : files) profiles.push_back(load_hardware_profile(file));
  return profiles;
}

std::filesystem::path default_hardware_profiles_dir() {
  if (const char* dir = std::getenv("MOEBENCH_HARDWARE_PROFILES"); dir && *dir) return dir;
  if (const char* src = std::getenv("MOEBENCH_SOURCE_DIR"); src && *src)
    return std::filesystem::path(src) / "hardware_profiles";
  return std::filesystem::path(MOEBENCH_SOURCE_DIR) / "hardware_profiles";
}

const HardwareProfile& find_hardware_profile(const std::vector<HardwareProfile>& profiles,
                                             const std::string& id) {
  for (const HardwareProfile& h : profiles)
    if (h.id == id) return h;
  std::vector<std::string> ids;
  for (const HardwareProfile& h : profiles) ids.push_back(h.id);
  throw UserError(unknown_name_message("hardware profile", id, ids));
}

const HardwareProfile* match_hardware_profile(const std::vector<HardwareProfile>& profiles,
                                              const std::string& device_name) {
  const std::string device = lower(device_name);
  const HardwareProfile* best = nullptr;
  size_t best_length = 0;
  for (const HardwareProfile& h : profiles)
    for (const std::string& pattern : h.match)
      if (pattern.size() > best_length && device.find(lower(pattern)) != std::string::npos) {
        best = &h;
        best_length = pattern.size();
      }
  return best;
}

}  // namespace moebench
