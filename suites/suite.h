// A suite says what to measure: it turns the preset and --axis overrides into workloads.
// Suites register themselves (MOEBENCH_REGISTER_SUITE); adding one edits nothing else.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "harness/sweep/axis.h"
#include "suites/common/model_config.h"
#include "suites/workload.h"

namespace moebench {

enum class Preset { smoke, quick, full };
Preset parse_preset(const std::string& name);  // UserError listing valid names
std::string to_string(Preset p);

struct SuiteContext {
  Preset preset = Preset::quick;
  const AxisOverrides* overrides = nullptr;
  const std::vector<ModelConfig>* models = nullptr;
  std::string backend;  // workloads are made per backend
  int default_threads = 1;
  uint64_t seed = 0;
};

class Suite {
 public:
  virtual ~Suite() = default;
  virtual std::string name() const = 0;
  virtual std::string description() const = 0;
  // Axes this suite sweeps (for `moebench list` and to warn about overrides nobody uses).
  virtual std::vector<std::string> axes() const = 0;
  virtual std::vector<Workload> workloads(const SuiteContext& context) const = 0;
};

class SuiteRegistry {
 public:
  static SuiteRegistry& instance();
  void add(std::unique_ptr<Suite> suite) { suites_.push_back(std::move(suite)); }
  const std::vector<std::unique_ptr<Suite>>& all() const { return suites_; }
  std::vector<std::string> names() const;
  // "dense,moe" or "all" → suites in registry order; UserError on unknown names.
  std::vector<const Suite*> select(const std::string& list) const;

 private:
  std::vector<std::unique_ptr<Suite>> suites_;
};

namespace detail {
struct SuiteRegistrar {
  explicit SuiteRegistrar(std::unique_ptr<Suite> suite) {
    SuiteRegistry::instance().add(std::move(suite));
  }
};
}  // namespace detail

#define MOEBENCH_REGISTER_SUITE(SuiteClass)                                     \
  static const ::moebench::detail::SuiteRegistrar suite_registrar_##SuiteClass( \
      std::make_unique<SuiteClass>())

}  // namespace moebench
