// CPU counters through perf_event_open, event names encoded by libpfm4.
//
// Threads: a point's kernels run on an OpenMP pool, and the counters must cover the whole
// process. `inherit=1` alone is not enough: it only follows threads created *after* the event is
// opened, and libgomp's pool usually exists already (earlier points created it). So a session
// opens one group per thread that exists now (/proc/self/task) and sets inherit=1 on each, which
// also covers threads created during the workload (they inherit the group of their creator and
// read() of the parent group sums its live and exited children). The man page warns that
// inherit "does not work for some combinations of read_format values, such as
// PERF_FORMAT_GROUP": kernels that refuse the combination answer EINVAL, and the session then
// falls back to inherit=0 (threads created during the workload are not counted; the pool threads
// that existed are).
//
// Multiplexing: each group reads time_enabled/time_running and each value is scaled by
// enabled/running (scale_count). Software events form one group; hardware events are split into
// groups of at most four so that each group fits the general-purpose counters of any x86 PMU
// (a group that cannot fit is never scheduled, and reads running=0: reported as NaN).
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <system_error>
#include <vector>

#include "harness/core/error.h"
#include "harness/counters/perf_event_group.h"
#include "harness/counters/pfm_events.h"
#include "harness/counters/sources.h"

namespace moebench {
namespace {

struct CpuEvent {
  std::string counter;   // moebench name
  std::string pfm_name;  // what libpfm4 encodes
  std::string unit;
  double flop_weight = 0;  // FLOPs per count, for the derived "flop" counter (0: not a FLOP event)
  bool software = false;
};

const std::vector<CpuEvent>& generic_events() {
  static const std::vector<CpuEvent> events = {
      {"task-clock", "perf::PERF_COUNT_SW_TASK_CLOCK", "ns", 0, true},
      {"page-faults", "perf::PERF_COUNT_SW_PAGE_FAULTS", "count", 0, true},
      {"context-switches", "perf::PERF_COUNT_SW_CONTEXT_SWITCHES", "count", 0, true},
      {"cycles", "perf::PERF_COUNT_HW_CPU_CYCLES", "cycles", 0, false},
      {"instructions", "perf::PERF_COUNT_HW_INSTRUCTIONS", "count", 0, false},
  };
  return events;
}

// Intel: one count per instruction, `flop_weight` elements per instruction (FMA counts twice in
// the event itself). Names as libpfm4 spells them.
const std::vector<CpuEvent>& intel_fp_events() {
  static const std::vector<CpuEvent> events = {
      {"FP_ARITH_INST_RETIRED:SCALAR_SINGLE", "FP_ARITH_INST_RETIRED:SCALAR_SINGLE", "count", 1},
      {"FP_ARITH_INST_RETIRED:SCALAR_DOUBLE", "FP_ARITH_INST_RETIRED:SCALAR_DOUBLE", "count", 1},
      {"FP_ARITH_INST_RETIRED:128B_PACKED_SINGLE", "FP_ARITH_INST_RETIRED:128B_PACKED_SINGLE",
       "count", 4},
      {"FP_ARITH_INST_RETIRED:128B_PACKED_DOUBLE", "FP_ARITH_INST_RETIRED:128B_PACKED_DOUBLE",
       "count", 2},
      {"FP_ARITH_INST_RETIRED:256B_PACKED_SINGLE", "FP_ARITH_INST_RETIRED:256B_PACKED_SINGLE",
       "count", 8},
      {"FP_ARITH_INST_RETIRED:256B_PACKED_DOUBLE", "FP_ARITH_INST_RETIRED:256B_PACKED_DOUBLE",
       "count", 4},
      {"FP_ARITH_INST_RETIRED:512B_PACKED_SINGLE", "FP_ARITH_INST_RETIRED:512B_PACKED_SINGLE",
       "count", 16},
      {"FP_ARITH_INST_RETIRED:512B_PACKED_DOUBLE", "FP_ARITH_INST_RETIRED:512B_PACKED_DOUBLE",
       "count", 8},
  };
  return events;
}

// AMD Zen 3/4/5 (PMCx003 RETIRED_SSE_AVX_FLOPS counts FLOPs, multiply-add as two; it can count
// more than 15 per cycle, which Linux handles by pairing counters, "large increment per cycle"
// events, since 5.6). The umasks below are libpfm4 4.13's (Debian 12), which maps Zen 5 to its
// Zen 4 table; a libpfm4 with a fam1ah_zen5 table resolves the same names for Zen 5. The split
// by width comes from PMCx008 RETIRED_FP_OPS_BY_WIDTH (uops, not FLOPs).
const std::vector<CpuEvent>& amd_fp_events() {
  static const std::vector<CpuEvent> events = {
      {"RETIRED_SSE_AVX_FLOPS:ADD_SUB_FLOPS", "RETIRED_SSE_AVX_FLOPS:ADD_SUB_FLOPS", "flop", 1},
      {"RETIRED_SSE_AVX_FLOPS:MULT_FLOPS", "RETIRED_SSE_AVX_FLOPS:MULT_FLOPS", "flop", 1},
      {"RETIRED_SSE_AVX_FLOPS:DIV_FLOPS", "RETIRED_SSE_AVX_FLOPS:DIV_FLOPS", "flop", 1},
      {"RETIRED_SSE_AVX_FLOPS:MAC_FLOPS", "RETIRED_SSE_AVX_FLOPS:MAC_FLOPS", "flop", 1},
      {"RETIRED_SSE_AVX_FLOPS:BFLOAT_MAC_FLOPS", "RETIRED_SSE_AVX_FLOPS:BFLOAT_MAC_FLOPS", "flop",
       1},
      {"RETIRED_FP_OPS_BY_WIDTH:SCALAR_UOPS_RETIRED", "RETIRED_FP_OPS_BY_WIDTH:SCALAR_UOPS_RETIRED",
       "count", 0},
      {"RETIRED_FP_OPS_BY_WIDTH:PACK128_UOPS_RETIRED",
       "RETIRED_FP_OPS_BY_WIDTH:PACK128_UOPS_RETIRED", "count", 0},
      {"RETIRED_FP_OPS_BY_WIDTH:PACK256_UOPS_RETIRED",
       "RETIRED_FP_OPS_BY_WIDTH:PACK256_UOPS_RETIRED", "count", 0},
      {"RETIRED_FP_OPS_BY_WIDTH:PACK512_UOPS_RETIRED",
       "RETIRED_FP_OPS_BY_WIDTH:PACK512_UOPS_RETIRED", "count", 0},
  };
  return events;
}

constexpr const char* kFlop = "flop";
constexpr size_t kMaxHardwareEventsPerGroup = 4;

std::string open_error_reason(int error) {
  switch (error) {
    case ENOENT:
      return "perf_event_open: ENOENT (no hardware PMU exposed here, e.g. a VM without vPMU)";
    case EACCES:
    case EPERM:
      return std::string("perf_event_open: ") + std::strerror(error) +
             " (lower kernel.perf_event_paranoid to 2 or less, or grant CAP_PERFMON)";
    case EOPNOTSUPP:
      return "perf_event_open: EOPNOTSUPP (the PMU cannot count this event per thread)";
    default:
      return std::string("perf_event_open: ") + std::strerror(error);
  }
}

std::vector<pid_t> process_threads() {
  std::vector<pid_t> threads;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/task", error)) {
    threads.push_back(static_cast<pid_t>(std::stol(entry.path().filename().string())));
  }
  if (threads.empty()) threads.push_back(0);  // no /proc: the calling thread alone
  return threads;
}

struct ProbedEvent {
  CpuEvent event;
  PfmEncoding encoding;
  CounterAvailability availability;
};

class PerfEventSession : public CounterSession {
 public:
  PerfEventSession(std::vector<ProbedEvent> events, std::vector<std::string> requested)
      : events_(std::move(events)), requested_(std::move(requested)) {
    std::vector<size_t> software;
    std::vector<size_t> hardware;
    for (size_t i = 0; i < events_.size(); ++i) {
      (events_[i].event.software ? software : hardware).push_back(i);
    }
    if (!software.empty()) groups_.push_back(software);
    for (size_t begin = 0; begin < hardware.size(); begin += kMaxHardwareEventsPerGroup) {
      size_t end = std::min(hardware.size(), begin + kMaxHardwareEventsPerGroup);
      groups_.emplace_back(hardware.begin() + static_cast<std::ptrdiff_t>(begin),
                           hardware.begin() + static_cast<std::ptrdiff_t>(end));
    }
  }

  std::vector<CounterValue> measure(const std::function<void()>& workload) override {
    std::vector<std::pair<const std::vector<size_t>*, PerfEventGroup>> opened;
    for (pid_t tid : process_threads()) {
      for (const auto& group : groups_) {
        std::vector<perf_event_attr> attrs;
        for (size_t index : group) attrs.push_back(events_[index].encoding.attr);
        try {
          opened.emplace_back(&group, PerfEventGroup(attrs, tid, inherit_));
        } catch (const std::system_error& e) {
          if (e.code().value() == EINVAL && inherit_) {
            inherit_ = false;  // kernel refuses inherit with PERF_FORMAT_GROUP: see the top
            opened.emplace_back(&group, PerfEventGroup(attrs, tid, inherit_));
          } else if (e.code().value() == ESRCH) {
            break;  // the thread ended between listing and opening: nothing to count
          } else {
            throw std::runtime_error(std::string("perf_event source: ") + e.what());
          }
        }
      }
    }
    for (auto& [group, events] : opened) events.reset_and_enable();
    workload();
    for (auto& [group, events] : opened) events.disable();

    // A thread that slept through the workload never ran its group (time_running 0): it
    // counted nothing. Only an event that ran on no thread at all is unknown (NaN), e.g. a
    // hardware group that never fitted on the PMU.
    std::vector<double> totals(events_.size(), 0.0);
    std::vector<bool> ran(events_.size(), false);
    for (auto& [group, events] : opened) {
      GroupReading reading = events.read();
      if (reading.time_running == 0) continue;
      for (size_t member = 0; member < group->size(); ++member) {
        totals[(*group)[member]] +=
            scale_count(reading.raw[member], reading.time_enabled, reading.time_running);
        ran[(*group)[member]] = true;
      }
    }
    for (size_t i = 0; i < totals.size(); ++i)
      if (!ran[i]) totals[i] = std::numeric_limits<double>::quiet_NaN();
    return values(totals);
  }

 private:
  std::vector<CounterValue> values(const std::vector<double>& totals) const {
    std::map<std::string, CounterValue> by_name;
    double flop = 0;
    for (size_t i = 0; i < events_.size(); ++i) {
      const CpuEvent& event = events_[i].event;
      by_name[event.counter] = {event.counter, totals[i], event.unit, "perf_event", 1};
      flop += totals[i] * event.flop_weight;
    }
    by_name[kFlop] = {kFlop, flop, "flop", "perf_event", 1};
    std::vector<CounterValue> result;
    for (const auto& name : requested_) result.push_back(by_name.at(name));
    return result;
  }

  std::vector<ProbedEvent> events_;
  std::vector<std::string> requested_;
  std::vector<std::vector<size_t>> groups_;
  bool inherit_ = true;
};

class PerfEventSource : public CounterSource {
 public:
  std::string name() const override { return "perf_event"; }
  std::string backend() const override { return "cpu"; }

  std::vector<CounterAvailability> counters() const override {
    std::vector<CounterAvailability> list;
    for (const auto& probed : probed_events()) list.push_back(probed.availability);
    list.push_back(flop_availability());
    return list;
  }

  std::unique_ptr<CounterSession> open(const std::vector<std::string>& names) override {
    const auto& probed = probed_events();
    std::vector<std::string> requested;
    if (names.size() == 1 && names.front() == "auto") {
      for (const auto& counter : counters()) {
        if (counter.available) requested.push_back(counter.name);
      }
    } else {
      requested = names;
    }
    std::set<std::string> needed;
    for (const auto& name : requested) {
      CounterAvailability availability = find(name);
      if (!availability.available) {
        throw UserError("counter '" + name + "' is unavailable: " + availability.reason);
      }
      if (name == kFlop) {
        for (const auto& p : probed) {
          if (p.event.flop_weight > 0) needed.insert(p.event.counter);
        }
      } else {
        needed.insert(name);
      }
    }
    std::vector<ProbedEvent> events;
    for (const auto& p : probed) {
      if (needed.count(p.event.counter)) events.push_back(p);
    }
    return std::make_unique<PerfEventSession>(std::move(events), std::move(requested));
  }

 private:
  CounterAvailability find(const std::string& name) const {
    for (const auto& counter : counters()) {
      if (counter.name == name) return counter;
    }
    std::vector<std::string> valid;
    for (const auto& counter : counters()) valid.push_back(counter.name);
    throw UserError(unknown_name_message("perf_event counter", name, valid));
  }

  CounterAvailability flop_availability() const {
    bool any = false;
    for (const auto& p : probed_events()) {
      if (p.event.flop_weight <= 0) continue;
      any = true;
      if (!p.availability.available) {
        return {kFlop, false, p.event.counter + " " + p.availability.reason};
      }
    }
    if (!any) return {kFlop, false, "libpfm4 knows no floating-point event for this CPU"};
    return {kFlop, true, ""};
  }

  // Encodes and test-opens every event once per process: availability does not change.
  const std::vector<ProbedEvent>& probed_events() const {
    static const std::vector<ProbedEvent> probed = probe_all();
    return probed;
  }

  static std::vector<ProbedEvent> probe_all() {
    std::vector<CpuEvent> events = generic_events();
    const bool intel = encode_pfm_event(intel_fp_events().front().pfm_name).ok;
    const bool amd = encode_pfm_event(amd_fp_events().front().pfm_name).ok;
    if (intel || !amd)
      events.insert(events.end(), intel_fp_events().begin(), intel_fp_events().end());
    if (amd || !intel) events.insert(events.end(), amd_fp_events().begin(), amd_fp_events().end());

    std::vector<ProbedEvent> probed;
    for (const auto& event : events) {
      ProbedEvent p{event, encode_pfm_event(event.pfm_name), {event.counter, false, ""}};
      if (!p.encoding.ok) {
        p.availability.reason = p.encoding.error + " (not an event of this CPU's PMU)";
      } else {
        try {
          PerfEventGroup group({p.encoding.attr}, 0, false);
          p.availability.available = true;
        } catch (const std::system_error& e) {
          p.availability.reason = open_error_reason(e.code().value());
        }
      }
      probed.push_back(std::move(p));
    }
    return probed;
  }
};

}  // namespace

std::unique_ptr<CounterSource> make_perf_event_source() {
  return std::make_unique<PerfEventSource>();
}

}  // namespace moebench
