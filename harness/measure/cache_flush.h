// Evicts the last-level cache between cold samples by writing then reading a buffer several
// times its size (the machine notes: this VM's effective cache is 32–64 MB whatever getconf
// says, so the default is 256 MiB).
#pragma once

#include <cstddef>
#include <vector>

namespace moebench {

class HostCacheFlusher {
 public:
  explicit HostCacheFlusher(size_t bytes = size_t(256) << 20);
  void flush();
  size_t bytes() const { return buffer_.size() * sizeof(long); }

 private:
  std::vector<long> buffer_;
  long sink_ = 0;
};

}  // namespace moebench
