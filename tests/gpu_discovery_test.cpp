// The GPU backends' discovery: reason strings, version formats, and that the CUDA and HIP
// backends are registered and either available or unavailable with a reason (never a crash).
#include <gtest/gtest.h>

#include "harness/core/error.h"
#include "harness/device/backend.h"
#include "harness/device/gpu_discovery.h"

namespace moebench {
namespace {

TEST(GpuDiscovery, ReasonsNameTheMissingPiece) {
  DiscoveryFacts f;
  f.backend = "cuda";
  f.runtime_version = "13.0";
  EXPECT_EQ(discovery_reason(f), "");
  f.error = DiscoveryError::insufficient_driver;
  EXPECT_EQ(discovery_reason(f), "no driver (libcuda.so not found; runtime 13.0)");
  f.driver_version = "12.2";
  EXPECT_EQ(discovery_reason(f), "driver too old (driver supports 12.2, runtime 13.0 needs newer)");
  f.error = DiscoveryError::no_device;
  f.driver_version = "13.0";
  EXPECT_EQ(discovery_reason(f), "no device (driver 13.0, runtime 13.0)");
  f.error = DiscoveryError::other;
  f.error_name = "cudaErrorUnknown";
  f.error_text = "unknown error";
  EXPECT_EQ(discovery_reason(f), "initialisation failed: cudaErrorUnknown (unknown error)");
  f.backend = "hip";
  f.error = DiscoveryError::insufficient_driver;
  f.driver_version = "";
  f.runtime_version = "";
  EXPECT_EQ(discovery_reason(f), "no driver (no ROCm driver answered)");
}

TEST(GpuDiscovery, VersionsAreFormattedPerVendor) {
  EXPECT_EQ(format_cuda_version(13000), "13.0");
  EXPECT_EQ(format_cuda_version(12020), "12.2");
  EXPECT_EQ(format_cuda_version(0), "");
  EXPECT_EQ(format_hip_version(50221153), "5.2");
  EXPECT_EQ(format_hip_version(60342134), "6.3");
  EXPECT_EQ(format_hip_version(0), "");
}

class GpuBackendStatus : public ::testing::TestWithParam<std::string> {};

TEST_P(GpuBackendStatus, IsRegisteredAndSaysWhyWhenAbsent) {
  Backend& backend = BackendRegistry::instance().get(GetParam());
  EXPECT_EQ(backend.name(), GetParam());
  const BackendStatus status = backend.status();
  const nlohmann::json props = backend.properties();
  EXPECT_EQ(props.at("available").get<bool>(), status.available);
  if (status.available) {
    EXPECT_TRUE(status.reason.empty());
    EXPECT_GT(props.at("memory_bytes").get<double>(), 0);
    EXPECT_GT(backend.free_memory_bytes(), 0u);
    auto timer = backend.make_timer();
    timer->start();
    backend.flush_cache();
    EXPECT_GT(timer->stop(), 0.0);
  } else {
    EXPECT_FALSE(status.reason.empty());
    EXPECT_EQ(props.at("unavailable_reason").get<std::string>(), status.reason);
    EXPECT_EQ(backend.free_memory_bytes(), 0u);
    EXPECT_THROW(backend.make_timer(), UserError);
    EXPECT_THROW(backend.flush_cache(), UserError);
    std::cout << "[ info ] " << GetParam() << ": unavailable: " << status.reason << "\n";
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, GpuBackendStatus, ::testing::Values("cuda", "hip"));

}  // namespace
}  // namespace moebench
