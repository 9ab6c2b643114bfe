// rocprofiler-sdk counter source (AMD, ROCm >= 6.2): the dispatch counting service. Compiled only
// when CMake finds rocprofiler-sdk; it was NOT compiled or run in the session that wrote it (no
// ROCm on the dev VM, no AMD GPU lent): written against rocprofiler-sdk's public headers
// (dispatch_counting_service.h, counters.h, profile_config.h, registration.h), with the names of
// ROCm 6.2-6.4 (rocprofiler_profile_config_id_t, rocprofiler_record_counter_t,
// rocprofiler_create_profile_config), which ROCm 7 keeps as deprecated aliases of its
// rocprofiler_counter_config_* names.
//
// How it works: rocprofiler-sdk accepts contexts only while a tool is being configured, so the
// source registers itself with rocprofiler_force_configure() on first use (before HIP's first
// call, i.e. before any HIP point runs: the registry creates sources early). Its dispatch
// callback hands the current pass's profile config to every kernel dispatched while a session is
// measuring, and the record callback sums the counter records (all dimensions/instances) per
// counter. A set of counters that does not fit one pass is split into several configs, one pass
// (one run of the workload) each: user replay, like CUPTI.
#include <rocprofiler-sdk/registration.h>
#include <rocprofiler-sdk/rocprofiler.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <stdexcept>
#include <unordered_map>

#include "harness/core/error.h"
#include "harness/counters/rocprofiler_counters.h"
#include "harness/counters/sources.h"

namespace moebench {
namespace {

void check(rocprofiler_status_t status, const char* call) {
  if (status != ROCPROFILER_STATUS_SUCCESS) {
    throw std::runtime_error(std::string(call) +
                             " failed: " + rocprofiler_get_status_string(status));
  }
}

struct ToolState {
  rocprofiler_context_id_t context{};
  std::string configure_error;
  std::vector<rocprofiler_agent_id_t> gpu_agents;
  // name -> counter id, per agent
  std::map<uint64_t, std::map<std::string, rocprofiler_counter_id_t>> counters;

  std::mutex mutex;
  std::atomic<bool> measuring{false};
  std::unordered_map<uint64_t, rocprofiler_profile_config_id_t> pass_config;  // agent -> config
  std::map<uint64_t, double> totals;  // counter id handle -> sum
};

ToolState& state() {
  static ToolState s;
  return s;
}

void dispatch_callback(rocprofiler_dispatch_counting_service_data_t dispatch,
                       rocprofiler_profile_config_id_t* config, rocprofiler_user_data_t*, void*) {
  ToolState& s = state();
  if (!s.measuring.load()) return;  // no config: the dispatch is not counted
  std::lock_guard lock(s.mutex);
  auto it = s.pass_config.find(dispatch.dispatch_info.agent_id.handle);
  if (it != s.pass_config.end()) *config = it->second;
}

void record_callback(rocprofiler_dispatch_counting_service_data_t,
                     rocprofiler_record_counter_t* records, size_t count, rocprofiler_user_data_t,
                     void*) {
  ToolState& s = state();
  std::lock_guard lock(s.mutex);
  for (size_t i = 0; i < count; ++i) {
    rocprofiler_counter_id_t counter{};
    if (rocprofiler_query_record_counter_id(records[i].id, &counter) ==
        ROCPROFILER_STATUS_SUCCESS) {
      s.totals[counter.handle] += records[i].counter_value;
    }
  }
}

int tool_initialize(rocprofiler_client_finalize_t, void*) {
  ToolState& s = state();
  try {
    check(rocprofiler_query_available_agents(
              ROCPROFILER_AGENT_INFO_VERSION_0,
              [](rocprofiler_agent_version_t, const void** agents, size_t count, void* data) {
                auto* out = static_cast<std::vector<rocprofiler_agent_id_t>*>(data);
                for (size_t i = 0; i < count; ++i) {
                  const auto* agent = static_cast<const rocprofiler_agent_t*>(agents[i]);
                  if (agent->type == ROCPROFILER_AGENT_TYPE_GPU) out->push_back(agent->id);
                }
                return ROCPROFILER_STATUS_SUCCESS;
              },
              sizeof(rocprofiler_agent_t), &s.gpu_agents),
          "rocprofiler_query_available_agents");
    for (auto agent : s.gpu_agents) {
      check(rocprofiler_iterate_agent_supported_counters(
                agent,
                [](rocprofiler_agent_id_t id, rocprofiler_counter_id_t* ids, size_t count,
                   void* data) {
                  auto& map = (*static_cast<decltype(ToolState::counters)*>(data))[id.handle];
                  for (size_t i = 0; i < count; ++i) {
                    rocprofiler_counter_info_v0_t info{};
                    if (rocprofiler_query_counter_info(ids[i], ROCPROFILER_COUNTER_INFO_VERSION_0,
                                                       &info) == ROCPROFILER_STATUS_SUCCESS) {
                      map[info.name] = ids[i];
                    }
                  }
                  return ROCPROFILER_STATUS_SUCCESS;
                },
                &s.counters),
            "rocprofiler_iterate_agent_supported_counters");
    }
    check(rocprofiler_create_context(&s.context), "rocprofiler_create_context");
    check(rocprofiler_configure_callback_dispatch_counting_service(
              s.context, dispatch_callback, nullptr, record_callback, nullptr),
          "rocprofiler_configure_callback_dispatch_counting_service");
    check(rocprofiler_start_context(s.context), "rocprofiler_start_context");
  } catch (const std::exception& e) {
    s.configure_error = e.what();
  }
  return 0;
}

rocprofiler_tool_configure_result_t* configure(uint32_t, const char*, uint32_t,
                                               rocprofiler_client_id_t* id) {
  id->name = "moebench";
  static rocprofiler_tool_configure_result_t result{sizeof(rocprofiler_tool_configure_result_t),
                                                    &tool_initialize, nullptr, nullptr};
  return &result;
}

std::string ensure_configured() {
  static const std::string error = [] {
    rocprofiler_status_t status = rocprofiler_force_configure(&configure);
    if (status != ROCPROFILER_STATUS_SUCCESS) {
      return std::string("rocprofiler_force_configure: ") + rocprofiler_get_status_string(status) +
             " (HIP was initialised before the counter source, or another tool is loaded)";
    }
    if (state().gpu_agents.empty()) return std::string("no AMD GPU agent");
    return state().configure_error;
  }();
  return error;
}

class RocprofilerSession : public CounterSession {
 public:
  // One config list per pass; each config covers every GPU agent.
  RocprofilerSession(std::vector<std::string> hardware, std::vector<std::string> requested)
      : hardware_(std::move(hardware)), requested_(std::move(requested)) {
    ToolState& s = state();
    std::vector<std::string> pending = hardware_;
    while (!pending.empty()) {
      // Greedy packing: grow a pass until the agent refuses the set (exceeds the hardware).
      std::vector<std::string> pass;
      std::unordered_map<uint64_t, rocprofiler_profile_config_id_t> configs;
      for (auto it = pending.begin(); it != pending.end();) {
        std::vector<std::string> candidate = pass;
        candidate.push_back(*it);
        auto attempt = make_configs(candidate);
        if (attempt.empty() && !pass.empty()) {
          ++it;
          continue;
        }
        if (attempt.empty()) throw std::runtime_error("rocprofiler-sdk cannot collect " + *it);
        configs = attempt;
        pass = candidate;
        it = pending.erase(it);
      }
      passes_.push_back(configs);
    }
    (void)s;
  }

  std::vector<CounterValue> measure(const std::function<void()>& workload) override {
    ToolState& s = state();
    {
      std::lock_guard lock(s.mutex);
      s.totals.clear();
    }
    for (const auto& configs : passes_) {
      {
        std::lock_guard lock(s.mutex);
        s.pass_config = configs;
      }
      s.measuring = true;
      workload();  // synchronises its device: every record callback has arrived
      s.measuring = false;
    }
    std::map<std::string, double> by_name;
    {
      std::lock_guard lock(s.mutex);
      for (const auto& [agent, counters] : s.counters) {
        for (const auto& name : hardware_) {
          auto it = counters.find(name);
          if (it != counters.end()) by_name[name] += s.totals[it->second.handle];
        }
      }
    }
    double mfma_mops =
        by_name["SQ_INSTS_VALU_MFMA_MOPS_F16"] + by_name["SQ_INSTS_VALU_MFMA_MOPS_BF16"] +
        by_name["SQ_INSTS_VALU_MFMA_MOPS_F32"] + by_name["SQ_INSTS_VALU_MFMA_MOPS_F64"];
    by_name["flop"] = 512.0 * mfma_mops;
    by_name["dram_bytes"] = 1024.0 * (by_name["FETCH_SIZE"] + by_name["WRITE_SIZE"]);
    const int passes = static_cast<int>(passes_.size());
    std::vector<CounterValue> values;
    for (const auto& name : requested_) {
      std::string unit = name == "flop"                                 ? "flop"
                         : name == "dram_bytes"                         ? "bytes"
                         : name == "FETCH_SIZE" || name == "WRITE_SIZE" ? "KiB"
                         : name == "GRBM_GUI_ACTIVE"                    ? "cycles"
                                                                        : "count";
      values.push_back({name, by_name[name], unit, "rocprofiler-sdk", passes});
    }
    return values;
  }

 private:
  static std::unordered_map<uint64_t, rocprofiler_profile_config_id_t> make_configs(
      const std::vector<std::string>& names) {
    std::unordered_map<uint64_t, rocprofiler_profile_config_id_t> configs;
    for (auto agent : state().gpu_agents) {
      std::vector<rocprofiler_counter_id_t> ids;
      for (const auto& name : names) ids.push_back(state().counters[agent.handle].at(name));
      rocprofiler_profile_config_id_t config{};
      if (rocprofiler_create_profile_config(agent, ids.data(), ids.size(), &config) !=
          ROCPROFILER_STATUS_SUCCESS) {
        return {};
      }
      configs[agent.handle] = config;
    }
    return configs;
  }

  std::vector<std::string> hardware_;
  std::vector<std::string> requested_;
  std::vector<std::unordered_map<uint64_t, rocprofiler_profile_config_id_t>> passes_;
};

class RocprofilerSource : public CounterSource {
 public:
  RocprofilerSource() { error_ = ensure_configured(); }
  std::string name() const override { return "rocprofiler-sdk"; }
  std::string backend() const override { return "hip"; }

  std::vector<CounterAvailability> counters() const override {
    std::vector<CounterAvailability> list;
    for (const auto& name : rocprofiler_counter_names()) {
      list.push_back(
          {name, error_.empty() && missing(name).empty(), error_.empty() ? missing(name) : error_});
    }
    return list;
  }

  std::unique_ptr<CounterSession> open(const std::vector<std::string>& names) override {
    if (!error_.empty()) throw UserError("rocprofiler-sdk counters are unavailable: " + error_);
    std::vector<std::string> requested = names;
    if (names.size() == 1 && names.front() == "auto") {
      requested.clear();
      for (const auto& c : counters()) {
        if (c.available) requested.push_back(c.name);
      }
    }
    std::vector<std::string> hardware;
    for (const auto& name : requested) {
      if (std::string why = missing(name); !why.empty()) {
        throw UserError("counter '" + name + "' is unavailable: " + why);
      }
      if (name == "flop") {
        for (const char* mops : {"SQ_INSTS_VALU_MFMA_MOPS_F16", "SQ_INSTS_VALU_MFMA_MOPS_BF16",
                                 "SQ_INSTS_VALU_MFMA_MOPS_F32", "SQ_INSTS_VALU_MFMA_MOPS_F64"}) {
          hardware.push_back(mops);
        }
      } else if (name == "dram_bytes") {
        hardware.push_back("FETCH_SIZE");
        hardware.push_back("WRITE_SIZE");
      } else {
        hardware.push_back(name);
      }
    }
    std::sort(hardware.begin(), hardware.end());
    hardware.erase(std::unique(hardware.begin(), hardware.end()), hardware.end());
    return std::make_unique<RocprofilerSession>(std::move(hardware), std::move(requested));
  }

 private:
  // Why an agent cannot give `name` ("" when every GPU agent has it).
  std::string missing(const std::string& name) const {
    std::vector<std::string> needed = {name};
    if (name == "flop") {
      needed = {"SQ_INSTS_VALU_MFMA_MOPS_F16", "SQ_INSTS_VALU_MFMA_MOPS_BF16",
                "SQ_INSTS_VALU_MFMA_MOPS_F32", "SQ_INSTS_VALU_MFMA_MOPS_F64"};
    } else if (name == "dram_bytes") {
      needed = {"FETCH_SIZE", "WRITE_SIZE"};
    }
    for (const auto& [agent, counters] : state().counters) {
      for (const auto& n : needed) {
        if (!counters.count(n)) return "this GPU has no counter " + n;
      }
    }
    return "";
  }

  std::string error_;
};

}  // namespace

std::unique_ptr<CounterSource> make_rocprofiler_source() {
  return std::make_unique<RocprofilerSource>();
}

}  // namespace moebench
