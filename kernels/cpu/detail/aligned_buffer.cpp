#include "kernels/cpu/detail/aligned_buffer.h"

#include <sys/mman.h>

namespace moebench::cpu::detail {

void* allocate_aligned_bytes(size_t bytes) {
  // Large buffers (weights, bandwidth probes) get 2 MiB alignment so that huge pages can back
  // them: streaming hundreds of MiB through 4 KiB pages costs TLB misses that are not DRAM's.
  constexpr size_t kHugePage = size_t(2) << 20;
  const size_t alignment = bytes >= kHugePage ? kHugePage : 64;
  const size_t rounded = (bytes + alignment - 1) / alignment * alignment;
  void* p = std::aligned_alloc(alignment, rounded == 0 ? alignment : rounded);
  if (p == nullptr) throw std::bad_alloc();
  if (alignment == kHugePage) madvise(p, rounded, MADV_HUGEPAGE);  // a hint: failure is harmless
  return p;
}

}  // namespace moebench::cpu::detail
