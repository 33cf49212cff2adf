#!/usr/bin/env bash
# The sanitizer lanes: the engine, the CLI and the engine's unit tests built with ASan + UBSan and
# run; then the widget tests that run jobs and decode thumbnails on worker threads built with TSan.
# Usage: bash packaging/run-sanitizers.sh [asan|tsan|all (default)]
# Builds in build-asan/ and build-tsan/ (RelWithDebInfo at -O1). A lane fails on the first report.
# LibTorch, Qt and libgomp are not instrumented: ASan/UBSan see our code's memory and arithmetic;
# TSan runs the tests whose threads are ours (QThreadPool/std::thread), with Qt's and libgomp's own
# synchronisation, which TSan cannot see, suppressed in packaging/tsan.supp.
set -euo pipefail
cd "$(dirname "$0")/.."
lane=${1:-all}
bash packaging/install-deps.sh
jobs=$(nproc)
configure() {  # dir sanitizers gui
    cmake -S . -B "$1" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" \
        -DMLENS_SANITIZE="$2" -DMLENS_BUILD_GUI="$3" -DMLENS_BUILD_BENCH=OFF -DMLENS_TEST_TIME_FACTOR=4 >/dev/null
}
if [ "$lane" = asan ] || [ "$lane" = all ]; then
    configure build-asan address,undefined OFF
    cmake --build build-asan -j"$jobs"
    # Leak checking is off: LibTorch and OpenMP keep process-lifetime allocations on purpose.
    ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:detect_odr_violation=0 \
        UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        ctest --test-dir build-asan -L unit -LE gpu --output-on-failure
fi
if [ "$lane" = tsan ] || [ "$lane" = all ]; then
    configure build-tsan thread ON
    cmake --build build-tsan -j"$jobs" --target test_job_runner test_thumbnail_loader test_gallery_view
    TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$PWD/packaging/tsan.supp" \
        ctest --test-dir build-tsan -R 'test_job_runner|test_thumbnail_loader|test_gallery_view' --output-on-failure
fi
echo "sanitizer lane(s) $lane: clean"
