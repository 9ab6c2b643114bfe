// Whether this process runs under a dynamic-instrumentation tool, whose times are the tool's and
// not the machine's: a run records it (moebench.instrumented, docs/results-schema.md) so that
// `moebench compare` does not take such times for the machine's.
#pragma once

#include <string>

namespace moebench {

// "valgrind" under valgrind (any tool), else empty. Implemented in callgrind_source.cpp.
std::string instrumented_by();

}  // namespace moebench
