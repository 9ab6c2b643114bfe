// CUPTI results as messages a user can act on. The ones a user can fix (no permission, MIG,
// vGPU, another profiler attached) are UserError with the fix; the rest std::runtime_error.
#pragma once

#include <cupti_result.h>

#include <string>

namespace moebench {

// "CUPTI_ERROR_INSUFFICIENT_PRIVILEGES: no permission to read GPU counters (ERR_NVGPUCTRPERM) …"
std::string cupti_error_message(CUptiResult result, const std::string& call);
bool cupti_error_is_user_fixable(CUptiResult result);
// Throws when result != CUPTI_SUCCESS.
void check_cupti(CUptiResult result, const char* call);

}  // namespace moebench
