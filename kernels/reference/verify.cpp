#include "kernels/reference/verify.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace moebench {
namespace {

std::string format(const char* fmt, auto... args) {
  char buf[256];
  std::snprintf(buf, sizeof buf, fmt, args...);
  return buf;
}

}  // namespace

// The figures and the reasoning behind them are in docs/precisions.md ("Tolerances").
double tolerance_for(Precision p) {
  switch (p) {
    case Precision::fp32:
      return 1e-4;
    case Precision::fp16:
      return 2e-3;
    case Precision::bf16:
    case Precision::fp8_e4m3:
    case Precision::int4:
      return 1e-2;
    case Precision::int8:
      return 2e-2;
  }
  return 0;
}

Verification verify(std::span<const float> output, std::span<const float> reference, Precision p) {
  Verification v;
  v.tolerance = tolerance_for(p);
  if (output.size() != reference.size()) {
    v.message = format("output has %zu values, reference has %zu", output.size(), reference.size());
    return v;
  }
  size_t worst = 0;
  for (size_t i = 0; i < output.size(); ++i) {
    if (!std::isfinite(output[i])) {
      v.message = format("output[%zu] is %s", i, std::isnan(output[i]) ? "NaN" : "infinite");
      return v;
    }
    if (!std::isfinite(reference[i])) {
      v.message = format("reference[%zu] is not finite: the problem data overflows", i);
      return v;
    }
    const double error = std::fabs(static_cast<double>(output[i]) - reference[i]);
    if (error > v.max_abs_error) {
      v.max_abs_error = error;
      worst = i;
    }
    v.reference_max_abs =
        std::max(v.reference_max_abs, std::fabs(static_cast<double>(reference[i])));
  }
  // An all-zero reference is met only by an all-zero output.
  const double tiny = std::numeric_limits<float>::min();
  v.normalized_error = v.max_abs_error / std::max(v.reference_max_abs, tiny);
  v.passed = v.normalized_error <= v.tolerance;
  if (!v.passed)
    v.message = format(
        "normalised max error %.3g exceeds the %s tolerance %.3g (at index %zu: output %.6g, "
        "reference %.6g; max |reference| %.6g)",
        v.normalized_error, std::string(to_string(p)).c_str(), v.tolerance, worst,
        static_cast<double>(output[worst]), static_cast<double>(reference[worst]),
        v.reference_max_abs);
  return v;
}

}  // namespace moebench
