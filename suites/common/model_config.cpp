// Loading suites/models/*.json into ModelConfig (schema: docs/models.md).
#include "suites/common/model_config.h"

#include <algorithm>
#include <cstdlib>

#include "harness/core/error.h"
#include "harness/core/json_file.h"

namespace moebench {
namespace {

AttentionConfig read_attention(const JsonFields& f) {
  f.reject_unknown({"type", "num_heads", "num_kv_heads", "head_dim", "q_lora_rank", "kv_lora_rank",
                    "qk_nope_head_dim", "qk_rope_head_dim", "v_head_dim", "full_attention_interval",
                    "linear_num_key_heads", "linear_num_value_heads", "linear_key_head_dim",
                    "linear_value_head_dim", "linear_conv_kernel", "output_gate"});
  AttentionConfig a;
  a.type = f.optional_string("type", "gqa");
  if (a.type != "gqa" && a.type != "mla" && a.type != "hybrid")
    f.fail("type", "must be \"gqa\", \"mla\" or \"hybrid\", found \"" + a.type + "\"");
  a.num_heads = int(f.required_int("num_heads", 1));
  if (a.type == "mla") {
    // MLA has no separate KV heads: every head reads the shared latent.
    a.num_kv_heads = int(f.optional_int("num_kv_heads", 1, a.num_heads));
    a.q_lora_rank = int(f.optional_int("q_lora_rank", 0, 0));  // 0: plain q projection
    a.kv_lora_rank = int(f.required_int("kv_lora_rank", 1));
    a.qk_nope_head_dim = int(f.required_int("qk_nope_head_dim", 1));
    a.qk_rope_head_dim = int(f.required_int("qk_rope_head_dim", 1));
    a.v_head_dim = int(f.required_int("v_head_dim", 1));
    a.head_dim = int(f.optional_int("head_dim", 1, a.qk_nope_head_dim + a.qk_rope_head_dim));
  } else {
    a.num_kv_heads = int(f.required_int("num_kv_heads", 1));
    a.head_dim = int(f.required_int("head_dim", 1));
    if (a.num_heads % a.num_kv_heads != 0)
      f.fail("num_kv_heads", "must divide num_heads (" + std::to_string(a.num_heads) + ")");
  }
  if (a.type == "hybrid") {
    a.full_attention_interval = int(f.required_int("full_attention_interval", 1));
    a.linear_num_key_heads = int(f.optional_int("linear_num_key_heads", 0, 0));
    a.linear_num_value_heads = int(f.optional_int("linear_num_value_heads", 0, 0));
    a.linear_key_head_dim = int(f.optional_int("linear_key_head_dim", 0, 0));
    a.linear_value_head_dim = int(f.optional_int("linear_value_head_dim", 0, 0));
    a.linear_conv_kernel = int(f.optional_int("linear_conv_kernel", 0, 0));
  }
  a.output_gate = f.optional_bool("output_gate", false);
  return a;
}

MoeConfig read_moe(const JsonFields& f, int num_layers) {
  f.reject_unknown({"num_experts", "top_k", "d_ff_expert", "num_shared", "d_ff_shared",
                    "first_dense_layers", "moe_layer_step"});
  MoeConfig m;
  m.num_experts = int(f.required_int("num_experts", 1));
  m.top_k = int(f.required_int("top_k", 1));
  if (m.top_k > m.num_experts)
    f.fail("top_k", "must not exceed num_experts (" + std::to_string(m.num_experts) + ")");
  m.d_ff_expert = f.required_int("d_ff_expert", 1);
  m.num_shared = int(f.optional_int("num_shared", 0, 0));
  m.d_ff_shared = f.optional_int("d_ff_shared", 0, m.num_shared > 0 ? m.d_ff_expert : 0);
  if (m.num_shared > 0 && m.d_ff_shared == 0)
    f.fail("d_ff_shared", "must be positive when num_shared > 0");
  m.first_dense_layers = int(f.optional_int("first_dense_layers", 0, 0));
  if (m.first_dense_layers >= num_layers)
    f.fail("first_dense_layers",
           "leaves no MoE layer (num_layers " + std::to_string(num_layers) + ")");
  m.moe_layer_step = int(f.optional_int("moe_layer_step", 1, 1));
  return m;
}

}  // namespace

ModelConfig load_model(const std::filesystem::path& file) {
  const nlohmann::json doc = read_json_file(file);
  const JsonFields f(doc, file.string());
  f.reject_unknown({"name", "source", "notes", "d_model", "num_layers", "vocab_size",
                    "tied_embeddings", "d_ff_dense", "attention", "moe", "published"});
  ModelConfig m;
  m.id = file.stem().string();
  m.name = f.required_string("name");
  m.source = f.required_string("source");
  m.d_model = f.required_int("d_model", 1);
  m.num_layers = int(f.required_int("num_layers", 1));
  m.vocab_size = f.required_int("vocab_size", 1);
  m.tied_embeddings = f.optional_bool("tied_embeddings", false);
  m.attention = read_attention(f.object("attention"));
  if (f.has("moe")) m.moe = read_moe(f.object("moe"), m.num_layers);
  // Dense models need a dense FFN; MoE models only when some layers are dense.
  const bool needs_dense = !m.moe || m.moe->first_dense_layers > 0 || m.moe->moe_layer_step > 1;
  m.d_ff_dense = needs_dense ? f.required_int("d_ff_dense", 1) : f.optional_int("d_ff_dense", 0, 0);
  if (f.has("published")) {
    const JsonFields p = f.object("published");
    p.reject_unknown({"total_params_b", "active_params_b", "active_excludes", "source"});
    m.published_total_params_b = p.optional_number("total_params_b", 0, 0);
    m.published_active_params_b = p.optional_number("active_params_b", 0, 0);
    m.published_active_excludes = p.optional_string("active_excludes", "");
    if (!m.published_active_excludes.empty() && m.published_active_excludes != "input_embedding" &&
        m.published_active_excludes != "embeddings")
      p.fail("active_excludes", "must be \"input_embedding\" or \"embeddings\"");
  }
  return m;
}

std::vector<ModelConfig> load_models(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec))
    throw UserError("models folder " + dir.string() + " does not exist (set MOEBENCH_MODELS)");
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  std::vector<ModelConfig> models;
  for (const auto& file : files) models.push_back(load_model(file));
  return models;
}

std::filesystem::path default_models_dir() {
  if (const char* dir = std::getenv("MOEBENCH_MODELS"); dir && *dir) return dir;
  if (const char* src = std::getenv("MOEBENCH_SOURCE_DIR"); src && *src)
    return std::filesystem::path(src) / "suites" / "models";
  return std::filesystem::path(MOEBENCH_SOURCE_DIR) / "suites" / "models";
}

const ModelConfig& find_model(const std::vector<ModelConfig>& models, const std::string& id) {
  for (const ModelConfig& m : models)
    if (m.id == id) return m;
  std::vector<std::string> ids;
  for (const ModelConfig& m : models) ids.push_back(m.id);
  throw UserError(unknown_name_message("model", id, ids));
}

}  // namespace moebench
