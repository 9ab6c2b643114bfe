// A moebench subcommand (run, list, compare, report…): one file each, registered with
// MOEBENCH_REGISTER_COMMAND, so adding a subcommand edits nothing else.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace moebench {

class Command {
 public:
  virtual ~Command() = default;
  virtual std::string name() const = 0;
  virtual std::string description() const = 0;
  // Declares the subcommand's options on `app` (the subcommand's own CLI::App).
  virtual void configure(CLI::App& app) = 0;
  // Runs after a successful parse; the return value is the process exit code
  // (0 ok, 1 the command's own failure such as a regression, 2 unusable input).
  virtual int execute() = 0;
};

class CommandRegistry {
 public:
  static CommandRegistry& instance();
  void add(std::function<std::unique_ptr<Command>()> factory) {
    factories_.push_back(std::move(factory));
  }
  const std::vector<std::function<std::unique_ptr<Command>()>>& factories() const {
    return factories_;
  }

 private:
  std::vector<std::function<std::unique_ptr<Command>()>> factories_;
};

// argv as the process got it (recorded in results files).
void set_process_arguments(int argc, char** argv);
const std::vector<std::string>& process_arguments();

namespace detail {
struct CommandRegistrar {
  explicit CommandRegistrar(std::function<std::unique_ptr<Command>()> factory) {
    CommandRegistry::instance().add(std::move(factory));
  }
};
}  // namespace detail

#define MOEBENCH_REGISTER_COMMAND(CommandClass)                                                \
  static const ::moebench::detail::CommandRegistrar MOEBENCH_COMMAND_REGISTRAR_##CommandClass( \
      [] { return std::make_unique<CommandClass>(); })

}  // namespace moebench
