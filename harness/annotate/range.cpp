// ScopedRange on NVTX3 (domain "moebench"), roctx, or nothing: the build picks one
// (harness/annotate/CMakeLists.txt). Ranges are pushed and popped on the calling thread, which
// is what nsys and `ncu --nvtx --nvtx-include "moebench@<name>/"` match against.
#include "harness/annotate/range.h"

#include <string_view>

#if defined(MOEBENCH_RANGES_NVTX3)
#include <nvtx3/nvToolsExt.h>
#elif defined(MOEBENCH_RANGES_ROCTX_SDK)
#include <rocprofiler-sdk-roctx/roctx.h>
#elif defined(MOEBENCH_RANGES_ROCTX)
#include <roctracer/roctx.h>
#endif

namespace moebench {
namespace {

// The range's own name: callers may pass the filter form "moebench@<name>" that ncu's
// --nvtx-include uses; the NVTX domain (or roctx's prefix) already says "moebench".
[[maybe_unused]] std::string bare_name(const std::string& name) {
  constexpr std::string_view prefix = "moebench@";
  return name.rfind(prefix, 0) == 0 ? name.substr(prefix.size()) : name;
}

}  // namespace

#if defined(MOEBENCH_RANGES_NVTX3)
namespace {
nvtxDomainHandle_t domain() {
  static nvtxDomainHandle_t handle = nvtxDomainCreateA("moebench");
  return handle;
}
}  // namespace

ScopedRange::ScopedRange(const std::string& name) {
  const std::string range = bare_name(name);
  nvtxEventAttributes_t attributes{};
  attributes.version = NVTX_VERSION;
  attributes.size = NVTX_EVENT_ATTRIB_STRUCT_SIZE;
  attributes.messageType = NVTX_MESSAGE_TYPE_ASCII;
  attributes.message.ascii = range.c_str();
  nvtxDomainRangePushEx(domain(), &attributes);
}
ScopedRange::~ScopedRange() { nvtxDomainRangePop(domain()); }

#elif defined(MOEBENCH_RANGES_ROCTX_SDK) || defined(MOEBENCH_RANGES_ROCTX)
// roctx has no domains: the "moebench@" prefix keeps the names apart in rocprof's output.
ScopedRange::ScopedRange(const std::string& name) {
  roctxRangePushA(("moebench@" + bare_name(name)).c_str());
}
ScopedRange::~ScopedRange() { roctxRangePop(); }

#else
ScopedRange::ScopedRange(const std::string&) {}
ScopedRange::~ScopedRange() = default;
#endif

const char* range_annotation_kind() { return MOEBENCH_RANGES_KIND; }

}  // namespace moebench
