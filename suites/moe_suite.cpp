// MoE layers beside a dense FFN of the same active and of the same total parameters, over batch:
// where compute tracks active parameters, memory tracks total, and who wins depends on batch.
#include "suites/common/workload_builder.h"

namespace moebench {
namespace {

class MoeSuite final : public Suite {
 public:
  std::string name() const override { return "moe"; }
  std::string description() const override {
    return "MoE layer vs dense-same-active vs dense-same-total over batch (three-way sweep)";
  }
  std::vector<std::string> axes() const override {
    return {"model",     "scale", "tokens",  "experts", "topk", "shared",
            "precision", "group", "routing", "threads", "mode"};
  }
  std::vector<Workload> workloads(const SuiteContext& context) const override {
    AxisValues defaults;
    switch (context.preset) {
      case Preset::smoke:
        defaults = {{"model", {"qwen3-30b-a3b"}}, {"scale", {"0.0625"}}, {"tokens", {"1", "32"}}};
        break;
      case Preset::quick:
        defaults = {
            {"model", {"qwen3-30b-a3b"}}, {"scale", {"auto"}}, {"tokens", {"1", "8", "64", "512"}}};
        break;
      case Preset::full:
        defaults = {{"model", {"qwen3-30b-a3b", "mixtral-8x7b", "qwen3-coder-next"}},
                    {"scale", {"auto"}},
                    {"tokens", {"1", "4", "16", "64", "256", "1024", "4096"}}};
        break;
    }
    defaults.push_back({"precision", {"fp32"}});
    defaults.push_back({"group", {"128"}});
    defaults.push_back({"routing", {"uniform"}});
    defaults.push_back({"threads", {std::to_string(context.default_threads)}});
    defaults.push_back({"mode", {"auto"}});
    return moe_sweep(context, name(), std::move(defaults), /*with_partners=*/true,
                     /*time_stages=*/false);
  }
};

MOEBENCH_REGISTER_SUITE(MoeSuite);

}  // namespace
}  // namespace moebench
