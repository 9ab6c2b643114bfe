#include "harness/analysis/crossovers.h"

#include <algorithm>
#include <cmath>

namespace moebench {

std::vector<Crossover> find_crossovers(std::vector<CurvePoint> points) {
  std::erase_if(points, [](const CurvePoint& p) { return p.x <= 0 || p.a <= 0 || p.b <= 0; });
  std::sort(points.begin(), points.end(),
            [](const CurvePoint& l, const CurvePoint& r) { return l.x < r.x; });
  // Drop exact ties: the crossing is then found between the neighbours that differ.
  std::erase_if(points, [](const CurvePoint& p) { return p.a == p.b; });
  std::vector<Crossover> out;
  for (size_t i = 1; i < points.size(); ++i) {
    const double d0 = std::log(points[i - 1].a / points[i - 1].b);
    const double d1 = std::log(points[i].a / points[i].b);
    if ((d0 < 0) == (d1 < 0)) continue;
    const double lx0 = std::log(points[i - 1].x), lx1 = std::log(points[i].x);
    const double t = d0 / (d0 - d1);
    out.push_back({std::exp(lx0 + t * (lx1 - lx0)), d1 < 0});
  }
  return out;
}

double loglog_interpolate(double x0, double y0, double x1, double y1, double x) {
  if (x0 <= 0 || x1 <= 0 || y0 <= 0 || y1 <= 0 || x <= 0 || x0 == x1) return 0;
  const double slope = (std::log(y1) - std::log(y0)) / (std::log(x1) - std::log(x0));
  return std::exp(std::log(y0) + slope * (std::log(x) - std::log(x0)));
}

}  // namespace moebench
