#include "harness/runner/runner.h"

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <map>

#include "harness/core/error.h"
#include "harness/counters/counter_registry.h"
#include "harness/counters/instrumentation.h"
#include "harness/device/hardware_profile.h"
#include "harness/results/results_file.h"
#include "harness/runner/interrupt.h"
#include "harness/runner/job_runner.h"
#include "harness/runner/progress.h"
#include "harness/runner/run_metadata.h"

namespace moebench {

namespace {

// Google Benchmark runs our points; moebench reports them (progress bar, results file), so its
// own console output is silenced.
class SilentReporter final : public benchmark::BenchmarkReporter {
 public:
  bool ReportContext(const Context&) override { return true; }
  void ReportRuns(const std::vector<Run>&) override {}
};

StoppingRule preset_rule(Preset preset) {
  StoppingRule rule;
  switch (preset) {
    case Preset::smoke:
      rule.max_time_s = 0.05;
      rule.warmup_s = 0.005;
      rule.min_samples = 3;
      rule.target_rel_ci = 0.05;
      break;
    case Preset::quick:
      rule.max_time_s = 1.0;
      rule.warmup_s = 0.05;
      break;
    case Preset::full:
      rule.max_time_s = 5.0;
      rule.warmup_s = 0.2;
      rule.target_rel_ci = 0.01;
      break;
  }
  return rule;
}

std::string status_detail(const Record& r) {
  if (r.status != "ok") return r.reason;
  return format_duration(r.timing.summary.median) + " (" + std::to_string(r.timing.summary.n) +
         " samples, " + std::string(to_string(r.timing.reason)) + ")";
}

// The hardware profile JSON matched to a backend's device, or null (the CPU's limits come from
// the probes alone).
nlohmann::json profile_for(Backend& backend) {
  const std::string id = backend.hardware_profile_name();
  if (id.empty()) return nullptr;
  const auto profiles = load_hardware_profiles(default_hardware_profiles_dir());
  const HardwareProfile& p = find_hardware_profile(profiles, id);
  return {{"id", p.id},
          {"name", p.name},
          {"peak_flops", p.peak_flops},
          {"memory_bandwidth", p.memory_bandwidth},
          {"memory_bytes", p.memory_bytes},
          {"price_per_hour_usd", p.price_per_hour_usd},
          {"price_source", p.price_source}};
}

class Run {
 public:
  Run(const RunOptions& options, Plan plan)
      : options_(options),
        plan_(std::move(plan)),
        counters_(parse_counter_selection(options.counters)) {
    // Unknown or unavailable counter names are input errors: report them before measuring.
    for (const auto& b : plan_.backends)
      if (b.selected) CounterRegistry::instance().resolve(counters_, b.name);
  }

  int execute() {
    const std::string run_id = make_run_id();
    out_ =
        options_.out.empty() ? std::filesystem::path("results") / (run_id + ".json") : options_.out;
    check_writable(out_);  // before an hour of measurements, not after
    results_.context = benchmark_context();
    results_.meta = {{"run_id", run_id},
                     {"command_line", options_.command_line},
                     {"build", build_info()},
                     {"host", BackendRegistry::instance().get("cpu").properties()},
                     {"backends", backends_json(plan_)},
                     {"options", options_json()}};
    if (const std::string tool = instrumented_by(); !tool.empty())
      results_.meta["instrumented"] = tool;
    results_.skipped = plan_.skipped;
    for (const auto& w : plan_.warnings) std::fprintf(stderr, "moebench: warning: %s\n", w.c_str());
    for (const auto& b : plan_.backends) {
      if (!b.selected) continue;
      Backend& backend = BackendRegistry::instance().get(b.name);
      results_.meta["devices"][b.name] = backend.properties();
      profiles_[b.name] = profile_for(backend);
    }
    results_.meta["hardware_profiles"] = profiles_;

    install_interrupt_handlers();
    progress_ = std::make_unique<Progress>(plan_.jobs.size(), Progress::stderr_is_terminal());
    for (size_t i = 0; i < plan_.jobs.size(); ++i) {
      benchmark::RegisterBenchmark(plan_.jobs[i].name.c_str(),
                                   [this, i](benchmark::State& state) { execute_job(i, state); })
          ->UseManualTime()
          ->Iterations(1)
          ->Repetitions(1);
    }
    SilentReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::ClearRegisteredBenchmarks();
    progress_->finish();

    const bool interrupted = interrupt_level() > 0;
    for (size_t i = next_unstarted_; i < plan_.jobs.size(); ++i)
      results_.skipped.push_back(
          {{"name", plan_.jobs[i].name}, {"reason", "not run: the run was interrupted"}});
    results_.complete = !interrupted;
    write_json_atomically(out_, to_json(results_));
    print_summary(interrupted);
    if (interrupted) return 130;
    return failures_ > 0 ? 1 : 0;
  }

 private:
  nlohmann::json options_json() const {
    const auto& p = options_.plan;
    nlohmann::json axes = nlohmann::json::object();
    for (const auto& [k, v] : p.overrides) axes[k] = v;
    nlohmann::json j = {
        {"suites", p.suites},
        {"backends", p.backends},
        {"preset", to_string(p.preset)},
        {"axes", axes},
        {"filter", p.filter},
        {"kernel", p.kernel_filter},
        {"seed", p.seed},
        {"shard", std::to_string(p.shard.index) + "/" + std::to_string(p.shard.count)},
        {"max_time_s", options_.max_time_s},
        {"profile", options_.profile},
        {"graph", options_.graph},
        {"counters", options_.counters}};
    if (auto s = injected_slowdown_from_env())
      j["injected_slowdown"] = {{"kernels", s->pattern}, {"fraction", s->fraction}};
    return j;
  }

  void execute_job(size_t index, benchmark::State& state) {
    if (interrupt_level() > 0) {
      state.SkipWithError("interrupted");
      return;
    }
    next_unstarted_ = index + 1;
    const Job& job = plan_.jobs[index];
    progress_->begin(index, job.name);
    std::vector<Record> records;
    for (auto _ : state) {
      records = measure(job);
      const Record& main = records.front();
      state.SetIterationTime(main.timed ? std::max(main.timing.summary.median, 1e-12) : 1e-12);
    }
    if (records.front().status != "ok") state.SkipWithError(records.front().reason.c_str());
    progress_->end(records.front().status, status_detail(records.front()));
    for (auto& r : records) {
      if (r.status == "failed") ++failures_;
      if (r.role == "probe" && r.status == "ok") record_probe(r);
      results_.records.push_back(std::move(r));
    }
    checkpoint();
  }

  std::vector<Record> measure(const Job& job) {
    Backend& backend = BackendRegistry::instance().get(job.workload.backend);
    JobRunner runner(backend, measure_options(), results_.probes, profiles_[job.workload.backend]);
    if (job.workload.probe) return {runner.run_probe(job)};

    // Refuse what cannot fit before allocating it: kernels keep their own copy of the weights.
    const double needed = 2.2 * job.workload.data_bytes;
    const double available = double(BackendRegistry::instance().get("cpu").free_memory_bytes());
    if (needed > available) {
      Record r;
      r.name = job.name;
      r.suite = job.workload.suite;
      r.role = job.workload.role;
      r.kernel = job.kernel->name;
      r.backend = job.workload.backend;
      r.axes = job.workload.axes;
      r.status = "skipped";
      char buf[160];
      std::snprintf(buf, sizeof buf, "does not fit: needs %.2f GiB of host memory, %.2f GiB free",
                    needed / (1 << 30), available / (1 << 30));
      r.reason = buf;
      return {r};
    }
    // Consecutive jobs of one workload (one per kernel) share its data.
    const std::string data_key = job.workload.name_prefix() + "/" + job.workload.name_suffix();
    if (data_key != cached_data_key_ || !cached_data_) {
      cached_data_.reset();  // free the previous workload's data before building the next
      cached_data_ = job.workload.make_data();
      cached_data_key_ = data_key;
    }
    return runner.run_kernel(job, *cached_data_);
  }

  MeasureOptions measure_options() const {
    MeasureOptions m;
    m.rule = preset_rule(options_.plan.preset);
    if (options_.max_time_s > 0) m.rule.max_time_s = options_.max_time_s;
    if (options_.target_rel_ci > 0) m.rule.target_rel_ci = options_.target_rel_ci;
    m.probe_rule = m.rule;
    m.probe_rule.max_time_s = std::min(m.rule.max_time_s, 0.5);
    m.profile = options_.profile;
    m.graph = options_.graph;
    m.slowdown = injected_slowdown_from_env();
    m.counters = counters_;
    return m;
  }

  void record_probe(const Record& r) {
    const std::string key = r.backend + "/" + r.derived.value("limit", "");
    results_.probes[key] = {
        {"value", r.derived["rate"]}, {"median_value", r.derived["rate_median"]},
        {"unit", r.derived["unit"]},  {"probe", r.kernel},
        {"backend", r.backend},       {"samples", r.timing.summary.n}};
  }

  // A crash or kill -9 mid-run still leaves what was measured: rewrite the file every few
  // seconds (marked incomplete until the end).
  void checkpoint() {
    const auto now = std::chrono::steady_clock::now();
    if (now - last_checkpoint_ < std::chrono::seconds(5)) return;
    last_checkpoint_ = now;
    write_json_atomically(out_, to_json(results_));
  }

  void print_summary(bool interrupted) const {
    std::map<std::string, int> by_status;
    for (const auto& r : results_.records) ++by_status[r.status];
    std::printf("\nmoebench: %zu records: %d ok, %d failed, %d skipped; %zu points skipped%s\n",
                results_.records.size(), by_status["ok"], by_status["failed"], by_status["skipped"],
                results_.skipped.size(),
                interrupted ? " (interrupted: the file is marked incomplete)" : "");
    for (const auto& [key, probe] : results_.probes.items()) {
      const double v = probe["value"].get<double>();
      const std::string unit = probe["unit"].get<std::string>();
      std::printf("  limit %-22s %10.1f G%s\n", key.c_str(), v / 1e9, unit.c_str());
    }
    for (const auto& r : results_.records)
      if (r.status == "failed") std::printf("  FAILED %s: %s\n", r.name.c_str(), r.reason.c_str());
    std::printf("results: %s\n", out_.string().c_str());
  }

  const RunOptions& options_;
  Plan plan_;
  CounterSelection counters_;
  RunResults results_;
  std::filesystem::path out_;
  nlohmann::json profiles_ = nlohmann::json::object();
  std::unique_ptr<Progress> progress_;
  size_t next_unstarted_ = 0;
  int failures_ = 0;
  std::string cached_data_key_;
  std::shared_ptr<const WorkloadData> cached_data_;
  std::chrono::steady_clock::time_point last_checkpoint_ = std::chrono::steady_clock::now();
};

}  // namespace

int run_benchmarks(const RunOptions& options) {
  Run run(options, make_plan(options.plan));
  return run.execute();
}

}  // namespace moebench
