#!/usr/bin/env bash
# Configures and builds MinorityLens in ./build (Release). Used by run-demo.sh and run-tests.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
cmake --build build -j"$(nproc)"
