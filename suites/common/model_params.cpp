// Parameter counts and layer shapes derived from a ModelConfig.
//
// Counted exactly (for the architectures in suites/models): token embedding, untied LM head,
// q/k/v/o projections (GQA, MLA with its low-rank q and kv paths and their norms, Qwen3-Next's
// gated full attention and Gated DeltaNet layers), SwiGLU FFNs (gate, up, down) of dense layers,
// routed and shared experts, the router, and the two RMSNorms per layer plus the final one.
// Left out, each well under 0.1% of any model here: biases (gpt-oss attention/experts/router,
// Qwen2-style qkv bias), attention sinks, per-head q/k norms (Qwen3), the shared-expert gate
// (Qwen), DeepSeek's router score-correction bias, multi-token-prediction modules (DeepSeek-V3
// publishes 671B without its 14B MTP module) and vision encoders (Llama-4 states text+vision).
#include "suites/common/model_config.h"

namespace moebench {
namespace {

double swiglu_params(double d_model, double d_ff) { return 3.0 * d_model * d_ff; }

double gqa_attention_params(const AttentionConfig& a, double d) {
  const double q_width = double(a.num_heads) * a.head_dim * (a.output_gate ? 2 : 1);
  const double kv_width = double(a.num_kv_heads) * a.head_dim;
  return d * q_width + 2.0 * d * kv_width + double(a.num_heads) * a.head_dim * d;
}

double mla_attention_params(const AttentionConfig& a, double d) {
  const double h = a.num_heads;
  const double qk_head = a.qk_nope_head_dim + a.qk_rope_head_dim;
  const double q = a.q_lora_rank > 0
                       ? d * a.q_lora_rank + a.q_lora_rank + a.q_lora_rank * h * qk_head
                       : d * h * qk_head;
  const double kv = d * (a.kv_lora_rank + a.qk_rope_head_dim) + a.kv_lora_rank +
                    a.kv_lora_rank * h * (a.qk_nope_head_dim + a.v_head_dim);
  return q + kv + h * a.v_head_dim * d;
}

// Gated DeltaNet (Qwen3-Next): q,k,v,z input projection, beta/alpha projection, causal conv
// over q,k,v, per-value-head decay (A_log, dt_bias), gated RMSNorm, output projection.
double linear_attention_params(const AttentionConfig& a, double d) {
  if (a.linear_num_key_heads == 0 || a.linear_num_value_heads == 0)
    return gqa_attention_params(a, d);  // approximation when the linear heads are not given
  const double key_dim = double(a.linear_num_key_heads) * a.linear_key_head_dim;
  const double value_dim = double(a.linear_num_value_heads) * a.linear_value_head_dim;
  const double nv = a.linear_num_value_heads;
  return d * (2 * key_dim + 2 * value_dim) + d * 2 * nv +
         (2 * key_dim + value_dim) * a.linear_conv_kernel + 2 * nv + a.linear_value_head_dim +
         value_dim * d;
}

double attention_params(const AttentionConfig& a, double d, int layer) {
  if (a.type == "mla") return mla_attention_params(a, d);
  if (a.type == "hybrid" && (layer + 1) % a.full_attention_interval != 0)
    return linear_attention_params(a, d);
  return gqa_attention_params(a, d);
}

bool is_moe_layer(const ModelConfig& m, int layer) {
  return m.moe && layer >= m.moe->first_dense_layers && (layer + 1) % m.moe->moe_layer_step == 0;
}

// Experts a token does not use, summed over the model: total minus active.
double inactive_expert_params(const ModelConfig& m) {
  if (!m.moe) return 0;
  return double(m.num_moe_layers()) * (m.moe->num_experts - m.moe->top_k) *
         swiglu_params(double(m.d_model), double(m.moe->d_ff_expert));
}

}  // namespace

int ModelConfig::num_moe_layers() const {
  int n = 0;
  for (int layer = 0; layer < num_layers; ++layer) n += is_moe_layer(*this, layer) ? 1 : 0;
  return n;
}

MoeShape ModelConfig::moe_shape() const {
  if (!moe) return MoeShape{d_model, d_ff_dense, 1, 1, 0, 0};
  return MoeShape{d_model,    moe->d_ff_expert, moe->num_experts,
                  moe->top_k, moe->num_shared,  moe->d_ff_shared};
}

FfnShape ModelConfig::dense_shape() const {
  if (d_ff_dense > 0) return FfnShape{d_model, d_ff_dense};
  // MoE models without dense layers: the dense FFN with the same active parameters.
  return dense_same_active(moe_shape());
}

double ModelConfig::total_params() const {
  const double d = double(d_model);
  double params = double(vocab_size) * d * (tied_embeddings ? 1 : 2) + d;  // + final norm
  for (int layer = 0; layer < num_layers; ++layer) {
    params += 2 * d + attention_params(attention, d, layer);
    if (!is_moe_layer(*this, layer)) {
      params += swiglu_params(d, double(d_ff_dense));
      continue;
    }
    params += moe->num_experts * swiglu_params(d, double(moe->d_ff_expert)) +
              moe->num_shared * swiglu_params(d, double(moe->d_ff_shared)) +
              moe->num_experts * d;  // router
  }
  return params;
}

// Per token: everything but the routed experts the token skips (embeddings and the LM head
// included, as the publishers count them).
double ModelConfig::active_params() const { return total_params() - inactive_expert_params(*this); }

double ModelConfig::embedding_params() const {
  return double(vocab_size) * double(d_model) * (tied_embeddings ? 1 : 2);
}

double ModelConfig::active_params_as_published() const {
  if (published_active_excludes == "input_embedding")
    return active_params() - double(vocab_size) * double(d_model);
  if (published_active_excludes == "embeddings") return active_params() - embedding_params();
  return active_params();
}

double ModelConfig::kv_cache_values_per_token() const {
  const AttentionConfig& a = attention;
  if (a.type == "mla") return double(num_layers) * (a.kv_lora_rank + a.qk_rope_head_dim);
  const int cached_layers =
      a.type == "hybrid" ? num_layers / a.full_attention_interval : num_layers;
  return double(cached_layers) * 2.0 * a.num_kv_heads * a.head_dim;
}

}  // namespace moebench
