// End to end: `moebench report`, `validate`, `size` and `cost` as a user runs them, on
// synthetic results files; the HTML is loaded in headless Chromium and screenshotted.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/support/process.h"
#include "tests/support/synthetic_results.h"

namespace moebench {
namespace {

namespace fs = std::filesystem;
using testing::run_moebench;

std::string read(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

fs::path write_results(const fs::path& dir, const std::string& name,
                       const testing::SyntheticOptions& o) {
  const fs::path p = dir / name;
  std::ofstream(p) << testing::synthetic_results(o).dump();
  return p;
}

bool matplotlib_available() {
  return std::system("python3 -c 'import matplotlib' >/dev/null 2>&1") == 0 ||
         std::system("/usr/bin/python3 -c 'import matplotlib' >/dev/null 2>&1") == 0;
}

int count_claim_rows(const std::string& table) {
  int rows = 0;
  std::istringstream in(table);
  for (std::string line; std::getline(in, line);)
    if (line.rfind("| C", 0) == 0) ++rows;
  return rows;
}

TEST(Report, RendersTablesPlotsAndASelfContainedPage) {
  const fs::path dir = testing::temp_dir("report_e2e");
  testing::SyntheticOptions beta;
  beta.host = "beta";
  beta.moe_overhead = 1.1;
  const auto a = write_results(dir, "a.json", {});
  const auto b = write_results(dir, "b.json", beta);
  const fs::path out = dir / "report";
  const auto r = run_moebench({"report", a.string(), b.string(), "-o", out.string()});
  ASSERT_EQ(r.exit_code, 0) << r.out;
  for (const char* f : {"index.html", "report.md", "claims.md", "claims.json", "report-data.json"})
    EXPECT_TRUE(fs::exists(out / f)) << f;
  EXPECT_EQ(count_claim_rows(read(out / "claims.md")), 26);
  const std::string html = read(out / "index.html");
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_NE(html.find("C26"), std::string::npos);
  const std::string md = read(out / "report.md");
  EXPECT_NE(md.find("OUT-OF-SCOPE"), std::string::npos);
  EXPECT_NE(md.find("contradict"), std::string::npos);
  if (matplotlib_available()) {
    EXPECT_NE(html.find("data:image/png;base64,"), std::string::npos);
    for (const char* plot :
         {"roofline_0", "time_per_token_0", "experts_touched_0", "stage_share_0", "routing_0",
          "precision_speedups", "cost_vs_utilisation", "comparison_runs"}) {
      EXPECT_TRUE(fs::exists(out / (std::string(plot) + ".png"))) << plot;
      EXPECT_TRUE(fs::exists(out / (std::string(plot) + ".svg"))) << plot;
    }
  } else {
    EXPECT_NE(html.find("python3-matplotlib"), std::string::npos) << "install hint missing";
  }
}

TEST(Report, WithoutMatplotlibStillWritesTablesAndSaysHowToInstall) {
  const fs::path dir = testing::temp_dir("report_nompl");
  const auto a = write_results(dir, "a.json", {});
  // An interpreter that runs but cannot import matplotlib.
  const fs::path fake = dir / "python-without-matplotlib";
  std::ofstream(fake) << "#!/bin/sh\ncase \"$2\" in *matplotlib*) exit 1;; esac\nexit 0\n";
  fs::permissions(fake, fs::perms::owner_all);
  const std::string cmd = "MOEBENCH_PYTHON=" + fake.string() + " " + std::string(MOEBENCH_BINARY) +
                          " report " + a.string() + " -o " + (dir / "out").string() +
                          " >/dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  const std::string html = read(dir / "out" / "index.html");
  EXPECT_NE(html.find("No plots"), std::string::npos);
  EXPECT_NE(html.find("python3-matplotlib"), std::string::npos);
  EXPECT_EQ(count_claim_rows(read(dir / "out" / "claims.md")), 26);
}

TEST(Validate, ExitCodeSaysWhetherEverySuiteThatDecidesAClaimRan) {
  const fs::path dir = testing::temp_dir("validate");
  const auto full = write_results(dir, "full.json", {});
  auto r = run_moebench({"validate", full.string()});
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(count_claim_rows(r.out), 26) << r.out;
  testing::SyntheticOptions partial;
  partial.quant = false;
  r = run_moebench({"validate", write_results(dir, "partial.json", partial).string()});
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("C22 needs suite(s) quant"), std::string::npos) << r.out;
  std::ofstream(dir / "bad.json") << "{not json";
  r = run_moebench({"validate", (dir / "bad.json").string()});
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("not valid JSON"), std::string::npos) << r.out;
}

TEST(Calculators, SizeAndCostCommands) {
  auto r = run_moebench({"size", "--model", "deepseek-v3", "--precision", "fp8", "--context",
                         "4096", "--batch", "2"});
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("671.4"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("h200"), std::string::npos) << r.out;
  r = run_moebench({"size", "--model", "nope", "--precision", "fp8"});
  EXPECT_EQ(r.exit_code, 2) << r.out;
  r = run_moebench({"size", "--model", "deepseek-v3", "--precision", "fp7"});
  EXPECT_EQ(r.exit_code, 2) << r.out;
  const fs::path dir = testing::temp_dir("cost");
  const auto a = write_results(dir, "a.json", {});
  r = run_moebench({"cost", "--results", a.string(), "--hardware", "h100-sxm"});
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("break-even"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1203"), std::string::npos) << "seed table's implied dense throughput";
  r = run_moebench({"cost", "--results", a.string()});
  EXPECT_EQ(r.exit_code, 2) << "no price given: " << r.out;
}

TEST(Report, HeadlessChromiumRendersThePlots) {
  if (std::system("command -v chromium >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "chromium is not installed (Debian package chromium)";
  if (!matplotlib_available()) GTEST_SKIP() << "matplotlib is not installed: no plots to render";
  const fs::path dir = testing::temp_dir("report_chromium");
  const auto a = write_results(dir, "a.json", {});
  ASSERT_EQ(run_moebench({"report", a.string(), "-o", (dir / "r").string()}).exit_code, 0);
  const fs::path shot = dir / "screenshot.png";
  const std::string cmd =
      "chromium --headless --no-sandbox --disable-gpu --hide-scrollbars "
      "--window-size=1280,4000 --screenshot=" +
      shot.string() + " file://" + fs::absolute(dir / "r" / "index.html").string() +
      " >/dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  ASSERT_TRUE(fs::exists(shot));
  // A page of tables alone compresses to far less than one with rendered plots.
  EXPECT_GT(fs::file_size(shot), 150'000u) << shot;
  std::printf("screenshot: %s\n", shot.string().c_str());
}

}  // namespace
}  // namespace moebench
