// A regular expression the user typed (--filter, --kernel): compiled once, and a bad one is a
// usage error (exit 2) that names the option, not an uncaught std::regex_error.
#pragma once

#include <regex>
#include <string>

namespace moebench {

// ECMAScript syntax; an empty pattern matches everything. Throws UserError naming `option`.
std::regex compile_user_regex(const std::string& pattern, const std::string& option);

}  // namespace moebench
