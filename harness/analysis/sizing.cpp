#include "harness/analysis/sizing.h"

#include <algorithm>
#include <cmath>

namespace moebench {

double model_bits_per_weight(const ModelConfig& m, Precision p, int group_size) {
  return bits_per_weight(p, group_size, static_cast<long long>(m.d_model));
}

double weight_bytes(const ModelConfig& m, Precision p, int group_size) {
  return m.total_params() * model_bits_per_weight(m, p, group_size) / 8.0;
}

int layers_with_kv_cache(const ModelConfig& m) {
  if (m.attention.type == "hybrid") {
    const int interval = std::max(1, m.attention.full_attention_interval);
    return m.num_layers / interval;
  }
  return m.num_layers;
}

double kv_bytes_per_token(const ModelConfig& m, double bytes_per_element) {
  const auto& a = m.attention;
  double elements_per_layer = 0;
  if (a.type == "mla") {
    elements_per_layer = double(a.kv_lora_rank + a.qk_rope_head_dim);
  } else {
    const int head_dim =
        a.head_dim > 0 ? a.head_dim : (a.num_heads > 0 ? int(m.d_model / a.num_heads) : 0);
    const int kv_heads = a.num_kv_heads > 0 ? a.num_kv_heads : a.num_heads;
    elements_per_layer = 2.0 * kv_heads * head_dim;
  }
  return elements_per_layer * layers_with_kv_cache(m) * bytes_per_element;
}

double kv_cache_bytes(const ModelConfig& m, int64_t context, int64_t batch,
                      double bytes_per_element) {
  return kv_bytes_per_token(m, bytes_per_element) * double(context) * double(batch);
}

double activation_bytes(const ModelConfig& m, int64_t context, int64_t batch,
                        double bytes_per_element) {
  double ffn_width = double(m.d_ff_dense);
  if (m.moe) {
    const double routed = double(m.moe->top_k) * double(m.moe->d_ff_expert) +
                          double(m.moe->num_shared) * double(m.moe->d_ff_shared);
    ffn_width = std::max(ffn_width, routed);
  }
  // 4 d_model-wide buffers and the gate/up/activated FFN intermediates.
  const double per_token = 4.0 * double(m.d_model) + 3.0 * ffn_width;
  return per_token * double(context) * double(batch) * bytes_per_element;
}

int devices_needed(double bytes, double device_memory_bytes) {
  if (device_memory_bytes <= 0) return 0;
  return std::max(1, int(std::ceil(bytes / device_memory_bytes - 1e-9)));
}

SizingResult size_model(const ModelConfig& m, Precision p, int group_size, int64_t context,
                        int64_t batch, const std::vector<HardwareProfile>& profiles) {
  constexpr double kBf16Bytes = 2.0;
  SizingResult s;
  s.model = m.id;
  s.precision = std::string(to_string(p));
  s.context = context;
  s.batch = batch;
  s.params = m.total_params();
  s.active_params = m.active_params();
  s.bits_per_weight = model_bits_per_weight(m, p, group_size);
  s.weight_bytes = weight_bytes(m, p, group_size);
  s.kv_bytes = kv_cache_bytes(m, context, batch, kBf16Bytes);
  s.activation_bytes = activation_bytes(m, context, batch, kBf16Bytes);
  for (const auto& hw : profiles) {
    if (hw.memory_bytes <= 0) continue;
    DeviceFit f;
    f.profile_id = hw.id;
    f.profile_name = hw.name;
    f.memory_bytes = hw.memory_bytes;
    f.devices_for_weights = devices_needed(s.weight_bytes, hw.memory_bytes);
    f.devices_for_total = devices_needed(s.total_bytes(), hw.memory_bytes);
    f.hourly_usd = hw.price_per_hour_usd * f.devices_for_total;
    s.fits.push_back(f);
  }
  return s;
}

}  // namespace moebench
