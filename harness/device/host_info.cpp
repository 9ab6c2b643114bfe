#include "harness/device/host_info.h"

#include <sys/utsname.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <thread>

namespace moebench {

namespace {

std::string read_first_line(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

// "/proc/meminfo" value in kB for a key such as "MemAvailable".
size_t meminfo_bytes(const std::string& key) {
  std::ifstream in("/proc/meminfo");
  std::string name;
  size_t kb = 0;
  std::string unit;
  while (in >> name >> kb >> unit)
    if (name == key + ":") return kb * 1024;
  return 0;
}

size_t parse_cache_size(const std::string& text) {  // "32K", "1024K", "32M"
  if (text.empty()) return 0;
  size_t value = std::stoull(text);
  if (text.back() == 'K') value <<= 10;
  if (text.back() == 'M') value <<= 20;
  return value;
}

int count_cpu_list(const std::string& list) {  // "0-3,8" → 5
  int count = 0;
  std::stringstream ss(list);
  std::string part;
  while (std::getline(ss, part, ',')) {
    const auto dash = part.find('-');
    if (dash == std::string::npos)
      count += part.empty() ? 0 : 1;
    else
      count += std::stoi(part.substr(dash + 1)) - std::stoi(part.substr(0, dash)) + 1;
  }
  return count;
}

std::vector<CacheInfo> read_caches() {
  std::vector<CacheInfo> caches;
  for (int i = 0;; ++i) {
    const std::string dir = "/sys/devices/system/cpu/cpu0/cache/index" + std::to_string(i);
    const std::string level = read_first_line(dir + "/level");
    if (level.empty()) break;
    CacheInfo c;
    c.level = std::stoi(level);
    c.type = read_first_line(dir + "/type");
    c.size_bytes = parse_cache_size(read_first_line(dir + "/size"));
    c.num_sharing = std::max(1, count_cpu_list(read_first_line(dir + "/shared_cpu_list")));
    caches.push_back(c);
  }
  return caches;
}

}  // namespace

HostInfo read_host_info() {
  HostInfo info;
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line;
  while (std::getline(cpuinfo, line)) {
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string key = line.substr(0, line.find_last_not_of(" \t", colon - 1) + 1);
    std::string value = colon + 2 <= line.size() ? line.substr(colon + 2) : "";
    if (key == "model name" && info.cpu_model.empty()) info.cpu_model = value;
    if (key == "cpu MHz" && info.mhz == 0) info.mhz = std::stod(value);
  }
  info.logical_cpus = int(std::thread::hardware_concurrency());
  info.caches = read_caches();
  info.memory_total_bytes = meminfo_bytes("MemTotal");
  info.memory_available_bytes = meminfo_bytes("MemAvailable");
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  info.hostname = host;
  utsname uts{};
  if (uname(&uts) == 0) info.os = std::string(uts.sysname) + " " + uts.release;
  __builtin_cpu_init();
  const std::pair<const char*, bool> features[] = {
      {"avx2", __builtin_cpu_supports("avx2")},
      {"fma", __builtin_cpu_supports("fma")},
      {"f16c", __builtin_cpu_supports("f16c")},
      {"avx512f", __builtin_cpu_supports("avx512f")},
      {"avx512bw", __builtin_cpu_supports("avx512bw")},
      {"avx512vnni", __builtin_cpu_supports("avx512vnni")},
      {"avx512bf16", __builtin_cpu_supports("avx512bf16")},
  };
  for (const auto& [name, present] : features)
    if (present) info.simd.push_back(name);
  return info;
}

nlohmann::json to_json(const HostInfo& info) {
  nlohmann::json caches = nlohmann::json::array();
  for (const auto& c : info.caches)
    caches.push_back({{"level", c.level},
                      {"type", c.type},
                      {"size", c.size_bytes},
                      {"num_sharing", c.num_sharing}});
  return {{"cpu_model", info.cpu_model},
          {"hostname", info.hostname},
          {"os", info.os},
          {"logical_cpus", info.logical_cpus},
          {"mhz", info.mhz},
          {"caches", caches},
          {"memory_total_bytes", info.memory_total_bytes},
          {"memory_available_bytes", info.memory_available_bytes},
          {"simd", info.simd}};
}

}  // namespace moebench
