// Sweeps: the cartesian product of axis values, then --filter and --shard.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace moebench {

// Ordered axes: name → values. Order decides the order of points and of names' parts.
using AxisValues = std::vector<std::pair<std::string, std::vector<std::string>>>;
// One point: name → value, in axis order.
using Combination = std::vector<std::pair<std::string, std::string>>;

std::vector<Combination> cartesian_product(const AxisValues& axes);
// Value of `axis` in a combination ("" when absent).
const std::string& value_of(const Combination& combination, const std::string& axis);
// "name=value/name=value/…"
std::string to_path(const Combination& combination);

struct Shard {
  int index = 0;  // 0-based
  int count = 1;
};
// "I/N" with 0 ≤ I < N; UserError otherwise.
Shard parse_shard(const std::string& text);
bool in_shard(const Shard& shard, size_t position);

}  // namespace moebench
