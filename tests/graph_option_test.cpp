// `run --graph` (Problem::graph): the request reaches every kernel, and each record says what
// its kernel did (Kernel::uses_graph), not what was asked: a CPU kernel or a vendor baseline
// ignores the request and is recorded without graph. GPU replay itself: gpu_kernels_test.cpp.
#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "harness/device/backend.h"
#include "harness/runner/job_runner.h"
#include "kernels/reference/reference.h"
#include "suites/common/layer_data.h"
#include "tests/support/process.h"

namespace moebench {
namespace {

// Computes the reference result (so verification passes) and honours the graph request when
// told to, as a GPU kernel does, or ignores it, as a baseline does.
class RequestAwareKernel final : public Kernel {
 public:
  RequestAwareKernel(const Problem& p, bool honours)
      : data_(*p.dense), precision_(p.precision), graph_(honours && p.graph) {}
  void run() override { out_ = ref::dense_ffn(data_, precision_); }
  std::vector<std::string> stage_names() const override { return {"all"}; }
  void run_stage(size_t) override { run(); }
  std::vector<float> output() override { return out_; }
  size_t resident_weight_bytes() const override { return 0; }
  bool uses_graph() const override { return graph_; }

 private:
  const DenseFfnData& data_;
  Precision precision_;
  bool graph_;
  std::vector<float> out_;
};

// The runner's records for one tiny dense point, with or without --graph.
std::vector<Record> measure(bool graph_requested, bool kernel_honours) {
  KernelInfo info;
  info.name = "test.request_aware";
  info.backend = "cpu";
  info.create = [kernel_honours](const Problem& p) -> std::unique_ptr<Kernel> {
    return std::make_unique<RequestAwareKernel>(p, kernel_honours);
  };
  Workload w;
  w.suite = "dense";
  w.role = "dense";
  w.backend = "cpu";
  w.op = Op::dense_ffn;
  w.tokens = 2;
  w.cold = false;
  w.time_stages = true;
  w.shape = {{"d_model", 32}, {"d_ff", 48}};
  w.analytic = [](const std::vector<int32_t>&) { return AnalyticCounts{}; };
  WorkloadData data;
  data.dense = std::make_unique<DenseFfnData>(make_dense_data(FfnShape{32, 48}, 2, 7));

  MeasureOptions options;
  options.rule.max_time_s = 0.01;
  options.rule.warmup_s = 0;
  options.rule.min_samples = 3;
  options.counters.mode = CounterSelection::Mode::none;
  options.graph = graph_requested;
  const nlohmann::json probes = nlohmann::json::object(), profile;
  JobRunner runner(BackendRegistry::instance().get("cpu"), options, probes, profile);
  return runner.run_kernel({w, &info, "dense/dense/test.request_aware"}, data);
}

TEST(GraphOption, RecordsTheGraphTheKernelReplayed) {
  const auto records = measure(true, true);
  ASSERT_EQ(records.size(), 2u);  // the op and its one stage
  EXPECT_EQ(records[0].status, "ok") << records[0].reason;
  EXPECT_TRUE(records[0].graph);
  EXPECT_EQ(to_json(records[0])["graph"], true);
  // Stages run uncaptured, so their records never claim a graph.
  EXPECT_EQ(records[1].role, "stage");
  EXPECT_FALSE(records[1].graph);
  EXPECT_EQ(to_json(records[1])["graph"], false);
}

TEST(GraphOption, AKernelThatIgnoresTheRequestIsRecordedWithoutGraph) {
  const auto records = measure(true, false);
  EXPECT_EQ(records[0].status, "ok") << records[0].reason;
  EXPECT_FALSE(records[0].graph);
}

TEST(GraphOption, NotAskedNotUsed) {
  const auto records = measure(false, true);
  EXPECT_EQ(records[0].status, "ok") << records[0].reason;
  EXPECT_FALSE(records[0].graph);
  EXPECT_EQ(to_json(records[0])["graph"], false);
}

TEST(GraphOption, RunHelpNamesIt) {
  const auto r = testing::run_moebench({"run", "--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("--graph"), std::string::npos) << r.out;
}

// The tool as a user runs it: --graph parses, the run's options record it, and the CPU kernels
// (which ignore it) are measured and verified as usual, their records saying graph false.
TEST(GraphOption, CpuRunWithGraphFlag) {
  const auto dir = testing::temp_dir("graph");
  const std::string out = dir + "/graph.json";
  const auto r =
      testing::run_moebench({"run", "--graph", "--suite", "dense", "--preset", "smoke", "--backend",
                             "cpu", "--counters", "none", "--filter", "tokens=1/", "--out", out});
  ASSERT_EQ(r.exit_code, 0) << r.out;
  std::ifstream in(out);
  const auto j = nlohmann::json::parse(in);
  EXPECT_EQ(j["moebench"]["options"]["graph"], true);
  int kernel_records = 0;
  for (const auto& rec : j["moebench"]["records"]) {
    ASSERT_TRUE(rec.contains("graph")) << rec["name"];
    EXPECT_EQ(rec["graph"], false) << rec["name"];
    if (rec["op"] == "probe") continue;
    EXPECT_EQ(rec["status"], "ok") << rec["name"] << ": " << rec.value("reason", "");
    ++kernel_records;
  }
  EXPECT_GT(kernel_records, 0);
}

}  // namespace
}  // namespace moebench
