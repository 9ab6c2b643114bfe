#include "harness/analysis/metric_selection.h"

#include <set>

#include "harness/analysis/sample_statistics.h"
#include "harness/core/error.h"

namespace moebench {
namespace {

std::string counters_seen(const std::vector<ResultsFile>& runs) {
  std::set<std::string> names;
  for (const auto& run : runs)
    for (const auto& b : run.benchmarks)
      for (const auto& [name, counter] : b.counters) names.insert(name);
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out.empty() ? "none: they were run without a counter pass" : out;
}

}  // namespace

std::vector<ResultsFile> select_metric(std::vector<ResultsFile> runs, const std::string& metric) {
  if (metric == kTimeMetric) {
    for (const auto& run : runs)
      if (!run.instrumented.empty())
        throw UserError(run.path + " ran under " + run.instrumented +
                        ": its times are the tool's, not the machine's; compare it by a counter "
                        "(--metric Ir)");
    return runs;
  }
  const std::string seen = counters_seen(runs);
  bool any = false;
  for (auto& run : runs) {
    std::vector<ResultBenchmark> kept;
    for (auto& b : run.benchmarks) {
      auto counter = b.counters.find(metric);
      if (counter == b.counters.end()) continue;
      b.samples_s = counter->second.samples;
      b.median_s = median(b.samples_s);
      kept.push_back(std::move(b));
    }
    any = any || !kept.empty();
    run.benchmarks = std::move(kept);
    run.probes.clear();
  }
  if (!any)
    throw UserError("--metric " + metric + ": no benchmark has that counter (counters in these " +
                    "runs: " + seen + "; time is --metric time)");
  return runs;
}

void require_normalize_applies(const std::string& metric, bool normalize) {
  if (normalize && metric != kTimeMetric)
    throw UserError("--normalize scales times by the machine's probed rates; a counter (--metric " +
                    metric + ") is compared as counted");
}

std::string metric_unit(const std::vector<ResultsFile>& runs, const std::string& metric) {
  if (metric == kTimeMetric) return "s";
  for (const auto& run : runs)
    for (const auto& b : run.benchmarks)
      if (auto c = b.counters.find(metric); c != b.counters.end() && !c->second.unit.empty())
        return c->second.unit;
  return "count";
}

}  // namespace moebench
