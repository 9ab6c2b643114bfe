#include "harness/runner/plan.h"

#include <algorithm>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "harness/core/error.h"
#include "harness/core/user_regex.h"
#include "harness/counters/instrumentation.h"
#include "kernels/probe.h"

namespace moebench {

std::string record_name(const Workload& w, const std::string& kernel) {
  return w.name_prefix() + "/" + kernel + "/" + w.name_suffix();
}

namespace {

std::vector<std::string> split(const std::string& list) {
  std::vector<std::string> items;
  std::stringstream ss(list);
  std::string item;
  while (std::getline(ss, item, ','))
    if (!item.empty()) items.push_back(item);
  return items;
}

std::vector<BackendChoice> choose_backends(const std::string& list) {
  auto names = BackendRegistry::instance().names();
  // cpu first, then the GPUs in a stable order, whatever the link order registered.
  std::sort(names.begin(), names.end(), [](const auto& a, const auto& b) {
    return (a != "cpu") < (b != "cpu") || ((a != "cpu") == (b != "cpu") && a < b);
  });
  std::vector<BackendChoice> choices;
  for (const auto& name : names)
    choices.push_back({name, BackendRegistry::instance().get(name).status(), false});
  if (list == "auto" || list == "all") {
    for (auto& c : choices) c.selected = c.status.available;
    return choices;
  }
  for (const auto& wanted : split(list)) {
    auto it = std::find_if(choices.begin(), choices.end(),
                           [&](const BackendChoice& c) { return c.name == wanted; });
    if (it == choices.end()) {
      names.insert(names.begin(), "auto");
      throw UserError(unknown_name_message("backend", wanted, names));
    }
    if (!it->status.available)
      throw UserError("backend '" + wanted + "' is unavailable here: " + it->status.reason);
    it->selected = true;
  }
  return choices;
}

bool is_reference(const KernelInfo& k) { return k.name.find("reference") != std::string::npos; }

Problem problem_of(const Workload& w) {
  Problem p;
  p.op = w.op;
  p.precision = w.precision;
  p.int4_group_size = w.int4_group_size;
  p.threads = w.threads;
  return p;  // data pointers are set when the data exists; support checks do not need them
}

}  // namespace

Plan make_plan(const PlanOptions& options) {
  Plan plan;
  const auto suites = SuiteRegistry::instance().select(options.suites);
  plan.backends = choose_backends(options.backends);
  plan.models = load_models(options.models_dir.empty() ? default_models_dir() : options.models_dir);
  const std::regex filter = compile_user_regex(options.filter, "--filter");
  const std::regex kernel_filter = compile_user_regex(options.kernel_filter, "--kernel");

  // Overrides for axes no selected suite sweeps would be silently ignored: say so.
  std::set<std::string> used_axes;
  for (const Suite* s : suites)
    for (const auto& a : s->axes()) used_axes.insert(a);
  for (const auto& [axis, values] : options.overrides)
    if (!used_axes.count(axis))
      plan.warnings.push_back("--axis " + axis + " is not swept by any selected suite: ignored");

  // The probes run first even when the roofline suite was not asked for: every result is given
  // as a percentage of the limits they measure.
  std::vector<const Suite*> ordered = suites;
  const bool has_roofline = std::any_of(suites.begin(), suites.end(),
                                        [](const Suite* s) { return s->name() == "roofline"; });
  if (!has_roofline)
    ordered.insert(ordered.begin(), SuiteRegistry::instance().select("roofline")[0]);

  const int threads = std::max(1, int(std::thread::hardware_concurrency()));
  size_t position = 0;  // for --shard: counts every job that passed the filter
  for (const auto& backend : plan.backends) {
    if (!backend.selected) {
      plan.skipped.push_back({{"name", "backend/" + backend.name},
                              {"reason", "backend unavailable: " + backend.status.reason}});
      continue;
    }
    SuiteContext context;
    context.preset = options.preset;
    context.overrides = &options.overrides;
    context.models = &plan.models;
    context.backend = backend.name;
    context.default_threads = backend.name == "cpu" ? threads : 1;
    context.seed = options.seed;
    for (const Suite* suite : ordered) {
      for (auto& workload : suite->workloads(context)) {
        std::vector<Job> jobs;
        if (workload.probe) {
          jobs.push_back({workload, nullptr, record_name(workload, workload.probe->name)});
        } else {
          auto kernels = KernelRegistry::instance().find(workload.op, backend.name);
          const bool has_fast = std::any_of(kernels.begin(), kernels.end(),
                                            [](const KernelInfo* k) { return !is_reference(*k); });
          for (const KernelInfo* kernel : kernels) {
            const bool chosen = options.kernel_filter.empty()
                                    ? (!is_reference(*kernel) || !has_fast)
                                    : std::regex_search(kernel->name, kernel_filter);
            if (chosen) jobs.push_back({workload, kernel, record_name(workload, kernel->name)});
          }
          if (kernels.empty())
            plan.skipped.push_back(
                {{"name", record_name(workload, "*")},
                 {"reason", "no kernel registered for this op on " + backend.name}});
        }
        for (auto& job : jobs) {
          // Probes ignore --filter too: a filtered run is still judged against its limits.
          if (!job.workload.probe && !options.filter.empty() &&
              !std::regex_search(job.name, filter))
            continue;
          // Probes are never sharded away: every shard needs its limits.
          const bool keep = job.workload.probe || in_shard(options.shard, position++);
          if (!keep) continue;
          if (job.kernel && job.kernel->unsupported_reason) {
            const auto reason = job.kernel->unsupported_reason(problem_of(job.workload));
            if (reason) {
              plan.skipped.push_back({{"name", job.name}, {"reason", *reason}});
              continue;
            }
          }
          // Under valgrind a probe measures valgrind, not the machine, and takes minutes.
          if (const std::string tool = instrumented_by(); job.workload.probe && !tool.empty()) {
            plan.skipped.push_back(
                {{"name", job.name},
                 {"reason", "not run under " + tool + ": the rate would be " + tool + "'s"}});
            continue;
          }
          if (job.workload.probe && job.workload.probe->unsupported_reason) {
            const auto reason = job.workload.probe->unsupported_reason();
            if (reason) {
              plan.skipped.push_back({{"name", job.name}, {"reason", *reason}});
              continue;
            }
          }
          plan.jobs.push_back(std::move(job));
        }
      }
    }
  }
  return plan;
}

}  // namespace moebench
