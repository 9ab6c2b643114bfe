// The CUPTI Profiler Host API with chip names: metric validation and pass counts need no GPU.
#include <gtest/gtest.h>

#ifdef MOEBENCH_HAVE_CUPTI
#include <algorithm>

#include "harness/core/error.h"
#include "harness/counters/cupti_errors.h"
#include "harness/counters/cupti_host.h"
#include "harness/counters/cupti_metric_set.h"
#endif

namespace moebench {
namespace {

#ifdef MOEBENCH_HAVE_CUPTI

bool contains(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

TEST(CuptiHost, KnowsHopperAndAmpere) {
  auto chips = CuptiHost::supported_chips();
  EXPECT_TRUE(contains(chips, "GH100"));
  EXPECT_TRUE(contains(chips, "GA100"));
}

TEST(CuptiHost, UnknownChipIsAUserErrorListingValidChips) {
  try {
    CuptiHost host("XX999");
    FAIL();
  } catch (const UserError& e) {
    EXPECT_NE(std::string(e.what()).find("GH100"), std::string::npos) << e.what();
  }
}

TEST(CuptiHost, TensorMetricNamesDifferByChip) {
  auto hopper = tensor_flop_base_metrics(CuptiHost("GH100").base_metrics());
  auto ampere = tensor_flop_base_metrics(CuptiHost("GA100").base_metrics());
  EXPECT_TRUE(contains(hopper, "sm__ops_path_tensor_src_fp16"));
  EXPECT_TRUE(contains(hopper, "sm__ops_path_tensor_src_bf16_dst_fp32"));
  EXPECT_TRUE(contains(hopper, "sm__ops_path_tensor_src_fp8"));
  EXPECT_TRUE(contains(ampere, "sm__ops_path_tensor_src_fp16_dst_fp32"));
  EXPECT_FALSE(contains(ampere, "sm__ops_path_tensor_src_fp16"));
  EXPECT_FALSE(contains(ampere, "sm__ops_path_tensor_src_fp8"));
}

TEST(CuptiHost, ValidatesMetricNames) {
  CuptiHost host("GH100");
  auto invalid = host.invalid_metrics(
      {"dram__bytes_read.sum", "dram__bytes_bogus.sum", "gpu__time_duration.sum"});
  EXPECT_EQ(invalid, std::vector<std::string>{"dram__bytes_bogus.sum"});
  try {
    host.config_image({"dram__bytes_read.sum", "dram__bytes_bogus.sum"});
    FAIL();
  } catch (const UserError& e) {
    EXPECT_NE(std::string(e.what()).find("dram__bytes_bogus.sum"), std::string::npos);
  }
}

TEST(CuptiHost, EveryMoebenchCounterPlansAndCountsPassesOnEachChip) {
  for (const char* chip : {"GH100", "GA100"}) {
    CuptiHost host(chip);
    auto definitions = cupti_counter_definitions(chip, host.base_metrics());
    // Every metric moebench may ask for is one the Host API accepts for the chip.
    auto all = plan_cupti_metrics(definitions, {"auto"});
    EXPECT_TRUE(host.invalid_metrics(all.metrics).empty()) << chip;
    auto dram = host.config_image({"dram__bytes_read.sum"});
    ASSERT_FALSE(dram.empty());
    size_t dram_passes = CuptiHost::pass_count(dram);
    size_t all_passes = CuptiHost::pass_count(host.config_image(all.metrics));
    EXPECT_GE(dram_passes, 1u) << chip;
    EXPECT_GE(all_passes, dram_passes) << chip;
    EXPECT_LE(all_passes, 64u) << chip;
    std::cout << chip << ": " << all.metrics.size() << " metrics in " << all_passes
              << " passes (dram__bytes_read.sum alone: " << dram_passes << ")\n";
  }
}

TEST(CuptiHost, DescribesMetrics) {
  EXPECT_NE(CuptiHost("GH100").description("dram__bytes_read").find("DRAM"), std::string::npos);
  EXPECT_EQ(CuptiHost("GH100").description("no_such_metric"), "");
}

TEST(CuptiErrors, UserFixableErrorsSayHowToFixThem) {
  std::string permission =
      cupti_error_message(CUPTI_ERROR_INSUFFICIENT_PRIVILEGES, "cuptiRangeProfilerStart");
  EXPECT_NE(permission.find("ERR_NVGPUCTRPERM"), std::string::npos) << permission;
  EXPECT_NE(permission.find("NVreg_RestrictProfilingToAdminUsers=0"), std::string::npos);
  EXPECT_NE(cupti_error_message(CUPTI_ERROR_MIG_DEVICE_NOT_SUPPORTED, "x").find("MIG"),
            std::string::npos);
  EXPECT_NE(cupti_error_message(CUPTI_ERROR_VIRTUALIZED_DEVICE_NOT_SUPPORTED, "x").find("vGPU"),
            std::string::npos);
  EXPECT_NE(cupti_error_message(CUPTI_ERROR_MULTIPLE_SUBSCRIBERS_NOT_SUPPORTED, "x")
                .find("--counters none"),
            std::string::npos);
  EXPECT_THROW(check_cupti(CUPTI_ERROR_INSUFFICIENT_PRIVILEGES, "x"), UserError);
  EXPECT_THROW(check_cupti(CUPTI_ERROR_MIG_DEVICE_NOT_SUPPORTED, "x"), UserError);
  try {
    check_cupti(CUPTI_ERROR_UNKNOWN, "cuptiRangeProfilerDecodeData");
    FAIL();
  } catch (const UserError&) {
    FAIL() << "an internal CUPTI error is not the user's to fix";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("cuptiRangeProfilerDecodeData"), std::string::npos);
  }
  EXPECT_NO_THROW(check_cupti(CUPTI_SUCCESS, "x"));
}

#else

TEST(CuptiHost, NotBuilt) { GTEST_SKIP() << "built without CUPTI"; }

#endif

}  // namespace
}  // namespace moebench
