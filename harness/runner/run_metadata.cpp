#include "harness/runner/run_metadata.h"

#include <unistd.h>

#include <benchmark/benchmark.h>

#include <cctype>
#include <ctime>

#include "harness/device/host_info.h"

namespace moebench {

std::string make_run_id() {
  char stamp[32];
  const std::time_t now = std::time(nullptr);
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", std::gmtime(&now));
  char host[128] = {};
  gethostname(host, sizeof host - 1);
  std::string clean;
  for (const char* c = host; *c; ++c)
    clean += (std::isalnum(static_cast<unsigned char>(*c)) || *c == '-') ? *c : '_';
  return std::string(stamp) + "-" + clean.substr(0, 40);
}

nlohmann::json benchmark_context() {
  // Google Benchmark's own view of the machine, in its field names, so its tools read us.
  const auto& cpu = benchmark::CPUInfo::Get();
  nlohmann::json caches = nlohmann::json::array();
  for (const auto& c : cpu.caches)
    caches.push_back(
        {{"type", c.type}, {"level", c.level}, {"size", c.size}, {"num_sharing", c.num_sharing}});
  char date[64];
  const std::time_t now = std::time(nullptr);
  std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S+00:00", std::gmtime(&now));
  const HostInfo host = read_host_info();
  return {{"date", date},
          {"host_name", host.hostname},
          {"executable", "moebench"},
          {"num_cpus", cpu.num_cpus},
          {"mhz_per_cpu", int(cpu.cycles_per_second / 1e6)},
          {"cpu_scaling_enabled", cpu.scaling == benchmark::CPUInfo::ENABLED},
          {"caches", caches},
          {"load_avg", cpu.load_avg},
          {"library_build_type", std::string(kBuildType) == "Debug" ? "debug" : "release"}};
}

nlohmann::json build_info() {
  return {{"version", MOEBENCH_VERSION},
          {"git_revision", kGitRevision},
          {"type", kBuildType},
          {"compiler", __VERSION__},
          {"flags", kCxxFlags}};
}

nlohmann::json backends_json(const Plan& plan) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& b : plan.backends)
    list.push_back({{"name", b.name},
                    {"available", b.status.available},
                    {"selected", b.selected},
                    {"reason", b.status.reason}});
  return list;
}

}  // namespace moebench
