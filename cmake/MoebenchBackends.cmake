# GPU backends: decides whether the CUDA and HIP builds happen and with which architectures.
#
#   MOEBENCH_CUDA / MOEBENCH_HIP = AUTO | ON | OFF
#     AUTO  build when the compiler is found, else skip with a message
#     ON    fail at configure time, saying what is missing, when the compiler is not found
#     OFF   skip
#   MOEBENCH_CUDA_ARCHITECTURES  default "80;90a" (A100 mma.sync path; H100 with sm_90a features)
#   MOEBENCH_HIP_ARCHITECTURES   default "gfx90a;gfx942" with ROCm >= 6, else "gfx90a;gfx940":
#     Debian's hipcc 5.2 cannot target gfx942, and gfx940 has the same CDNA3 instruction set,
#     so compiling for it proves the MI300 code path builds.
#
# Sets, visible to the caller: MOEBENCH_CUDA_ENABLED, MOEBENCH_HIP_ENABLED (ON/OFF),
# MOEBENCH_CUDA_REASON, MOEBENCH_HIP_REASON (why a backend is not built), MOEBENCH_HIPCC.
#
# Why HIP is compiled by custom commands and not enable_language(HIP): Debian's HIP 5.2 ships
# no hip-lang CMake package (/usr/lib/cmake/hip-lang), so enable_language(HIP) fails there.
# kernels/gpu/CMakeLists.txt therefore runs hipcc on each source into an object file and
# archives them; the same commands work with ROCm >= 6's hipcc.

foreach(_vendor CUDA HIP)
  string(TOUPPER "${MOEBENCH_${_vendor}}" MOEBENCH_${_vendor})
  if(NOT MOEBENCH_${_vendor} MATCHES "^(AUTO|ON|OFF)$")
    message(FATAL_ERROR
      "MOEBENCH_${_vendor}=${MOEBENCH_${_vendor}} is not one of AUTO, ON, OFF")
  endif()
endforeach()

set(MOEBENCH_CUDA_ARCHITECTURES "80;90a" CACHE STRING "CUDA architectures of the CUDA backend")

# --- CUDA --------------------------------------------------------------------------------
set(MOEBENCH_CUDA_ENABLED OFF)
set(MOEBENCH_CUDA_REASON "not built (MOEBENCH_CUDA=OFF)")
if(NOT MOEBENCH_CUDA STREQUAL "OFF")
  include(CheckLanguage)
  check_language(CUDA)
  if(CMAKE_CUDA_COMPILER)
    set(CMAKE_CUDA_ARCHITECTURES "${MOEBENCH_CUDA_ARCHITECTURES}")
    enable_language(CUDA)
    # CMake 3.25 does not know that nvcc >= 12 takes C++20: teach it the flag.
    if(NOT CMAKE_CUDA20_STANDARD_COMPILE_OPTION)
      set(CMAKE_CUDA20_STANDARD_COMPILE_OPTION "-std=c++20")
      set(CMAKE_CUDA20_EXTENSION_COMPILE_OPTION "-std=c++20")
    endif()
    find_package(CUDAToolkit REQUIRED)
    set(MOEBENCH_CUDA_ENABLED ON)
    set(MOEBENCH_CUDA_REASON "")
  elseif(MOEBENCH_CUDA STREQUAL "ON")
    message(FATAL_ERROR
      "MOEBENCH_CUDA=ON but no CUDA compiler was found: put nvcc on PATH (the toolkit lives in "
      "/usr/local/cuda/bin) or set CMAKE_CUDA_COMPILER, or configure with -DMOEBENCH_CUDA=OFF")
  else()
    set(MOEBENCH_CUDA_REASON "not built (no CUDA compiler found at configure time)")
    message(STATUS "CUDA backend skipped: no CUDA compiler found (MOEBENCH_CUDA=AUTO)")
  endif()
endif()

# --- HIP ---------------------------------------------------------------------------------
set(MOEBENCH_HIP_ENABLED OFF)
set(MOEBENCH_HIP_REASON "not built (MOEBENCH_HIP=OFF)")
if(NOT MOEBENCH_HIP STREQUAL "OFF")
  find_program(MOEBENCH_HIPCC hipcc HINTS /opt/rocm/bin ENV ROCM_PATH PATH_SUFFIXES bin)
  find_library(MOEBENCH_AMDHIP64 amdhip64 HINTS /opt/rocm/lib)
  if(MOEBENCH_HIPCC AND MOEBENCH_AMDHIP64)
    execute_process(COMMAND ${MOEBENCH_HIPCC} --version OUTPUT_VARIABLE _hipcc_out
                    ERROR_QUIET RESULT_VARIABLE _hipcc_rc)
    string(REGEX MATCH "HIP version: ([0-9]+)\\.([0-9]+)" _hip_version "${_hipcc_out}")
    set(MOEBENCH_HIP_VERSION_MAJOR "${CMAKE_MATCH_1}")
    if(MOEBENCH_HIP_VERSION_MAJOR AND MOEBENCH_HIP_VERSION_MAJOR GREATER_EQUAL 6)
      set(_hip_default_arch "gfx90a;gfx942")
    else()
      set(_hip_default_arch "gfx90a;gfx940")
    endif()
    set(MOEBENCH_HIP_ARCHITECTURES "${_hip_default_arch}" CACHE STRING
        "AMD GPU architectures of the HIP backend")
    get_filename_component(_hip_lib_dir "${MOEBENCH_AMDHIP64}" DIRECTORY)
    get_filename_component(MOEBENCH_HIP_INCLUDE_DIR "${_hip_lib_dir}/../include" ABSOLUTE)
    set(MOEBENCH_HIP_ENABLED ON)
    set(MOEBENCH_HIP_REASON "")
    message(STATUS "HIP backend: ${MOEBENCH_HIPCC} (HIP ${MOEBENCH_HIP_VERSION_MAJOR}.x) "
                   "for ${MOEBENCH_HIP_ARCHITECTURES}")
  elseif(MOEBENCH_HIP STREQUAL "ON")
    message(FATAL_ERROR
      "MOEBENCH_HIP=ON but hipcc or libamdhip64 was not found (hipcc: ${MOEBENCH_HIPCC}, "
      "libamdhip64: ${MOEBENCH_AMDHIP64}): install Debian's hipcc and libamdhip64-dev, or ROCm "
      "under /opt/rocm, or configure with -DMOEBENCH_HIP=OFF")
  else()
    set(MOEBENCH_HIP_REASON "not built (hipcc or libamdhip64 not found at configure time)")
    message(STATUS "HIP backend skipped: hipcc or libamdhip64 not found (MOEBENCH_HIP=AUTO)")
  endif()
endif()
