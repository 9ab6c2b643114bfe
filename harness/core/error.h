// The one exception type moebench throws for problems a user can fix (bad input, missing file).
// The CLI prints its message without a stack of internals and exits with code 2.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace moebench {

class UserError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// "unknown suite 'x' (valid: a, b, c)": every lookup by name reports the valid choices.
std::string unknown_name_message(const std::string& what, const std::string& given,
                                 const std::vector<std::string>& valid);

}  // namespace moebench
