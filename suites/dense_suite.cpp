// Dense FFN layers of dense models (Llama-3.1-8B…): the baseline every MoE point is read against.
#include "suites/common/workload_builder.h"

namespace moebench {
namespace {

class DenseSuite final : public Suite {
 public:
  std::string name() const override { return "dense"; }
  std::string description() const override {
    return "dense FFN (gate+up, SwiGLU, down) of dense models over batch and precision";
  }
  std::vector<std::string> axes() const override {
    return {"model", "scale", "tokens", "precision", "group", "threads", "mode"};
  }
  std::vector<Workload> workloads(const SuiteContext& context) const override {
    AxisValues defaults;
    switch (context.preset) {
      case Preset::smoke:
        defaults = {{"model", {"llama-3.1-8b"}}, {"scale", {"0.0625"}}, {"tokens", {"1", "16"}}};
        break;
      case Preset::quick:
        defaults = {
            {"model", {"llama-3.1-8b"}}, {"scale", {"auto"}}, {"tokens", {"1", "64", "512"}}};
        break;
      case Preset::full:
        defaults = {{"model", {"llama-3.1-8b", "llama-3.3-70b"}},
                    {"scale", {"auto"}},
                    {"tokens", {"1", "4", "16", "64", "256", "1024", "4096"}}};
        break;
    }
    defaults.push_back({"precision", {"fp32", "bf16"}});
    defaults.push_back({"group", {"128"}});
    defaults.push_back({"threads", {std::to_string(context.default_threads)}});
    defaults.push_back({"mode", {"auto"}});
    std::vector<Workload> workloads;
    for (const auto& combination : cartesian_product(resolve_axes(context, defaults)))
      workloads.push_back(dense_workload(context, name(), combination));
    return workloads;
  }
};

MOEBENCH_REGISTER_SUITE(DenseSuite);

}  // namespace
}  // namespace moebench
