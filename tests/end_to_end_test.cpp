// `moebench --suite all --preset smoke` end to end, and Ctrl-C in the middle of a sweep.
#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

#include "tests/support/process.h"

namespace moebench {
namespace {

nlohmann::json read_json(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

TEST(EndToEnd, SmokeRunOfEverySuiteWritesAVerifiedResultsFile) {
  const auto dir = testing::temp_dir("e2e");
  const std::string out = dir + "/smoke.json";
  const auto r = testing::run_moebench({"--suite", "all", "--preset", "smoke", "--out", out});
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto j = read_json(out);

  // Google Benchmark's shape, so its tools read the file.
  ASSERT_TRUE(j.contains("context"));
  EXPECT_TRUE(j["context"].contains("num_cpus"));
  ASSERT_FALSE(j["benchmarks"].empty());
  for (const auto& b : j["benchmarks"]) {
    EXPECT_EQ(b["time_unit"], "ns");
    EXPECT_GT(b["real_time"].get<double>(), 0);
  }

  const auto& m = j["moebench"];
  EXPECT_EQ(m["schema_version"], 1);
  EXPECT_TRUE(m["complete"].get<bool>());
  EXPECT_TRUE(m["probes"].contains("cpu/flops:fp32")) << m["probes"].dump();
  EXPECT_TRUE(m["probes"].contains("cpu/bandwidth:read")) << m["probes"].dump();
  EXPECT_TRUE(m["host"].contains("cpu_model"));

  std::set<std::string> suites, roles;
  for (const auto& rec : m["records"]) {
    const std::string name = rec["name"];
    suites.insert(rec["suite"].get<std::string>());
    roles.insert(rec["role"].get<std::string>());
    ASSERT_NE(rec["status"], "failed") << name << ": " << rec.value("reason", "");
    if (rec["status"] == "skipped") {
      EXPECT_FALSE(rec.value("reason", "").empty()) << name;
      continue;
    }
    ASSERT_TRUE(rec.contains("timing")) << name;
    EXPECT_GT(rec["timing"]["summary"]["median"].get<double>(), 0) << name;
    if (rec["role"] == "probe") continue;
    ASSERT_TRUE(rec.contains("verification")) << name;
    EXPECT_TRUE(rec["verification"]["passed"].get<bool>()) << name;
    if (rec["role"] == "stage") continue;
    EXPECT_GT(rec["analytic"]["flops"].get<double>(), 0) << name;
    EXPECT_GT(rec["analytic"]["weight_bytes"].get<double>(), 0) << name;
    EXPECT_TRUE(rec["limits"].contains("probe")) << name;
    // The counter pass (--counters auto) records the software events this VM has.
    bool task_clock = false;
    for (const auto& c : rec.value("counters", nlohmann::json::array()))
      if (c["name"] == "task-clock") {
        task_clock = true;
        EXPECT_TRUE(c["value"].is_number()) << name << ": " << c.dump();
      }
    EXPECT_TRUE(task_clock) << name;
  }
  for (const char* s : {"roofline", "dense", "moe", "routing", "quant"})
    EXPECT_TRUE(suites.count(s)) << s;
  for (const char* role :
       {"probe", "dense", "moe", "dense_same_active", "dense_same_total", "stage"})
    EXPECT_TRUE(roles.count(role)) << role;
  for (const auto& s : m["skipped"]) EXPECT_FALSE(s["reason"].get<std::string>().empty());
}

TEST(EndToEnd, CtrlCKeepsWhatWasMeasuredInAValidFile) {
  const auto dir = testing::temp_dir("sigint");
  const std::string out = dir + "/interrupted.json";
  // A quick moe sweep takes minutes; interrupt it a few seconds in (after the probes).
  const auto r = testing::run_moebench({"--suite", "moe", "--preset", "quick", "--out", out}, 6.0);
  EXPECT_EQ(r.exit_code, 130) << r.out;
  EXPECT_NE(r.out.find("interrupted"), std::string::npos) << r.out;
  const auto j = read_json(out);  // parses: the file is complete JSON
  EXPECT_FALSE(j["moebench"]["complete"].get<bool>());
  EXPECT_FALSE(j["moebench"]["records"].empty());
  bool skipped_for_interrupt = false;
  for (const auto& s : j["moebench"]["skipped"])
    skipped_for_interrupt |=
        s["reason"].get<std::string>().find("interrupted") != std::string::npos;
  EXPECT_TRUE(skipped_for_interrupt);
}

}  // namespace
}  // namespace moebench
