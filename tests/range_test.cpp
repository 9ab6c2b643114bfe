#include "harness/annotate/range.h"

#include <gtest/gtest.h>

#include <string>

namespace moebench {
namespace {

TEST(ScopedRange, NestsWithoutAProfilerAttached) {
  // Without nsys/ncu the NVTX3 calls go to no injection library: they must be harmless.
  {
    ScopedRange point("moe/moe/cpu.reference/tokens=8");
    ScopedRange stage("router");
  }
  const std::string kind = range_annotation_kind();
  EXPECT_TRUE(kind == "nvtx3" || kind == "roctx" || kind == "none") << kind;
#ifdef MOEBENCH_HAVE_CUPTI
  EXPECT_EQ(kind, "nvtx3");  // a CUDA toolkit is in the build: NVTX3 comes with it
#endif
}

}  // namespace
}  // namespace moebench
