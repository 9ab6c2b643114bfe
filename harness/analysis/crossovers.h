// Where two time-per-token curves over batch size cross.
#pragma once

#include <cstdint>
#include <vector>

namespace moebench {

struct CurvePoint {
  double x = 0;  // batch (tokens)
  double a = 0;  // e.g. MoE time per token
  double b = 0;  // e.g. dense time per token
};

struct Crossover {
  double x = 0;               // interpolated in log(x) where log(a/b) changes sign
  bool a_wins_after = false;  // a < b for batches above x
};

// Points need not be sorted; non-positive values are ignored. A point where a == b exactly is
// reported as a crossover only when the sign differs on both sides.
std::vector<Crossover> find_crossovers(std::vector<CurvePoint> points);

// log-log interpolation of y at x between (x0, y0) and (x1, y1); extrapolates outside.
double loglog_interpolate(double x0, double y0, double x1, double y1, double x);

}  // namespace moebench
