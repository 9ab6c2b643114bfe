// `moebench report RESULTS… [-o DIR]`: verdicts, tables, plots and a self-contained
// index.html for one or several results files (several: comparison plots across them).
#include <cstdio>

#include "harness/analysis/claims_evaluation.h"
#include "harness/analysis/report_writer.h"
#include "harness/cli/command.h"
#include "harness/core/error.h"

namespace moebench {
namespace {

class ReportCommand final : public Command {
 public:
  std::string name() const override { return "report"; }
  std::string description() const override {
    return "write report.md, the claims table, plots (PNG+SVG) and index.html for results files";
  }
  void configure(CLI::App& app) override {
    app.add_option("results", results_, "results files")->required()->check(CLI::ExistingFile);
    app.add_option("-o,--out", out_, "report folder (default reports/<run-id of the first file>)");
    app.add_option("--claims", claims_, "claims ledger (default suites/claims/claims.json)");
  }
  int execute() override {
    const ClaimsLedger ledger = load_claims_ledger(
        claims_.empty() ? default_claims_file() : std::filesystem::path(claims_));
    const ClaimInputs inputs = load_claim_inputs({results_.begin(), results_.end()});
    std::filesystem::path dir = out_;
    if (dir.empty()) dir = std::filesystem::path("reports") / inputs.results.runs.front().run_id;
    const auto verdicts = evaluate_claims(ledger, inputs);
    const ReportOutcome outcome = write_report(dir, ledger, inputs, verdicts);
    std::printf("%s", claims_table_markdown(ledger, verdicts).c_str());
    if (!outcome.plots_rendered)
      std::fprintf(stderr, "moebench report: no plots: %s\n", outcome.plot_message.c_str());
    std::printf("report written to %s (index.html, report.md, claims.md%s)\n", dir.string().c_str(),
                outcome.plots_rendered ? ", plots" : "");
    return 0;
  }

 private:
  std::vector<std::string> results_;
  std::string out_;
  std::string claims_;
};

MOEBENCH_REGISTER_COMMAND(ReportCommand);

}  // namespace
}  // namespace moebench
