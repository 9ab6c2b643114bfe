#include "harness/analysis/history.h"

#include <cmath>
#include <map>
#include <regex>

#include "harness/analysis/roofline_normalize.h"
#include "harness/analysis/sample_statistics.h"
#include "harness/core/error.h"

namespace moebench {
namespace {

// Per-run medians of one benchmark, scaled by each run's probe under --normalize.
BenchmarkHistory collect(const std::string& name, const std::vector<ResultsFile>& runs,
                         const HistoryOptions& options) {
  BenchmarkHistory history;
  history.name = name;
  std::string key;
  if (options.normalize) {
    for (const auto& run : runs) {
      const ResultBenchmark* b = run.find(name);
      if (!b) continue;
      std::string why;
      if (auto choice = choose_normalizing_probe(*b, run, why)) {
        key = choice->key;
        history.normalized_by = choice->key + " (" + choice->regime + ")";
      } else {
        history.note = "raw: " + why;
      }
      break;
    }
    for (const auto& run : runs)
      if (!key.empty() && run.find(name) && !run.probes.contains(key)) {
        history.note = "raw: probe " + key + " missing in " + run.path;
        history.normalized_by.clear();
        key.clear();
      }
  }
  for (const auto& run : runs) {
    const ResultBenchmark* b = run.find(name);
    if (!b) {
      history.medians.emplace_back();
      continue;
    }
    history.medians.emplace_back(key.empty() ? b->median_s
                                             : b->median_s * run.probes.at(key).typical());
  }
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

HistoryReport analyze_history(const std::vector<ResultsFile>& runs, const HistoryOptions& options) {
  if (runs.size() < 2)
    throw UserError("history needs at least two results files (got " + std::to_string(runs.size()) +
                    ")");
  std::regex filter;
  try {
    filter = std::regex(options.filter.empty() ? std::string(".*") : options.filter);
  } catch (const std::regex_error& e) {
    throw UserError("--filter '" + options.filter +
                    "' is not a valid regular expression: " + e.what());
  }
  if (options.normalize)
    for (const auto& run : runs)
      if (run.probes.empty())
        throw UserError("--normalize needs the roofline probes of every run, and " + run.path +
                        " has none");
  HistoryReport report;
  report.options = options;
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
