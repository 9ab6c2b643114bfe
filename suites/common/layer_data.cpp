// Deterministic random layer data. Each element is a pure function of (seed, tensor, index):
// a counter-based generator (the splitmix64 finaliser), so filling parallelises without changing
// the values and any point can be regenerated exactly. Measured on the 16-core host of the
// lent H100 (2026-11-23): a Mixtral-size layer (5.6 GB) in 3.3-3.5 s with 16 threads, 6-7.6 s
// with one; std::vector's serial zero-initialisation is most of the 16-thread time.
#include "suites/common/layer_data.h"

#include <cmath>

#include "harness/core/error.h"

namespace moebench {
namespace {

uint64_t mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// Distinct tensors of one point get independent streams.
enum Stream : uint64_t { kX = 1, kRouter, kGate, kUp, kDown, kSharedGate, kSharedUp, kSharedDown };

// Fills `out` with U(-scale, scale): 24 random bits per value (exact in fp32), two values per
// 64-bit hash of (key, pair index).
void fill_uniform(std::vector<float>& out, size_t count, float scale, uint64_t seed,
                  uint64_t stream) {
  out.resize(count);
  const uint64_t key = mix64(seed ^ mix64(stream * 0x9e3779b97f4a7c15ULL));
  const float step = 2.0f * scale / float(1 << 24);
  float* data = out.data();
  const auto pairs = int64_t((count + 1) / 2);
#pragma omp parallel for schedule(static)
  for (int64_t p = 0; p < pairs; ++p) {
    const uint64_t bits = mix64(key + uint64_t(p) * 0x9e3779b97f4a7c15ULL);
    const auto i = size_t(2 * p);
    data[i] = float(uint32_t(bits >> 40)) * step - scale;
    if (i + 1 < count) data[i + 1] = float(uint32_t(bits & 0xffffff)) * step - scale;
  }
}

float fan_in_scale(int64_t fan_in) { return 1.0f / std::sqrt(float(fan_in)); }

void check_positive(const char* what, int64_t value) {
  if (value <= 0)
    throw UserError(std::string("layer data needs a positive ") + what + ", got " +
                    std::to_string(value));
}

}  // namespace

DenseFfnData make_dense_data(const FfnShape& shape, int64_t tokens, uint64_t seed) {
  check_positive("d_model", shape.d_model);
  check_positive("d_ff", shape.d_ff);
  check_positive("token count", tokens);
  DenseFfnData data;
  data.shape = shape;
  data.tokens = tokens;
  const auto d = size_t(shape.d_model), ff = size_t(shape.d_ff);
  fill_uniform(data.x, size_t(tokens) * d, 1.0f, seed, kX);
  fill_uniform(data.w_gate, ff * d, fan_in_scale(shape.d_model), seed, kGate);
  fill_uniform(data.w_up, ff * d, fan_in_scale(shape.d_model), seed, kUp);
  fill_uniform(data.w_down, d * ff, fan_in_scale(shape.d_ff), seed, kDown);
  return data;
}

MoeLayerData make_moe_data(const MoeShape& shape, int64_t tokens, std::vector<float> steering,
                           uint64_t seed) {
  check_positive("d_model", shape.d_model);
  check_positive("d_ff_expert", shape.d_ff_expert);
  check_positive("number of experts", shape.num_experts);
  check_positive("token count", tokens);
  if (shape.num_shared > 0) check_positive("d_ff_shared", shape.d_ff_shared);
  const auto d = size_t(shape.d_model), ff = size_t(shape.d_ff_expert);
  const auto e = size_t(shape.num_experts), t = size_t(tokens);
  if (steering.empty()) steering.assign(t * e, 0.0f);
  if (steering.size() != t * e)
    throw UserError("steering has " + std::to_string(steering.size()) + " values, expected " +
                    std::to_string(t) + " tokens x " + std::to_string(e) + " experts");
  MoeLayerData data;
  data.shape = shape;
  data.tokens = tokens;
  data.steering = std::move(steering);
  fill_uniform(data.x, t * d, 1.0f, seed, kX);
  fill_uniform(data.w_router, e * d, fan_in_scale(shape.d_model), seed, kRouter);
  fill_uniform(data.w_gate, e * ff * d, fan_in_scale(shape.d_model), seed, kGate);
  fill_uniform(data.w_up, e * ff * d, fan_in_scale(shape.d_model), seed, kUp);
  fill_uniform(data.w_down, e * d * ff, fan_in_scale(shape.d_ff_expert), seed, kDown);
  if (shape.num_shared > 0) {
    const size_t s = size_t(shape.num_shared) * size_t(shape.d_ff_shared) * d;
    fill_uniform(data.ws_gate, s, fan_in_scale(shape.d_model), seed, kSharedGate);
    fill_uniform(data.ws_up, s, fan_in_scale(shape.d_model), seed, kSharedUp);
    fill_uniform(data.ws_down, s, fan_in_scale(shape.d_ff_shared), seed, kSharedDown);
  }
  return data;
}

double dense_data_bytes(const FfnShape& shape, int64_t tokens) {
  return 4.0 * (double(tokens) * double(shape.d_model) +
                3.0 * double(shape.d_model) * double(shape.d_ff));
}

double moe_data_bytes(const MoeShape& shape, int64_t tokens) {
  const double d = double(shape.d_model), t = double(tokens), e = shape.num_experts;
  return 4.0 * (t * d + e * d + t * e + 3.0 * e * d * double(shape.d_ff_expert) +
                3.0 * shape.num_shared * d * double(shape.d_ff_shared));
}

}  // namespace moebench
