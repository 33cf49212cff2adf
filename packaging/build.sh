#!/usr/bin/env bash
# Configures and builds MinorityLens in ./build (Release). Used by run-demo.sh and run-tests.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/install-deps.sh
# MLENS_CMAKE_ARGS: extra configure options (CI sets -DMLENS_WERROR=ON).
# shellcheck disable=SC2086
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release ${MLENS_CMAKE_ARGS:-} "$@" >/dev/null
cmake --build build -j"$(nproc)"
