// The FFN on oneDNN matmul primitives: gate and up as one matmul over [2·d_ff] output
// channels, SwiGLU, down. fp32; bf16 (bf16 src/weights, fp32 dst); int8 W8A8 (s8 src with
// per-row scales as ref::round_activations, s8 weights with per-channel scales, s32 dst scaled
// here). Weights are reordered once, into the layout oneDNN chooses ("any") for each row
// count, outside timing (prepare()).
#include <omp.h>

#include <map>
#include <mutex>
#include <oneapi/dnnl/dnnl.hpp>
#include <stdexcept>
#include <vector>

#include "kernels/cpu/gemm/activations.h"
#include "kernels/cpu/gemm/microkernel.h"
#include "kernels/reference/quant.h"
#include "kernels/vendor/vendor_ffn.h"

namespace moebench::vendor {
namespace {

using dnnl::memory;
using dt = dnnl::memory::data_type;
using tag = dnnl::memory::format_tag;

dt src_type(Precision p) {
  return p == Precision::bf16 ? dt::bf16 : p == Precision::int8 ? dt::s8 : dt::f32;
}

// One weight matrix [n][k] kept in every layout a prepared row count asked for.
class Weights {
 public:
  Weights(const float* w, int64_t n, int64_t k, Precision p) : n_(n), k_(k), p_(p) {
    if (p == Precision::int8) {
      const ref::QuantizedMatrix q = ref::quantize(w, n, k, Precision::int8);
      codes_.assign(q.data.begin(), q.data.end());
      scales_ = q.scales;
    } else {
      master_.assign(w, w + n * k);  // reorder converts to bf16 (round to nearest even)
    }
  }

  const memory& in_layout(const memory::desc& desc, const dnnl::engine& engine,
                          dnnl::stream& stream) {
    for (auto& [d, m] : layouts_)
      if (d == desc) return m;
    const bool int8 = p_ == Precision::int8;
    memory user({{k_, n_}, int8 ? dt::s8 : dt::f32, tag::ba}, engine,
                int8 ? static_cast<void*>(codes_.data()) : static_cast<void*>(master_.data()));
    memory packed(desc, engine);
    dnnl::reorder(user, packed).execute(stream, user, packed);
    stream.wait();
    layouts_.emplace_back(desc, packed);
    return layouts_.back().second;
  }

  const std::vector<float>& scales() const { return scales_; }
  size_t bytes() const {
    size_t largest = 0;
    for (const auto& [d, m] : layouts_) largest = std::max(largest, d.get_size());
    return largest + scales_.size() * 4;
  }

 private:
  int64_t n_, k_;
  Precision p_;
  std::vector<float> master_;
  std::vector<int8_t> codes_;
  std::vector<float> scales_;
  std::vector<std::pair<memory::desc, memory>> layouts_;
};

class OneDnnFfn final : public VendorFfn {
 public:
  OneDnnFfn(const FfnSource& s, Precision p, int threads)
      : p_(p),
        threads_(threads),
        d_model_(s.d_model),
        d_ff_(s.d_ff),
        engine_(dnnl::engine::kind::cpu, 0),
        stream_(engine_),
        gate_up_(concat(s).data(), 2 * s.d_ff, s.d_model, p),
        down_(s.w_down, s.d_model, s.d_ff, p) {}

  void prepare(int64_t rows) override { primitives(rows); }

  void forward(const float* x, int64_t rows, float* y) override {
    omp_set_num_threads(threads_);
    Primitives& prim = primitives(rows);
    const int64_t dm = d_model_, ff = d_ff_;
    if (x_.rows() < rows) {
      x_ = cpu::ActivationRows(p_, rows, dm);
      h_act_ = cpu::ActivationRows(p_, rows, ff);
    }
    gu_.resize(size_t(rows * 2 * ff));
    h_.resize(size_t(rows * ff));
    acc_.resize(size_t(rows * std::max(2 * ff, dm)));
    const cpu::GemmIsa& isa = cpu::active_gemm_isa();

    // gate + up
    for (int64_t r = 0; r < rows; ++r) x_.set_row(r, x + r * dm);
    run(prim.gate_up, x_, rows, dm, gate_up_, prim.gate_up_weights,
        p_ == Precision::int8 ? static_cast<void*>(acc_.data()) : gu_.data(), 2 * ff);
    if (p_ == Precision::int8) dequantize(x_, gate_up_.scales(), rows, 2 * ff, gu_.data());
    for (int64_t r = 0; r < rows; ++r)
      isa.swiglu(gu_.data() + r * 2 * ff, gu_.data() + r * 2 * ff + ff, h_.data() + r * ff, ff);

    // down
    for (int64_t r = 0; r < rows; ++r) h_act_.set_row(r, h_.data() + r * ff);
    run(prim.down, h_act_, rows, ff, down_, prim.down_weights,
        p_ == Precision::int8 ? static_cast<void*>(acc_.data()) : y, dm);
    if (p_ == Precision::int8) dequantize(h_act_, down_.scales(), rows, dm, y);
  }

  size_t weight_bytes() const override { return gate_up_.bytes() + down_.bytes(); }

 private:
  struct Primitives {
    dnnl::matmul gate_up, down;
    memory::desc gate_up_weights, down_weights;
  };

  static std::vector<float> concat(const FfnSource& s) {
    std::vector<float> w(s.w_gate, s.w_gate + s.d_ff * s.d_model);
    w.insert(w.end(), s.w_up, s.w_up + s.d_ff * s.d_model);
    return w;
  }

  std::pair<dnnl::matmul, memory::desc> make(int64_t rows, int64_t k, int64_t n) {
    const memory::desc src({rows, k}, src_type(p_), memory::dims{int64_t(row_stride(k)), 1});
    const memory::desc wei({k, n}, src_type(p_), tag::any);
    const memory::desc dst({rows, n}, p_ == Precision::int8 ? dt::s32 : dt::f32, tag::ab);
    dnnl::matmul::primitive_desc pd(dnnl::matmul::desc(src, wei, dst), engine_);
    return {dnnl::matmul(pd), pd.weights_desc()};
  }

  // Row stride, in elements, of cpu::ActivationRows for k columns.
  int64_t row_stride(int64_t k) const {
    return int64_t(cpu::ActivationRows(p_, 1, k).stride()) / (p_ == Precision::bf16   ? 2
                                                              : p_ == Precision::int8 ? 1
                                                                                      : 4);
  }

  Primitives& primitives(int64_t rows) {
    auto it = cache_.find(rows);
    if (it != cache_.end()) return it->second;
    Primitives p;
    std::tie(p.gate_up, p.gate_up_weights) = make(rows, d_model_, 2 * d_ff_);
    std::tie(p.down, p.down_weights) = make(rows, d_ff_, d_model_);
    gate_up_.in_layout(p.gate_up_weights, engine_, stream_);
    down_.in_layout(p.down_weights, engine_, stream_);
    return cache_.emplace(rows, std::move(p)).first->second;
  }

  void run(dnnl::matmul& mm, cpu::ActivationRows& src, int64_t rows, int64_t k, Weights& w,
           const memory::desc& w_desc, void* dst, int64_t n) {
    memory src_mem({{rows, k}, src_type(p_), memory::dims{row_stride(k), 1}}, engine_, src.row(0));
    memory dst_mem({{rows, n}, p_ == Precision::int8 ? dt::s32 : dt::f32, tag::ab}, engine_, dst);
    mm.execute(stream_, {{DNNL_ARG_SRC, src_mem},
                         {DNNL_ARG_WEIGHTS, w.in_layout(w_desc, engine_, stream_)},
                         {DNNL_ARG_DST, dst_mem}});
    stream_.wait();
  }

  // out = s32 accumulators × row scale × channel scale
  void dequantize(const cpu::ActivationRows& src, const std::vector<float>& channel_scales,
                  int64_t rows, int64_t n, float* out) const {
    const int32_t* acc = acc_.data();
    for (int64_t r = 0; r < rows; ++r) {
      const float row_scale = src.scales()[r];
      for (int64_t c = 0; c < n; ++c)
        out[r * n + c] = float(acc[r * n + c]) * (channel_scales[size_t(c)] * row_scale);
    }
  }

  Precision p_;
  int threads_;
  int64_t d_model_, d_ff_;
  dnnl::engine engine_;
  dnnl::stream stream_;
  Weights gate_up_, down_;
  std::map<int64_t, Primitives> cache_;
  cpu::ActivationRows x_, h_act_;
  std::vector<float> gu_, h_;
  std::vector<int32_t> acc_;
};

// Whether this oneDNN implements a matmul of `p` on this CPU. oneDNN chooses its kernels by the
// CPU's ISA at run time and has none for some pairs: Debian 12's oneDNN (2.6.3) has no bf16 matmul
// without AVX-512 (on an AVX2-only Zen 3, creating one throws "could not create a primitive
// descriptor iterator"). Asked once per precision, with a small matmul of the same types.
bool onednn_implements(Precision p) {
  static std::mutex mutex;
  static std::map<Precision, bool> known;
  std::lock_guard<std::mutex> lock(mutex);
  if (auto it = known.find(p); it != known.end()) return it->second;
  bool ok = true;
  try {
    dnnl::engine engine(dnnl::engine::kind::cpu, 0);
    const memory::desc src({16, 64}, src_type(p), tag::ab);
    const memory::desc wei({64, 64}, src_type(p), tag::any);
    const memory::desc dst({16, 64}, p == Precision::int8 ? dt::s32 : dt::f32, tag::ab);
    dnnl::matmul::primitive_desc pd(dnnl::matmul::desc(src, wei, dst), engine);
  } catch (const dnnl::error&) {
    ok = false;
  }
  return known[p] = ok;
}

std::string onednn_version() {
  const dnnl_version_t* v = dnnl_version();
  return std::to_string(v->major) + "." + std::to_string(v->minor) + "." + std::to_string(v->patch);
}

// oneDNN's int8 matmul without VNNI (vpdpbusd) multiplies through vpmaddubsw, whose 16-bit sums
// of two products saturate on full-range s8 weights (oneDNN's "Nuances of int8 computations":
// such CPUs need weights scaled to 7 bits). moebench's int8 weights use the full range, and on an
// AVX2-only Zen 3 the results missed the int8 tolerance tenfold (normalised error 0.2-0.3).
bool cpu_has_vnni() {
  return __builtin_cpu_supports("avx512vnni") || __builtin_cpu_supports("avxvnni");
}

}  // namespace

std::optional<std::string> onednn_unsupported(Precision p) {
  if (p != Precision::fp32 && p != Precision::bf16 && p != Precision::int8)
    return "oneDNN baseline covers fp32, bf16 and int8";
  if (p == Precision::int8 && !cpu_has_vnni())
    return "oneDNN's int8 matmul on a CPU without VNNI saturates 16-bit intermediates "
           "(vpmaddubsw) on full-range int8 weights, and fails verification";
  if (!onednn_implements(p))
    return "oneDNN " + onednn_version() + " implements no " + std::string(to_string(p)) +
           " matmul for this CPU (its " + std::string(to_string(p)) +
           " kernels need ISA extensions this CPU lacks)";
  return std::nullopt;
}

std::unique_ptr<VendorFfn> make_onednn_ffn(const FfnSource& src, Precision p, int threads) {
  if (auto reason = onednn_unsupported(p)) throw std::runtime_error(*reason);
  return std::make_unique<OneDnnFfn>(src, p, threads);
}

}  // namespace moebench::vendor
