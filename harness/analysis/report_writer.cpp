#include "harness/analysis/report_writer.h"

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "harness/analysis/report_data.h"
#include "harness/core/error.h"

namespace moebench {

namespace {

// The HTML placeholder render.py replaces with the figures.
constexpr const char* kFiguresMarker = "<!-- moebench:figures -->";
constexpr const char* kInstallHint =
    "Plots need Python 3 with matplotlib: on Debian/Ubuntu `sudo apt-get install python3 "
    "python3-matplotlib` (or scripts/install-deps), then run `moebench report` again. "
    "MOEBENCH_PYTHON selects the interpreter.";

std::string md_cell(std::string s) {
  for (auto& c : s)
    if (c == '|' || c == '\n') c = c == '|' ? '/' : ' ';
  return s;
}

std::string html_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

void write_file(const std::filesystem::path& path, const std::string& text,
                ReportOutcome& outcome) {
  std::ofstream out(path);
  if (!out) throw UserError("cannot write " + path.string());
  out << text;
  if (!out) throw UserError("error writing " + path.string());
  outcome.files.push_back(path);
}

const ClaimSpec* spec_of(const ClaimsLedger& ledger, const std::string& id) {
  for (const auto& c : ledger.claims)
    if (c.id == id) return &c;
  return nullptr;
}

std::string seeds_of(const ClaimSpec* spec) {
  std::string out;
  if (spec)
    for (const auto& s : spec->seeds) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::map<std::string, int> verdict_counts(const std::vector<ClaimResult>& verdicts) {
  std::map<std::string, int> counts;
  for (const auto& v : verdicts) ++counts[std::string(to_string(v.verdict))];
  return counts;
}

std::string scales_used(const ResultsSet& set) {
  std::map<std::string, int> scales;
  for (const auto& r : set.records)
    if (r.ok() && !r.axis("scale").empty())
      ++scales[r.axis("model") + " at scale " + r.axis("scale")];
  std::string out;
  for (const auto& [s, n] : scales) out += (out.empty() ? "" : "; ") + s;
  return out;
}

std::string markdown_report(const ClaimsLedger& ledger, const ClaimInputs& in,
                            const std::vector<ClaimResult>& verdicts, const ReportOutcome& plots) {
  std::ostringstream md;
  md << "# moebench report\n\n";
  md << "## Runs\n\n";
  if (in.results.runs.empty()) md << "No results file: arithmetic claims only.\n";
  for (const auto& r : in.results.runs)
    md << "- `" << r.run_id << "` — host " << r.host << ", " << r.date << ", "
       << (r.complete ? "complete" : "INCOMPLETE (interrupted)") << ", file `" << r.path << "`\n"
       << "  - devices: " << (r.devices.empty() ? "?" : r.devices.front()) << "\n";
  if (auto scales = scales_used(in.results); !scales.empty())
    md << "\nShapes are scaled in d_model and d_ff (E, top-k, shared experts and the "
          "active/total ratio kept): "
       << scales << ".\n";
  md << "\n## Verdicts\n\n";
  for (const auto& [v, n] : verdict_counts(verdicts)) md << "- " << v << ": " << n << "\n";
  md << "\n" << claims_table_markdown(ledger, verdicts);
  md << "\n## Where the seeds contradict themselves or the arithmetic\n\n";
  bool any = false;
  for (const auto& v : verdicts)
    for (const auto& c : v.contradictions) {
      md << "- **" << v.id << "**: " << c << "\n";
      any = true;
    }
  if (!any) md << "None found.\n";
  md << "\n## Claims in detail\n\n";
  for (const auto& v : verdicts) {
    const ClaimSpec* spec = spec_of(ledger, v.id);
    md << "### " << v.id << " — " << to_string(v.verdict) << "\n\n";
    if (spec) {
      md << "*Claim* (seeds " << seeds_of(spec) << "): " << spec->statement << "\n\n";
      md << "*Quantity*: " << spec->quantity << "\n\n*Rule*: " << spec->rule << "\n\n";
      md << "*Tolerance*: " << spec->tolerance_meaning << "\n\n";
    }
    md << "*Result*: " << v.summary << "\n\n";
    for (const auto& e : v.evidence) md << "- " << e << "\n";
    for (const auto& m : v.missing) md << "- missing: " << m << "\n";
    if (!v.hardware.empty()) md << "\n*Hardware*: " << v.hardware << "\n";
    if (!v.run_ids.empty()) {
      md << "*Runs*:";
      for (const auto& id : v.run_ids) md << " `" << id << "`";
      md << "\n";
    }
    md << "\n";
  }
  md << "## Plots\n\n";
  if (plots.plots_rendered)
    md << "PNG and SVG files beside this report (see index.html, which embeds them).\n";
  else
    md << plots.plot_message << "\n";
  return md.str();
}

std::string html_report(const ClaimsLedger& ledger, const ClaimInputs& in,
                        const std::vector<ClaimResult>& verdicts) {
  std::ostringstream h;
  h << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
       "<title>moebench report</title><style>"
       "body{font-family:sans-serif;max-width:1200px;margin:auto;padding:1em;color:#222}"
       "table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:4px;"
       "vertical-align:top;font-size:90%}th{background:#eee}"
       ".SUPPORTED{background:#d8f5d0}.REFUTED{background:#f8d0d0}.PARTLY{background:#fbeec0}"
       ".INCONCLUSIVE{background:#e4e4e4}.OUT-OF-SCOPE{background:#dde8f8}"
       "figure{margin:1em 0}figure img{max-width:100%;border:1px solid #ddd}"
       "details{margin:.5em 0}</style></head><body>\n<h1>moebench report</h1>\n<h2>Runs</h2><ul>";
  if (in.results.runs.empty()) h << "<li>No results file: arithmetic claims only.</li>";
  for (const auto& r : in.results.runs)
    h << "<li><code>" << html_escape(r.run_id) << "</code> — " << html_escape(r.label())
      << (r.complete ? "" : " (INCOMPLETE)") << "</li>";
  h << "</ul>\n";
  if (auto scales = scales_used(in.results); !scales.empty())
    h << "<p>Scaled shapes (E, top-k, shared experts and the active/total ratio kept): "
      << html_escape(scales) << ".</p>\n";
  h << "<h2>Verdicts</h2><p>";
  for (const auto& [v, n] : verdict_counts(verdicts))
    h << "<span class=\"" << v << "\">" << v << ": " << n << "</span> ";
  h << "</p>\n<table><tr><th>id</th><th>kind</th><th>verdict</th><th>claim</th><th>deciding "
       "numbers</th><th>seeds</th></tr>\n";
  for (const auto& v : verdicts) {
    const ClaimSpec* spec = spec_of(ledger, v.id);
    const std::string verdict(to_string(v.verdict));
    h << "<tr><td>" << v.id << "</td><td>" << html_escape(v.kind) << "</td><td class=\"" << verdict
      << "\">" << verdict << "</td><td>" << html_escape(spec ? spec->statement : "") << "</td><td>"
      << html_escape(v.summary) << "<details><summary>evidence</summary><ul>";
    for (const auto& e : v.evidence) h << "<li>" << html_escape(e) << "</li>";
    for (const auto& m : v.missing) h << "<li>missing: " << html_escape(m) << "</li>";
    if (spec)
      h << "<li>rule: " << html_escape(spec->rule)
        << "</li><li>tolerance: " << html_escape(spec->tolerance_meaning) << "</li>";
    h << "</ul></details></td><td>" << html_escape(seeds_of(spec)) << "</td></tr>\n";
  }
  h << "</table>\n<h2>Contradictions in the seeds</h2><ul>";
  for (const auto& v : verdicts)
    for (const auto& c : v.contradictions)
      h << "<li><b>" << v.id << "</b>: " << html_escape(c) << "</li>";
  h << "</ul>\n<h2>Plots</h2>\n" << kFiguresMarker << "\n</body></html>\n";
  return h.str();
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// The first interpreter that imports matplotlib: $MOEBENCH_PYTHON, python3, /usr/bin/python3.
std::string find_python(std::string& why_not) {
  std::vector<std::string> candidates;
  if (const char* env = std::getenv("MOEBENCH_PYTHON"); env && *env) candidates.push_back(env);
  candidates.push_back("python3");
  candidates.push_back("/usr/bin/python3");
  bool any_python = false;
  for (const auto& py : candidates) {
    if (std::system((shell_quote(py) + " -c 'import sys' >/dev/null 2>&1").c_str()) != 0) continue;
    any_python = true;
    if (std::system((shell_quote(py) + " -c 'import matplotlib' >/dev/null 2>&1").c_str()) == 0)
      return py;
  }
  why_not = any_python ? "matplotlib is not installed for any Python found. "
                       : "no Python 3 interpreter found. ";
  why_not += kInstallHint;
  return "";
}

}  // namespace

std::filesystem::path render_script_path() {
  if (const char* env = std::getenv("MOEBENCH_SOURCE_DIR"); env && *env)
    return std::filesystem::path(env) / "reports" / "render.py";
  return std::filesystem::path(MOEBENCH_SOURCE_DIR) / "reports" / "render.py";
}

std::string claims_table_markdown(const ClaimsLedger& ledger,
                                  const std::vector<ClaimResult>& verdicts) {
  std::ostringstream md;
  md << "| id | kind | verdict | deciding numbers | seeds |\n|---|---|---|---|---|\n";
  for (const auto& v : verdicts)
    md << "| " << v.id << " | " << md_cell(v.kind) << " | " << to_string(v.verdict) << " | "
       << md_cell(v.summary) << " | " << seeds_of(spec_of(ledger, v.id)) << " |\n";
  return md.str();
}

ReportOutcome write_report(const std::filesystem::path& dir, const ClaimsLedger& ledger,
                           const ClaimInputs& inputs, const std::vector<ClaimResult>& verdicts) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw UserError("cannot create report folder " + dir.string() + ": " + ec.message());
  ReportOutcome outcome;
  const nlohmann::json data = build_report_data(ledger, inputs, verdicts);
  write_file(dir / "report-data.json", data.dump(1), outcome);
  write_file(dir / "claims.json", data.at("claims").dump(1), outcome);
  write_file(dir / "claims.md", claims_table_markdown(ledger, verdicts), outcome);
  write_file(dir / "index.html", html_report(ledger, inputs, verdicts), outcome);

  std::string why_not;
  const std::string python = find_python(why_not);
  const auto script = render_script_path();
  if (!python.empty() && !std::filesystem::exists(script))
    why_not = "the renderer " + script.string() + " is missing";
  if (!python.empty() && why_not.empty()) {
    const std::string command = shell_quote(python) + " " + shell_quote(script.string()) + " " +
                                shell_quote((dir / "report-data.json").string()) + " " +
                                shell_quote(dir.string());
    const int rc = std::system(command.c_str());
    if (rc == 0)
      outcome.plots_rendered = true;
    else
      why_not = "reports/render.py failed (exit status " + std::to_string(rc) +
                "); see its "
                "message above";
  }
  if (!outcome.plots_rendered) {
    outcome.plot_message = why_not;
    // Keep the tables usable: the marker becomes the reason and the way to fix it.
    std::string html = html_report(ledger, inputs, verdicts);
    const auto at = html.find(kFiguresMarker);
    html.replace(at, std::string(kFiguresMarker).size(),
                 "<p><b>No plots:</b> " + html_escape(why_not) + "</p>");
    outcome.files.pop_back();
    write_file(dir / "index.html", html, outcome);
  }
  write_file(dir / "report.md", markdown_report(ledger, inputs, verdicts, outcome), outcome);
  return outcome;
}

}  // namespace moebench
