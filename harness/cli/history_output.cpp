#include "harness/cli/history_output.h"

#include <nlohmann/json.hpp>

#include "harness/analysis/metric_selection.h"
#include "harness/cli/report_format.h"

namespace moebench {
namespace {

std::string run_label(const HistoryReport& report, size_t run) {
  return std::string("#") + std::to_string(run) + " " + report.runs[run].run_id;
}

std::string value_text(const HistoryReport& report, const BenchmarkHistory& b, double value) {
  if (!b.normalized_by.empty()) return format_number(value);
  return report.unit == "s" ? format_seconds(value) : format_count(value);
}

struct Counts {
  size_t with_shifts = 0, slower = 0, faster = 0, too_short = 0;
};

Counts count(const HistoryReport& report) {
  Counts c;
  for (const auto& b : report.benchmarks) {
    if (!b.shifts.empty()) ++c.with_shifts;
    for (const auto& s : b.shifts) {
      if (s.verdict == Verdict::slower) ++c.slower;
      if (s.verdict == Verdict::faster) ++c.faster;
    }
    if (b.note.find("too few runs") != std::string::npos) ++c.too_short;
  }
  return c;
}

std::vector<std::vector<std::string>> shift_rows(const HistoryReport& report, bool markdown) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& b : report.benchmarks)
    for (const auto& s : b.shifts)
      rows.push_back({std::string(to_string(s.verdict)), format_signed_percent(s.change()),
                      run_label(report, s.run), format_p_value(s.p_value),
                      value_text(report, b, s.before) + " -> " + value_text(report, b, s.after),
                      markdown ? "`" + b.name + "`" : b.name});
  return rows;
}

const std::vector<std::string> kHeader = {"verdict", "change",          "introduced by",
                                          "p",       "before -> after", "benchmark"};
const std::vector<bool> kRightAligned = {false, true, false, true, true, false};

std::string summary_line(const HistoryReport& report) {
  const Counts c = count(report);
  return std::to_string(report.benchmarks.size()) + " benchmarks over " +
         std::to_string(report.runs.size()) + " runs: " + std::to_string(c.with_shifts) +
         " with a significant shift (" + std::to_string(c.slower) + " slowdowns, " +
         std::to_string(c.faster) + " speedups beyond " +
         format_number(report.options.threshold * 100) + "%)" +
         (c.too_short ? ", " + std::to_string(c.too_short) + " with too few runs to test" : "") +
         (report.options.normalize ? "; normalized by each run's roofline probes" : "") +
         (report.options.metric != kTimeMetric ? "; counter " + report.options.metric : "");
}

}  // namespace

std::string render_history_table(const HistoryReport& report) {
  std::string out = "runs (oldest first):\n";
  for (size_t r = 0; r < report.runs.size(); ++r)
    out += "  " + run_label(report, r) + "  " + report.runs[r].path + "\n";
  out += "\n";
  const auto rows = shift_rows(report, false);
  if (rows.empty())
    out += "no significant shift in any benchmark\n";
  else
    out += render_aligned_table(kHeader, rows, kRightAligned);
  out += std::string("\n") + summary_line(report) + "\n";
  return out;
}

std::string render_history_markdown(const HistoryReport& report) {
  std::string out = "### moebench history\n\n**" + summary_line(report) + "**\n\n";
  const auto rows = shift_rows(report, true);
  if (rows.empty())
    out += "No significant shift in any benchmark.\n";
  else
    out += render_markdown_table(kHeader, rows, kRightAligned);
  out += "\n<details><summary>runs</summary>\n\n";
  for (size_t r = 0; r < report.runs.size(); ++r)
    out += "- " + run_label(report, r) + " `" + report.runs[r].path + "`" +
           (report.runs[r].git_revision.empty() ? "" : " rev " + report.runs[r].git_revision) +
           "\n";
  out += "\n</details>\n";
  return out;
}

std::string render_history_json(const HistoryReport& report) {
  nlohmann::json j;
  j["runs"] = nlohmann::json::array();
  for (const auto& run : report.runs)
    j["runs"].push_back({{"path", run.path},
                         {"run_id", run.run_id},
                         {"git_revision", run.git_revision},
                         {"date", run.date}});
  j["options"] = {{"threshold", report.options.threshold},
                  {"normalize", report.options.normalize},
                  {"metric", report.options.metric},
                  {"unit", report.unit},
                  {"filter", report.options.filter},
                  {"significance", report.options.change_points.significance},
                  {"permutations", report.options.change_points.permutations},
                  {"min_segment", report.options.change_points.min_segment}};
  j["benchmarks"] = nlohmann::json::array();
  for (const auto& b : report.benchmarks) {
    nlohmann::json medians = nlohmann::json::array();
    for (const auto& m : b.medians) medians.push_back(m ? nlohmann::json(*m) : nlohmann::json());
    nlohmann::json shifts = nlohmann::json::array();
    for (const auto& s : b.shifts)
      shifts.push_back({{"run", s.run},
                        {"run_id", report.runs[s.run].run_id},
                        {"before", s.before},
                        {"after", s.after},
                        {"change", s.change()},
                        {"p_value", s.p_value},
                        {"verdict", to_string(s.verdict)}});
    nlohmann::json entry = {{"name", b.name}, {"medians", medians}, {"shifts", shifts}};
    if (!b.normalized_by.empty()) entry["normalized_by"] = b.normalized_by;
    if (!b.note.empty()) entry["note"] = b.note;
    j["benchmarks"].push_back(std::move(entry));
  }
  j["any_slowdown"] = report.any_slowdown();
  return j.dump(2) + "\n";
}

}  // namespace moebench
