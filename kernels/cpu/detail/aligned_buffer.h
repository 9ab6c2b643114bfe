// A heap array aligned for AVX-512 loads (and to 2 MiB, with transparent huge pages requested,
// when large) whose memory is first touched by the threads that will use it.
#pragma once

#include <cstddef>
#include <cstdlib>
#include <memory>
#include <new>

namespace moebench::cpu {

namespace detail {
void* allocate_aligned_bytes(size_t bytes);  // throws std::bad_alloc
struct FreeDeleter {
  void operator()(void* p) const { std::free(p); }
};
}  // namespace detail

// Uninitialised storage for `count` trivially copyable T.
template <typename T>
class AlignedBuffer {
 public:
  AlignedBuffer() = default;
  explicit AlignedBuffer(size_t count)
      : data_(static_cast<T*>(detail::allocate_aligned_bytes(count * sizeof(T)))), count_(count) {}

  T* data() { return data_.get(); }
  const T* data() const { return data_.get(); }
  size_t size() const { return count_; }
  size_t bytes() const { return count_ * sizeof(T); }
  T& operator[](size_t i) { return data_.get()[i]; }
  const T& operator[](size_t i) const { return data_.get()[i]; }

 private:
  std::unique_ptr<T, detail::FreeDeleter> data_;
  size_t count_ = 0;
};

}  // namespace moebench::cpu
