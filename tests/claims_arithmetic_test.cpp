// Verdicts of the arithmetic claims from the real ledger, model configs and hardware profiles,
// and the same checks on altered figures (so a check that always agreed would fail here).
#include <gtest/gtest.h>

#include "harness/analysis/claims_evaluation.h"
#include "harness/core/error.h"

namespace moebench {
namespace {

ClaimInputs real_inputs() { return load_claim_inputs({}); }

const ClaimsLedger& ledger() {
  static const ClaimsLedger l = load_claims_ledger(default_claims_file());
  return l;
}

ClaimResult verdict_for(const std::string& id, const ClaimInputs& in) {
  return evaluate_claim(ledger().find(id), in);
}

bool any_contains(const std::vector<std::string>& lines, const std::string& needle) {
  for (const auto& l : lines)
    if (l.find(needle) != std::string::npos) return true;
  return false;
}

TEST(ClaimsLedger, HoldsAll26ClaimsWithRulesAndSeeds) {
  ASSERT_EQ(ledger().claims.size(), 26u);
  for (const auto& c : ledger().claims) {
    EXPECT_FALSE(c.rule.empty()) << c.id;
    EXPECT_FALSE(c.quantity.empty()) << c.id;
    EXPECT_FALSE(c.seeds.empty()) << c.id;
    for (const auto& s : c.seeds) EXPECT_TRUE(ledger().seed_files.count(s)) << c.id << " " << s;
  }
  EXPECT_THROW(ledger().find("C99"), UserError);
}

TEST(ArithmeticClaims, C09CombinationsExceedFourBillion) {
  const auto r = verdict_for("C09", real_inputs());
  EXPECT_EQ(r.verdict, ClaimVerdict::supported);
  EXPECT_TRUE(any_contains(r.evidence, "409663695276000")) << r.evidence[0];
  ClaimSpec tighter = ledger().find("C09");
  tighter.figures["bound"] = 1e15;  // above C(256,8) = 4.1e14
  EXPECT_EQ(evaluate_claim(tighter, real_inputs()).verdict, ClaimVerdict::refuted);
}

TEST(ArithmeticClaims, C25FiftyMillionTokensCannotCostTwentyOneDollars) {
  const auto r = verdict_for("C25", real_inputs());
  EXPECT_EQ(r.verdict, ClaimVerdict::refuted);
  EXPECT_TRUE(any_contains(r.evidence, "$14.00")) << r.summary;
  ClaimSpec fixed = ledger().find("C25");
  fixed.figures["daily_cost"] = 10.5;  // 50M at a 50/50 mix
  EXPECT_EQ(evaluate_claim(fixed, real_inputs()).verdict, ClaimVerdict::supported);
}

TEST(ArithmeticClaims, C19MaverickDoesNotFitOnFourH100AtFp8) {
  const auto r = verdict_for("C19", real_inputs());
  EXPECT_EQ(r.verdict, ClaimVerdict::partly);
  ASSERT_EQ(r.contradictions.size(), 1u);
  EXPECT_NE(r.contradictions[0].find("H100"), std::string::npos) << r.contradictions[0];
}

TEST(ArithmeticClaims, C13PerformancePerDollarFollowsFromPrices) {
  EXPECT_EQ(verdict_for("C13", real_inputs()).verdict, ClaimVerdict::supported);
  ClaimSpec wrong = ledger().find("C13");
  wrong.figures["perf_per_dollar_ratio"] = 20;
  EXPECT_EQ(evaluate_claim(wrong, real_inputs()).verdict, ClaimVerdict::refuted);
}

TEST(ArithmeticClaims, C05FlagsTheFifteenHundredGigabyteFigure) {
  const auto r = verdict_for("C05", real_inputs());
  EXPECT_EQ(r.verdict, ClaimVerdict::partly);
  EXPECT_TRUE(any_contains(r.contradictions, "1500.0 GB")) << r.summary;
}

TEST(ArithmeticClaims, C20TableIsSelfConsistentButItsConclusionIsNot) {
  const auto r = verdict_for("C20", real_inputs());
  EXPECT_EQ(r.verdict, ClaimVerdict::partly);
  EXPECT_TRUE(any_contains(r.contradictions, "cheaper at every utilisation")) << r.summary;
  ClaimSpec broken = ledger().find("C20");
  broken.figures["rows"][2]["dense"] = 3.0;  // no longer 1/utilisation
  EXPECT_EQ(evaluate_claim(broken, real_inputs()).verdict, ClaimVerdict::refuted);
}

TEST(ArithmeticClaims, EmpiricalClaimsWithoutResultsNameTheirSuites) {
  const auto in = real_inputs();
  const auto r = verdict_for("C14", in);
  EXPECT_EQ(r.verdict, ClaimVerdict::inconclusive);
  EXPECT_EQ(r.missing_suites, std::vector<std::string>{"moe"});
  EXPECT_EQ(verdict_for("C26", in).verdict, ClaimVerdict::out_of_scope);
}

TEST(ArithmeticClaims, EveryClaimGetsAVerdictWithoutResults) {
  const auto all = evaluate_claims(ledger(), real_inputs());
  ASSERT_EQ(all.size(), 26u);
  for (const auto& r : all) {
    EXPECT_FALSE(r.summary.empty()) << r.id;
    if (r.kind == "A") {
      EXPECT_NE(r.verdict, ClaimVerdict::inconclusive) << r.id << ": " << r.summary;
    }
  }
}

}  // namespace
}  // namespace moebench
