#include "harness/core/error.h"

namespace moebench {

std::string unknown_name_message(const std::string& what, const std::string& given,
                                 const std::vector<std::string>& valid) {
  std::string msg = "unknown " + what + " '" + given + "' (valid: ";
  for (size_t i = 0; i < valid.size(); ++i) msg += (i ? ", " : "") + valid[i];
  return msg + ")";
}

}  // namespace moebench
