#!/usr/bin/env bash
# Builds MinorityLens and runs the whole test suite (all CTest labels but gpu).
# Tests run as many at a time as there are cores (two on the CI machine): every test waits for work
# passively (OMP_WAIT_POLICY=PASSIVE, tests/CMakeLists.txt), so two side by side do not thrash
# OpenMP, and the slowest tests are given a COST so that they start first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/build.sh
ctest --test-dir build -LE gpu --output-on-failure --timeout 1200 -j"$(nproc)" "$@"
