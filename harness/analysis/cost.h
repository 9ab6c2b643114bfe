// Serving cost per million tokens from a throughput, an hourly price and a utilisation.
#pragma once

namespace moebench {

// $ per 1e6 tokens when `tokens_per_s` is delivered a fraction `utilization` of the paid time.
double cost_per_million_tokens(double hourly_usd, double tokens_per_s, double utilization);
// The throughput a stated $/M at a utilisation implies.
double implied_tokens_per_s(double hourly_usd, double cost_per_million, double utilization);
// The utilisation at which this deployment reaches `target_cost_per_million` (may exceed 1:
// unreachable).
double breakeven_utilization(double hourly_usd, double tokens_per_s,
                             double target_cost_per_million);

}  // namespace moebench
