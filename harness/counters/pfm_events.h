// Event names to perf_event_attr through libpfm4 (pfm_get_os_event_encoding), and nothing else:
// opening, grouping and reading the events is perf_event_group.h's job.
#pragma once

#include <linux/perf_event.h>

#include <string>

namespace moebench {

struct PfmEncoding {
  bool ok = false;
  perf_event_attr attr{};
  std::string canonical;  // libpfm4's full name: "amd64_fam19h_zen4::RETIRED_SSE_AVX_FLOPS:…"
  std::string error;      // why not: "libpfm4: event not found"
};

// Encodes `name` ("cycles", "perf::task-clock", "RETIRED_SSE_AVX_FLOPS:MAC_FLOPS") for counting at
// user level in this process. Initialises libpfm4 on first use; thread-safe.
PfmEncoding encode_pfm_event(const std::string& name);

}  // namespace moebench
