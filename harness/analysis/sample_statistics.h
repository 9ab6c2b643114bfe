// Small summaries comparison needs (median, geometric mean), free of the measurement code.
#pragma once

#include <vector>

namespace moebench {

// Median of the values (mean of the two middle ones for an even count); 0 for none.
double median(std::vector<double> values);
// exp(mean(log x)) of positive values; 0 for none. Throws std::invalid_argument on x <= 0.
double geometric_mean(const std::vector<double>& values);

}  // namespace moebench
