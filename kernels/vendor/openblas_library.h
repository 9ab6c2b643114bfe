// OpenBLAS, loaded on first use so that its core type can still be chosen. Debian's OpenBLAS is
// a DYNAMIC_ARCH build that picks its kernels once, when the library is initialised; version
// 0.3.21 does not know Zen 5 and falls back to its Haswell (AVX2) kernels there, half the
// peak (machine notes). Linking it normally would initialise it before main(), so it is
// dlopen()ed instead, after OPENBLAS_CORETYPE is set to the best AVX-512 core the CPU supports
// when the user has not set it. The core actually used is recorded in core_name.
#pragma once

#include <optional>
#include <string>

namespace moebench::vendor {

struct OpenBlas {
  // cblas_sgemm / cblas_sgemv with CBLAS_ORDER etc. as int, as in cblas.h.
  void (*sgemm)(int order, int trans_a, int trans_b, int m, int n, int k, float alpha,
                const float* a, int lda, const float* b, int ldb, float beta, float* c,
                int ldc) = nullptr;
  void (*sgemv)(int order, int trans, int m, int n, float alpha, const float* a, int lda,
                const float* x, int incx, float beta, float* y, int incy) = nullptr;
  void (*set_num_threads)(int) = nullptr;
  std::string core_name;       // openblas_get_corename(), e.g. "SkylakeX"
  std::string core_selection;  // how it was chosen (by moebench, by the user's environment…)
  std::string threading;       // openblas_get_parallel(): "OpenMP", "pthreads" or "sequential"
};

// The loaded library, or nullptr with `reason` set when it cannot be loaded.
const OpenBlas* openblas(std::string* reason = nullptr);
std::optional<std::string> openblas_unavailable();

}  // namespace moebench::vendor
