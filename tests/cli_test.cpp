// The tool as a user runs it: bad input gets a clear message and exit code 2.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tests/support/process.h"

namespace moebench {
namespace {

using testing::run_moebench;

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST(Cli, HelpForEverySubcommand) {
  for (const char* sub : {"run", "list"}) {
    const auto r = run_moebench({sub, "--help"});
    EXPECT_EQ(r.exit_code, 0) << sub << r.out;
    EXPECT_TRUE(contains(r.out, "--suite")) << r.out;
  }
  const auto top = run_moebench({"--help"});
  EXPECT_EQ(top.exit_code, 0);
  EXPECT_TRUE(contains(top.out, "run")) << top.out;
  EXPECT_TRUE(contains(top.out, "list")) << top.out;
}

TEST(Cli, UnknownSuiteListsValidSuites) {
  const auto r = run_moebench({"--suite", "bogus"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.out, "unknown suite 'bogus'")) << r.out;
  EXPECT_TRUE(contains(r.out, "moe")) << r.out;
  EXPECT_TRUE(contains(r.out, "roofline")) << r.out;
}

TEST(Cli, UnknownBackendAndPreset) {
  auto r = run_moebench({"--backend", "tpu"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.out, "unknown backend 'tpu'")) << r.out;
  r = run_moebench({"--preset", "huge"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.out, "unknown preset 'huge'")) << r.out;
}

TEST(Cli, BadAxisValue) {
  const auto r = run_moebench({"--axis", "tokens=zero"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.out, "bad value 'zero' for axis 'tokens'")) << r.out;
}

TEST(Cli, UnknownModel) {
  const auto r = run_moebench({"list", "--points", "--suite", "moe", "--axis", "model=gpt-9"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.out, "gpt-9")) << r.out;
  EXPECT_TRUE(contains(r.out, "qwen3-30b-a3b")) << r.out;
}

TEST(Cli, UnknownOptionIsAUsageError) {
  const auto r = run_moebench({"--frobnicate"});
  EXPECT_EQ(r.exit_code, 2);
}

TEST(Cli, BadFilterRegex) {
  const auto r = run_moebench({"--filter", "moe/(", "--preset", "smoke"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.out, "--filter '")) << r.out;
}

TEST(Cli, UnreadableModelFile) {
  const auto dir = testing::temp_dir("badmodels");
  std::ofstream(dir + "/broken.json") << "{ \"id\": ";  // truncated JSON
  const auto r = run_moebench({"list", "--models-dir", dir});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.out, "broken.json")) << r.out;
  const auto missing = run_moebench({"list", "--models-dir", dir + "/nope"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_TRUE(contains(missing.out, "nope")) << missing.out;
}

TEST(Cli, OutputPathThatCannotBeWrittenFailsBeforeMeasuring) {
  const auto dir = testing::temp_dir("unwritable");
  std::ofstream(dir + "/file") << "x";  // a file where a folder is needed
  const auto r = run_moebench({"--preset", "smoke", "--out", dir + "/file/results.json"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.out, "cannot")) << r.out;
  EXPECT_FALSE(contains(r.out, "[1/")) << "measured before checking the output path";
}

TEST(Cli, ListNamesEveryBackendAndWhyAnyIsAbsent) {
  const auto r = run_moebench({"list"});
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(contains(r.out, "cpu   available")) << r.out;
  EXPECT_TRUE(contains(r.out, "Kernels:")) << r.out;
  EXPECT_TRUE(contains(r.out, "Models:")) << r.out;
}

TEST(Cli, ListPointsHonoursFilterAndShard) {
  const auto all = run_moebench({"list", "--points", "--suite", "moe", "--preset", "smoke"});
  ASSERT_EQ(all.exit_code, 0) << all.out;
  EXPECT_TRUE(contains(all.out, "moe/moe/")) << all.out;
  EXPECT_TRUE(contains(all.out, "moe/dense_same_active/")) << all.out;
  EXPECT_TRUE(contains(all.out, "moe/dense_same_total/")) << all.out;
  const auto filtered = run_moebench(
      {"list", "--points", "--suite", "moe", "--preset", "smoke", "--filter", "tokens=32"});
  EXPECT_FALSE(contains(filtered.out, "/tokens=1/")) << filtered.out;
  EXPECT_TRUE(contains(filtered.out, "tokens=32")) << filtered.out;
}

}  // namespace
}  // namespace moebench
