// What a kernel is asked to compute: layer shapes and the host-side fp32 master data.
//
// Layout convention (PyTorch nn.Linear): a weight matrix is [out_features][in_features],
// row-major, so one output is a dot product over a contiguous row.
//   dense FFN:  y = W_down · (silu(W_gate · x) ⊙ (W_up · x))
//   MoE layer:  logits = W_router · x + steering; the top_k experts by logit are chosen, their
//               softmax weights over the chosen k (renormalised) scale each expert's FFN
//               output; shared experts are added with weight 1.
// Kernels quantise the fp32 master weights themselves (kernels/reference/quant.h) so that the
// reference sees exactly the weights the kernel uses.
#pragma once

#include <cstdint>
#include <vector>

#include "harness/core/precision.h"

namespace moebench {

struct FfnShape {
  int64_t d_model = 0;
  int64_t d_ff = 0;
};

struct MoeShape {
  int64_t d_model = 0;
  int64_t d_ff_expert = 0;
  int num_experts = 0;
  int top_k = 0;
  int num_shared = 0;       // shared experts, always active
  int64_t d_ff_shared = 0;  // d_ff of each shared expert
};

struct DenseFfnData {
  FfnShape shape;
  int64_t tokens = 0;
  std::vector<float> x;       // [tokens][d_model]
  std::vector<float> w_gate;  // [d_ff][d_model]
  std::vector<float> w_up;    // [d_ff][d_model]
  std::vector<float> w_down;  // [d_model][d_ff]
};

struct MoeLayerData {
  MoeShape shape;
  int64_t tokens = 0;
  std::vector<float> x;         // [tokens][d_model]
  std::vector<float> w_router;  // [E][d_model]
  // Added to the router logits before top-k. The routing plan (uniform, Zipf, collapse, trace)
  // puts a large value on the experts it chose for each token so that a real router selects
  // exactly them; all zeros leaves routing to the router weights. [tokens][E]
  std::vector<float> steering;
  std::vector<float> w_gate;   // [E][d_ff_expert][d_model]
  std::vector<float> w_up;     // [E][d_ff_expert][d_model]
  std::vector<float> w_down;   // [E][d_model][d_ff_expert]
  std::vector<float> ws_gate;  // [num_shared][d_ff_shared][d_model]
  std::vector<float> ws_up;    // [num_shared][d_ff_shared][d_model]
  std::vector<float> ws_down;  // [num_shared][d_model][d_ff_shared]
};

enum class Op { dense_ffn, moe_layer };

// Everything a kernel factory gets. Exactly one of dense/moe is set, matching op.
struct Problem {
  Op op = Op::dense_ffn;
  Precision precision = Precision::fp32;
  int int4_group_size = 128;
  int threads = 1;
  // Ask a GPU kernel to replay run() as one captured graph (`run --graph`): at decode sizes its
  // ~10 small launches cost more than the work. A request: CPU kernels and the vendor baselines
  // ignore it; Kernel::uses_graph() says what a kernel did.
  bool graph = false;
  const DenseFfnData* dense = nullptr;
  const MoeLayerData* moe = nullptr;
};

}  // namespace moebench
