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

# The scan readers (NIfTI through nifticlib, DICOM through DCMTK and OpenJPEG): our code around the
# libraries instrumented, the libraries as Debian builds them. tests/fuzz/run_fuzz.sh SECONDS 1 volumes
find_package(OpenCV REQUIRED COMPONENTS core imgproc)
find_package(DCMTK REQUIRED NO_MODULE)
pkg_check_modules(OPENJPEG REQUIRED IMPORTED_TARGET libopenjp2)
find_path(NIFTI_INCLUDE_DIR nifti2_io.h PATH_SUFFIXES nifti REQUIRED)
find_library(NIFTI2_LIBRARY nifti2 REQUIRED)
find_library(ZNZ_LIBRARY znz REQUIRED)
add_executable(fuzz_volumes tests/fuzz/fuzz_volumes.cpp
    ${PROJECT_SOURCE_DIR}/engine/core/error.cpp ${PROJECT_SOURCE_DIR}/engine/io/nifti_reader.cpp
    ${PROJECT_SOURCE_DIR}/engine/io/dicom_reader.cpp ${PROJECT_SOURCE_DIR}/engine/io/volume.cpp)
target_include_directories(fuzz_volumes PRIVATE ${PROJECT_SOURCE_DIR})
target_include_directories(fuzz_volumes SYSTEM PRIVATE ${NIFTI_INCLUDE_DIR})
target_compile_options(fuzz_volumes PRIVATE ${MLENS_SANITIZE})
target_link_options(fuzz_volumes PRIVATE -fsanitize=fuzzer,address,undefined)
target_link_libraries(fuzz_volumes PRIVATE ${NIFTI2_LIBRARY} ${ZNZ_LIBRARY} ZLIB::ZLIB m opencv_core opencv_imgproc
    DCMTK::dcmdata DCMTK::dcmjpeg DCMTK::dcmjpls DCMTK::oflog DCMTK::ofstd PkgConfig::OPENJPEG)

# The image decoder (our header checks, the corrupt-JPEG check, then OpenCV's codecs as Debian builds
# them). tests/fuzz/run_fuzz.sh SECONDS 1 image
find_package(OpenCV REQUIRED COMPONENTS core imgproc imgcodecs)
find_package(JPEG REQUIRED)
add_executable(fuzz_image tests/fuzz/fuzz_image.cpp ${PROJECT_SOURCE_DIR}/engine/io/image_decode.cpp
    ${PROJECT_SOURCE_DIR}/engine/io/jpeg_check.cpp ${PROJECT_SOURCE_DIR}/engine/io/png_check.cpp)
target_include_directories(fuzz_image PRIVATE ${PROJECT_SOURCE_DIR})
target_compile_options(fuzz_image PRIVATE ${MLENS_SANITIZE})
target_link_options(fuzz_image PRIVATE -fsanitize=fuzzer,address,undefined)
target_link_libraries(fuzz_image PRIVATE opencv_core opencv_imgproc opencv_imgcodecs JPEG::JPEG ZLIB::ZLIB)
