// Reads a results file (docs/results-schema.md) or a plain Google Benchmark JSON file into what
// comparison needs: per benchmark its timing samples and the context to interpret them.
// Only reading lives here; the writer is harness/results' results writer.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace moebench {

// Schema versions this reader understands (docs/results-schema.md, "Version rule").
inline constexpr int kReadableResultsSchemaVersion = 1;

// One counter of a record's counter pass (`--counters`): its repetitions, or its one value.
struct ResultCounter {
  std::vector<double> samples;  // never empty
  std::string unit, source;
};

struct ResultBenchmark {
  std::string name;
  std::vector<double> samples_s;  // timed samples in seconds, in measurement order
  double median_s = 0;
  // moebench context; empty for plain Google Benchmark files.
  std::string suite, role, kernel, backend;
  std::map<std::string, std::string> axes;
  std::map<std::string, double> analytic;  // numeric fields of `analytic`
  // `limits.probe.flops_key` / `bandwidth_key`: the probes the run matched to this record, and
  // `limits.regime` ("memory"/"compute") as the writer classified it against those probes.
  std::string flops_key, bandwidth_key, regime;
  std::map<std::string, ResultCounter> counters;  // by counter name; finite values only
};

struct ResultProbe {
  double value = 0;         // FLOP/s, OP/s or B/s at the probe's best sample
  double median_value = 0;  // at its median sample; 0 when the file does not say
  std::string unit;
  // The rate that stands for the machine during the run: the median when known.
  double typical() const { return median_value > 0 ? median_value : value; }
};

struct ResultsFile {
  std::string path;
  bool moebench = false;   // false: plain Google Benchmark JSON
  int schema_version = 0;  // 0 for plain Google Benchmark JSON
  std::string run_id, host, date, git_revision;
  bool complete = true;
  // The tool the run ran under ("valgrind"): its times are the tool's, not the machine's.
  std::string instrumented;
  // The run asked GPU kernels to replay run() as one captured graph (moebench run --graph).
  bool graph = false;
  std::map<std::string, ResultProbe> probes;  // limit key ("flops:fp32", "cuda/bandwidth:read")
  std::vector<ResultBenchmark> benchmarks;    // in file order, names unique

  const ResultBenchmark* find(const std::string& name) const;
};

// Throws UserError (exit code 2) for a missing or unreadable file, malformed JSON (with line and
// column), an unknown schema version, or a file without any usable benchmark.
ResultsFile read_results_file(const std::string& path);
// Repeated runs of one side of a comparison: `path` is one results file, or a directory whose
// `*.json` files are all read, in name order (nightly names sort by time). Throws UserError as
// read_results_file does, and for a directory without any `*.json` file.
std::vector<ResultsFile> read_results_runs(const std::string& path);
// Same, from text already in memory; `source` names it in messages.
ResultsFile parse_results(const std::string& text, const std::string& source);

}  // namespace moebench
