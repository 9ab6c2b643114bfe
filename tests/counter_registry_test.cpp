#include "harness/counters/counter_registry.h"

#include <gtest/gtest.h>

#include "harness/core/error.h"
#include "harness/counters/unavailable_source.h"

namespace moebench {
namespace {

class FakeSource : public CounterSource {
 public:
  FakeSource(std::string name, std::string backend, std::vector<CounterAvailability> counters)
      : name_(std::move(name)), backend_(std::move(backend)), counters_(std::move(counters)) {}
  std::string name() const override { return name_; }
  std::string backend() const override { return backend_; }
  std::vector<CounterAvailability> counters() const override { return counters_; }
  std::unique_ptr<CounterSession> open(const std::vector<std::string>&) override { return {}; }

 private:
  std::string name_, backend_;
  std::vector<CounterAvailability> counters_;
};

CounterRegistry fake_registry() {
  return CounterRegistry({
      [] {
        return std::make_unique<FakeSource>(
            "perf_event", "cpu",
            std::vector<CounterAvailability>{{"task-clock", true, ""},
                                             {"cycles", false, "no PMU (ENOENT)"}});
      },
      [] {
        return std::make_unique<FakeSource>(
            "cupti", "cuda", std::vector<CounterAvailability>{{"dram_bytes", true, ""}});
      },
      [] {
        return std::make_unique<UnavailableSource>("rocprofiler-sdk", "hip",
                                                   std::vector<std::string>{"SQ_WAVES"},
                                                   "built without rocprofiler-sdk");
      },
  });
}

TEST(CounterSelection, ParsesAutoNoneAndLists) {
  EXPECT_EQ(parse_counter_selection("auto").mode, CounterSelection::Mode::automatic);
  EXPECT_EQ(parse_counter_selection("none").mode, CounterSelection::Mode::none);
  auto list = parse_counter_selection("task-clock,cupti");
  EXPECT_EQ(list.mode, CounterSelection::Mode::list);
  EXPECT_EQ(list.names, (std::vector<std::string>{"task-clock", "cupti"}));
  EXPECT_THROW(parse_counter_selection(""), UserError);
  EXPECT_THROW(parse_counter_selection("a,,b"), UserError);
  EXPECT_THROW(parse_counter_selection("a,"), UserError);
}

TEST(CounterRegistry, AutoTakesSourcesWithAnAvailableCounter) {
  auto registry = fake_registry();
  auto cpu = registry.resolve(parse_counter_selection("auto"), "cpu");
  ASSERT_EQ(cpu.size(), 1u);
  EXPECT_EQ(cpu[0].source->name(), "perf_event");
  EXPECT_EQ(cpu[0].names, std::vector<std::string>{"auto"});
  EXPECT_TRUE(registry.resolve(parse_counter_selection("auto"), "hip").empty());
  EXPECT_TRUE(registry.resolve(parse_counter_selection("none"), "cpu").empty());
}

TEST(CounterRegistry, ListsKeepTheirBackendsNamesAndSkipOthers) {
  auto registry = fake_registry();
  auto selection = parse_counter_selection("task-clock,dram_bytes");
  auto cpu = registry.resolve(selection, "cpu");
  ASSERT_EQ(cpu.size(), 1u);
  EXPECT_EQ(cpu[0].names, std::vector<std::string>{"task-clock"});
  auto cuda = registry.resolve(selection, "cuda");
  ASSERT_EQ(cuda.size(), 1u);
  EXPECT_EQ(cuda[0].names, std::vector<std::string>{"dram_bytes"});
  auto by_source = registry.resolve(parse_counter_selection("cupti"), "cuda");
  ASSERT_EQ(by_source.size(), 1u);
  EXPECT_EQ(by_source[0].names, std::vector<std::string>{"auto"});
}

TEST(CounterRegistry, UnknownNamesListValidOnesUnavailableOnesGiveTheReason) {
  auto registry = fake_registry();
  try {
    registry.resolve(parse_counter_selection("task-clokc"), "cpu");
    FAIL();
  } catch (const UserError& e) {
    std::string message = e.what();
    EXPECT_NE(message.find("task-clokc"), std::string::npos);
    EXPECT_NE(message.find("task-clock"), std::string::npos);
    EXPECT_NE(message.find("dram_bytes"), std::string::npos);
  }
  try {
    registry.resolve(parse_counter_selection("cycles"), "cpu");
    FAIL();
  } catch (const UserError& e) {
    EXPECT_NE(std::string(e.what()).find("no PMU (ENOENT)"), std::string::npos);
  }
}

TEST(CounterRegistry, DescribeSaysWhatEachSourceCanCollectAndWhyNot) {
  auto registry = fake_registry();
  std::string text = registry.describe();
  EXPECT_NE(text.find("perf_event (backend cpu)"), std::string::npos) << text;
  EXPECT_NE(text.find("unavailable: no PMU (ENOENT)"), std::string::npos) << text;
  EXPECT_NE(text.find("unavailable: built without rocprofiler-sdk"), std::string::npos) << text;
  EXPECT_NE(text.find("analytic"), std::string::npos) << text;
}

TEST(CounterRegistry, BuiltInSourcesServeEveryBackend) {
  auto& registry = CounterRegistry::instance();
  // cpu: perf_event and callgrind; cuda: cupti; hip: rocprofiler-sdk.
  for (const auto& [backend, sources] :
       std::vector<std::pair<std::string, size_t>>{{"cpu", 2}, {"cuda", 1}, {"hip", 1}}) {
    EXPECT_EQ(registry.sources_for(backend).size(), sources) << backend;
  }
  EXPECT_NE(registry.describe().find("task-clock"), std::string::npos);
  EXPECT_NE(registry.describe().find("Ir"), std::string::npos);
}

}  // namespace
}  // namespace moebench
