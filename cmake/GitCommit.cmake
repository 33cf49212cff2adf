# Run at every build (cmake -P): writes OUT (a header defining MLENS_GIT_COMMIT) only when the commit
# or the dirty state changed, so only the one file that includes it recompiles. Without git or
# outside a work tree the commit reads "unknown".
execute_process(COMMAND git -C "${SRC}" describe --always --dirty --abbrev=12
                OUTPUT_VARIABLE commit OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR commit STREQUAL "")
    set(commit "unknown")
endif()
set(text "#pragma once\n#define MLENS_GIT_COMMIT \"${commit}\"\n")
if(EXISTS "${OUT}")
    file(READ "${OUT}" old)
endif()
if(NOT old STREQUAL text)
    file(WRITE "${OUT}" "${text}")
endif()
