#include "kernels/cpu/gemm/gemm_driver.h"

#include <algorithm>
#include <cstring>

namespace moebench::cpu {

namespace {

TileJob make_job(const GemmIsa& isa, const ActivationRows& a, int64_t row, int64_t rows_left,
                 const PackedWeights& w, float* tile) {
  TileJob j;
  j.a = a.row(row);
  j.a_stride = a.stride();
  j.a_scales = a.precision() == Precision::int8 ? a.scales() + row : nullptr;
  j.rows = int(std::min<int64_t>(rows_left, isa.max_rows));
  j.k_padded = w.k_padded();
  j.group_size = w.group_size();
  j.c = tile;
  return j;
}

}  // namespace

void gemm_panels(const GemmIsa& isa, const ActivationRows& a, int64_t row0, int64_t rows,
                 const PackedWeights& w, int64_t panel_begin, int64_t panel_end, float* out,
                 int64_t ldo) {
  const MicroKernel kernel = isa.for_precision(w.precision());
  alignas(64) float tile[8 * kTileCols];
  for (int64_t p = panel_begin; p < panel_end; p += 2) {
    const int panels = p + 1 < panel_end ? 2 : 1;
    const int64_t col0 = p * kPanelCols;
    const int64_t cols = std::min<int64_t>(w.n() - col0, panels * kPanelCols);
    for (int64_t r = 0; r < rows; r += isa.max_rows) {
      TileJob j = make_job(isa, a, row0 + r, rows - r, w, tile);
      j.panels = panels;
      j.b[0] = w.panel(p);
      if (panels == 2) j.b[1] = w.panel(p + 1);
      kernel(j);
      for (int i = 0; i < j.rows; ++i)
        std::memcpy(out + (r + i) * ldo + col0, tile + i * kTileCols, size_t(cols) * 4);
    }
  }
}

void swiglu_panels(const GemmIsa& isa, const ActivationRows& a, int64_t row0, int64_t rows,
                   const PackedWeights& gate, const PackedWeights& up, int64_t panel_begin,
                   int64_t panel_end, float* h, int64_t ldh) {
  const MicroKernel kernel = isa.for_precision(gate.precision());
  alignas(64) float tile[8 * kTileCols];
  for (int64_t p = panel_begin; p < panel_end; ++p) {
    const int64_t col0 = p * kPanelCols;
    const int64_t cols = std::min<int64_t>(gate.n() - col0, kPanelCols);
    for (int64_t r = 0; r < rows; r += isa.max_rows) {
      TileJob j = make_job(isa, a, row0 + r, rows - r, gate, tile);
      j.panels = 2;
      j.b[0] = gate.panel(p);
      j.b[1] = up.panel(p);
      kernel(j);
      for (int i = 0; i < j.rows; ++i)
        isa.swiglu(tile + i * kTileCols, tile + i * kTileCols + kPanelCols,
                   h + (r + i) * ldh + col0, cols);
    }
  }
}

}  // namespace moebench::cpu
