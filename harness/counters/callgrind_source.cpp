// The instruction count of each point, counted by valgrind's callgrind (counter "Ir").
//
// Why: on a shared machine a kernel's time moves by several percent from run to run, so much
// that a 5% regression cannot be told from noise in a nightly budget (docs/regressions.md). The
// number of instructions a kernel executes on fixed inputs does not depend on the other tenants:
// compared by `moebench compare --metric Ir`, it catches a change in the work a kernel does
// without false alarms (what rustc-perf and iai-callgrind use CI instruction counts for). It is
// blind to what costs time without costing instructions (cache misses, memory bandwidth), so it
// complements the time comparison rather than replacing it.
//
// How: scripts/count-instructions starts moebench under `valgrind --tool=callgrind
// --instr-atstart=no --callgrind-out-file=$MOEBENCH_CALLGRIND_OUT`. A session switches
// instrumentation on, then per repetition zeroes the counts, runs the workload and asks for a
// dump (CALLGRIND_DUMP_STATS_AT), whose total it reads back from the file callgrind just wrote
// (callgrind_dump.h) and deletes. Outside valgrind the client requests are a few no-op
// instructions and the source reports itself unavailable.
#include <valgrind/callgrind.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "harness/core/error.h"
#include "harness/counters/callgrind_dump.h"
#include "harness/counters/instrumentation.h"
#include "harness/counters/sources.h"

namespace moebench {
namespace {

constexpr const char* kSourceName = "callgrind";
constexpr const char* kCounter = "Ir";
constexpr const char* kOutEnv = "MOEBENCH_CALLGRIND_OUT";
// The fewest repetitions per side with which an exact two-sided Mann-Whitney p-value can fall
// below compare's alpha of 0.01 (2 / C(10, 5) = 0.0079), so that one run a side can be compared.
constexpr int kRepetitions = 5;

std::string out_base() {
  const char* base = std::getenv(kOutEnv);
  return base ? base : "";
}

std::string unavailable_reason() {
  if (!RUNNING_ON_VALGRIND)
    return "not running under valgrind's callgrind (run moebench through "
           "scripts/count-instructions)";
  if (out_base().empty())
    return std::string("under valgrind, but ") + kOutEnv +
           " is unset: it must name the --callgrind-out-file (scripts/count-instructions sets "
           "both)";
  return "";
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class CallgrindSession : public CounterSession {
 public:
  explicit CallgrindSession(std::string base) : base_(std::move(base)) {}

  std::vector<CounterValue> measure(const std::function<void()>& workload) override {
    CounterValue value;
    value.name = kCounter;
    value.unit = "count";
    value.source = kSourceName;
    value.passes = kRepetitions;
    // Instrumentation on only while counting: the rest of the run (timing, verification) runs
    // at valgrind's uninstrumented speed.
    CALLGRIND_START_INSTRUMENTATION;
    try {
      // One counted repetition first, thrown away: the first count after instrumentation
      // starts is a few hundred instructions above the rest (2% of a small kernel).
      count_once(workload);
      for (int i = 0; i < kRepetitions; ++i) value.samples.push_back(count_once(workload));
    } catch (...) {
      CALLGRIND_STOP_INSTRUMENTATION;
      throw;
    }
    CALLGRIND_STOP_INSTRUMENTATION;
    std::vector<double> sorted = value.samples;
    std::sort(sorted.begin(), sorted.end());
    value.value = sorted[sorted.size() / 2];
    return {value};
  }

 private:
  double count_once(const std::function<void()>& workload) {
    CALLGRIND_ZERO_STATS;
    workload();
    CALLGRIND_DUMP_STATS_AT("moebench point");
    const std::string path = callgrind_dump_path(base_, ++dumps_);
    if (!std::filesystem::exists(path))
      throw std::runtime_error("callgrind wrote no dump at " + path +
                               " (is the tool callgrind, and " + kOutEnv +
                               " its --callgrind-out-file?)");
    const auto instructions = callgrind_dump_instructions(read_file(path));
    std::filesystem::remove(path);
    if (!instructions) throw std::runtime_error("callgrind dump " + path + " has no Ir total");
    return *instructions;
  }

  std::string base_;
  // Client-request dumps are numbered from 1 for the whole process.
  static inline int64_t dumps_ = 0;
};

class CallgrindSource : public CounterSource {
 public:
  std::string name() const override { return kSourceName; }
  std::string backend() const override { return "cpu"; }
  std::vector<CounterAvailability> counters() const override {
    const std::string why = unavailable_reason();
    return {{kCounter, why.empty(), why}};
  }
  std::unique_ptr<CounterSession> open(const std::vector<std::string>& names) override {
    for (const auto& n : names)
      if (n != kCounter && n != "auto" && n != kSourceName)
        throw UserError("callgrind counts only '" + std::string(kCounter) + "', not '" + n + "'");
    if (const std::string why = unavailable_reason(); !why.empty())
      throw UserError(std::string(kCounter) + ": " + why);
    return std::make_unique<CallgrindSession>(out_base());
  }
};

}  // namespace

std::string instrumented_by() { return RUNNING_ON_VALGRIND ? "valgrind" : ""; }

std::unique_ptr<CounterSource> make_callgrind_source() {
  return std::make_unique<CallgrindSource>();
}

}  // namespace moebench
