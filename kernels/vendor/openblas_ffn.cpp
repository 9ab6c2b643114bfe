// The FFN on OpenBLAS: one sgemm for gate and up together ([2·d_ff][d_model] weights), the
// SwiGLU epilogue, one sgemm for down; sgemv when there is a single row, as OpenBLAS users do.
#include <cstring>
#include <stdexcept>
#include <vector>

#include "kernels/cpu/gemm/microkernel.h"
#include "kernels/vendor/openblas_library.h"
#include "kernels/vendor/vendor_ffn.h"

namespace moebench::vendor {
namespace {

constexpr int kRowMajor = 101, kNoTrans = 111, kTrans = 112;  // cblas.h

class OpenBlasFfn final : public VendorFfn {
 public:
  OpenBlasFfn(const FfnSource& s, int threads)
      : blas_(*openblas()),
        threads_(threads),
        d_model_(s.d_model),
        d_ff_(s.d_ff),
        gate_up_(size_t(2 * s.d_ff * s.d_model)),
        down_(s.w_down, s.w_down + s.d_model * s.d_ff) {
    std::memcpy(gate_up_.data(), s.w_gate, size_t(s.d_ff * s.d_model) * 4);
    std::memcpy(gate_up_.data() + s.d_ff * s.d_model, s.w_up, size_t(s.d_ff * s.d_model) * 4);
  }

  void forward(const float* x, int64_t rows, float* y) override {
    blas_.set_num_threads(threads_);
    const int dm = int(d_model_), ff = int(d_ff_);
    gu_.resize(size_t(rows * 2 * d_ff_));
    h_.resize(size_t(rows * d_ff_));
    if (rows == 1) {
      blas_.sgemv(kRowMajor, kNoTrans, 2 * ff, dm, 1.0f, gate_up_.data(), dm, x, 1, 0.0f,
                  gu_.data(), 1);
    } else {
      blas_.sgemm(kRowMajor, kNoTrans, kTrans, int(rows), 2 * ff, dm, 1.0f, x, dm, gate_up_.data(),
                  dm, 0.0f, gu_.data(), 2 * ff);
    }
    const cpu::GemmIsa& isa = cpu::active_gemm_isa();
    for (int64_t r = 0; r < rows; ++r)
      isa.swiglu(gu_.data() + r * 2 * ff, gu_.data() + r * 2 * ff + ff, h_.data() + r * ff, ff);
    if (rows == 1) {
      blas_.sgemv(kRowMajor, kNoTrans, dm, ff, 1.0f, down_.data(), ff, h_.data(), 1, 0.0f, y, 1);
    } else {
      blas_.sgemm(kRowMajor, kNoTrans, kTrans, int(rows), dm, ff, 1.0f, h_.data(), ff, down_.data(),
                  ff, 0.0f, y, dm);
    }
  }

  size_t weight_bytes() const override { return (gate_up_.size() + down_.size()) * 4; }

 private:
  const OpenBlas& blas_;
  int threads_;
  int64_t d_model_, d_ff_;
  std::vector<float> gate_up_, down_, gu_, h_;
};

}  // namespace

std::unique_ptr<VendorFfn> make_openblas_ffn(const FfnSource& src, int threads) {
  std::string reason;
  if (openblas(&reason) == nullptr) throw std::runtime_error(reason);
  return std::make_unique<OpenBlasFfn>(src, threads);
}

}  // namespace moebench::vendor
