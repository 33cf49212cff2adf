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
message(STATUS "LibTorch ${Torch_VERSION} from ${TORCH_INSTALL_PREFIX}")

if(MLENS_BUILD_GUI OR MLENS_BUILD_TESTS)
    find_package(Qt6 6.2 REQUIRED COMPONENTS Core)
endif()
