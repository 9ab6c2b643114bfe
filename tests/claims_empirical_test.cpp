// Verdicts of the measured claims on synthetic results files whose outcome is known from how
// they were built (tests/support/synthetic_results.h), and the results reader's checks.
#include <gtest/gtest.h>

#include "harness/analysis/claims_evaluation.h"
#include "harness/analysis/sweeps.h"
#include "harness/core/error.h"
#include "tests/support/synthetic_results.h"

namespace moebench {
namespace {

using testing::synthetic_results;
using testing::SyntheticOptions;

ClaimInputs inputs_from(const nlohmann::json& doc) {
  ClaimInputs in = load_claim_inputs({});
  in.results = results_from_json({doc}, {"synthetic.json"});
  return in;
}

// The verdict; the evidence is printed when a test fails (gtest shows stdout of the test).
ClaimVerdict verdict(const std::string& id, const ClaimInputs& in) {
  static const ClaimsLedger ledger = load_claims_ledger(default_claims_file());
  const ClaimResult r = evaluate_claim(ledger.find(id), in);
  std::string why = r.summary;
  for (const auto& e : r.evidence) why += "\n  " + e;
  ::testing::Test::RecordProperty(id, why);
  return r.verdict;
}

TEST(ResultsReader, RefusesUnknownSchemaVersionsAndForeignFiles) {
  auto doc = synthetic_results();
  doc["moebench"]["schema_version"] = 99;
  EXPECT_THROW(results_from_json({doc}, {"x.json"}), UserError);
  EXPECT_THROW(results_from_json({nlohmann::json{{"benchmarks", 1}}}, {"y.json"}), UserError);
  EXPECT_THROW(load_results({"/nonexistent/results.json"}), UserError);
}

TEST(Sweeps, ThreeWaySeriesPairsPartnersByGroup) {
  const auto set = results_from_json({synthetic_results()}, {"s.json"});
  const auto series = three_way_series(set, "moe");
  ASSERT_EQ(series.size(), 1u);
  ASSERT_EQ(series[0].points.size(), 5u);
  for (const auto& p : series[0].points) {
    ASSERT_NE(p.dense_same_active, nullptr);
    ASSERT_NE(p.dense_same_total, nullptr);
    EXPECT_EQ(p.stage_seconds.size(), 4u);
  }
  EXPECT_EQ(routing_comparisons(set).size(), 1u);
}

TEST(EmpiricalClaims, BatchSweepVerdicts) {
  const auto in = inputs_from(synthetic_results());
  EXPECT_EQ(verdict("C01", in), ClaimVerdict::supported);
  EXPECT_EQ(verdict("C02", in), ClaimVerdict::supported);
  // Routing overhead 16.5% at B=512 only: inside the band at one batch of five.
  EXPECT_EQ(verdict("C07", in), ClaimVerdict::partly);
  EXPECT_EQ(verdict("C11", in), ClaimVerdict::supported);
  // The advantage over dense-same-total dips at B=8 (most experts read, memory-bound).
  EXPECT_EQ(verdict("C14", in), ClaimVerdict::partly);
  EXPECT_EQ(verdict("C16", in), ClaimVerdict::supported);
  EXPECT_EQ(verdict("C17", in), ClaimVerdict::supported);
  EXPECT_EQ(verdict("C23", in), ClaimVerdict::supported);
  SyntheticOptions slow_moe;
  slow_moe.moe_overhead = 3;  // now slower than dense-same-total at B=8, faster elsewhere
  EXPECT_EQ(verdict("C23", inputs_from(synthetic_results(slow_moe))), ClaimVerdict::partly);
}

TEST(EmpiricalClaims, RoutingAndPrecisionVerdicts) {
  const auto in = inputs_from(synthetic_results());
  EXPECT_EQ(verdict("C08", in), ClaimVerdict::supported);
  EXPECT_EQ(verdict("C21", in), ClaimVerdict::supported);
  EXPECT_EQ(verdict("C22", in), ClaimVerdict::supported);
  SyntheticOptions steady;
  steady.zipf_slowdown = 1.0;  // skewed load, same latency
  steady.zipf_tail = 1.0;
  steady.int8_speedup = 0.2;  // quantised kernels slower than the roof saving
  const auto in2 = inputs_from(synthetic_results(steady));
  EXPECT_EQ(verdict("C21", in2), ClaimVerdict::partly);
  EXPECT_EQ(verdict("C22", in2), ClaimVerdict::partly);
}

TEST(EmpiricalClaims, MissingSuitesMakeClaimsInconclusiveAndSaySo) {
  SyntheticOptions only_routing;
  only_routing.moe = only_routing.quant = false;
  const auto in = inputs_from(synthetic_results(only_routing));
  static const ClaimsLedger ledger = load_claims_ledger(default_claims_file());
  const auto r = evaluate_claim(ledger.find("C14"), in);
  EXPECT_EQ(r.verdict, ClaimVerdict::inconclusive);
  EXPECT_EQ(r.missing_suites, std::vector<std::string>{"moe"});
  EXPECT_EQ(evaluate_claim(ledger.find("C22"), in).missing_suites,
            std::vector<std::string>{"quant"});
  EXPECT_EQ(verdict("C08", in), ClaimVerdict::supported);
}

}  // namespace
}  // namespace moebench
