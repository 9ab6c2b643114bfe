// How a kernel's output is judged against the reference, per precision.
#pragma once

#include <span>
#include <string>

#include "harness/core/precision.h"

namespace moebench {

struct Verification {
  bool passed = false;
  double max_abs_error = 0;      // max |out - ref|
  double reference_max_abs = 0;  // max |ref|
  double normalized_error = 0;   // max_abs_error / max(reference_max_abs, tiny)
  double tolerance = 0;          // bound on normalized_error for the precision
  std::string message;           // empty when passed, else what went wrong (size, NaN, error)
};

// Normalised max error bound per precision (docs/precisions.md explains each figure).
double tolerance_for(Precision p);
Verification verify(std::span<const float> output, std::span<const float> reference, Precision p);

}  // namespace moebench
