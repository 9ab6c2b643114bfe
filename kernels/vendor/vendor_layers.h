// The vendor baselines' kernels: the dense FFN as one vendor FFN, and the MoE layer as a
// per-expert loop of vendor FFNs over the same routed tokens. Routing (router GEMM, top-k),
// permutation and combine are moebench's own code (kernels/cpu/moe), identical for every MoE
// kernel, so the comparison is of the expert GEMMs.
#pragma once

#include <functional>
#include <memory>

#include "kernels/kernel.h"
#include "kernels/vendor/vendor_ffn.h"

namespace moebench::vendor {

using FfnFactory = std::function<std::unique_ptr<VendorFfn>(const FfnSource&)>;

std::unique_ptr<Kernel> make_vendor_dense(const Problem& p, const FfnFactory& make);
std::unique_ptr<Kernel> make_vendor_moe(const Problem& p, const FfnFactory& make);

}  // namespace moebench::vendor
