#include "kernels/registry.h"

#include <stdexcept>

namespace moebench {

KernelRegistry& KernelRegistry::instance() {
  static KernelRegistry registry;
  return registry;
}

void KernelRegistry::add(KernelInfo info) {
  if (by_name(info.name)) throw std::logic_error("kernel registered twice: " + info.name);
  kernels_.push_back(std::move(info));
}

std::vector<const KernelInfo*> KernelRegistry::find(Op op, const std::string& backend) const {
  std::vector<const KernelInfo*> found;
  for (const auto& k : kernels_)
    if (k.op == op && k.backend == backend) found.push_back(&k);
  return found;
}

const KernelInfo* KernelRegistry::by_name(const std::string& name) const {
  for (const auto& k : kernels_)
    if (k.name == name) return &k;
  return nullptr;
}

}  // namespace moebench

#include "kernels/probe.h"

namespace moebench {

ProbeRegistry& ProbeRegistry::instance() {
  static ProbeRegistry registry;
  return registry;
}

}  // namespace moebench
