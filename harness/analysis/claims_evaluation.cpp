#include "harness/analysis/claims_evaluation.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "harness/analysis/claim_checks.h"

namespace moebench {

namespace claims {

ClaimResult start(const ClaimSpec& claim) {
  ClaimResult r;
  r.id = claim.id;
  r.kind = claim.kind;
  r.tolerance = claim.tolerance_meaning;
  return r;
}

std::string fmt(const char* format, ...) {
  char buffer[1024];
  va_list args;
  va_start(args, format);
  std::vsnprintf(buffer, sizeof buffer, format, args);
  va_end(args);
  return buffer;
}

std::string gb(double bytes) { return fmt("%.1f GB", bytes / 1e9); }

double rel_diff(double stated, double computed) {
  return computed != 0 ? (stated - computed) / computed : 0;
}

bool within(double stated, double computed, double tolerance) {
  return computed != 0 && std::abs(rel_diff(stated, computed)) <= tolerance + 1e-12;
}

const ModelConfig* model_or_null(const ClaimInputs& in, const std::string& id) {
  for (const auto& m : in.models)
    if (m.id == id) return &m;
  return nullptr;
}

const HardwareProfile* profile_like(const ClaimInputs& in, const std::string& key) {
  for (const auto& p : in.hardware)
    if (p.id == key) return &p;
  for (const auto& p : in.hardware)
    if (p.id.rfind(key + "-", 0) == 0) return &p;
  return nullptr;
}

void attach_runs(ClaimResult& r, const ClaimInputs& in) {
  r.hardware = in.results.hardware_summary();
  r.run_ids = in.results.run_ids();
}

ClaimResult missing_suites(ClaimResult r, const ClaimSpec& claim, const ClaimInputs& in) {
  r.verdict = ClaimVerdict::inconclusive;
  for (const auto& s : claim.needs_suites)
    if (!in.results.suite_ran(s)) r.missing_suites.push_back(s);
  std::string list;
  for (const auto& s : r.missing_suites) list += (list.empty() ? "" : ", ") + s;
  r.summary = in.results.runs.empty() ? "no results file given: needs measured suites " + list
                                      : "suites not in the results: " + list;
  r.missing.push_back("records of suite(s) " + list + " (moebench run --suite ...)");
  attach_runs(r, in);
  return r;
}

ClaimResult check_c26(const ClaimSpec& claim, const ClaimInputs&) {
  ClaimResult r = start(claim);
  r.verdict = ClaimVerdict::out_of_scope;
  r.summary =
      "model quality (routing on unfamiliar inputs, quantisation damage, fine-tuning "
      "difficulty) needs task evaluations, not kernel timings";
  r.evidence.push_back(
      "moebench measures time, FLOPs, bytes and memory of dense and MoE FFN layers on random "
      "weights; it runs no trained model and no benchmark of answer quality.");
  return r;
}

}  // namespace claims

namespace {

const std::map<std::string, claims::Check>& checks() {
  using namespace claims;
  static const std::map<std::string, Check> kChecks = {
      {"C01", check_c01}, {"C02", check_c02}, {"C03", check_c03}, {"C04", check_c04},
      {"C05", check_c05}, {"C06", check_c06}, {"C07", check_c07}, {"C08", check_c08},
      {"C09", check_c09}, {"C10", check_c10}, {"C11", check_c11}, {"C12", check_c12},
      {"C13", check_c13}, {"C14", check_c14}, {"C15", check_c15}, {"C16", check_c16},
      {"C17", check_c17}, {"C18", check_c18}, {"C19", check_c19}, {"C20", check_c20},
      {"C21", check_c21}, {"C22", check_c22}, {"C23", check_c23}, {"C24", check_c24},
      {"C25", check_c25}, {"C26", check_c26}};
  return kChecks;
}

}  // namespace

ClaimInputs load_claim_inputs(const std::vector<std::filesystem::path>& results_files) {
  ClaimInputs in;
  if (!results_files.empty()) in.results = load_results(results_files);
  in.models = load_models(default_models_dir());
  in.hardware = load_hardware_profiles(default_hardware_profiles_dir());
  return in;
}

ClaimResult evaluate_claim(const ClaimSpec& claim, const ClaimInputs& inputs) {
  auto it = checks().find(claim.id);
  if (it == checks().end()) {
    ClaimResult r = claims::start(claim);
    r.summary = "moebench has no check for this claim id";
    r.missing.push_back("a check in harness/analysis for " + claim.id);
    return r;
  }
  return it->second(claim, inputs);
}

std::vector<ClaimResult> evaluate_claims(const ClaimsLedger& ledger, const ClaimInputs& inputs) {
  std::vector<ClaimResult> out;
  for (const auto& claim : ledger.claims) out.push_back(evaluate_claim(claim, inputs));
  return out;
}

}  // namespace moebench
