// `moebench validate RESULTS…`: the verdict on every claim of the ledger, as a table. Exits 1
// when a claim could not be decided because a suite that decides it did not run.
#include <cstdio>

#include "harness/analysis/claims_evaluation.h"
#include "harness/analysis/report_writer.h"
#include "harness/cli/command.h"

namespace moebench {
namespace {

class ValidateCommand final : public Command {
 public:
  std::string name() const override { return "validate"; }
  std::string description() const override {
    return "give every claim of the ledger a verdict from results files; exit 1 when a suite "
           "that decides a claim did not run";
  }
  void configure(CLI::App& app) override {
    app.add_option("results", results_, "results files (moebench run --out)")
        ->check(CLI::ExistingFile);
    app.add_option("--claims", claims_, "claims ledger (default suites/claims/claims.json)");
    app.add_flag("--json", json_, "print the verdicts as JSON instead of a table");
  }
  int execute() override {
    const ClaimsLedger ledger = load_claims_ledger(
        claims_.empty() ? default_claims_file() : std::filesystem::path(claims_));
    const ClaimInputs inputs = load_claim_inputs({results_.begin(), results_.end()});
    const auto verdicts = evaluate_claims(ledger, inputs);
    if (json_) {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& v : verdicts) out.push_back(to_json(v));
      std::printf("%s\n", out.dump(1).c_str());
    } else {
      std::printf("%s", claims_table_markdown(ledger, verdicts).c_str());
    }
    int undecided = 0;
    for (const auto& v : verdicts)
      if (!v.missing_suites.empty()) {
        std::string suites;
        for (const auto& s : v.missing_suites) suites += (suites.empty() ? "" : ", ") + s;
        std::fprintf(stderr, "moebench validate: %s needs suite(s) %s, not in the results\n",
                     v.id.c_str(), suites.c_str());
        ++undecided;
      }
    return undecided > 0 ? 1 : 0;
  }

 private:
  std::vector<std::string> results_;
  std::string claims_;
  bool json_ = false;
};

MOEBENCH_REGISTER_COMMAND(ValidateCommand);

}  // namespace
}  // namespace moebench
