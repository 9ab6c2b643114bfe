// A place kernels run: the CPU, a CUDA device, a HIP device. Backends register themselves
// (MOEBENCH_REGISTER_BACKEND); one that cannot run here says why instead of failing.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/measure/timer.h"

namespace moebench {

struct BackendStatus {
  bool available = false;
  std::string reason;  // why not, when unavailable: "not built (MOEBENCH_CUDA=OFF)", "no driver"…
};

class Backend {
 public:
  virtual ~Backend() = default;
  virtual std::string name() const = 0;  // "cpu", "cuda", "hip"
  virtual BackendStatus status() const = 0;
  // Device description stored in the results (model, memory, clocks, caches…).
  virtual nlohmann::json properties() const = 0;
  // Name of the hardware profile (hardware_profiles/<name>.json) matching this device, or "".
  virtual std::string hardware_profile_name() const { return ""; }
  virtual std::unique_ptr<Timer> make_timer() = 0;
  // Evicts the device's last-level cache (cold mode).
  virtual void flush_cache() = 0;
  virtual size_t free_memory_bytes() const = 0;
};

class BackendRegistry {
 public:
  static BackendRegistry& instance();
  void add(std::string name, std::function<std::unique_ptr<Backend>()> factory);
  std::vector<std::string> names() const;
  // Created once, on first use.
  Backend& get(const std::string& name);  // UserError listing valid names on unknown

 private:
  struct Entry {
    std::string name;
    std::function<std::unique_ptr<Backend>()> factory;
    std::unique_ptr<Backend> instance;
  };
  std::vector<Entry> entries_;
};

namespace detail {
struct BackendRegistrar {
  BackendRegistrar(std::string name, std::function<std::unique_ptr<Backend>()> factory) {
    BackendRegistry::instance().add(std::move(name), std::move(factory));
  }
};
}  // namespace detail

}  // namespace moebench
