#include "harness/cli/plan_args.h"

namespace moebench {

void PlanArgs::add_options(CLI::App& app) {
  app.add_option("--suite", suites,
                 "suites, comma-separated: roofline, dense, moe, routing, quant, or all")
      ->capture_default_str();
  app.add_option("--backend", backends, "backends: cpu, cuda, hip (comma list) or auto")
      ->capture_default_str();
  app.add_option("--preset", preset, "sweep size: smoke, quick or full")->capture_default_str();
  app.add_option("--axis", axes,
                 "override an axis: NAME=v1,v2 (repeatable; axes: model, scale, tokens, experts, "
                 "topk, shared, precision, group, routing, threads, mode)");
  app.add_option("--filter", filter, "run only points whose name matches this regex");
  app.add_option("--kernel", kernel,
                 "run only kernels whose name matches this regex (default: all but the "
                 "reference, which runs only where no other kernel exists)");
  app.add_option("--shard", shard, "run shard I of N (I/N, 0-based)")->capture_default_str();
  app.add_option("--seed", seed, "seed of the data and routing")->capture_default_str();
  app.add_option("--models-dir", models_dir, "folder of model shape files (suites/models)");
}

PlanOptions PlanArgs::to_plan_options() const {
  PlanOptions o;
  o.suites = suites;
  o.backends = backends;
  o.preset = parse_preset(preset);
  o.overrides = parse_axis_overrides(axes);
  o.filter = filter;
  o.kernel_filter = kernel;
  o.shard = parse_shard(shard);
  o.seed = seed;
  o.models_dir = models_dir;
  return o;
}

}  // namespace moebench
