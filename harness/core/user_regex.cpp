#include "harness/core/user_regex.h"

#include "harness/core/error.h"

namespace moebench {

std::regex compile_user_regex(const std::string& pattern, const std::string& option) {
  try {
    return std::regex(pattern.empty() ? std::string(".*") : pattern, std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    throw UserError(option + " '" + pattern + "' is not a valid regular expression: " + e.what());
  }
}

}  // namespace moebench
