// The roofline probes: what this machine can do (peak FLOP/s per precision, memory bandwidth).
// Every other suite's results are given as a percentage of these, measured in the same run.
#include "kernels/probe.h"
#include "suites/suite.h"

namespace moebench {
namespace {

class RooflineSuite final : public Suite {
 public:
  std::string name() const override { return "roofline"; }
  std::string description() const override {
    return "peak FLOP/s per precision and memory bandwidth probes (always run first)";
  }
  std::vector<std::string> axes() const override { return {"threads"}; }
  std::vector<Workload> workloads(const SuiteContext& context) const override {
    std::vector<Workload> workloads;
    for (const auto& probe : ProbeRegistry::instance().all()) {
      if (probe.backend != context.backend) continue;
      Workload w;
      w.suite = name();
      w.role = "probe";
      w.backend = context.backend;
      w.probe = &probe;
      w.threads = context.default_threads;
      if (context.overrides && context.overrides->count("threads"))
        w.threads = std::stoi(context.overrides->at("threads").back());
      w.axes = {{"probe", probe.name}, {"threads", std::to_string(w.threads)}};
      w.cold = false;
      workloads.push_back(std::move(w));
    }
    return workloads;
  }
};

MOEBENCH_REGISTER_SUITE(RooflineSuite);

}  // namespace
}  // namespace moebench
