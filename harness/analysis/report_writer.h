// Writes a report folder: report.md, claims.md, claims.json, report-data.json, index.html,
// and (through reports/render.py and matplotlib) the plots as PNG and SVG.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "harness/analysis/claims_evaluation.h"

namespace moebench {

struct ReportOutcome {
  bool plots_rendered = false;
  std::string plot_message;  // why not, with how to install what is missing
  std::vector<std::filesystem::path> files;
};

// The verdict table as markdown: | id | kind | verdict | deciding numbers | seeds |.
std::string claims_table_markdown(const ClaimsLedger& ledger,
                                  const std::vector<ClaimResult>& verdicts);

ReportOutcome write_report(const std::filesystem::path& dir, const ClaimsLedger& ledger,
                           const ClaimInputs& inputs, const std::vector<ClaimResult>& verdicts);

// reports/render.py of the source tree ($MOEBENCH_SOURCE_DIR overrides).
std::filesystem::path render_script_path();

}  // namespace moebench
