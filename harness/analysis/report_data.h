// Everything a report shows, as one JSON document: runs, verdicts, and the series each plot
// draws (reports/render.py reads it; nothing is recomputed in Python).
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "harness/analysis/claims_evaluation.h"

namespace moebench {

nlohmann::json build_report_data(const ClaimsLedger& ledger, const ClaimInputs& inputs,
                                 const std::vector<ClaimResult>& verdicts);

}  // namespace moebench
