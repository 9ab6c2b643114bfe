// Kernels register themselves here (MOEBENCH_REGISTER_KERNEL); suites look them up by op and
// backend. Adding a kernel is one .cpp file with one registration, no edits elsewhere.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kernels/kernel.h"

namespace moebench {

struct KernelInfo {
  std::string name;     // unique, e.g. "cpu.reference", "cpu.avx512", "cuda.grouped"
  std::string backend;  // "cpu", "cuda", "hip"
  Op op = Op::dense_ffn;
  std::string description;
  bool vendor_baseline = false;  // OpenBLAS, oneDNN, cuBLAS…: compared against, not ours
  // nullopt when the kernel supports the problem on this machine, else why not (shown as the
  // skip reason): precision unsupported, CPU lacks AVX-512… Called when planning, before any
  // data exists: problem.dense/moe are null then. create() may still throw for a shape it
  // cannot handle; the runner reports that as the record's failure reason.
  std::function<std::optional<std::string>(const Problem&)> unsupported_reason;
  std::function<std::unique_ptr<Kernel>(const Problem&)> create;
  // How the kernel quantises activations (harness/core/precision.h); verification uses the
  // oracle with the same activations. Only a vendor baseline departs from as_precision.
  Activations activations = Activations::as_precision;
};

class KernelRegistry {
 public:
  static KernelRegistry& instance();
  void add(KernelInfo info);
  const std::vector<KernelInfo>& all() const { return kernels_; }
  std::vector<const KernelInfo*> find(Op op, const std::string& backend) const;
  const KernelInfo* by_name(const std::string& name) const;

 private:
  std::vector<KernelInfo> kernels_;
};

namespace detail {
struct KernelRegistrar {
  explicit KernelRegistrar(KernelInfo info) { KernelRegistry::instance().add(std::move(info)); }
};
}  // namespace detail

#define MOEBENCH_CONCAT_INNER(a, b) a##b
#define MOEBENCH_CONCAT(a, b) MOEBENCH_CONCAT_INNER(a, b)
// Usage at namespace scope: MOEBENCH_REGISTER_KERNEL(KernelInfo{...});
#define MOEBENCH_REGISTER_KERNEL(...)                                                 \
  static const ::moebench::detail::KernelRegistrar MOEBENCH_CONCAT(kernel_registrar_, \
                                                                   __LINE__)(__VA_ARGS__)

}  // namespace moebench
