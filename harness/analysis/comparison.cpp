#include "harness/analysis/comparison.h"

#include <regex>

#include "harness/analysis/mann_whitney.h"
#include "harness/analysis/roofline_normalize.h"
#include "harness/analysis/sample_statistics.h"
#include "harness/core/error.h"

namespace moebench {
namespace {

std::regex compile_filter(const std::string& filter) {
  try {
    return std::regex(filter.empty() ? std::string(".*") : filter);
  } catch (const std::regex_error& e) {
    throw UserError("--filter '" + filter + "' is not a valid regular expression: " + e.what());
  }
}

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

BenchmarkComparison compare_one(const ResultBenchmark& base, const ResultBenchmark& candidate,
                                const ResultsFile& base_run, const ResultsFile& new_run,
                                const CompareOptions& options) {
  BenchmarkComparison row;
  row.name = base.name;
  row.base_samples = base.samples_s.size();
  row.new_samples = candidate.samples_s.size();
  row.base_median_s = base.median_s;
  row.new_median_s = candidate.median_s;
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
  const MannWhitneyResult test = mann_whitney_u(new_values, base_values);
  row.p_value = test.p_value;
  row.exact_p = test.exact;
  BootstrapOptions bootstrap = options.bootstrap;
  bootstrap.confidence = 1 - options.rule.alpha;
  row.ratio = bootstrap_median_ratio(base_values, new_values, bootstrap);
  row.verdict =
      decide_verdict(row.ratio, row.p_value, row.base_samples, row.new_samples, options.rule);
  if (row.base_samples < 2 || row.new_samples < 2) {
    if (!row.note.empty()) row.note += "; ";
    row.note += "too few samples to test";
  }
  return row;
}

}  // namespace

int ComparisonReport::exit_code() const {
  auto slower = verdict_counts.find(Verdict::slower);
  return slower != verdict_counts.end() && slower->second > 0 ? 1 : 0;
}

ComparisonReport compare_results(const ResultsFile& base, const ResultsFile& candidate,
                                 const CompareOptions& options) {
  const std::regex filter = compile_filter(options.filter);
  if (options.normalize) {
    require_probes(base);
    require_probes(candidate);
  }
  ComparisonReport report;
  report.base_path = base.path;
  report.new_path = candidate.path;
  report.base_run = base.run_id;
  report.new_run = candidate.run_id;
  report.base_host = base.host;
  report.new_host = candidate.host;
  report.options = options;

  std::vector<double> ratios;
  for (const auto& b : base.benchmarks) {
    if (!std::regex_search(b.name, filter)) continue;
    // Under --normalize the probes are the yardstick, not a result: they are reported as drift.
    if (options.normalize && b.role == "probe") continue;
    const ResultBenchmark* n = candidate.find(b.name);
    if (!n) {
      report.only_in_base.push_back(b.name);
      continue;
    }
    report.rows.push_back(compare_one(b, *n, base, candidate, options));
    ratios.push_back(report.rows.back().ratio.ratio);
    ++report.verdict_counts[report.rows.back().verdict];
  }
  for (const auto& n : candidate.benchmarks)
    if (std::regex_search(n.name, filter) && !(options.normalize && n.role == "probe") &&
        !base.find(n.name))
      report.only_in_new.push_back(n.name);
  if (report.rows.empty())
    throw UserError("no benchmark in common between " + base.path + " (" +
                    std::to_string(base.benchmarks.size()) + " benchmarks) and " + candidate.path +
                    " (" + std::to_string(candidate.benchmarks.size()) + ")" +
                    (options.filter.empty() ? "" : " matching --filter '" + options.filter + "'"));
  report.geomean_ratio = geometric_mean(ratios);
  if (options.normalize)
    for (const auto& [key, probe] : base.probes)
      if (auto it = candidate.probes.find(key); it != candidate.probes.end())
        report.probe_drift[key] = it->second.typical() / probe.typical();
  return report;
}

}  // namespace moebench
