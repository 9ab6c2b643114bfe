// oneDNN baselines (fp32, bf16, int8): cpu.onednn.dense_ffn and cpu.onednn.moe_layer.
#include <memory>
#include <optional>
#include <string>

#include "kernels/cpu/detail/problem_checks.h"
#include "kernels/registry.h"
#include "kernels/vendor/vendor_layers.h"

namespace moebench::vendor {
namespace {

std::optional<std::string> onednn_reason(const Problem& p, Op op) {
  if (auto e = cpu::problem_error(p, op)) return e;
  return onednn_unsupported(p.precision);
}

FfnFactory onednn_factory(const Problem& p) {
  return [threads = p.threads, precision = p.precision](const FfnSource& s) {
    return make_onednn_ffn(s, precision, threads);
  };
}

}  // namespace

MOEBENCH_REGISTER_KERNEL(KernelInfo{
    .name = "cpu.onednn.dense_ffn",
    .backend = "cpu",
    .op = Op::dense_ffn,
    .description = "oneDNN matmul dense FFN (fp32, bf16, int8 W8A8), gate+up as one matmul",
    .vendor_baseline = true,
    .unsupported_reason = [](const Problem& p) { return onednn_reason(p, Op::dense_ffn); },
    .create = [](const Problem& p) -> std::unique_ptr<Kernel> {
      cpu::require_runnable(p, Op::dense_ffn);
      return make_vendor_dense(p, onednn_factory(p));
    },
});

MOEBENCH_REGISTER_KERNEL(KernelInfo{
    .name = "cpu.onednn.moe_layer",
    .backend = "cpu",
    .op = Op::moe_layer,
    .description = "oneDNN matmul per-expert loop over the routed tokens (fp32, bf16, int8)",
    .vendor_baseline = true,
    .unsupported_reason = [](const Problem& p) { return onednn_reason(p, Op::moe_layer); },
    .create = [](const Problem& p) -> std::unique_ptr<Kernel> {
      cpu::require_runnable(p, Op::moe_layer);
      return make_vendor_moe(p, onednn_factory(p));
    },
});

}  // namespace moebench::vendor
