// No-op ranges until a tracing backend (NVTX3, roctx) is built in.
#include "harness/annotate/range.h"

namespace moebench {

ScopedRange::ScopedRange(const std::string&) {}
ScopedRange::~ScopedRange() = default;

}  // namespace moebench
