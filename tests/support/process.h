// Runs the moebench executable from tests and captures what it printed.
#pragma once

#include <string>
#include <vector>

namespace moebench::testing {

struct ProcessResult {
  int exit_code = -1;  // 128 + signal when killed by a signal
  std::string out;     // stdout and stderr together
};

// Runs MOEBENCH_BINARY with `args`. interrupt_after_s > 0 sends SIGINT after that many seconds.
ProcessResult run_moebench(const std::vector<std::string>& args, double interrupt_after_s = 0);
// Runs argv[0] (a path) with the rest as its arguments and `env` ("NAME=value") added to the
// environment.
ProcessResult run_process(const std::vector<std::string>& argv,
                          const std::vector<std::string>& env = {}, double interrupt_after_s = 0);
std::string temp_dir(const std::string& name);  // a fresh folder under the test temp dir

}  // namespace moebench::testing
