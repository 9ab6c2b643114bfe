// Every precision in the memory-bound (decode) regime, MoE and its dense partners: how much
// quantisation buys when memory is the binding constraint.
#include "suites/common/workload_builder.h"

namespace moebench {
namespace {

class QuantSuite final : public Suite {
 public:
  std::string name() const override { return "quant"; }
  std::string description() const override {
    return "fp32/bf16/fp16/fp8/int8/int4 weights at decode batch sizes, MoE vs dense";
  }
  std::vector<std::string> axes() const override {
    return {"model",     "scale", "tokens",  "experts", "topk", "shared",
            "precision", "group", "routing", "threads", "mode"};
  }
  std::vector<Workload> workloads(const SuiteContext& context) const override {
    AxisValues defaults;
    switch (context.preset) {
      case Preset::smoke:
        defaults = {{"model", {"qwen3-30b-a3b"}}, {"scale", {"0.0625"}}, {"tokens", {"1"}}};
        break;
      case Preset::quick:
        defaults = {{"model", {"qwen3-30b-a3b"}}, {"scale", {"auto"}}, {"tokens", {"1", "8"}}};
        break;
      case Preset::full:
        defaults = {{"model", {"qwen3-30b-a3b", "mixtral-8x7b"}},
                    {"scale", {"auto"}},
                    {"tokens", {"1", "4", "16", "64"}}};
        break;
    }
    defaults.push_back({"precision", {"fp32", "bf16", "fp16", "fp8-e4m3", "int8", "int4"}});
    defaults.push_back({"group", {"128"}});
    defaults.push_back({"routing", {"uniform"}});
    defaults.push_back({"threads", {std::to_string(context.default_threads)}});
    defaults.push_back({"mode", {"auto"}});
    return moe_sweep(context, name(), std::move(defaults), /*with_partners=*/true,
                     /*time_stages=*/false);
  }
};

MOEBENCH_REGISTER_SUITE(QuantSuite);

}  // namespace
}  // namespace moebench
