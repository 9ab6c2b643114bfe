#include "harness/sweep/sweep.h"

#include <charconv>

#include "harness/core/error.h"

namespace moebench {

std::vector<Combination> cartesian_product(const AxisValues& axes) {
  std::vector<Combination> points = {{}};
  for (const auto& [name, values] : axes) {
    std::vector<Combination> next;
    next.reserve(points.size() * values.size());
    for (const auto& partial : points)
      for (const auto& value : values) {
        Combination c = partial;
        c.emplace_back(name, value);
        next.push_back(std::move(c));
      }
    points = std::move(next);
  }
  return points;
}

const std::string& value_of(const Combination& combination, const std::string& axis) {
  static const std::string kEmpty;
  for (const auto& [name, value] : combination)
    if (name == axis) return value;
  return kEmpty;
}

std::string to_path(const Combination& combination) {
  std::string path;
  for (const auto& [name, value] : combination) {
    if (!path.empty()) path += '/';
    path += name + '=' + value;
  }
  return path;
}

Shard parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  Shard shard;
  auto parse = [&](std::string_view part, int* out) {
    const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), *out);
    return ec == std::errc() && end == part.data() + part.size() && !part.empty();
  };
  const std::string_view view(text);
  if (slash == std::string::npos || !parse(view.substr(0, slash), &shard.index) ||
      !parse(view.substr(slash + 1), &shard.count) || shard.count < 1 || shard.index < 0 ||
      shard.index >= shard.count)
    throw UserError("bad --shard '" + text + "': expected I/N with 0 <= I < N, e.g. 0/4");
  return shard;
}

bool in_shard(const Shard& shard, size_t position) {
  return position % size_t(shard.count) == size_t(shard.index);
}

}  // namespace moebench
