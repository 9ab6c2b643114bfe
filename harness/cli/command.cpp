#include "harness/cli/command.h"

namespace moebench {

CommandRegistry& CommandRegistry::instance() {
  static CommandRegistry registry;
  return registry;
}

}  // namespace moebench
