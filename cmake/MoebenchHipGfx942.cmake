# MI300X (gfx942) compile check of the HIP kernels, where the HIP install cannot target gfx942.
#
# Debian's hipcc 5.2 (clang-15) stops at gfx940; Debian's clang-19 targets gfx942 with HIP
# 5.2's own headers and device libraries, given the one device library 5.2 lacks: the gfx942
# ISA-version constant (oclc_isa_version_942.bc), made here from gfx940's by changing its one
# number (9400 -> 9402). The objects are compiled, not linked (the program links hipcc's
# gfx90a/gfx940 objects, and a HIP 5.2 runtime does not run gfx942 anyway); they prove the
# shared source, MFMA tiles included, compiles for the MI300X's own target. Where ROCm >= 6 is
# installed, gfx942 is in MOEBENCH_HIP_ARCHITECTURES and this check is not needed.
#
#   moebench_hip_gfx942_check(SOURCES...)   adds the target moebench_hip_gfx942_check (ALL)
# Sets MOEBENCH_HIP_GFX942_CHECK (ON/OFF) and MOEBENCH_HIP_GFX942_REASON (why it is off).

set(MOEBENCH_HIP_GFX942_CHECK OFF)
set(MOEBENCH_HIP_GFX942_REASON "")
find_program(MOEBENCH_CLANG19 NAMES clang++-19 clang++ HINTS /usr/lib/llvm-19/bin NO_DEFAULT_PATH)
find_program(MOEBENCH_LLVM19_DIS llvm-dis HINTS /usr/lib/llvm-19/bin NO_DEFAULT_PATH)
find_program(MOEBENCH_LLVM19_AS llvm-as HINTS /usr/lib/llvm-19/bin NO_DEFAULT_PATH)
find_program(MOEBENCH_LLD19 ld.lld HINTS /usr/lib/llvm-19/bin NO_DEFAULT_PATH)
# Debian keeps the device libraries beside libamdhip64 (/usr/lib/<triplet>/amdgcn/bitcode).
get_filename_component(_hip_lib_dir "${MOEBENCH_AMDHIP64}" DIRECTORY)
set(_bitcode_dir "${_hip_lib_dir}/amdgcn/bitcode")

if("gfx942" IN_LIST MOEBENCH_HIP_ARCHITECTURES)
  set(MOEBENCH_HIP_GFX942_REASON "gfx942 is in the main HIP build")
elseif(NOT MOEBENCH_CLANG19 OR NOT MOEBENCH_LLVM19_DIS OR NOT MOEBENCH_LLVM19_AS OR NOT MOEBENCH_LLD19)
  set(MOEBENCH_HIP_GFX942_REASON "clang-19 and lld-19 not found (Debian: apt-get install clang-19 lld-19)")
elseif(NOT EXISTS "${_bitcode_dir}/oclc_isa_version_940.bc")
  set(MOEBENCH_HIP_GFX942_REASON "no ROCm device libraries at ${_bitcode_dir}")
else()
  # The device libraries, the 5.2 ones linked and the gfx942 constant added (clang takes one folder).
  set(_libs "${CMAKE_BINARY_DIR}/hip-gfx942-bitcode")
  file(MAKE_DIRECTORY "${_libs}")
  file(GLOB _bitcode "${_bitcode_dir}/*.bc")
  foreach(_bc IN LISTS _bitcode)
    get_filename_component(_name "${_bc}" NAME)
    file(CREATE_LINK "${_bc}" "${_libs}/${_name}" SYMBOLIC)
  endforeach()
  execute_process(COMMAND ${MOEBENCH_LLVM19_DIS} "${_bitcode_dir}/oclc_isa_version_940.bc"
                          -o "${_libs}/oclc_isa_version_940.ll"
                  RESULT_VARIABLE _dis_rc)
  file(READ "${_libs}/oclc_isa_version_940.ll" _ir)
  string(REPLACE "constant i32 9400" "constant i32 9402" _ir942 "${_ir}")
  file(WRITE "${_libs}/oclc_isa_version_942.ll" "${_ir942}")
  execute_process(COMMAND ${MOEBENCH_LLVM19_AS} "${_libs}/oclc_isa_version_942.ll"
                          -o "${_libs}/oclc_isa_version_942.bc"
                  RESULT_VARIABLE _as_rc)
  if(_dis_rc OR _as_rc OR _ir STREQUAL _ir942)
    set(MOEBENCH_HIP_GFX942_REASON "could not make oclc_isa_version_942.bc from the gfx940 one")
  else()
    set(MOEBENCH_HIP_GFX942_CHECK ON)
  endif()
endif()
if(MOEBENCH_HIP_GFX942_CHECK)
  message(STATUS "HIP gfx942 compile check: ${MOEBENCH_CLANG19} with the HIP 5.2 headers")
else()
  message(STATUS "HIP gfx942 compile check skipped: ${MOEBENCH_HIP_GFX942_REASON}")
endif()

function(moebench_hip_gfx942_check)
  if(NOT MOEBENCH_HIP_GFX942_CHECK)
    return()
  endif()
  set(_dir "${CMAKE_CURRENT_BINARY_DIR}/hip-gfx942")
  moebench_hip_objects(_objects COMPILER ${MOEBENCH_CLANG19} DIR ${_dir}
                       LABEL "clang-19 (gfx942 compile check)"
                       FLAGS --offload-arch=gfx942 --rocm-path=/usr
                             --hip-device-lib-path=${CMAKE_BINARY_DIR}/hip-gfx942-bitcode
                       SOURCES ${ARGN})
  add_custom_target(moebench_hip_gfx942_check ALL DEPENDS ${_objects})
  # tests/CMakeLists.txt adds the test that inspects the objects (testing is enabled there).
  get_filename_component(_llvm_bin "${MOEBENCH_LLVM19_AS}" DIRECTORY)
  set_property(GLOBAL PROPERTY MOEBENCH_HIP_GFX942_OBJECT "${_dir}/expert_gemm.o")
  set_property(GLOBAL PROPERTY MOEBENCH_LLVM19_BIN "${_llvm_bin}")
endfunction()
