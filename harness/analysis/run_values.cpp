#include "harness/analysis/run_values.h"

#include <algorithm>

#include "harness/analysis/roofline_normalize.h"

namespace moebench {

double run_value(const ResultBenchmark& benchmark, RunStatistic statistic) {
  if (statistic == RunStatistic::minimum && !benchmark.samples_s.empty())
    return *std::min_element(benchmark.samples_s.begin(), benchmark.samples_s.end());
  return benchmark.median_s;
}

RunValues collect_run_values(const std::string& name, const std::vector<const ResultsFile*>& runs,
                             bool normalize, RunStatistic statistic) {
  RunValues out;
  std::string key;
  if (normalize) {
    for (const ResultsFile* run : runs) {
      const ResultBenchmark* b = run->find(name);
      if (!b) continue;
      std::string why;
      if (auto choice = choose_normalizing_probe(*b, *run, why)) {
        key = choice->key;
        out.normalized_by = choice->key + " (" + choice->regime + ")";
      } else {
        out.note = "raw: " + why;
      }
      break;
    }
    for (const ResultsFile* run : runs)
      if (!key.empty() && run->find(name) && !run->probes.contains(key)) {
        out.note = "raw: probe " + key + " missing in " + run->path;
        out.normalized_by.clear();
        key.clear();
      }
  }
  for (const ResultsFile* run : runs) {
    const ResultBenchmark* b = run->find(name);
    if (!b) {
      out.values.emplace_back();
      continue;
    }
    const double value = run_value(*b, statistic);
    out.values.emplace_back(key.empty() ? value : value * run->probes.at(key).typical());
  }
  return out;
}

std::vector<double> present_values(const std::vector<std::optional<double>>& values) {
  std::vector<double> out;
  for (const auto& v : values)
    if (v) out.push_back(*v);
  return out;
}

}  // namespace moebench
