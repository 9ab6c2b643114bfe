// `moebench compare BASE NEW`: did anything get slower between two results files?
#include "harness/analysis/comparison.h"
#include "harness/cli/command.h"
#include "harness/cli/compare_output.h"
#include "harness/cli/metric_option.h"
#include "harness/cli/report_format.h"

namespace moebench {
namespace {

class CompareCommand : public Command {
 public:
  std::string name() const override { return "compare"; }
  std::string description() const override {
    return "Compare two results files, or two directories of repeated runs: per benchmark the "
           "median change with a confidence interval, a significance test and a verdict; exit 1 "
           "on a significant slowdown";
  }

  void configure(CLI::App& app) override {
    app.add_option("BASE", base_path_,
                   "Baseline: a results file (moebench or Google Benchmark JSON), or a directory "
                   "of repeated runs (every *.json in it; then each run's median is one sample)")
        ->required();
    app.add_option("NEW", new_path_, "Results file or directory of runs to judge against BASE")
        ->required();
    app.add_option("--threshold", threshold_percent_,
                   "Smallest change that matters, in percent (a slowdown that is significant and "
                   "may reach it fails the comparison)")
        ->check(CLI::Range(0.0, 1000.0))
        ->capture_default_str();
    app.add_option("--alpha", alpha_, "Significance level of the Mann-Whitney U test")
        ->check(CLI::Range(1e-9, 0.5))
        ->capture_default_str();
    app.add_flag("--normalize", normalize_,
                 "Divide each time by the same run's roofline probe (bandwidth for memory-bound "
                 "records, FLOP/s for compute-bound ones) so that machine drift cancels");
    app.add_option("--fastest-runs", fastest_runs_,
                   "With several runs a side: compare only this fraction of each side's fastest "
                   "runs (the least disturbed by other load), tested by permutation; 1 = all runs")
        ->check(CLI::Range(0.01, 1.0))
        ->capture_default_str();
    app.add_option("--run-value", run_value_,
                   "With several runs a side: what stands for one run, the median of its samples "
                   "or its fastest sample (min: steadier where the machine's speed switches "
                   "between modes, docs/regressions.md)")
        ->check(CLI::IsMember({"median", "min"}))
        ->capture_default_str();
    add_metric_option(app, metric_);
    app.add_option("--format", format_, "Output format")
        ->check(CLI::IsMember({"table", "markdown", "json"}))
        ->capture_default_str();
    app.add_option("--output,-o", output_, "Write the report to this file instead of stdout");
    app.add_option("--filter", filter_, "Only benchmarks whose name matches this regex");
  }

  int execute() override {
    CompareOptions options;
    options.rule.threshold = threshold_percent_ / 100;
    options.rule.alpha = alpha_;
    options.normalize = normalize_;
    options.filter = filter_;
    options.fastest_runs = fastest_runs_;
    options.run_statistic = run_value_ == "min" ? RunStatistic::minimum : RunStatistic::median;
    options.metric = metric_;
    const std::vector<ResultsFile> base = read_results_runs(base_path_);
    const std::vector<ResultsFile> candidate = read_results_runs(new_path_);
    const ComparisonReport report =
        compare_results(base, candidate, options, base_path_, new_path_);
    const std::string text = format_ == "json"       ? render_comparison_json(report)
                             : format_ == "markdown" ? render_comparison_markdown(report)
                                                     : render_comparison_table(report);
    write_report(text, output_);
    return report.exit_code();
  }

 private:
  std::string base_path_, new_path_, format_ = "table", output_, filter_, run_value_ = "median",
                                     metric_ = kTimeMetric;
  double threshold_percent_ = 5, alpha_ = 0.01, fastest_runs_ = 1;
  bool normalize_ = false;
};

}  // namespace

MOEBENCH_REGISTER_COMMAND(CompareCommand);

}  // namespace moebench
