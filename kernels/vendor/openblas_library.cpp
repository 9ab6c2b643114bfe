#include "kernels/vendor/openblas_library.h"

#include <dlfcn.h>

#include <cstdlib>

#include "kernels/cpu/detail/cpu_features.h"

namespace moebench::vendor {
namespace {

struct Loaded {
  OpenBlas api;
  std::string error;
  bool ok = false;
};

template <typename F>
bool bind(void* handle, const char* name, F& fn, std::string& error) {
  fn = reinterpret_cast<F>(dlsym(handle, name));
  if (fn == nullptr) error = std::string("OpenBLAS lacks ") + name;
  return fn != nullptr;
}

Loaded load() {
  Loaded l;
  std::string selection;
  if (const char* user = std::getenv("OPENBLAS_CORETYPE"); user && *user) {
    selection = std::string("OPENBLAS_CORETYPE=") + user + " from the environment";
  } else {
    const auto& f = cpu::hardware_features();
    const char* core = f.avx512 ? "SkylakeX" : nullptr;  // its sgemm kernels: AVX-512
    if (core) {
      setenv("OPENBLAS_CORETYPE", core, 0);
      selection = std::string("OPENBLAS_CORETYPE=") + core + " set by moebench (AVX-512 CPU)";
    } else {
      selection = "OpenBLAS auto-detection";
    }
  }
  // The library found at build time, unless MOEBENCH_OPENBLAS_LIBRARY names another build.
  const char* path = std::getenv("MOEBENCH_OPENBLAS_LIBRARY");
  if (path == nullptr || *path == '\0') path = MOEBENCH_OPENBLAS_LIBRARY;
  void* handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    l.error = std::string("cannot load ") + path + ": " + dlerror();
    return l;
  }
  char* (*corename)() = nullptr;
  if (!bind(handle, "cblas_sgemm", l.api.sgemm, l.error) ||
      !bind(handle, "cblas_sgemv", l.api.sgemv, l.error) ||
      !bind(handle, "openblas_set_num_threads", l.api.set_num_threads, l.error) ||
      !bind(handle, "openblas_get_corename", corename, l.error))
    return l;
  l.api.core_name = corename();
  // Optional: which threading the build uses. A pthreads build keeps its own pool of spinning
  // threads beside moebench's OpenMP pool (kernels/vendor/CMakeLists.txt says what that costs).
  int (*parallel)() = nullptr;
  std::string ignored;
  if (bind(handle, "openblas_get_parallel", parallel, ignored)) {
    const int mode = parallel();
    l.api.threading = mode == 2 ? "OpenMP" : mode == 1 ? "pthreads" : "sequential";
  }
  l.api.core_selection = selection;
  l.ok = true;
  return l;
}

}  // namespace

const OpenBlas* openblas(std::string* reason) {
  static const Loaded loaded = load();
  if (!loaded.ok && reason) *reason = loaded.error;
  return loaded.ok ? &loaded.api : nullptr;
}

std::optional<std::string> openblas_unavailable() {
  std::string reason;
  if (openblas(&reason) == nullptr) return reason;
  return std::nullopt;
}

}  // namespace moebench::vendor
