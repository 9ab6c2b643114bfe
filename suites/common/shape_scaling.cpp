// Scaled-down shapes and the dense comparison points of an MoE layer.
#include <algorithm>
#include <cmath>

#include "harness/core/error.h"
#include "suites/common/model_config.h"

namespace moebench {
namespace {

int64_t scale_width(int64_t width, double factor) {
  if (width == 0) return 0;  // absent (no shared experts) stays absent
  const int64_t scaled = int64_t(std::llround(double(width) * factor / 16.0)) * 16;
  return std::max<int64_t>(16, scaled);
}

void check_factor(double factor) {
  if (!(factor > 0) || !std::isfinite(factor))
    throw UserError("scale factor must be a positive number, got " + std::to_string(factor));
}

}  // namespace

MoeShape scale_shape(const MoeShape& shape, double factor) {
  check_factor(factor);
  MoeShape s = shape;
  s.d_model = scale_width(shape.d_model, factor);
  s.d_ff_expert = scale_width(shape.d_ff_expert, factor);
  s.d_ff_shared = scale_width(shape.d_ff_shared, factor);
  return s;
}

FfnShape scale_shape(const FfnShape& shape, double factor) {
  check_factor(factor);
  return FfnShape{scale_width(shape.d_model, factor), scale_width(shape.d_ff, factor)};
}

// The router (E·d_model) is not matched: it is under 1% of any expert FFN here.
FfnShape dense_same_active(const MoeShape& shape) {
  return FfnShape{shape.d_model,
                  shape.top_k * shape.d_ff_expert + shape.num_shared * shape.d_ff_shared};
}

FfnShape dense_same_total(const MoeShape& shape) {
  return FfnShape{shape.d_model,
                  shape.num_experts * shape.d_ff_expert + shape.num_shared * shape.d_ff_shared};
}

}  // namespace moebench
