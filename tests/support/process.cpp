#include "tests/support/process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

namespace moebench::testing {

ProcessResult run_moebench(const std::vector<std::string>& args, double interrupt_after_s) {
  std::vector<std::string> argv = {MOEBENCH_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv, {}, interrupt_after_s);
}

ProcessResult run_process(const std::vector<std::string>& argv_in,
                          const std::vector<std::string>& env, double interrupt_after_s) {
  char out_template[] = "/tmp/moebench-test-out-XXXXXX";
  const int out_fd = mkstemp(out_template);
  std::vector<std::string> argv_storage = argv_in;
  std::vector<char*> argv;
  for (auto& a : argv_storage) argv.push_back(a.data());
  argv.push_back(nullptr);

  const pid_t pid = fork();
  if (pid == 0) {
    dup2(out_fd, STDOUT_FILENO);
    dup2(out_fd, STDERR_FILENO);
    for (const auto& e : env) putenv(const_cast<char*>(e.c_str()));
    execv(argv[0], argv.data());
    _exit(127);
  }
  if (interrupt_after_s > 0) {
    std::this_thread::sleep_for(std::chrono::duration<double>(interrupt_after_s));
    kill(pid, SIGINT);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  ProcessResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  lseek(out_fd, 0, SEEK_SET);
  char buf[4096];
  ssize_t n;
  while ((n = read(out_fd, buf, sizeof buf)) > 0) result.out.append(buf, size_t(n));
  close(out_fd);
  unlink(out_template);
  return result;
}

std::string temp_dir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("moebench-test-" + name + "-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

}  // namespace moebench::testing
