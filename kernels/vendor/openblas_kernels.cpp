// OpenBLAS baselines (fp32): cpu.openblas.dense_ffn and cpu.openblas.moe_layer.
#include <memory>
#include <optional>
#include <string>

#include "kernels/cpu/detail/problem_checks.h"
#include "kernels/registry.h"
#include "kernels/vendor/openblas_library.h"
#include "kernels/vendor/vendor_layers.h"

namespace moebench::vendor {
namespace {

std::optional<std::string> openblas_reason(const Problem& p, Op op) {
  if (auto e = cpu::problem_error(p, op)) return e;
  if (p.precision != Precision::fp32) return "OpenBLAS baseline is fp32 only (sgemm)";
  return openblas_unavailable();
}

FfnFactory openblas_factory(const Problem& p) {
  return [threads = p.threads](const FfnSource& s) { return make_openblas_ffn(s, threads); };
}
std::string openblas_description(const std::string& what) {
  std::string d = "OpenBLAS sgemm/sgemv " + what;
  std::string reason;
  if (const OpenBlas* blas = openblas(&reason))
    d += " (core " + blas->core_name + ": " + blas->core_selection +
         (blas->threading.empty() ? "" : "; " + blas->threading + " threading") + ")";
  return d;
}

}  // namespace

MOEBENCH_REGISTER_KERNEL(KernelInfo{
    .name = "cpu.openblas.dense_ffn",
    .backend = "cpu",
    .op = Op::dense_ffn,
    .description = openblas_description("dense FFN, gate+up as one GEMM"),
    .vendor_baseline = true,
    .unsupported_reason = [](const Problem& p) { return openblas_reason(p, Op::dense_ffn); },
    .create = [](const Problem& p) -> std::unique_ptr<Kernel> {
      cpu::require_runnable(p, Op::dense_ffn);
      return make_vendor_dense(p, openblas_factory(p));
    },
});

MOEBENCH_REGISTER_KERNEL(KernelInfo{
    .name = "cpu.openblas.moe_layer",
    .backend = "cpu",
    .op = Op::moe_layer,
    .description = openblas_description("per-expert loop over the routed tokens"),
    .vendor_baseline = true,
    .unsupported_reason = [](const Problem& p) { return openblas_reason(p, Op::moe_layer); },
    .create = [](const Problem& p) -> std::unique_ptr<Kernel> {
      cpu::require_runnable(p, Op::moe_layer);
      return make_vendor_moe(p, openblas_factory(p));
    },
});

}  // namespace moebench::vendor
