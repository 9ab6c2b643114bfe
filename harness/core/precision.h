// Numeric precisions a kernel can run in, and what each one means for weights and activations.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace moebench {

// Weight precision of a point. Activation handling follows from it (see docs/precisions.md):
//   fp32      weights fp32, activations fp32
//   bf16      weights bf16, activations rounded to bf16 at every GEMM input, fp32 accumulate
//   fp16      weights fp16, activations fp32
//   fp8_e4m3  weights e4m3 with one fp32 scale per output channel, activations fp32
//   int8      weights int8 (per output channel scale), activations int8 per token (dynamic)
//   int4      weights int4 symmetric with one fp32 scale per group of inputs, activations fp32
enum class Precision { fp32, bf16, fp16, fp8_e4m3, int8, int4 };

// How activations are quantised at the GEMM inputs (x and h). Every moebench kernel follows
// its precision's rule above (as_precision). A vendor baseline whose library runs a precision
// only one other way declares that way, and is verified against an oracle that does the same:
//   as_precision   the rule of the precision above
//   fp8_per_token  at fp8-e4m3, x and h quantised per token (row) to e4m3, scale max|row|/448,
//                  and back: W8A8-fp8, how fp8 tensor-core GEMMs run (cuBLASLt's fp8
//                  baseline); every other precision keeps its rule
enum class Activations { as_precision, fp8_per_token };

const std::vector<Precision>& all_precisions();
std::string_view to_string(Precision p);
// Accepts the canonical names (fp32, bf16, fp16, fp8-e4m3, int8, int4) and the alias fp8.
std::optional<Precision> parse_precision(std::string_view name);
// Bits stored per weight including quantisation scales (fp32 scale per channel/group).
double bits_per_weight(Precision p, int group_size, long long channel_length);

}  // namespace moebench
