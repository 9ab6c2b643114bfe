// C24: expert parallelism and all-to-all. Modelled from the config and the profiles' links;
// a measurement needs two or more GPUs.
#include <algorithm>

#include "harness/analysis/claim_checks.h"

namespace moebench::claims {

ClaimResult check_c24(const ClaimSpec& claim, const ClaimInputs& in) {
  ClaimResult r = start(claim);
  const auto& f = claim.figures;
  const ModelConfig* m = model_or_null(in, f.at("model"));
  if (!m || !m->moe) {
    r.missing.push_back("MoE model config " + f.at("model").get<std::string>());
    r.summary = "no config to model";
    return r;
  }
  const double act_bytes = f.at("activation_bytes");
  const int n = f.at("devices");
  const double remote = double(n - 1) / double(n);
  // Dispatch sends each token's hidden state to its top_k experts, combine brings k back.
  const double bytes_per_token =
      2.0 * m->moe->top_k * double(m->d_model) * act_bytes * m->num_moe_layers() * remote;
  const double flops_per_token = 2.0 * m->active_params();
  r.evidence.push_back(
      fmt("modelled: %s, expert parallelism over %d devices: 2 x top-%d x "
          "d_model %lld x %.0f B x %d MoE layers x %.0f%% remote = %.2f MB of "
          "all-to-all per token; compute %.1f GFLOP per token",
          m->name.c_str(), n, m->moe->top_k, (long long)m->d_model, act_bytes, m->num_moe_layers(),
          100 * remote, bytes_per_token / 1e6, flops_per_token / 1e9));
  int comm_bound = 0, checked = 0;
  for (const auto& hw : in.hardware) {
    const double peak = hw.peak("fp8-e4m3") > 0 ? hw.peak("fp8-e4m3") : hw.peak("bf16");
    if (peak <= 0 || hw.links.empty()) continue;
    // Each device computes and communicates its 1/n share, so the ratio does not depend on n.
    const double compute_s = flops_per_token / peak;
    for (const auto& [link, bandwidth] : hw.links) {
      if (bandwidth <= 0) continue;
      const double comm_s = bytes_per_token / bandwidth;
      const bool bound = comm_s > compute_s;
      r.evidence.push_back(
          fmt("%s over %s (%.0f GB/s per device): all-to-all %.1f us vs "
              "compute %.1f us per token at peak -> %s",
              hw.id.c_str(), link.c_str(), bandwidth / 1e9, comm_s * 1e6, compute_s * 1e6,
              bound ? "communication-bound" : "compute-bound"));
      ++checked;
      comm_bound += bound;
    }
  }
  r.evidence.push_back(
      "not modelled: overlap of communication with compute, token dropping, "
      "hierarchical (node-local first) dispatch, FP8 dispatch with BF16 "
      "combine; decode at small batch is bound by weight reads before either");
  r.evidence.push_back("measured all-to-all: needs 2 or more GPUs; none in this run");
  if (checked == 0) {
    r.missing.push_back("hardware profiles with link bandwidths and peaks");
    r.summary = "no profiles with links";
    return r;
  }
  r.verdict = comm_bound == checked ? ClaimVerdict::supported
              : comm_bound == 0     ? ClaimVerdict::refuted
                                    : ClaimVerdict::partly;
  r.summary = fmt("modelled: all-to-all exceeds peak compute time on %d of %d device/link pairs",
                  comm_bound, checked);
  return r;
}

}  // namespace moebench::claims
