// Deterministic random layer data for a point: weights ~ U(-1,1)/sqrt(fan_in), x ~ U(-1,1).
#pragma once

#include <cstdint>
#include <vector>

#include "kernels/problem.h"

namespace moebench {

DenseFfnData make_dense_data(const FfnShape& shape, int64_t tokens, uint64_t seed);
// steering: [tokens][E] from steering_from_plan (empty: all zeros).
MoeLayerData make_moe_data(const MoeShape& shape, int64_t tokens, std::vector<float> steering,
                           uint64_t seed);
// Bytes make_*_data allocates (to refuse points that do not fit in memory before allocating).
double dense_data_bytes(const FfnShape& shape, int64_t tokens);
double moe_data_bytes(const MoeShape& shape, int64_t tokens);

}  // namespace moebench
