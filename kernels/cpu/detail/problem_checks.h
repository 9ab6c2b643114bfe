// Shape and option checks shared by the CPU kernels' unsupported_reason functions.
#pragma once

#include <optional>
#include <string>

#include "kernels/problem.h"

namespace moebench::cpu {

// nullopt when the problem is well formed for op, else what is wrong with it.
std::optional<std::string> problem_error(const Problem& problem, Op op);

}  // namespace moebench::cpu
