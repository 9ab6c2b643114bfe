# Warnings are kept at zero; MOEBENCH_WERROR (on in the CI preset) enforces it.
function(moebench_set_warnings target)
  target_compile_options(${target} PRIVATE
    $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wpedantic -Wshadow -Wno-unknown-pragmas>
    $<$<AND:$<COMPILE_LANGUAGE:CXX>,$<BOOL:${MOEBENCH_WERROR}>>:-Werror>)
endfunction()
