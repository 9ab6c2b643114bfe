// What the host machine is: CPU model, cores, caches, memory, OS, SIMD features.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace moebench {

struct CacheInfo {
  int level = 0;
  std::string type;  // "Data", "Instruction", "Unified"
  size_t size_bytes = 0;
  int num_sharing = 1;
};

struct HostInfo {
  std::string cpu_model;
  std::string hostname;
  std::string os;
  int logical_cpus = 0;
  double mhz = 0;
  std::vector<CacheInfo> caches;
  size_t memory_total_bytes = 0;
  size_t memory_available_bytes = 0;
  std::vector<std::string> simd;  // the SIMD features kernels dispatch on, as this CPU has them
};

HostInfo read_host_info();
nlohmann::json to_json(const HostInfo& info);

}  // namespace moebench
