#include "harness/counters/pfm_events.h"

#include <perfmon/pfmlib_perf_event.h>

#include <cstdlib>
#include <mutex>

namespace moebench {
namespace {

int initialise_pfm() {
  static const int status = pfm_initialize();
  return status;
}

}  // namespace

PfmEncoding encode_pfm_event(const std::string& name) {
  PfmEncoding result;
  if (int status = initialise_pfm(); status != PFM_SUCCESS) {
    result.error = std::string("libpfm4 initialisation failed: ") + pfm_strerror(status);
    return result;
  }
  // libpfm4's encoder keeps no state between calls, but its PMU tables are shared: serialise.
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  pfm_perf_encode_arg_t arg{};
  arg.size = sizeof(arg);
  arg.attr = &result.attr;
  char* full_name = nullptr;
  arg.fstr = &full_name;
  // PFM_PLM3: user level only. The kernel's share of a point is not the kernel's work, and
  // perf_event_paranoid=2 (Debian's default) refuses kernel-level counting anyway.
  int status = pfm_get_os_event_encoding(name.c_str(), PFM_PLM3, PFM_OS_PERF_EVENT_EXT, &arg);
  if (status != PFM_SUCCESS) {
    result.error = std::string("libpfm4: ") + pfm_strerror(status);
    return result;
  }
  result.ok = true;
  result.attr.size = sizeof(perf_event_attr);
  if (full_name) {
    result.canonical = full_name;
    std::free(full_name);
  }
  return result;
}

}  // namespace moebench
