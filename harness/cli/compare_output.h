// Renders a ComparisonReport as a terminal table, markdown (a PR comment) or JSON.
#pragma once

#include <string>

#include "harness/analysis/comparison.h"

namespace moebench {

std::string render_comparison_table(const ComparisonReport& report);
std::string render_comparison_markdown(const ComparisonReport& report);
std::string render_comparison_json(const ComparisonReport& report);

}  // namespace moebench
