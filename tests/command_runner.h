// Test helper: runs a registered moebench subcommand as main() would (UserError -> exit 2).
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "harness/cli/command.h"
#include "harness/core/error.h"

namespace moebench::testing {

inline int run_command(const std::string& name, std::vector<std::string> args,
                       std::string* error = nullptr) {
  for (const auto& factory : CommandRegistry::instance().factories()) {
    auto command = factory();
    if (command->name() != name) continue;
    CLI::App app(command->description(), name);
    command->configure(app);
    std::reverse(args.begin(), args.end());  // CLI11 parses a reversed vector
    try {
      app.parse(args);
      return command->execute();
    } catch (const CLI::ParseError& e) {
      if (error) *error = e.what();
      return 2;
    } catch (const UserError& e) {
      if (error) *error = e.what();
      return 2;
    }
  }
  if (error) *error = "no command " + name;
  return -1;
}

}  // namespace moebench::testing
