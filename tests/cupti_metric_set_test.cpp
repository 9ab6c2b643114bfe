// The CUPTI counter plan, from fake metric lists (runs everywhere; the Host API tests with real
// chip lists are in cupti_host_test.cpp).
#include "harness/counters/cupti_metric_set.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "harness/core/error.h"

namespace moebench {
namespace {

std::vector<std::string> fake_gh100_metrics() {
  return {"dram__bytes_read",
          "dram__bytes_write",
          "gpu__time_duration",
          "sm__warps_active",
          "sm__sass_thread_inst_executed_op_hadd_pred_on",
          "sm__sass_thread_inst_executed_op_hmul_pred_on",
          "sm__sass_thread_inst_executed_op_hfma_pred_on",
          "sm__sass_thread_inst_executed_op_fadd_pred_on",
          "sm__sass_thread_inst_executed_op_fmul_pred_on",
          "sm__sass_thread_inst_executed_op_ffma_pred_on",
          "sm__sass_thread_inst_executed_op_dadd_pred_on",
          "sm__sass_thread_inst_executed_op_dmul_pred_on",
          "sm__sass_thread_inst_executed_op_dfma_pred_on",
          "sm__ops_path_tensor_src_fp16",
          "sm__ops_path_tensor_src_fp16_sparsity_on",
          "sm__ops_path_tensor_src_bf16_dst_fp32",
          "sm__ops_path_tensor_src_bf16_dst_fp32_realtime",
          "sm__ops_path_tensor_src_int8"};
}

const CuptiCounterDefinition& find(const std::vector<CuptiCounterDefinition>& defs,
                                   const std::string& name) {
  auto it = std::find_if(defs.begin(), defs.end(), [&](const auto& d) { return d.name == name; });
  if (it == defs.end()) throw std::runtime_error("no " + name);
  return *it;
}

TEST(CuptiMetricSet, TensorMetricsAreFloatingPointBaseMetricsOnly) {
  EXPECT_EQ(tensor_flop_base_metrics(fake_gh100_metrics()),
            (std::vector<std::string>{"sm__ops_path_tensor_src_bf16_dst_fp32",
                                      "sm__ops_path_tensor_src_fp16"}));
}

TEST(CuptiMetricSet, DefinitionsForACalibratedChip) {
  auto defs = cupti_counter_definitions("GH100", fake_gh100_metrics());
  EXPECT_TRUE(find(defs, "dram_bytes").missing.empty());
  EXPECT_EQ(find(defs, "simt_flop.fp32").terms.size(), 3u);
  EXPECT_DOUBLE_EQ(find(defs, "simt_flop.fp32").terms[2].coefficient, 2);  // FMA = 2 FLOPs
  EXPECT_TRUE(find(defs, "tensor_flop.fp16").missing.empty());
  EXPECT_EQ(find(defs, "tensor_flop").terms.size(), 2u);
  EXPECT_EQ(find(defs, "flop").terms.size(), 9u + 2u);
  EXPECT_TRUE(find(defs, "flop").missing.empty());
}

TEST(CuptiMetricSet, UncalibratedChipsHaveNoTensorFlops) {
  auto defs = cupti_counter_definitions("XX999", fake_gh100_metrics());
  EXPECT_NE(find(defs, "tensor_flop").missing.find("not calibrated"), std::string::npos);
  EXPECT_FALSE(find(defs, "flop").missing.empty());
  EXPECT_TRUE(find(defs, "simt_flop.fp32").missing.empty());
}

TEST(CuptiMetricSet, AMissingMetricMakesItsCounterUnavailable) {
  auto metrics = fake_gh100_metrics();
  metrics.erase(std::find(metrics.begin(), metrics.end(), "dram__bytes_write"));
  auto defs = cupti_counter_definitions("GH100", metrics);
  EXPECT_NE(find(defs, "dram_bytes").missing.find("dram__bytes_write.sum"), std::string::npos);
  EXPECT_TRUE(find(defs, "dram__bytes_read.sum").missing.empty());
}

TEST(CuptiMetricSet, PlansDeduplicateMetricsAndEvaluateTerms) {
  auto defs = cupti_counter_definitions("GH100", fake_gh100_metrics());
  auto plan = plan_cupti_metrics(defs, {"dram__bytes_read.sum", "dram_bytes"});
  EXPECT_EQ(plan.metrics,
            (std::vector<std::string>{"dram__bytes_read.sum", "dram__bytes_write.sum"}));
  auto values = evaluate_cupti_plan(plan, {100, 50}, 2);
  ASSERT_EQ(values.size(), 2u);
  EXPECT_DOUBLE_EQ(values[0].value, 100);
  EXPECT_DOUBLE_EQ(values[1].value, 150);
  EXPECT_EQ(values[1].source, "cupti");
  EXPECT_EQ(values[1].passes, 2);
  EXPECT_THROW(plan_cupti_metrics(defs, {"dram_byte"}), UserError);
  auto all = plan_cupti_metrics(defs, {"auto"});
  EXPECT_EQ(all.counters.size(), defs.size());
}

}  // namespace
}  // namespace moebench
