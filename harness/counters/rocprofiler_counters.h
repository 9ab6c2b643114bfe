// The MI300X (gfx942) counters moebench asks rocprofiler-sdk for, and what it derives from them.
// Shared by rocprofiler_source.cpp and rocprofiler_unavailable.cpp.
//   SQ_INSTS_VALU_MFMA_MOPS_{F16,BF16,F32,F64,I8}  MFMA work in units of 512 operations
//   FETCH_SIZE, WRITE_SIZE                          kilobytes fetched from / written to memory
//   GRBM_GUI_ACTIVE                                  GPU busy cycles
//   SQ_WAVES                                         waves dispatched
//   flop       = 512 · Σ SQ_INSTS_VALU_MFMA_MOPS_{F16,BF16,F32,F64}  (matrix FLOPs only)
//   dram_bytes = 1024 · (FETCH_SIZE + WRITE_SIZE)
#pragma once

#include <string>
#include <vector>

namespace moebench {

inline const std::vector<std::string>& rocprofiler_hardware_counters() {
  static const std::vector<std::string> counters = {"SQ_INSTS_VALU_MFMA_MOPS_F16",
                                                    "SQ_INSTS_VALU_MFMA_MOPS_BF16",
                                                    "SQ_INSTS_VALU_MFMA_MOPS_F32",
                                                    "SQ_INSTS_VALU_MFMA_MOPS_F64",
                                                    "SQ_INSTS_VALU_MFMA_MOPS_I8",
                                                    "FETCH_SIZE",
                                                    "WRITE_SIZE",
                                                    "GRBM_GUI_ACTIVE",
                                                    "SQ_WAVES"};
  return counters;
}

inline std::vector<std::string> rocprofiler_counter_names() {
  std::vector<std::string> names = rocprofiler_hardware_counters();
  names.push_back("flop");
  names.push_back("dram_bytes");
  return names;
}

}  // namespace moebench
