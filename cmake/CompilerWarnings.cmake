# Warnings for our own targets only; third-party headers come in as SYSTEM includes.
# MLENS_WERROR (on in CI) turns them into errors.
option(MLENS_WERROR "Treat compiler warnings as errors" OFF)
function(mlens_set_warnings target)
    if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
        target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wno-unused-parameter $<$<BOOL:${MLENS_WERROR}>:-Werror>)
    endif()
endfunction()
