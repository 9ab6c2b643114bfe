// Reading the profile files that valgrind's callgrind writes at each CALLGRIND_DUMP_STATS
// client request. The callgrind counter source (callgrind_source.cpp) asks for a dump after
// every counted repetition and reads its total back here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace moebench {

// The path of the `index`-th dump (1-based) of a run whose --callgrind-out-file is `base`:
// callgrind appends ".<index>" for client-request dumps (the final dump at exit has none).
std::string callgrind_dump_path(const std::string& base, int64_t index);

// The instruction count (event Ir) of one dump: its `summary:` line, else its `totals:` line,
// the first event of which must be Ir (`events: Ir …`). nullopt when the text has neither or
// the events do not start with Ir (e.g. a run with --collect-systime or another tool).
std::optional<double> callgrind_dump_instructions(const std::string& text);

}  // namespace moebench
