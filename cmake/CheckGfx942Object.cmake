# ctest helper (cmake -P): the gfx942 compile check's object holds a gfx942 code object whose
# GEMM uses the MFMA units. -DOBJECT=... -DLLVM_BIN=/usr/lib/llvm-19/bin -DWORK=<scratch dir>
# A HIP host object carries its device code as an offload bundle in the .hip_fatbin section.
file(MAKE_DIRECTORY ${WORK})
execute_process(COMMAND ${LLVM_BIN}/llvm-objcopy --dump-section=.hip_fatbin=${WORK}/fatbin
                        ${OBJECT} ${WORK}/host.o RESULT_VARIABLE _rc)
execute_process(COMMAND ${LLVM_BIN}/clang-offload-bundler --list --type=o --input=${WORK}/fatbin
                OUTPUT_VARIABLE _targets RESULT_VARIABLE _rc2)
if(_rc OR _rc2 OR NOT _targets MATCHES "hipv4-amdgcn-amd-amdhsa--gfx942")
  message(FATAL_ERROR "${OBJECT}: no gfx942 code object (bundle targets: ${_targets})")
endif()
execute_process(COMMAND ${LLVM_BIN}/clang-offload-bundler --unbundle --type=o
                        --targets=hipv4-amdgcn-amd-amdhsa--gfx942 --input=${WORK}/fatbin
                        --output=${WORK}/gfx942.co RESULT_VARIABLE _rc)
execute_process(COMMAND ${LLVM_BIN}/llvm-objdump -d --mcpu=gfx942 ${WORK}/gfx942.co
                OUTPUT_VARIABLE _code RESULT_VARIABLE _rc2)
string(REGEX MATCHALL "v_mfma_f32_32x32x8_(bf16|f16)" _mfma "${_code}")
list(LENGTH _mfma _count)
if(_rc OR _rc2 OR _count EQUAL 0)
  message(FATAL_ERROR "${OBJECT}: the gfx942 code has no v_mfma_f32_32x32x8 instruction")
endif()
message(STATUS "${OBJECT}: gfx942 code object, ${_count} MFMA instructions")
