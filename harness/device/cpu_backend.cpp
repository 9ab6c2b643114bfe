// The CPU backend: always built, always available.
#include <memory>

#include "harness/device/backend.h"
#include "harness/device/host_info.h"
#include "harness/measure/cache_flush.h"

namespace moebench {
namespace {

class CpuBackend final : public Backend {
 public:
  std::string name() const override { return "cpu"; }
  BackendStatus status() const override { return {true, ""}; }
  nlohmann::json properties() const override { return to_json(read_host_info()); }
  std::unique_ptr<Timer> make_timer() override { return std::make_unique<HostTimer>(); }
  void flush_cache() override {
    if (!flusher_) flusher_ = std::make_unique<HostCacheFlusher>();
    flusher_->flush();
  }
  size_t free_memory_bytes() const override { return read_host_info().memory_available_bytes; }

 private:
  std::unique_ptr<HostCacheFlusher> flusher_;  // 256 MiB, allocated on first cold sample
};

const detail::BackendRegistrar kCpuBackend("cpu", [] { return std::make_unique<CpuBackend>(); });

}  // namespace
}  // namespace moebench
