#include "harness/runner/progress.h"

#include <unistd.h>

#include <cmath>
#include <cstdio>

namespace moebench {

std::string format_duration(double s) {
  char buf[64];
  if (s < 1e-6)
    std::snprintf(buf, sizeof buf, "%.0f ns", s * 1e9);
  else if (s < 1e-3)
    std::snprintf(buf, sizeof buf, "%.2f us", s * 1e6);
  else if (s < 1)
    std::snprintf(buf, sizeof buf, "%.2f ms", s * 1e3);
  else if (s < 60)
    std::snprintf(buf, sizeof buf, "%.2f s", s);
  else
    std::snprintf(buf, sizeof buf, "%dm%02ds", int(s) / 60, int(s) % 60);
  return buf;
}

Progress::Progress(size_t total, bool interactive)
    : total_(total), interactive_(interactive), start_(std::chrono::steady_clock::now()) {}

bool Progress::stderr_is_terminal() { return isatty(STDERR_FILENO) == 1; }

double Progress::eta_seconds() const {
  if (done_ == 0) return NAN;
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  return elapsed / double(done_) * double(total_ - done_);
}

void Progress::begin(size_t index, const std::string& name) {
  current_ = name;
  if (!interactive_) return;
  constexpr int kWidth = 24;
  const int filled = total_ ? int(double(index) / double(total_) * kWidth) : 0;
  std::string bar(size_t(filled), '#');
  bar += std::string(size_t(kWidth - filled), '.');
  const double eta = eta_seconds();
  const std::string eta_text = std::isnan(eta) ? "--" : format_duration(eta);
  std::string shown = name.size() > 70 ? "…" + name.substr(name.size() - 69) : name;
  std::fprintf(stderr, "\r\033[K[%s] %zu/%zu ETA %s  %s", bar.c_str(), index + 1, total_,
               eta_text.c_str(), shown.c_str());
  std::fflush(stderr);
}

void Progress::end(const std::string& status, const std::string& detail) {
  ++done_;
  if (interactive_) {
    if (status != "ok") {  // keep failures visible above the bar
      std::fprintf(stderr, "\r\033[K%s %s: %s\n", status.c_str(), current_.c_str(), detail.c_str());
    }
    return;
  }
  std::fprintf(stderr, "[%zu/%zu] %-7s %s  %s\n", done_, total_, status.c_str(), current_.c_str(),
               detail.c_str());
  std::fflush(stderr);
}

void Progress::finish() {
  if (interactive_) std::fprintf(stderr, "\r\033[K");
  std::fflush(stderr);
}

}  // namespace moebench
