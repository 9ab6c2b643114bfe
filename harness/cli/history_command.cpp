// `moebench history RESULTS...`: which run introduced a shift in which benchmark.
#include "harness/analysis/history.h"
#include "harness/cli/command.h"
#include "harness/cli/history_output.h"
#include "harness/cli/metric_option.h"
#include "harness/cli/report_format.h"

namespace moebench {
namespace {

class HistoryCommand : public Command {
 public:
  std::string name() const override { return "history"; }
  std::string description() const override {
    return "Find the runs that shifted a benchmark in a series of results files of one machine "
           "(e-divisive change points with a permutation test)";
  }

  void configure(CLI::App& app) override {
    app.add_option("RESULTS", paths_, "Results files, oldest first")->required();
    app.add_option("--threshold", threshold_percent_,
                   "Shifts smaller than this (percent) are reported as SAME")
        ->check(CLI::Range(0.0, 1000.0))
        ->capture_default_str();
    app.add_option("--significance", significance_,
                   "Permutation-test level at which a change point is kept")
        ->check(CLI::Range(0.001, 0.5))
        ->capture_default_str();
    app.add_option("--permutations", permutations_, "Permutations per change-point test")
        ->check(CLI::Range(19, 100000))
        ->capture_default_str();
    app.add_option("--min-segment", min_segment_, "Fewest runs on each side of a shift")
        ->check(CLI::Range(1, 1000))
        ->capture_default_str();
    app.add_flag("--normalize", normalize_,
                 "Per-run medians in units of that run's roofline probe (as compare)");
    app.add_option("--run-value", run_value_,
                   "What stands for one run: the median of its samples or its fastest sample "
                   "(as compare)")
        ->check(CLI::IsMember({"median", "min"}))
        ->capture_default_str();
    add_metric_option(app, metric_);
    app.add_option("--format", format_, "Output format")
        ->check(CLI::IsMember({"table", "markdown", "json"}))
        ->capture_default_str();
    app.add_option("--output,-o", output_, "Write the report to this file instead of stdout");
    app.add_option("--filter", filter_, "Only benchmarks whose name matches this regex");
    app.add_flag("--fail-on-slowdown", fail_on_slowdown_,
                 "Exit 1 when any shift is a slowdown beyond the threshold");
  }

  int execute() override {
    HistoryOptions options;
    options.threshold = threshold_percent_ / 100;
    options.normalize = normalize_;
    options.filter = filter_;
    options.run_statistic = run_value_ == "min" ? RunStatistic::minimum : RunStatistic::median;
    options.metric = metric_;
    options.change_points.significance = significance_;
    options.change_points.permutations = permutations_;
    options.change_points.min_segment = static_cast<size_t>(min_segment_);
    std::vector<ResultsFile> runs;
    for (const auto& path : paths_) runs.push_back(read_results_file(path));
    const HistoryReport report = analyze_history(runs, options);
    const std::string text = format_ == "json"       ? render_history_json(report)
                             : format_ == "markdown" ? render_history_markdown(report)
                                                     : render_history_table(report);
    write_report(text, output_);
    return fail_on_slowdown_ && report.any_slowdown() ? 1 : 0;
  }

 private:
  std::vector<std::string> paths_;
  std::string format_ = "table", output_, filter_, run_value_ = "median", metric_ = kTimeMetric;
  double threshold_percent_ = 5, significance_ = 0.05;
  int permutations_ = 199, min_segment_ = 2;
  bool normalize_ = false, fail_on_slowdown_ = false;
};

}  // namespace

MOEBENCH_REGISTER_COMMAND(HistoryCommand);

}  // namespace moebench
