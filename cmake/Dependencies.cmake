# Every dependency comes from a Debian 12 package (see packaging/install-deps.sh).
# A newer (CUDA) LibTorch is used instead when given through CMAKE_PREFIX_PATH.
find_package(Torch REQUIRED)
find_package(OpenCV REQUIRED COMPONENTS core imgproc imgcodecs)
find_package(spdlog REQUIRED)
find_package(nlohmann_json 3.9 REQUIRED)
# Debian's libzip CMake package also demands the zipcmp/zipmerge tools; pkg-config needs nothing extra.
find_package(PkgConfig REQUIRED)
pkg_check_modules(LIBZIP REQUIRED IMPORTED_TARGET libzip)
find_package(ZLIB REQUIRED)
find_package(OpenSSL REQUIRED COMPONENTS Crypto)
find_package(Threads REQUIRED)
# Clinical formats: NIfTI through nifticlib, DICOM through DCMTK, JPEG 2000 through OpenJPEG.
# (Debian 12's NIFTIConfig.cmake points at /usr/lib/libznz.so.3.0.0, which the package installs
# elsewhere: the library is found directly.)
find_path(NIFTI_INCLUDE_DIR nifti2_io.h PATH_SUFFIXES nifti REQUIRED)
find_library(NIFTI2_LIBRARY nifti2 REQUIRED)
find_library(ZNZ_LIBRARY znz REQUIRED)
add_library(mlens_nifti2 INTERFACE)
target_include_directories(mlens_nifti2 SYSTEM INTERFACE ${NIFTI_INCLUDE_DIR})
target_link_libraries(mlens_nifti2 INTERFACE ${NIFTI2_LIBRARY} ${ZNZ_LIBRARY} ZLIB::ZLIB m)
find_package(DCMTK REQUIRED NO_MODULE)
find_package(SQLite3 REQUIRED)
find_package(JPEG REQUIRED)  # corrupt-scan check (OpenCV hides libjpeg's warnings)
pkg_check_modules(OPENJPEG REQUIRED IMPORTED_TARGET libopenjp2)
message(STATUS "LibTorch ${Torch_VERSION} from ${TORCH_INSTALL_PREFIX}")

if(MLENS_BUILD_GUI OR MLENS_BUILD_TESTS)
    find_package(Qt6 6.2 REQUIRED COMPONENTS Core)
endif()
