// CUPTI parameter structs, zeroed with structSize set (CUPTI's ABI check), without listing every
// field (-Wmissing-field-initializers).
#pragma once

#include <cstddef>

namespace moebench {

template <typename Params>
Params cupti_params(size_t struct_size) {
  Params params{};
  params.structSize = struct_size;
  return params;
}

}  // namespace moebench
