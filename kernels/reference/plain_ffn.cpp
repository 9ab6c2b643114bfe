#include "kernels/reference/plain_ffn.h"

#include <vector>

#include "kernels/reference/reference.h"

namespace moebench::ref {
namespace {

// fp32 accumulation; the simd reduction lets the compiler vectorise it without -ffast-math.
float dot(const float* a, const float* b, int64_t n) {
  float sum = 0;
#pragma omp simd reduction(+ : sum)
  for (int64_t i = 0; i < n; ++i) sum += a[i] * b[i];
  return sum;
}

// out(t, w · x_t) for each of `rows` token rows x_t (length n, contiguous). Four tokens share
// each load of w and give the adder four independent chains: a plain loop, 3x faster.
template <typename Out>
void dots(const float* w, const float* x, int64_t rows, int64_t n, Out out) {
  int64_t t = 0;
  for (; t + 4 <= rows; t += 4) {
    const float* x0 = x + t * n;
    const float* x1 = x0 + n;
    const float* x2 = x1 + n;
    const float* x3 = x2 + n;
    float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
#pragma omp simd reduction(+ : s0, s1, s2, s3)
    for (int64_t i = 0; i < n; ++i) {
      s0 += w[i] * x0[i];
      s1 += w[i] * x1[i];
      s2 += w[i] * x2[i];
      s3 += w[i] * x3[i];
    }
    out(t, s0);
    out(t + 1, s1);
    out(t + 2, s2);
    out(t + 3, s3);
  }
  for (; t < rows; ++t) out(t, dot(w, x + t * n, n));
}

// h[t][f] = silu(gate_f · x_t) * (up_f · x_t): each f decodes its two weight rows once.
void gate_up(const QuantizedFfn& w, const float* x, int64_t rows, int threads, float* h) {
  const int64_t d_model = w.d_model();
  const int64_t d_ff = w.d_ff();
#pragma omp parallel num_threads(threads)
  {
    std::vector<float> gate_row(static_cast<size_t>(d_model));
    std::vector<float> up_row(static_cast<size_t>(d_model));
    std::vector<float> g(static_cast<size_t>(rows));
#pragma omp for schedule(static)
    for (int64_t f = 0; f < d_ff; ++f) {
      dequantize_row(w.gate, f, gate_row.data());
      dequantize_row(w.up, f, up_row.data());
      dots(gate_row.data(), x, rows, d_model, [&](int64_t t, float v) { g[t] = v; });
      dots(up_row.data(), x, rows, d_model,
           [&](int64_t t, float u) { h[t * d_ff + f] = silu(g[t]) * u; });
    }
  }
}

// y[t][o] (= or +=) w_o · x_t.
void linear(const QuantizedMatrix& w, const float* x, int64_t rows, int threads, float* y,
            bool accumulate) {
#pragma omp parallel num_threads(threads)
  {
    std::vector<float> w_row(static_cast<size_t>(w.cols));
#pragma omp for schedule(static)
    for (int64_t o = 0; o < w.rows; ++o) {
      dequantize_row(w, o, w_row.data());
      dots(w_row.data(), x, rows, w.cols, [&](int64_t t, float v) {
        float& dst = y[t * w.rows + o];
        dst = accumulate ? dst + v : v;
      });
    }
  }
}

}  // namespace

QuantizedFfn quantize_ffn(const float* gate, const float* up, const float* down, int64_t d_model,
                          int64_t d_ff, Precision p, int group_size) {
  return {quantize(gate, d_ff, d_model, p, group_size), quantize(up, d_ff, d_model, p, group_size),
          quantize(down, d_model, d_ff, p, group_size)};
}

void round_rows(float* x, int64_t rows, int64_t cols, Precision p, int threads) {
  if (p != Precision::bf16 && p != Precision::int8) return;  // the others keep fp32 activations
#pragma omp parallel for num_threads(threads) schedule(static)
  for (int64_t r = 0; r < rows; ++r) round_activations(x + r * cols, 1, cols, p);
}

void ffn_rows(const QuantizedFfn& w, const float* x, int64_t rows, Precision p, int threads,
              float* h, float* y, bool accumulate) {
  if (rows == 0) return;
  gate_up(w, x, rows, threads, h);
  round_rows(h, rows, w.d_ff(), p, threads);
  linear(w.down, h, rows, threads, y, accumulate);
}

}  // namespace moebench::ref
