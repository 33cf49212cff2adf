#!/usr/bin/env bash
# Fails when a C++ source differs from what clang-format makes of it (.clang-format in the repository).
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/install-deps.sh
mapfile -t files < <(git ls-files -- '*.cpp' '*.h' | grep -v '^tests/fuzz/regressions/')
clang-format --dry-run --Werror "${files[@]}"
echo "format: ${#files[@]} files clean"
