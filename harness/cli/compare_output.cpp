#include "harness/cli/compare_output.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "harness/analysis/metric_selection.h"
#include "harness/cli/report_format.h"

namespace moebench {
namespace {

int severity(Verdict v) {
  switch (v) {
    case Verdict::slower:
      return 0;
    case Verdict::noisy:
      return 1;
    case Verdict::faster:
      return 2;
    case Verdict::same:
      return 3;
  }
  return 3;
}

// Worst first: slowdowns by size, then noisy, faster, same.
std::vector<const BenchmarkComparison*> ordered_rows(const ComparisonReport& report) {
  std::vector<const BenchmarkComparison*> rows;
  for (const auto& row : report.rows) rows.push_back(&row);
  std::stable_sort(rows.begin(), rows.end(), [](const auto* a, const auto* b) {
    if (severity(a->verdict) != severity(b->verdict))
      return severity(a->verdict) < severity(b->verdict);
    return a->change() > b->change();
  });
  return rows;
}

std::string interval(const BenchmarkComparison& row) {
  return std::string("[") + format_signed_percent(row.ratio.low - 1) + ", " +
         format_signed_percent(row.ratio.high - 1) + "]";
}

// "40/38" samples; "10/10 runs"; "5/5 of 10/10 runs" when only the fastest runs were compared.
std::string sample_counts(const BenchmarkComparison& row) {
  std::string out;
  if (row.base_kept > 0)
    out = std::to_string(row.base_kept) + "/" + std::to_string(row.new_kept) + " of ";
  out += std::to_string(row.base_samples) + "/" + std::to_string(row.new_samples);
  return row.per_run ? out + " runs" : out;
}

// A median in the report's unit: a time, or a count ("1.234 G").
std::string format_value(double value, const std::string& unit) {
  return unit == "s" ? format_seconds(value) : format_count(value);
}

std::vector<std::string> cells(const BenchmarkComparison& row, const std::string& unit) {
  std::string name = row.name;
  if (!row.note.empty()) name += "  (" + row.note + ")";
  return {std::string(to_string(row.verdict)),
          format_signed_percent(row.change()),
          interval(row),
          format_p_value(row.p_value),
          format_value(row.base_median, unit),
          format_value(row.new_median, unit),
          sample_counts(row),
          name};
}

std::string ci_header(const ComparisonReport& report) {
  return format_number((1 - report.options.rule.alpha) * 100) + "% CI";
}

std::string counts_line(const ComparisonReport& report) {
  auto count = [&](Verdict v) {
    auto it = report.verdict_counts.find(v);
    return std::to_string(it == report.verdict_counts.end() ? 0 : it->second);
  };
  return count(Verdict::slower) + " slower, " + count(Verdict::faster) + " faster, " +
         count(Verdict::same) + " same, " + count(Verdict::noisy) + " noisy";
}

std::string settings_line(const ComparisonReport& report) {
  std::string runs;
  if (report.base_runs > 1 || report.new_runs > 1) {
    runs = report.options.run_statistic == RunStatistic::minimum
               ? ", one sample per run (its fastest sample)"
               : ", one sample per run (its median)";
    if (report.options.fastest_runs < 1)
      runs += ", only the fastest " + format_number(report.options.fastest_runs * 100) +
              "% of all runs";
  }
  return "threshold " + format_number(report.options.rule.threshold * 100) + "%, alpha " +
         format_number(report.options.rule.alpha) +
         (report.options.metric != kTimeMetric ? ", counter " + report.options.metric
          : report.options.normalize           ? ", normalized by each run's roofline probes"
                                               : ", raw times") +
         runs;
}

// Interrupted runs, runs from different hosts and runs that differ in graph replay are compared,
// but the reader should know.
std::string warnings(const ComparisonReport& report) {
  std::string out;
  if (!report.base_complete) out += "warning: the base run is incomplete (interrupted)\n";
  if (!report.new_complete) out += "warning: the new run is incomplete (interrupted)\n";
  if (report.mixed_hosts) out += "warning: a side's runs come from several hosts\n";
  if (!report.base_host.empty() && !report.new_host.empty() && report.base_host != report.new_host)
    out += "warning: different hosts (" + report.base_host + " vs " + report.new_host +
           "): a baseline is only meaningful on the machine that measured it\n";
  if (report.base_graph != report.new_graph)
    out += "warning: graph replay (run --graph) differs: base " + report.base_graph + ", new " +
           report.new_graph + "; GPU kernels' times then differ by their launch costs\n";
  return out;
}

std::string drift_line(const ComparisonReport& report) {
  std::string out;
  for (const auto& [key, ratio] : report.probe_drift)
    out += (out.empty() ? "" : ", ") + key + " " + format_signed_percent(ratio - 1);
  return out;
}

const std::vector<std::string> kHeader = {"verdict", "change", "",  "p",
                                          "base",    "new",    "n", "benchmark"};
const std::vector<bool> kRightAligned = {false, true, true, true, true, true, true, false};

}  // namespace

std::string render_comparison_table(const ComparisonReport& report) {
  std::vector<std::string> header = kHeader;
  header[2] = ci_header(report);
  std::vector<std::vector<std::string>> rows;
  for (const auto* row : ordered_rows(report)) rows.push_back(cells(*row, report.unit));
  std::string out = "base: " + report.base_run + " (" + report.base_path + ")\n" +
                    "new:  " + report.new_run + " (" + report.new_path + ")\n" +
                    settings_line(report) + "\n" + warnings(report) + "\n";
  out += render_aligned_table(header, rows, kRightAligned);
  out += "\ngeomean change " + format_signed_percent(report.geomean_ratio - 1) + " over " +
         std::to_string(report.rows.size()) + " benchmarks: " + counts_line(report) + "\n";
  if (!report.probe_drift.empty()) out += "probe drift (new/base): " + drift_line(report) + "\n";
  if (!report.only_in_base.empty())
    out += std::to_string(report.only_in_base.size()) + " only in base (not compared)\n";
  if (!report.only_in_new.empty())
    out += std::to_string(report.only_in_new.size()) + " only in new (not compared)\n";
  out += report.exit_code() == 1 ? "result: REGRESSION (exit 1)\n" : "result: ok (exit 0)\n";
  return out;
}

std::string render_comparison_markdown(const ComparisonReport& report) {
  std::vector<std::string> header = kHeader;
  header[2] = ci_header(report);
  std::vector<std::vector<std::string>> flagged, same;
  for (const auto* row : ordered_rows(report)) {
    auto c = cells(*row, report.unit);
    c.back() = "`" + row->name + "`" + (row->note.empty() ? "" : " (" + row->note + ")");
    (row->verdict == Verdict::same ? same : flagged).push_back(std::move(c));
  }
  std::string out = std::string("### moebench compare: ") +
                    (report.exit_code() == 1 ? "regression" : "no regression") + "\n\n";
  out += "**" + counts_line(report) + "**; geomean change " +
         format_signed_percent(report.geomean_ratio - 1) + " over " +
         std::to_string(report.rows.size()) + " benchmarks (" + settings_line(report) + ").\n\n";
  out += "Base `" + report.base_run + "`, new `" + report.new_run + "`.";
  if (!report.probe_drift.empty()) out += " Probe drift (new/base): " + drift_line(report) + ".";
  out += "\n\n";
  if (const std::string w = warnings(report); !w.empty()) out += "> " + w + "\n";
  if (!flagged.empty()) out += render_markdown_table(header, flagged, kRightAligned) + "\n";
  if (!same.empty()) {
    out += "<details><summary>" + std::to_string(same.size()) + " unchanged (SAME)</summary>\n\n" +
           render_markdown_table(header, same, kRightAligned) + "\n</details>\n";
  }
  if (!report.only_in_base.empty() || !report.only_in_new.empty())
    out += std::string("\n") + std::to_string(report.only_in_base.size()) + " only in base, " +
           std::to_string(report.only_in_new.size()) + " only in new (not compared).\n";
  return out;
}

std::string render_comparison_json(const ComparisonReport& report) {
  nlohmann::json j;
  j["base"] = {{"path", report.base_path},         {"run_id", report.base_run},
               {"runs", report.base_runs},         {"host", report.base_host},
               {"complete", report.base_complete}, {"graph", report.base_graph}};
  j["new"] = {{"path", report.new_path},         {"run_id", report.new_run},
              {"runs", report.new_runs},         {"host", report.new_host},
              {"complete", report.new_complete}, {"graph", report.new_graph}};
  j["options"] = {
      {"threshold", report.options.rule.threshold},
      {"alpha", report.options.rule.alpha},
      {"normalize", report.options.normalize},
      {"filter", report.options.filter},
      {"fastest_runs", report.options.fastest_runs},
      {"run_value", report.options.run_statistic == RunStatistic::minimum ? "min" : "median"},
      {"metric", report.options.metric},
      {"unit", report.unit},
      {"ci_confidence", 1 - report.options.rule.alpha},
      {"bootstrap_resamples", report.options.bootstrap.resamples}};
  j["benchmarks"] = nlohmann::json::array();
  for (const auto& row : report.rows) {
    nlohmann::json r = {
        {"name", row.name},
        {"verdict", to_string(row.verdict)},
        {"change", row.change()},
        {"ratio", row.ratio.ratio},
        {"ci_low", row.ratio.low},
        {"ci_high", row.ratio.high},
        {"p_value", row.p_value},
        {"exact_p", row.exact_p},
        {"base_median", row.base_median},
        {"new_median", row.new_median},
        {"base_samples", row.base_samples},
        {"new_samples", row.new_samples},
        {"samples_are", report.unit != "s" ? "counter repetitions"
                        : !row.per_run     ? "timing samples"
                        : report.options.run_statistic == RunStatistic::minimum ? "run minima"
                                                                                : "run medians"}};
    if (report.unit == "s") {  // the names of the time-only schema, kept for its readers
      r["base_median_s"] = row.base_median;
      r["new_median_s"] = row.new_median;
    }
    if (row.base_kept > 0) r["kept_runs"] = {row.base_kept, row.new_kept};
    if (!row.normalized_by.empty()) r["normalized_by"] = row.normalized_by;
    if (!row.note.empty()) r["note"] = row.note;
    j["benchmarks"].push_back(std::move(r));
  }
  nlohmann::json counts = nlohmann::json::object();
  for (Verdict v : {Verdict::slower, Verdict::faster, Verdict::same, Verdict::noisy}) {
    auto it = report.verdict_counts.find(v);
    counts[std::string(to_string(v))] = it == report.verdict_counts.end() ? 0 : it->second;
  }
  j["summary"] = {{"geomean_ratio", report.geomean_ratio},
                  {"geomean_change", report.geomean_ratio - 1},
                  {"verdicts", counts},
                  {"exit_code", report.exit_code()}};
  j["only_in_base"] = report.only_in_base;
  j["only_in_new"] = report.only_in_new;
  if (!report.probe_drift.empty()) j["probe_drift"] = report.probe_drift;
  return j.dump(2) + "\n";
}

}  // namespace moebench
