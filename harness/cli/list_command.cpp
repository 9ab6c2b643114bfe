// `moebench list`: what this build and machine can run: suites, backends (and why any is
// unavailable), kernels, probes, models, and with --points the points a selection gives.
#include <cstdio>

#include "harness/cli/command.h"
#include "harness/cli/plan_args.h"
#include "harness/counters/counter_registry.h"
#include "harness/device/backend.h"
#include "kernels/probe.h"
#include "kernels/registry.h"
#include "suites/suite.h"

namespace moebench {
namespace {

class ListCommand final : public Command {
 public:
  std::string name() const override { return "list"; }
  std::string description() const override {
    return "list suites, backends (with why any is unavailable), kernels, models, and with "
           "--points the points a selection gives";
  }
  void configure(CLI::App& app) override {
    plan_.add_options(app);
    app.add_flag("--points", points_, "list the points the selection options give");
    app.add_flag("--counters", counters_,
                 "list the counters each backend can collect here, and why any cannot");
  }
  int execute() override {
    PlanOptions options = plan_.to_plan_options();
    if (points_) return list_points(options);
    if (counters_) {
      std::fputs(CounterRegistry::instance().describe().c_str(), stdout);
      return 0;
    }
    Plan plan = make_plan(options);  // also validates the models folder
    std::printf("Suites:\n");
    for (const auto& name : SuiteRegistry::instance().names())
      for (const auto& s : SuiteRegistry::instance().all())
        if (s->name() == name) {
          std::string axes;
          for (const auto& a : s->axes()) axes += (axes.empty() ? "" : ",") + a;
          std::printf("  %-9s %s\n            axes: %s\n", name.c_str(), s->description().c_str(),
                      axes.c_str());
        }
    std::printf("\nBackends:\n");
    for (const auto& b : plan.backends)
      std::printf("  %-5s %s\n", b.name.c_str(),
                  b.status.available ? "available" : ("unavailable: " + b.status.reason).c_str());
    std::printf("\nKernels:\n");
    for (const auto& k : KernelRegistry::instance().all())
      std::printf("  %-28s %-5s %-9s %s%s\n", k.name.c_str(), k.backend.c_str(),
                  k.op == Op::moe_layer ? "moe_layer" : "dense_ffn",
                  k.vendor_baseline ? "[baseline] " : "", k.description.c_str());
    std::printf("\nProbes:\n");
    for (const auto& p : ProbeRegistry::instance().all()) {
      const auto why = p.unsupported_reason ? p.unsupported_reason() : std::nullopt;
      std::printf("  %-10s %-5s %-16s %s\n", p.name.c_str(), p.backend.c_str(), p.limit.c_str(),
                  why ? ("unavailable: " + *why).c_str() : p.description.c_str());
    }
    std::printf("\nModels:\n");
    for (const auto& m : plan.models) {
      if (m.is_moe())
        std::printf("  %-20s %-22s MoE E=%d k=%d shared=%d d_model=%lld d_ff_expert=%lld\n",
                    m.id.c_str(), m.name.c_str(), m.moe->num_experts, m.moe->top_k,
                    m.moe->num_shared, static_cast<long long>(m.d_model),
                    static_cast<long long>(m.moe->d_ff_expert));
      else
        std::printf("  %-20s %-22s dense d_model=%lld d_ff=%lld\n", m.id.c_str(), m.name.c_str(),
                    static_cast<long long>(m.d_model), static_cast<long long>(m.d_ff_dense));
    }
    return 0;
  }

 private:
  int list_points(const PlanOptions& options) {
    Plan plan = make_plan(options);
    for (const auto& w : plan.warnings) std::fprintf(stderr, "moebench: warning: %s\n", w.c_str());
    for (const auto& job : plan.jobs) std::printf("%s\n", job.name.c_str());
    for (const auto& s : plan.skipped)
      std::printf("skipped %s: %s\n", s["name"].get<std::string>().c_str(),
                  s["reason"].get<std::string>().c_str());
    std::printf("%zu points, %zu skipped\n", plan.jobs.size(), plan.skipped.size());
    return 0;
  }

  PlanArgs plan_;
  bool points_ = false;
  bool counters_ = false;
};

MOEBENCH_REGISTER_COMMAND(ListCommand);

}  // namespace
}  // namespace moebench
