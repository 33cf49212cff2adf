# libFuzzer build of the checkpoint reader: the torch-free parser sources, instrumented with
# ASan + UBSan. Configure with CC=clang CXX=clang++ -DMLENS_FUZZ=ON; see tests/fuzz/run_fuzz.sh.
if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "MLENS_FUZZ needs clang (CC=clang CXX=clang++)")
endif()
find_package(nlohmann_json 3.9 REQUIRED)
find_package(ZLIB REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(LIBZIP REQUIRED IMPORTED_TARGET libzip)

include(${PROJECT_SOURCE_DIR}/engine/parser_sources.cmake)
list(TRANSFORM MLENS_PARSER_SOURCES PREPEND ${PROJECT_SOURCE_DIR}/engine/)

set(MLENS_SANITIZE -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -g -O1)
add_executable(fuzz_checkpoint tests/fuzz/fuzz_checkpoint.cpp ${MLENS_PARSER_SOURCES})
target_include_directories(fuzz_checkpoint PRIVATE ${PROJECT_SOURCE_DIR})
target_compile_options(fuzz_checkpoint PRIVATE ${MLENS_SANITIZE})
target_link_options(fuzz_checkpoint PRIVATE -fsanitize=fuzzer,address,undefined)
target_link_libraries(fuzz_checkpoint PRIVATE nlohmann_json::nlohmann_json PkgConfig::LIBZIP ZLIB::ZLIB)
