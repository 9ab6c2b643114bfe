// Routing under uniform, skewed (Zipf) and collapsed distributions, each stage timed on its own:
// the cost of routing itself and of imbalance (hot experts).
#include "suites/common/workload_builder.h"

namespace moebench {
namespace {

class RoutingSuite final : public Suite {
 public:
  std::string name() const override { return "routing"; }
  std::string description() const override {
    return "MoE stages (route, permute, experts, combine) under uniform, Zipf and collapsed "
           "routing";
  }
  std::vector<std::string> axes() const override {
    return {"model",  "scale",     "tokens",  "experts", "topk",
            "shared", "precision", "routing", "threads", "mode"};
  }
  std::vector<Workload> workloads(const SuiteContext& context) const override {
    AxisValues defaults;
    switch (context.preset) {
      case Preset::smoke:
        defaults = {{"model", {"qwen3-30b-a3b"}}, {"scale", {"0.0625"}}, {"tokens", {"32"}}};
        break;
      case Preset::quick:
        defaults = {{"model", {"qwen3-30b-a3b"}}, {"scale", {"auto"}}, {"tokens", {"64", "512"}}};
        break;
      case Preset::full:
        defaults = {{"model", {"qwen3-30b-a3b", "deepseek-v3"}},
                    {"scale", {"auto"}},
                    {"tokens", {"16", "64", "512", "4096"}}};
        break;
    }
    defaults.push_back({"precision", {"fp32"}});
    defaults.push_back({"routing", {"uniform", "zipf:1.2", "collapse:1"}});
    defaults.push_back({"threads", {std::to_string(context.default_threads)}});
    defaults.push_back({"mode", {"auto"}});
    return moe_sweep(context, name(), std::move(defaults), /*with_partners=*/false,
                     /*time_stages=*/true);
  }
};

MOEBENCH_REGISTER_SUITE(RoutingSuite);

}  // namespace
}  // namespace moebench
