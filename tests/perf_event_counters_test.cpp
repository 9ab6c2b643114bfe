// perf_event source: software events go through the whole group/read/scale path on any Linux;
// hardware events are either counted (a PMU is there) or unavailable with a reason (this VM).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <ctime>
#include <thread>
#include <vector>

#include "harness/core/error.h"
#include "harness/counters/perf_event_group.h"
#include "harness/counters/pfm_events.h"
#include "harness/counters/sources.h"

namespace moebench {
namespace {

// Busy work a compiler cannot drop, until the calling thread has used `ms` of CPU time (CPU
// time, not wall time: the machine is shared and a thread may wait for a core).
void spin_for(std::chrono::milliseconds ms) {
  auto cpu_now = [] {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec);
  };
  volatile double sink = 0;
  const auto end = cpu_now() + ms;
  while (cpu_now() < end) {
    for (int i = 0; i < 1000; ++i) sink = sink + i;
  }
}

const CounterAvailability* find(const std::vector<CounterAvailability>& list,
                                const std::string& name) {
  for (const auto& counter : list) {
    if (counter.name == name) return &counter;
  }
  return nullptr;
}

TEST(PerfEventScale, ScalesByEnabledOverRunning) {
  EXPECT_DOUBLE_EQ(scale_count(100, 1000, 1000), 100);
  EXPECT_DOUBLE_EQ(scale_count(100, 1000, 250), 400);  // on the PMU a quarter of the time
  EXPECT_TRUE(std::isnan(scale_count(100, 1000, 0)));  // never scheduled: no estimate
}

TEST(PfmEvents, EncodesSoftwareEventsAndRejectsUnknownNames) {
  PfmEncoding task_clock = encode_pfm_event("perf::PERF_COUNT_SW_TASK_CLOCK");
  ASSERT_TRUE(task_clock.ok) << task_clock.error;
  EXPECT_EQ(task_clock.attr.type, static_cast<uint32_t>(PERF_TYPE_SOFTWARE));
  EXPECT_EQ(task_clock.attr.config, static_cast<uint64_t>(PERF_COUNT_SW_TASK_CLOCK));
  PfmEncoding bogus = encode_pfm_event("NO_SUCH_EVENT_ANYWHERE");
  EXPECT_FALSE(bogus.ok);
  EXPECT_NE(bogus.error.find("libpfm4"), std::string::npos);
}

TEST(PerfEventGroup, ReadsAGroupOfSoftwareEvents) {
  auto clock = encode_pfm_event("perf::PERF_COUNT_SW_TASK_CLOCK");
  auto faults = encode_pfm_event("perf::PERF_COUNT_SW_PAGE_FAULTS");
  ASSERT_TRUE(clock.ok && faults.ok);
  PerfEventGroup group({clock.attr, faults.attr}, 0, true);
  group.reset_and_enable();
  spin_for(std::chrono::milliseconds(30));
  std::vector<char> touched(8 << 20, 1);  // fresh pages: page faults
  group.disable();
  GroupReading reading = group.read();
  ASSERT_EQ(reading.raw.size(), 2u);
  EXPECT_GE(reading.raw[0], 20'000'000u);  // ≥ 20 ms of task clock
  EXPECT_GT(reading.raw[1], 100u);         // 8 MiB touched: thousands of 4 KiB faults
  EXPECT_GT(reading.time_enabled, 0u);
  EXPECT_LE(reading.time_running, reading.time_enabled);
  EXPECT_EQ(touched[123], 1);
}

TEST(PerfEventSource, SoftwareCountersAreAvailableHardwareOnesSayWhyNot) {
  auto source = make_perf_event_source();
  EXPECT_EQ(source->backend(), "cpu");
  auto counters = source->counters();
  for (const char* name : {"task-clock", "page-faults", "context-switches"}) {
    const auto* counter = find(counters, name);
    ASSERT_NE(counter, nullptr) << name;
    EXPECT_TRUE(counter->available) << name << ": " << counter->reason;
  }
  for (const char* name : {"cycles", "instructions", "flop"}) {
    const auto* counter = find(counters, name);
    ASSERT_NE(counter, nullptr) << name;
    EXPECT_TRUE(counter->available || !counter->reason.empty()) << name;
  }
}

TEST(PerfEventSource, CountsTheWholeProcessIncludingThreadsThatAlreadyExist) {
  auto source = make_perf_event_source();
  auto session = source->open({"task-clock", "context-switches"});
  // A thread that exists before the session opens (like an OpenMP pool) and works only while
  // the workload runs: inherit alone would miss it.
  std::atomic<int> phase{0};
  std::thread pool_thread([&] {
    while (phase.load() == 0) std::this_thread::yield();
    if (phase.load() == 1) spin_for(std::chrono::milliseconds(60));
    phase.store(3);
  });
  auto values = session->measure([&] {
    phase.store(1);
    while (phase.load() != 3) std::this_thread::yield();
  });
  pool_thread.join();
  ASSERT_EQ(values.size(), 2u);
  EXPECT_EQ(values[0].name, "task-clock");
  EXPECT_EQ(values[0].unit, "ns");
  EXPECT_EQ(values[0].source, "perf_event");
  EXPECT_EQ(values[0].passes, 1);
  // The other thread spun 60 ms and the caller yielded all that time: > 50 ms in total.
  EXPECT_GT(values[0].value, 50e6);
  EXPECT_GE(values[1].value, 0);
}

TEST(PerfEventSource, ThreadsThatSleepThroughTheWorkloadCountNothingRatherThanNaN) {
  // An idle OpenMP pool thread never runs while the workload does: its group reads
  // time_running 0. That must add zero, not turn the process total into NaN.
  std::atomic<bool> done{false};
  std::thread sleeper([&] {
    while (!done.load()) std::this_thread::sleep_for(std::chrono::milliseconds(200));
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));  // let it block in its sleep
  auto session = make_perf_event_source()->open({"task-clock", "page-faults"});
  auto values = session->measure([] { spin_for(std::chrono::milliseconds(30)); });
  done.store(true);
  sleeper.join();
  ASSERT_EQ(values.size(), 2u);
  EXPECT_TRUE(std::isfinite(values[0].value));
  EXPECT_GT(values[0].value, 20e6);
  EXPECT_TRUE(std::isfinite(values[1].value));
}

TEST(PerfEventSource, CountsThreadsCreatedDuringTheWorkload) {
  auto session = make_perf_event_source()->open({"task-clock"});
  auto values = session->measure([] {
    std::thread a([] { spin_for(std::chrono::milliseconds(40)); });
    std::thread b([] { spin_for(std::chrono::milliseconds(40)); });
    a.join();
    b.join();
  });
  EXPECT_GT(values.at(0).value, 60e6);  // two threads × 40 ms
}

TEST(PerfEventSource, AutoOpensEveryAvailableCounter) {
  auto source = make_perf_event_source();
  size_t available = 0;
  for (const auto& counter : source->counters()) available += counter.available;
  auto values = source->open({"auto"})->measure([] { spin_for(std::chrono::milliseconds(5)); });
  EXPECT_EQ(values.size(), available);
}

TEST(PerfEventSource, UnknownAndUnavailableNamesAreUserErrors) {
  auto source = make_perf_event_source();
  try {
    source->open({"no-such-counter"});
    FAIL() << "expected UserError";
  } catch (const UserError& e) {
    EXPECT_NE(std::string(e.what()).find("task-clock"), std::string::npos) << e.what();
  }
  for (const auto& counter : source->counters()) {
    if (counter.available) continue;
    try {
      source->open({counter.name});
      FAIL() << "expected UserError for " << counter.name;
    } catch (const UserError& e) {
      EXPECT_NE(std::string(e.what()).find(counter.reason), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace moebench
