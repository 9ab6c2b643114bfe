# HIP sources to object files by custom commands: Debian's HIP 5.2 has no CMake HIP language
# support (no /usr/lib/cmake/hip-lang, see cmake/MoebenchBackends.cmake), so each source is
# compiled by the given compiler (hipcc, or clang-19 for the gfx942 check) with depfiles.
#
#   moebench_hip_objects(<out-var> COMPILER <exe> DIR <folder> LABEL <text>
#                        FLAGS <flags...> SOURCES <sources...>)
# <out-var> receives the object paths; warnings are errors under MOEBENCH_WERROR.
function(moebench_hip_objects out_var)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "COMPILER;DIR;LABEL" "FLAGS;SOURCES")
  set(_warnings -Wall -Wextra)
  if(MOEBENCH_WERROR)
    list(APPEND _warnings -Werror)
  endif()
  # The depfiles go beside the objects; Makefile generators do not create the folder for them.
  file(MAKE_DIRECTORY ${ARG_DIR})
  set(_objects "")
  foreach(_src IN LISTS ARG_SOURCES)
    get_filename_component(_name ${_src} NAME_WE)
    set(_obj ${ARG_DIR}/${_name}.o)
    add_custom_command(
      OUTPUT ${_obj}
      COMMAND ${ARG_COMPILER} -x hip -std=c++20 -O3 -fPIC ${ARG_FLAGS} ${_warnings}
              -DMOEBENCH_GPU_HIP -I${PROJECT_SOURCE_DIR}
              -MD -MF ${_obj}.d -c ${CMAKE_CURRENT_SOURCE_DIR}/${_src} -o ${_obj}
      DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/${_src}
      DEPFILE ${_obj}.d
      COMMENT "${ARG_LABEL} ${_src}"
      VERBATIM)
    list(APPEND _objects ${_obj})
  endforeach()
  set(${out_var} ${_objects} PARENT_SCOPE)
endfunction()
