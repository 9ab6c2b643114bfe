// The per-claim checks behind evaluate_claims (internal to harness/analysis): arithmetic ones
// in arithmetic_claims.cpp and cost_claims.cpp, measured ones in batch_claims.cpp,
// routing_claims.cpp, roofline_claims.cpp and precision_claims.cpp, scale in scale_claims.cpp.
#pragma once

#include <cstdarg>
#include <string>

#include "harness/analysis/claims_evaluation.h"

namespace moebench::claims {

using Check = ClaimResult (*)(const ClaimSpec&, const ClaimInputs&);

// A result with id, kind and tolerance filled from the ledger entry.
ClaimResult start(const ClaimSpec& claim);
// printf-style formatting for evidence lines.
std::string fmt(const char* format, ...) __attribute__((format(printf, 1, 2)));
std::string gb(double bytes);  // "671.0 GB" (decimal, as the seeds use)
// |stated - computed| / computed <= tolerance
bool within(double stated, double computed, double tolerance);
double rel_diff(double stated, double computed);  // (stated - computed) / computed

const ModelConfig* model_or_null(const ClaimInputs& in, const std::string& id);
// A profile whose id equals key or starts with key + "-" ("h100" -> "h100-sxm"); null if none.
const HardwareProfile* profile_like(const ClaimInputs& in, const std::string& key);
// INCONCLUSIVE because suites did not run; lists them as missing suites.
ClaimResult missing_suites(ClaimResult r, const ClaimSpec& claim, const ClaimInputs& in);
// Fills hardware and run ids from the results.
void attach_runs(ClaimResult& r, const ClaimInputs& in);

ClaimResult check_c01(const ClaimSpec&, const ClaimInputs&);
ClaimResult check_c02(const ClaimSpec&, const ClaimInputs&);
ClaimResult check_c03(const ClaimSpec&, const ClaimInputs&);
ClaimResult check_c04(const ClaimSpec&, const ClaimInputs&);
ClaimResult check_c05(const ClaimSpec&, const ClaimInputs&);
ClaimResult check_c06(const ClaimSpec&, const ClaimInputs&);
ClaimResult check_c07(const ClaimSpec&, const ClaimInputs&);
ClaimResult check_c08(const ClaimSpec&, const ClaimInputs&);
ClaimResult check_c09(const ClaimSpec&, const ClaimInputs&);
ClaimResult check_c10(const ClaimSpec&, const ClaimInputs&);
ClaimResult check_c11(const ClaimSpec&, const ClaimInputs&);
ClaimResult check_c12(const ClaimSpec&, const ClaimInputs&);
ClaimResult check_c13(const ClaimSpec&, const ClaimInputs&);
ClaimResult check_c14(const ClaimSpec&, const ClaimInputs&);
ClaimResult check_c15(const ClaimSpec&, const ClaimInputs&);
ClaimResult check_c16(const ClaimSpec&, const ClaimInputs&);
ClaimResult check_c17(const ClaimSpec&, const ClaimInputs&);
ClaimResult check_c18(const ClaimSpec&, const ClaimInputs&);
ClaimResult check_c19(const ClaimSpec&, const ClaimInputs&);
ClaimResult check_c20(const ClaimSpec&, const ClaimInputs&);
ClaimResult check_c21(const ClaimSpec&, const ClaimInputs&);
ClaimResult check_c22(const ClaimSpec&, const ClaimInputs&);
ClaimResult check_c23(const ClaimSpec&, const ClaimInputs&);
ClaimResult check_c24(const ClaimSpec&, const ClaimInputs&);
ClaimResult check_c25(const ClaimSpec&, const ClaimInputs&);
ClaimResult check_c26(const ClaimSpec&, const ClaimInputs&);

}  // namespace moebench::claims
