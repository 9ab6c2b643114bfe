#include "harness/cli/command.h"

namespace moebench {

CommandRegistry& CommandRegistry::instance() {
  static CommandRegistry registry;
  return registry;
}

namespace {
std::vector<std::string>& arguments() {
  static std::vector<std::string> args;
  return args;
}
}  // namespace

void set_process_arguments(int argc, char** argv) { arguments().assign(argv, argv + argc); }
const std::vector<std::string>& process_arguments() { return arguments(); }

}  // namespace moebench
