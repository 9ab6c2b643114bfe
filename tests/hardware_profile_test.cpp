#include "harness/device/hardware_profile.h"

#include <cstdlib>
#include <fstream>

#include <gtest/gtest.h>

#include "harness/core/error.h"

namespace moebench {
namespace {

const std::vector<HardwareProfile>& profiles() {
  static const std::vector<HardwareProfile> all =
      load_hardware_profiles(default_hardware_profiles_dir());
  return all;
}

std::filesystem::path write_temp(const std::string& name, const std::string& text) {
  const auto dir = std::filesystem::temp_directory_path() / "moebench_hw_profile_test";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / name) << text;
  return dir / name;
}

TEST(HardwareProfile, EveryProfileLoadsWithPlausibleFigures) {
  ASSERT_GE(profiles().size(), 6u);
  for (const HardwareProfile& h : profiles()) {
    SCOPED_TRACE(h.id);
    EXPECT_FALSE(h.match.empty());
    EXPECT_FALSE(h.sources.empty());
    EXPECT_GT(h.memory_bytes, 16e9);
    EXPECT_GT(h.memory_bandwidth, 1e12);
    EXPECT_GT(h.llc_bytes, 1e6);
    // Tensor peaks order: tf32 < bf16 <= fp8 where present.
    EXPECT_GT(h.peak("bf16"), h.peak("tf32"));
    if (h.peak("fp8-e4m3") > 0) {
      EXPECT_GE(h.peak("fp8-e4m3"), h.peak("bf16"));
    }
    EXPECT_FALSE(h.json.empty());
  }
}

TEST(HardwareProfile, DatasheetValuesInSiUnits) {
  const HardwareProfile& h100 = find_hardware_profile(profiles(), "h100-sxm");
  EXPECT_DOUBLE_EQ(h100.peak("bf16"), 989.4e12);
  EXPECT_DOUBLE_EQ(h100.memory_bandwidth, 3.35e12);
  EXPECT_DOUBLE_EQ(h100.memory_bytes, 80.0 * 1024 * 1024 * 1024);
  EXPECT_DOUBLE_EQ(h100.links.at("nvlink"), 900e9);
  EXPECT_DOUBLE_EQ(h100.price_per_hour_usd, 3.39);
  EXPECT_NE(h100.price_source.find("003"), std::string::npos);
  EXPECT_DOUBLE_EQ(h100.peak("int4"), 0);  // Hopper has none
  EXPECT_DOUBLE_EQ(find_hardware_profile(profiles(), "mi300x").price_per_hour_usd, 1.99);
  EXPECT_DOUBLE_EQ(find_hardware_profile(profiles(), "gb200").price_per_hour_usd, 10.50);
  EXPECT_DOUBLE_EQ(find_hardware_profile(profiles(), "h200").price_per_hour_usd, 3.44);
}

TEST(HardwareProfile, MatchesDeviceNames) {
  const auto id_of = [](const std::string& name) {
    const HardwareProfile* h = match_hardware_profile(profiles(), name);
    return h ? h->id : std::string("none");
  };
  EXPECT_EQ(id_of("NVIDIA H100 80GB HBM3"), "h100-sxm");
  EXPECT_EQ(id_of("NVIDIA H100 PCIe"), "h100-pcie");
  EXPECT_EQ(id_of("NVIDIA H200"), "h200");
  EXPECT_EQ(id_of("NVIDIA A100-SXM4-80GB"), "a100-sxm-80gb");
  EXPECT_EQ(id_of("AMD Instinct MI300X"), "mi300x");
  EXPECT_EQ(id_of("nvidia gb200"), "gb200");  // case-insensitive
  EXPECT_EQ(id_of("AMD Ryzen 9 9950X"), "none");
  EXPECT_EQ(id_of("NVIDIA GH200 480GB"), "none");  // not an H200
}

TEST(HardwareProfile, UnknownIdListsValidOnes) {
  try {
    find_hardware_profile(profiles(), "tpu-v5");
    FAIL() << "no error";
  } catch (const UserError& e) {
    EXPECT_NE(std::string(e.what()).find("h100-sxm"), std::string::npos);
  }
}

TEST(HardwareProfile, BadFilesAreUserErrors) {
  EXPECT_THROW(load_hardware_profile(write_temp("broken.json", "{")), UserError);
  EXPECT_THROW(load_hardware_profile("/nonexistent/x.json"), UserError);
  EXPECT_THROW(load_hardware_profiles("/nonexistent/profiles"), UserError);
  const std::string base = R"({"name": "x", "vendor": "v", "kind": "gpu", "match": ["x"],
      "memory_gib": 1, "memory_bandwidth_gb_s": 1, "sources": ["s"], )";
  try {
    load_hardware_profile(write_temp("neg.json", base + R"("peak_tflops": {"bf16": -1}})"));
    FAIL() << "no error";
  } catch (const UserError& e) {
    EXPECT_NE(std::string(e.what()).find("'bf16'"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("neg.json"), std::string::npos) << e.what();
  }
  EXPECT_THROW(load_hardware_profile(write_temp("empty.json", base + R"("peak_tflops": {}})")),
               UserError);
  const HardwareProfile ok =
      load_hardware_profile(write_temp("ok-dev.json", base + R"("peak_tflops": {"fp32": 2}})"));
  EXPECT_EQ(ok.id, "ok-dev");
  EXPECT_DOUBLE_EQ(ok.peak("fp32"), 2e12);
  EXPECT_DOUBLE_EQ(ok.price_per_hour_usd, 0);
}

TEST(HardwareProfile, EnvironmentOverridesTheFolder) {
  ::setenv("MOEBENCH_HARDWARE_PROFILES", "/some/where", 1);
  EXPECT_EQ(default_hardware_profiles_dir(), std::filesystem::path("/some/where"));
  ::unsetenv("MOEBENCH_HARDWARE_PROFILES");
  EXPECT_EQ(default_hardware_profiles_dir().filename(), "hardware_profiles");
}

}  // namespace
}  // namespace moebench
