// Shape and option checks shared by the CPU kernels' unsupported_reason functions.
#pragma once

#include <optional>
#include <string>

#include "kernels/problem.h"

namespace moebench::cpu {

// nullopt when the problem is well formed for op, else what is wrong with it. The planner asks
// before any data exists, so the data is checked only when it is set.
std::optional<std::string> problem_error(const Problem& problem, Op op);
// For create(): throws UserError when problem_error finds something or the data is missing.
void require_runnable(const Problem& problem, Op op);

}  // namespace moebench::cpu
