#include "harness/measure/cache_flush.h"

namespace moebench {

HostCacheFlusher::HostCacheFlusher(size_t bytes) : buffer_(bytes / sizeof(long) + 1, 0) {}

void HostCacheFlusher::flush() {
  // Writing every line forces the previous contents out; reading it back keeps the compiler
  // from eliding the writes. One pass over 4x the cache is enough for an LRU-like LLC.
  long* data = buffer_.data();
  const size_t n = buffer_.size();
  const size_t stride = 64 / sizeof(long);
#pragma omp parallel for schedule(static)
  for (size_t i = 0; i < n; i += stride) data[i] += 1;
  long sum = 0;
  for (size_t i = 0; i < n; i += stride * 64) sum += data[i];
  sink_ += sum;
}

}  // namespace moebench
