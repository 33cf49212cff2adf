#!/usr/bin/env bash
# Builds MinorityLens and runs the whole test suite (all CTest labels but gpu).
# Tests run one at a time: each already uses every core through LibTorch, and two at once on a
# small machine thrash OpenMP.
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/build.sh
ctest --test-dir build -LE gpu --output-on-failure --timeout 1200 "$@"
