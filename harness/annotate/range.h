// Named ranges around every point and stage, for nsys/ncu (NVTX3, domain "moebench") and
// rocprof (roctx). A no-op where neither is built.
#pragma once

#include <string>

namespace moebench {

class ScopedRange {
 public:
  explicit ScopedRange(const std::string& name);
  ~ScopedRange();
  ScopedRange(const ScopedRange&) = delete;
  ScopedRange& operator=(const ScopedRange&) = delete;
};

// What ScopedRange emits in this build: "nvtx3", "roctx" or "none".
const char* range_annotation_kind();

}  // namespace moebench
