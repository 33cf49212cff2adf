#!/usr/bin/env bash
# Builds the checkpoint-reader fuzzer with clang (ASan + UBSan + libFuzzer) and runs it.
# usage: tests/fuzz/run_fuzz.sh [SECONDS] [JOBS]     (defaults: 600 s, 1 job)
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-600}
jobs=${2:-1}
build=build-fuzz
CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DMLENS_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target fuzz_checkpoint
# Seed corpus: every reference checkpoint small enough to mutate quickly.
corpus=$build/corpus
mkdir -p "$corpus"
cp tests/data/*.pt tests/fuzz/seeds/* "$corpus"/ 2>/dev/null || true
[ -d ../shared/fixtures/lpips ] && cp ../shared/fixtures/lpips/*.pth "$corpus"/
[ -f ../shared/fixtures/adm/classifier_gray32_adaptive_io.pt ] && cp ../shared/fixtures/adm/classifier_gray32_adaptive_io.pt "$corpus"/
parallel=()
[ "$jobs" -gt 1 ] && parallel=(-jobs="$jobs" -workers="$jobs")  # libFuzzer then logs to fuzz-N.log
cd "$build"
./fuzz_checkpoint corpus -max_total_time="$seconds" "${parallel[@]}" -max_len=65536 \
    -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix=./
