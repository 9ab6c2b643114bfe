#include "harness/analysis/cost.h"

namespace moebench {

namespace {
constexpr double kSecondsPerHour = 3600.0;
constexpr double kMillion = 1e6;
}  // namespace

double cost_per_million_tokens(double hourly_usd, double tokens_per_s, double utilization) {
  if (tokens_per_s <= 0 || utilization <= 0) return 0;
  return hourly_usd * kMillion / (tokens_per_s * kSecondsPerHour * utilization);
}

double implied_tokens_per_s(double hourly_usd, double cost_per_million, double utilization) {
  if (cost_per_million <= 0 || utilization <= 0) return 0;
  return hourly_usd * kMillion / (cost_per_million * kSecondsPerHour * utilization);
}

double breakeven_utilization(double hourly_usd, double tokens_per_s,
                             double target_cost_per_million) {
  if (tokens_per_s <= 0 || target_cost_per_million <= 0) return 0;
  return hourly_usd * kMillion / (tokens_per_s * kSecondsPerHour * target_cost_per_million);
}

}  // namespace moebench
