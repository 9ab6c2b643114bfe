#include "harness/analysis/comparison.h"

#include <algorithm>
#include <regex>

#include "harness/analysis/mann_whitney.h"
#include "harness/analysis/metric_selection.h"
#include "harness/analysis/roofline_normalize.h"
#include "harness/analysis/run_values.h"
#include "harness/analysis/sample_statistics.h"
#include "harness/core/error.h"
#include "harness/core/user_regex.h"

namespace moebench {
namespace {

std::vector<double> scaled(const std::vector<double>& samples, double factor) {
  std::vector<double> out = samples;
  for (double& s : out) s *= factor;
  return out;
}

void require_probes(const ResultsFile& run) {
  if (run.probes.empty())
    throw UserError("--normalize needs the roofline probes measured in the same run, and " +
                    run.path + " has none (" +
                    (run.moebench ? "run it with the roofline suite included"
                                  : "a plain Google Benchmark file has no moebench.probes") +
                    ")");
}

void add_note(BenchmarkComparison& row, const std::string& note) {
  row.note += (row.note.empty() ? "" : "; ") + note;
}

// Mann-Whitney over `base_values` / `new_values` with a bootstrap interval of the median ratio.
void test_all(BenchmarkComparison& row, const std::vector<double>& base_values,
              const std::vector<double>& new_values, const CompareOptions& options) {
  const MannWhitneyResult test = mann_whitney_u(new_values, base_values);
  row.p_value = test.p_value;
  row.exact_p = test.exact;
  BootstrapOptions bootstrap = options.bootstrap;
  bootstrap.confidence = 1 - options.rule.alpha;
  row.ratio = bootstrap_median_ratio(base_values, new_values, bootstrap);
}

void decide(BenchmarkComparison& row, const CompareOptions& options) {
  row.verdict =
      decide_verdict(row.ratio, row.p_value, row.base_samples, row.new_samples, options.rule);
  const std::string unit = row.per_run ? " runs" : " samples";
  if (row.base_samples < 2 || row.new_samples < 2) {
    add_note(row, "too few" + unit + " to test");
  } else {
    // Under --fastest-runs the test sees only the runs below the cut.
    const size_t base_n = row.base_kept > 0 ? row.base_kept : row.base_samples;
    const size_t new_n = row.base_kept > 0 ? row.new_kept : row.new_samples;
    if (mann_whitney_smallest_p(base_n, new_n) >= options.rule.alpha)
      add_note(row, std::to_string(base_n) + " vs " + std::to_string(new_n) + unit +
                        " cannot reach p < alpha");
  }
}

// One run a side: the runs' timing samples.
BenchmarkComparison compare_samples(const ResultBenchmark& base, const ResultBenchmark& candidate,
                                    const ResultsFile& base_run, const ResultsFile& new_run,
                                    const CompareOptions& options) {
  BenchmarkComparison row;
  row.name = base.name;
  row.base_samples = base.samples_s.size();
  row.new_samples = candidate.samples_s.size();
  row.base_median = base.median_s;
  row.new_median = candidate.median_s;
  std::vector<double> base_values = base.samples_s, new_values = candidate.samples_s;
  if (options.normalize) {
    std::string why;
    // The regime follows the base run's probes; both runs are scaled by their own probe.
    if (auto choice = choose_normalizing_probe(base, base_run, why)) {
      auto new_probe = new_run.probes.find(choice->key);
      if (new_probe == new_run.probes.end()) {
        row.note = "raw: probe " + choice->key + " missing in " + new_run.path;
      } else {
        base_values = scaled(base_values, base_run.probes.at(choice->key).typical());
        new_values = scaled(new_values, new_probe->second.typical());
        row.normalized_by = choice->key + " (" + choice->regime + ")";
      }
    } else {
      row.note = "raw: " + why;
    }
  }
  test_all(row, base_values, new_values, options);
  decide(row, options);
  return row;
}

std::vector<double> raw_medians(const std::string& name,
                                const std::vector<const ResultsFile*>& runs) {
  std::vector<double> out;
  for (const ResultsFile* run : runs)
    if (const ResultBenchmark* b = run->find(name)) out.push_back(b->median_s);
  return out;
}

// Several runs on a side: one sample per run, its median (in probe units under --normalize,
// the probe chosen in the first base run that has the benchmark).
BenchmarkComparison compare_runs(const std::string& name,
                                 const std::vector<const ResultsFile*>& base_runs,
                                 const std::vector<const ResultsFile*>& new_runs,
                                 const CompareOptions& options) {
  BenchmarkComparison row;
  row.name = name;
  row.per_run = true;
  std::vector<const ResultsFile*> all = base_runs;
  all.insert(all.end(), new_runs.begin(), new_runs.end());
  RunValues values = collect_run_values(name, all, options.normalize, options.run_statistic);
  row.normalized_by = values.normalized_by;
  row.note = values.note;
  const auto split = values.values.begin() + static_cast<long>(base_runs.size());
  const std::vector<double> base_values =
      present_values(std::vector<std::optional<double>>(values.values.begin(), split));
  const std::vector<double> new_values =
      present_values(std::vector<std::optional<double>>(split, values.values.end()));
  row.base_samples = base_values.size();
  row.new_samples = new_values.size();
  row.base_median = median(raw_medians(name, base_runs));
  row.new_median = median(raw_medians(name, new_runs));
  if (options.fastest_runs < 1 && row.base_samples >= 2 && row.new_samples >= 2) {
    FastestRunsOptions fastest;
    fastest.fraction = options.fastest_runs;
    fastest.bootstrap = options.bootstrap;
    fastest.bootstrap.confidence = 1 - options.rule.alpha;
    fastest.alpha = options.rule.alpha;
    const FastestRunsResult result = compare_fastest_runs(base_values, new_values, fastest);
    row.ratio = result.ratio;
    row.p_value = result.p_value;
    row.exact_p = result.exact;
    row.base_kept = result.base_kept;
    row.new_kept = result.new_kept;
  } else {
    test_all(row, base_values, new_values, options);
  }
  decide(row, options);
  return row;
}

std::vector<const ResultsFile*> pointers(const std::vector<ResultsFile>& runs) {
  std::vector<const ResultsFile*> out;
  for (const auto& run : runs) out.push_back(&run);
  return out;
}

bool all_complete(const std::vector<ResultsFile>& runs) {
  for (const auto& run : runs)
    if (!run.complete) return false;
  return true;
}

std::string graph_replay(const std::vector<ResultsFile>& runs) {
  size_t on = 0;
  for (const auto& run : runs) on += run.graph;
  return on == 0 ? "off" : on == runs.size() ? "on" : "mixed";
}

bool one_host(const std::vector<ResultsFile>& runs) {
  for (const auto& run : runs)
    if (run.host != runs.front().host) return false;
  return true;
}

// Benchmark names of a side, first appearance first.
std::vector<std::string> names_of(const std::vector<ResultsFile>& runs, const std::regex& filter,
                                  bool skip_probes) {
  std::vector<std::string> names;
  for (const auto& run : runs)
    for (const auto& b : run.benchmarks)
      if (std::regex_search(b.name, filter) && !(skip_probes && b.role == "probe") &&
          std::find(names.begin(), names.end(), b.name) == names.end())
        names.push_back(b.name);
  return names;
}

bool has(const std::vector<ResultsFile>& runs, const std::string& name) {
  for (const auto& run : runs)
    if (run.find(name)) return true;
  return false;
}

// A probe's typical rate over a side's runs (their median); 0 when no run measured it.
double median_probe_rate(const std::vector<ResultsFile>& runs, const std::string& key) {
  std::vector<double> rates;
  for (const auto& run : runs)
    if (auto it = run.probes.find(key); it != run.probes.end())
      rates.push_back(it->second.typical());
  return median(rates);
}

}  // namespace

int ComparisonReport::exit_code() const {
  auto slower = verdict_counts.find(Verdict::slower);
  return slower != verdict_counts.end() && slower->second > 0 ? 1 : 0;
}

ComparisonReport compare_results(const std::vector<ResultsFile>& base_input,
                                 const std::vector<ResultsFile>& new_input,
                                 const CompareOptions& options, const std::string& base_path,
                                 const std::string& new_path) {
  if (base_input.empty() || new_input.empty())
    throw UserError("compare needs at least one run on each side");
  require_normalize_applies(options.metric, options.normalize);
  const std::vector<ResultsFile> base_runs = select_metric(base_input, options.metric);
  const std::vector<ResultsFile> new_runs = select_metric(new_input, options.metric);
  const std::regex filter = compile_user_regex(options.filter, "--filter");
  if (options.normalize) {
    for (const auto& run : base_runs) require_probes(run);
    for (const auto& run : new_runs) require_probes(run);
  }
  ComparisonReport report;
  report.base_path = base_path;
  report.new_path = new_path;
  report.base_runs = base_runs.size();
  report.new_runs = new_runs.size();
  report.base_run =
      base_runs.size() == 1 ? base_runs.front().run_id : std::to_string(base_runs.size()) + " runs";
  report.new_run =
      new_runs.size() == 1 ? new_runs.front().run_id : std::to_string(new_runs.size()) + " runs";
  report.base_host = base_runs.front().host;
  report.new_host = new_runs.front().host;
  report.mixed_hosts = !one_host(base_runs) || !one_host(new_runs);
  report.base_graph = graph_replay(base_runs);
  report.new_graph = graph_replay(new_runs);
  report.base_complete = all_complete(base_runs);
  report.new_complete = all_complete(new_runs);
  report.options = options;
  report.unit = metric_unit(base_runs, options.metric);

  const bool per_run = base_runs.size() > 1 || new_runs.size() > 1;
  const auto base_pointers = pointers(base_runs), new_pointers = pointers(new_runs);
  std::vector<double> ratios;
  // Under --normalize the probes are the yardstick, not a result: they are reported as drift.
  for (const auto& name : names_of(base_runs, filter, options.normalize)) {
    if (!has(new_runs, name)) {
      report.only_in_base.push_back(name);
      continue;
    }
    if (per_run) {
      report.rows.push_back(compare_runs(name, base_pointers, new_pointers, options));
    } else {
      report.rows.push_back(compare_samples(*base_runs.front().find(name),
                                            *new_runs.front().find(name), base_runs.front(),
                                            new_runs.front(), options));
    }
    ratios.push_back(report.rows.back().ratio.ratio);
    ++report.verdict_counts[report.rows.back().verdict];
  }
  for (const auto& name : names_of(new_runs, filter, options.normalize))
    if (!has(base_runs, name)) report.only_in_new.push_back(name);
  if (report.rows.empty())
    throw UserError("no benchmark in common between " + base_path + " and " + new_path +
                    (options.filter.empty() ? "" : " matching --filter '" + options.filter + "'"));
  report.geomean_ratio = geometric_mean(ratios);
  if (options.normalize)
    for (const auto& [key, probe] : base_runs.front().probes) {
      const double base_rate = median_probe_rate(base_runs, key);
      const double new_rate = median_probe_rate(new_runs, key);
      if (base_rate > 0 && new_rate > 0) report.probe_drift[key] = new_rate / base_rate;
    }
  return report;
}

ComparisonReport compare_results(const ResultsFile& base, const ResultsFile& candidate,
                                 const CompareOptions& options) {
  return compare_results(std::vector<ResultsFile>{base}, std::vector<ResultsFile>{candidate},
                         options, base.path, candidate.path);
}

}  // namespace moebench
