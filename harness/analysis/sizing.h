// Memory a model needs: weights (with quantisation scales), KV cache (GQA, MLA latent, hybrid
// attention) and transient activations; and how many devices of each profile hold it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "harness/core/precision.h"
#include "harness/device/hardware_profile.h"
#include "suites/common/model_config.h"

namespace moebench {

// Bits per weight of `p` for this model: int4 scales per group of `group_size` inputs, int8 and
// fp8 one fp32 scale per output channel of length d_model.
double model_bits_per_weight(const ModelConfig& m, Precision p, int group_size);
double weight_bytes(const ModelConfig& m, Precision p, int group_size);

// KV cache per token over all layers, in elements of `bytes_per_element` bytes:
//   gqa: 2 · kv_heads · head_dim per layer; mla: kv_lora_rank + qk_rope_head_dim per layer;
//   hybrid: only every full_attention_interval-th layer keeps a cache.
int layers_with_kv_cache(const ModelConfig& m);
double kv_bytes_per_token(const ModelConfig& m, double bytes_per_element);
double kv_cache_bytes(const ModelConfig& m, int64_t context, int64_t batch,
                      double bytes_per_element);
// Peak transient activations of one layer processing batch · context tokens at once (inference
// keeps no activations across layers): residual, normed input, attention output, FFN input and
// intermediate (all routed + shared widths) per token, in `bytes_per_element`.
double activation_bytes(const ModelConfig& m, int64_t context, int64_t batch,
                        double bytes_per_element);

struct DeviceFit {
  std::string profile_id, profile_name;
  double memory_bytes = 0;
  int devices_for_weights = 0;  // ceil(weights / memory)
  int devices_for_total = 0;    // ceil((weights + kv + activations) / memory)
  double hourly_usd = 0;        // devices_for_total · price, 0 when no price
};

struct SizingResult {
  std::string model;
  std::string precision;
  int64_t context = 0, batch = 0;
  double params = 0, active_params = 0, bits_per_weight = 0;
  double weight_bytes = 0, kv_bytes = 0, activation_bytes = 0;
  double total_bytes() const { return weight_bytes + kv_bytes + activation_bytes; }
  std::vector<DeviceFit> fits;
};

// KV cache and activations in bf16 (2 bytes); weights at `p`.
SizingResult size_model(const ModelConfig& m, Precision p, int group_size, int64_t context,
                        int64_t batch, const std::vector<HardwareProfile>& profiles);

int devices_needed(double bytes, double device_memory_bytes);

}  // namespace moebench
