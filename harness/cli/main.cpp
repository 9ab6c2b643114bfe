// moebench's entry point: dispatches to the registered subcommands; `run` is the default, so
// `moebench --suite all` works.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "harness/cli/command.h"
#include "harness/core/error.h"

namespace {

// True when argv names no subcommand and is not a top-level help/version request: then the
// arguments belong to `run`.
bool needs_default_command(int argc, char** argv, const std::vector<std::string>& commands) {
  if (argc < 2) return true;
  const std::string first = argv[1];
  if (first == "-h" || first == "--help" || first == "--version") return false;
  for (const auto& c : commands)
    if (c == first) return false;
  return first.rfind("-", 0) == 0;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace moebench;
  set_process_arguments(argc, argv);
  CLI::App app{
      "moebench: dense vs Mixture-of-Experts kernels, measured against the hardware's "
      "limits.\nWithout a subcommand, the arguments go to `run`."};
  app.set_version_flag("--version", MOEBENCH_VERSION);
  app.require_subcommand(0, 1);

  std::vector<std::unique_ptr<Command>> commands;
  std::vector<std::pair<CLI::App*, Command*>> subcommands;
  std::vector<std::string> names;
  for (const auto& factory : CommandRegistry::instance().factories()) {
    commands.push_back(factory());
    Command* command = commands.back().get();
    CLI::App* sub = app.add_subcommand(command->name(), command->description());
    command->configure(*sub);
    subcommands.emplace_back(sub, command);
    names.push_back(command->name());
  }

  std::vector<std::string> args(argv + 1, argv + argc);
  if (needs_default_command(argc, argv, names)) args.insert(args.begin(), "run");
  std::reverse(args.begin(), args.end());  // CLI11 takes a reversed vector

  try {
    app.parse(args);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;  // help and version exit 0; every usage error exits 2
  }
  try {
    for (auto& [sub, command] : subcommands)
      if (sub->parsed()) return command->execute();
    std::fputs(app.help().c_str(), stdout);
    return 0;
  } catch (const UserError& e) {
    std::fprintf(stderr, "moebench: error: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "moebench: internal error: %s\n", e.what());
    return 3;
  }
}
