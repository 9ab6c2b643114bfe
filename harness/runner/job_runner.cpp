#include "harness/runner/job_runner.h"

#include <chrono>

#include "harness/analysis/roofline.h"
#include "harness/annotate/range.h"
#include "harness/counters/counter_ratios.h"
#include "harness/measure/sampler.h"
#include "harness/runner/interrupt.h"
#include "kernels/probe.h"
#include "kernels/reference/reference.h"

namespace moebench {

std::vector<int64_t> tokens_to_verify(int64_t tokens, int max_tokens) {
  std::vector<int64_t> picked;
  if (tokens <= max_tokens) {
    for (int64_t t = 0; t < tokens; ++t) picked.push_back(t);
    return picked;
  }
  for (int i = 0; i < max_tokens; ++i)
    picked.push_back(int64_t(double(i) * double(tokens - 1) / double(max_tokens - 1) + 0.5));
  return picked;
}

JobRunner::JobRunner(Backend& backend, MeasureOptions options, const nlohmann::json& probes,
                     const nlohmann::json& profile)
    : backend_(backend), options_(std::move(options)), probes_(probes), profile_(profile) {}

Record JobRunner::base_record(const Job& job) const {
  const Workload& w = job.workload;
  Record r;
  r.name = job.name;
  r.suite = w.suite;
  r.role = w.role;
  r.backend = w.backend;
  r.group = w.group;
  r.axes = w.axes;
  r.shape = w.shape;
  r.cold = w.cold;
  if (job.kernel) {
    r.kernel = job.kernel->name;
    r.vendor_baseline = job.kernel->vendor_baseline;
    r.op = w.op == Op::moe_layer ? "moe_layer" : "dense_ffn";
  } else {
    r.kernel = w.probe->name;
    r.op = "probe";
  }
  return r;
}

SampleSet JobRunner::sample(const std::function<void()>& work, bool cold, const StoppingRule& rule,
                            double slowdown_fraction) {
  auto timer = backend_.make_timer();
  auto one = [&] {
    if (cold) backend_.flush_cache();
    const auto host_start = std::chrono::steady_clock::now();
    timer->start();
    work();
    if (slowdown_fraction > 0) {
      const double elapsed =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - host_start).count();
      busy_wait(elapsed * slowdown_fraction);
    }
    return timer->stop();
  };
  if (options_.profile) {
    // One instance per point for nsys/ncu: no warm-up beyond the verification run.
    SampleSet set;
    set.seconds.push_back(one());
    set.summary = summarize(set.seconds);
    set.reason = StopReason::sample_cap;
    return set;
  }
  return collect_samples(one, rule, [] { return interrupt_level() >= 2; });
}

void JobRunner::fill_derived(Record& r, const Workload& w) const {
  const double median = r.timing.summary.median;
  if (median <= 0) return;
  r.derived["time_per_token_s"] = median / double(w.tokens);
  r.derived["tokens_per_second"] = double(w.tokens) / median;
  r.derived["flop_rate"] = r.analytic.flops / median;
  r.derived["bandwidth"] = r.analytic.total_bytes() / median;
  r.derived["weight_bandwidth"] = r.analytic.weight_bytes / median;
  r.limits = limits_for(r.analytic, median, w.precision, w.backend, probes_, profile_);
}

std::vector<Record> JobRunner::run_kernel(const Job& job, const WorkloadData& data) {
  const Workload& w = job.workload;
  Record record = base_record(job);
  ScopedRange range("moebench@" + job.name);

  Problem problem;
  problem.op = w.op;
  problem.precision = w.precision;
  problem.int4_group_size = w.int4_group_size;
  problem.threads = w.threads;
  problem.graph = options_.graph;
  problem.dense = data.dense.get();
  problem.moe = data.moe.get();

  std::unique_ptr<Kernel> kernel;
  try {
    kernel = job.kernel->create(problem);
    record.graph = kernel->uses_graph();  // what the kernel does, not what was asked
    kernel->run();
    kernel->synchronize();
  } catch (const std::exception& e) {
    record.status = "failed";
    record.reason = std::string("kernel error: ") + e.what();
    return {record};
  }

  // Verify before timing: a benchmark of a wrong kernel is worthless.
  const auto tokens = tokens_to_verify(w.tokens, options_.max_verify_tokens);
  std::vector<float> expected;
  if (w.op == Op::moe_layer)
    expected = ref::moe_layer(*data.moe, w.precision, w.int4_group_size, &tokens, nullptr,
                              job.kernel->activations);
  else
    expected = ref::dense_ffn(*data.dense, w.precision, w.int4_group_size, &tokens,
                              job.kernel->activations);
  const std::vector<float> full = kernel->output();
  const int64_t d_model = w.shape.value("d_model", int64_t(0));
  std::vector<float> got;
  got.reserve(expected.size());
  for (int64_t t : tokens)
    if (size_t((t + 1) * d_model) <= full.size())
      got.insert(got.end(), full.begin() + t * d_model, full.begin() + (t + 1) * d_model);
  record.verified = true;
  record.tokens_checked = int(tokens.size());
  record.verification = verify(got, expected, w.precision);
  if (!record.verification.passed) {
    record.status = "failed";
    record.reason =
        "verification failed: " +
        (record.verification.message.empty()
             ? "normalized error " + std::to_string(record.verification.normalized_error) +
                   " > tolerance " + std::to_string(record.verification.tolerance)
             : record.verification.message);
    return {record};
  }

  const bool slowed =
      options_.slowdown && std::regex_search(record.kernel, options_.slowdown->kernels);
  const double slowdown = slowed ? options_.slowdown->fraction : 0.0;
  Kernel& k = *kernel;
  record.timing = sample(
      [&k] {
        k.run();
        k.synchronize();
      },
      w.cold, options_.rule, slowdown);
  record.timed = true;
  record.expert_token_counts = kernel->expert_token_counts();
  record.resident_weight_bytes = kernel->resident_weight_bytes();
  record.analytic = w.analytic(record.expert_token_counts);
  record.has_analytic = true;
  fill_derived(record, w);
  if (!options_.profile)
    count(
        record,
        [&k] {
          k.run();
          k.synchronize();
        },
        count_batch_for(slowdown));

  std::vector<Record> records = {record};
  if (!w.time_stages) return records;
  const auto stages = kernel->stage_names();
  for (size_t i = 0; i < stages.size() && interrupt_level() < 2; ++i) {
    Record stage = base_record(job);
    stage.role = "stage";
    stage.stage = stages[i];
    stage.name = job.name + "/stage=" + stages[i];
    ScopedRange stage_range("moebench@" + stage.name);
    stage.timing = sample(
        [&k, i] {
          k.run_stage(i);
          k.synchronize();
        },
        w.cold, options_.rule, slowdown);
    stage.timed = true;
    stage.verified = true;  // the kernel these stages belong to passed verification above
    stage.verification = record.verification;
    stage.tokens_checked = record.tokens_checked;
    records.push_back(std::move(stage));
  }
  return records;
}

void JobRunner::count(Record& record, const std::function<void()>& workload,
                      const CountBatch& batch) {
  if (options_.counters.mode == CounterSelection::Mode::none) return;
  const auto batched = [&] {
    for (int i = 0; i < batch.calls + batch.extra; ++i) workload();
  };
  const double per_call = 1.0 / batch.calls;
  for (const auto& request :
       CounterRegistry::instance().resolve(options_.counters, record.backend)) {
    try {
      auto session = request.source->open(request.names);
      for (auto& value : session->measure(batched)) {
        value.value *= per_call;
        for (double& s : value.samples) s *= per_call;
        record.counters.push_back(std::move(value));
      }
    } catch (const std::exception& e) {
      // A counter that fails on one point must not cost the point its timing.
      record.counter_errors.push_back(request.source->name() + ": " + e.what());
    }
  }
  for (const auto& ratio : measured_to_analytic(record.counters, record.analytic))
    record.counter_ratios.push_back(ratio);
}

Record JobRunner::run_probe(const Job& job) {
  Record record = base_record(job);
  ScopedRange range("moebench@" + job.name);
  const ProbeInfo& info = *job.workload.probe;
  try {
    auto probe = info.create(job.workload.threads);
    double work = 0;
    record.timing = sample(
        [&] {
          work = probe->run();
          probe->synchronize();
        },
        false, options_.probe_rule, 0.0);
    record.timed = true;
    record.work = work;
    // The best sample, not the median: a peak probe asks what the machine can do, and on a
    // shared machine slower samples are interference, not the limit.
    const double best = record.timing.summary.min;
    record.derived["rate"] = work / best;
    record.derived["rate_median"] = work / record.timing.summary.median;
    record.derived["unit"] = info.unit;
    record.derived["limit"] = info.limit;
  } catch (const std::exception& e) {
    record.status = "failed";
    record.reason = std::string("probe error: ") + e.what();
  }
  return record;
}

}  // namespace moebench
