#include "harness/runner/interrupt.h"

#include <unistd.h>
#include <csignal>

namespace moebench {

namespace {

volatile std::sig_atomic_t g_level = 0;

void on_signal(int signal) {
  g_level = g_level + 1;
  if (g_level == 1) {
    static const char kMsg[] =
        "\nmoebench: interrupted: finishing the current point, then writing results "
        "(Ctrl-C again to stop sooner)\n";
    (void)!write(STDERR_FILENO, kMsg, sizeof kMsg - 1);
  } else if (g_level >= 3) {
    std::signal(signal, SIG_DFL);
    std::raise(signal);
  }
}

}  // namespace

void install_interrupt_handlers() {
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

int interrupt_level() { return int(g_level); }
void reset_interrupts() { g_level = 0; }

}  // namespace moebench
