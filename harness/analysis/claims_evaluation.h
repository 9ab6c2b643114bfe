// Verdicts for every claim of the ledger, from model configs, hardware profiles and results.
#pragma once

#include <vector>

#include "harness/analysis/claim_verdict.h"
#include "harness/analysis/claims_ledger.h"
#include "harness/analysis/results_set.h"
#include "harness/device/hardware_profile.h"
#include "suites/common/model_config.h"

namespace moebench {

struct ClaimInputs {
  ResultsSet results;  // empty: arithmetic claims only, empirical ones INCONCLUSIVE
  std::vector<ModelConfig> models;
  std::vector<HardwareProfile> hardware;
};

// Results files plus the default model configs and hardware profiles folders.
ClaimInputs load_claim_inputs(const std::vector<std::filesystem::path>& results_files);

// One result per ledger claim, in ledger order. A claim the code has no check for is
// INCONCLUSIVE saying so (never silently dropped).
std::vector<ClaimResult> evaluate_claims(const ClaimsLedger& ledger, const ClaimInputs& inputs);
ClaimResult evaluate_claim(const ClaimSpec& claim, const ClaimInputs& inputs);

}  // namespace moebench
