// Published model configurations (suites/models/*.json) and the layer shapes derived from them.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "kernels/problem.h"

namespace moebench {

struct AttentionConfig {
  std::string type = "gqa";  // "gqa" (incl. MHA/MQA), "mla" (DeepSeek), "hybrid" (linear+full)
  int num_heads = 0;
  int num_kv_heads = 0;
  int head_dim = 0;
  // MLA (DeepSeek-V2/V3, Kimi-K2): latent KV cache of kv_lora_rank + qk_rope_head_dim per token.
  int q_lora_rank = 0;
  int kv_lora_rank = 0;
  int qk_nope_head_dim = 0;
  int qk_rope_head_dim = 0;
  int v_head_dim = 0;
  // hybrid (Qwen3-Next): only every full_attention_interval-th layer keeps a KV cache.
  int full_attention_interval = 1;
  // hybrid: the other layers' linear attention (Gated DeltaNet) heads and causal-conv width;
  // 0 counts a linear layer as if it were a full-attention layer (an approximation).
  int linear_num_key_heads = 0;
  int linear_num_value_heads = 0;
  int linear_key_head_dim = 0;
  int linear_value_head_dim = 0;
  int linear_conv_kernel = 0;
  // Full-attention layers with a sigmoid output gate (Qwen3-Next): q_proj is twice as wide.
  bool output_gate = false;
};

struct MoeConfig {
  int num_experts = 0;
  int top_k = 0;
  int64_t d_ff_expert = 0;
  int num_shared = 0;
  int64_t d_ff_shared = 0;
  int first_dense_layers = 0;  // leading layers with a dense FFN (DeepSeek-V3: 3)
  int moe_layer_step = 1;      // every n-th layer is MoE, others dense (Llama-4 Maverick: 2)
};

struct ModelConfig {
  std::string id;      // file stem, e.g. "qwen3-30b-a3b"
  std::string name;    // "Qwen3-30B-A3B"
  std::string source;  // where the numbers come from (config.json URL, paper)
  int64_t d_model = 0;
  int num_layers = 0;
  int64_t vocab_size = 0;
  bool tied_embeddings = false;
  int64_t d_ff_dense = 0;  // dense layers' FFN width (dense models, and MoE models' dense layers)
  AttentionConfig attention;
  std::optional<MoeConfig> moe;  // absent for dense models
  // Figures the publisher states, in billions (0 when not stated); checked by claims C03/C15.
  double published_total_params_b = 0;
  double published_active_params_b = 0;
  // What the publisher leaves out of its active figure: "" (nothing), "input_embedding"
  // (gpt-oss counts the LM head but not the embedding table) or "embeddings" (both).
  std::string published_active_excludes;

  bool is_moe() const { return moe.has_value(); }
  int num_moe_layers() const;
  // One MoE layer's FFN (experts + shared), or the dense FFN for dense models.
  MoeShape moe_shape() const;
  // The dense layers' FFN; for MoE models without dense layers, dense_same_active(moe_shape()).
  FfnShape dense_shape() const;
  // Parameters counted from the config: embeddings, attention, FFNs, norms, router.
  double total_params() const;
  double active_params() const;     // per token: top_k + shared experts only
  double embedding_params() const;  // token embedding + untied LM head
  // active_params() minus what published_active_excludes names: comparable to the publisher's.
  double active_params_as_published() const;
  // KV-cache values stored per token of context, all layers: 2·kv_heads·head_dim per GQA layer,
  // kv_lora_rank + qk_rope_head_dim per MLA layer, only full-attention layers when hybrid
  // (linear layers keep a fixed-size state instead). Sliding windows are not modelled.
  double kv_cache_values_per_token() const;
};

ModelConfig load_model(const std::filesystem::path& file);  // UserError with the file and why
std::vector<ModelConfig> load_models(const std::filesystem::path& dir);
// The models/ folder: $MOEBENCH_MODELS, else <source tree>/suites/models.
std::filesystem::path default_models_dir();
const ModelConfig& find_model(const std::vector<ModelConfig>& models, const std::string& id);

// Scales d_model and every d_ff by `factor` (rounded to a multiple of 16, at least 16); keeps
// E, top_k and the shared experts, so the active/total ratio is unchanged.
MoeShape scale_shape(const MoeShape& shape, double factor);
FfnShape scale_shape(const FfnShape& shape, double factor);
// Dense FFNs with the same active FFN parameters as the MoE layer (top_k + shared experts) and
// the same total (all experts + shared): the two comparison points of every MoE point.
FfnShape dense_same_active(const MoeShape& shape);
FfnShape dense_same_total(const MoeShape& shape);

}  // namespace moebench
