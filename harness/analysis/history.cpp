#include "harness/analysis/history.h"

#include <cmath>
#include <map>
#include <regex>

#include "harness/analysis/metric_selection.h"
#include "harness/analysis/run_values.h"
#include "harness/analysis/sample_statistics.h"
#include "harness/core/error.h"
#include "harness/core/user_regex.h"

namespace moebench {
namespace {

BenchmarkHistory collect(const std::string& name, const std::vector<ResultsFile>& runs,
                         const HistoryOptions& options) {
  std::vector<const ResultsFile*> pointers;
  for (const auto& run : runs) pointers.push_back(&run);
  RunValues values = collect_run_values(name, pointers, options.normalize, options.run_statistic);
  BenchmarkHistory history;
  history.name = name;
  history.medians = std::move(values.values);
  history.normalized_by = std::move(values.normalized_by);
  history.note = std::move(values.note);
  return history;
}

void detect_shifts(BenchmarkHistory& history, const HistoryOptions& options) {
  std::vector<double> series;  // log medians of the runs that have this benchmark
  std::vector<size_t> run_of;  // series position -> run index
  for (size_t r = 0; r < history.medians.size(); ++r)
    if (history.medians[r]) {
      series.push_back(std::log(*history.medians[r]));
      run_of.push_back(r);
    }
  if (series.size() < 2 * options.change_points.min_segment) {
    if (!history.note.empty()) history.note += "; ";
    history.note += "too few runs (" + std::to_string(series.size()) + ") to detect a shift";
    return;
  }
  const std::vector<ChangePoint> points = e_divisive(series, options.change_points);
  auto segment_median = [&](size_t begin, size_t end) {
    return std::exp(median(std::vector<double>(series.begin() + static_cast<long>(begin),
                                               series.begin() + static_cast<long>(end))));
  };
  for (size_t k = 0; k < points.size(); ++k) {
    const size_t begin = k == 0 ? 0 : points[k - 1].index;
    const size_t end = k + 1 < points.size() ? points[k + 1].index : series.size();
    HistoryShift shift;
    shift.run = run_of[points[k].index];
    shift.before = segment_median(begin, points[k].index);
    shift.after = segment_median(points[k].index, end);
    shift.p_value = points[k].p_value;
    if (shift.change() >= options.threshold)
      shift.verdict = Verdict::slower;
    else if (shift.change() <= -options.threshold)
      shift.verdict = Verdict::faster;
    history.shifts.push_back(shift);
  }
}

}  // namespace

bool HistoryReport::any_slowdown() const {
  for (const auto& b : benchmarks)
    for (const auto& s : b.shifts)
      if (s.verdict == Verdict::slower) return true;
  return false;
}

HistoryReport analyze_history(const std::vector<ResultsFile>& input,
                              const HistoryOptions& options) {
  if (input.size() < 2)
    throw UserError("history needs at least two results files (got " +
                    std::to_string(input.size()) + ")");
  require_normalize_applies(options.metric, options.normalize);
  const std::vector<ResultsFile> runs = select_metric(input, options.metric);
  const std::regex filter = compile_user_regex(options.filter, "--filter");
  if (options.normalize)
    for (const auto& run : runs)
      if (run.probes.empty())
        throw UserError("--normalize needs the roofline probes of every run, and " + run.path +
                        " has none");
  HistoryReport report;
  report.options = options;
  report.unit = metric_unit(runs, options.metric);
  std::vector<std::string> names;
  std::map<std::string, bool> seen;
  for (const auto& run : runs) {
    report.runs.push_back({run.path, run.run_id, run.git_revision, run.date});
    for (const auto& b : run.benchmarks)
      if (!seen[b.name] && std::regex_search(b.name, filter) &&
          !(options.normalize && b.role == "probe")) {
        seen[b.name] = true;
        names.push_back(b.name);
      }
  }
  if (names.empty())
    throw UserError(
        "no benchmark in the results files" +
        (options.filter.empty() ? std::string() : " matches --filter '" + options.filter + "'"));
  for (const auto& name : names) {
    BenchmarkHistory history = collect(name, runs, options);
    detect_shifts(history, options);
    report.benchmarks.push_back(std::move(history));
  }
  return report;
}

}  // namespace moebench
