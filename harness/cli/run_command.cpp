// `moebench run` (the default command): measure the selected suites and write a results file.
#include "harness/cli/command.h"
#include "harness/cli/plan_args.h"
#include "harness/core/error.h"
#include "harness/runner/runner.h"

namespace moebench {
namespace {

class RunCommand final : public Command {
 public:
  std::string name() const override { return "run"; }
  std::string description() const override {
    return "measure the selected suites (the default command) and write results/<run-id>.json";
  }
  void configure(CLI::App& app) override {
    plan_.add_options(app);
    app.add_option("--out,-o", out_, "results file (default: results/<run-id>.json)");
    app.add_option("--max-time", max_time_, "cap on sampling time per point, in seconds")
        ->check(CLI::PositiveNumber);
    app.add_option("--target-ci", target_ci_,
                   "stop sampling a point once the median's 95% CI is within this fraction")
        ->check(CLI::Range(1e-4, 1.0));
    app.add_option("--counters", counters_,
                   "counter pass after timing: auto (what the backend can give), none, or a "
                   "list of counter/source names (see `moebench list --counters`)")
        ->capture_default_str();
    app.add_flag("--profile", profile_,
                 "run each selected point once, no stopping loop (for nsys/ncu captures)");
    app.add_flag("--graph", graph_,
                 "GPU kernels replay each run as one captured CUDA/HIP graph (saves the launch "
                 "overhead of small points); others ignore it, records say which did");
  }
  int execute() override {
    RunOptions options;
    options.plan = plan_.to_plan_options();
    options.out = out_;
    options.max_time_s = max_time_;
    options.target_rel_ci = target_ci_;
    options.profile = profile_;
    options.graph = graph_;
    options.counters = counters_;
    options.command_line = process_arguments();
    return run_benchmarks(options);
  }

 private:
  PlanArgs plan_;
  std::string out_;
  double max_time_ = 0;
  double target_ci_ = 0;
  bool profile_ = false;
  bool graph_ = false;
  std::string counters_ = "auto";
};

MOEBENCH_REGISTER_COMMAND(RunCommand);

}  // namespace
}  // namespace moebench
