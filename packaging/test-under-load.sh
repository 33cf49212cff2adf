#!/usr/bin/env bash
# Runs the unit tests while other processes keep every core busy, as on a shared machine or a
# desktop with other work: the suite must pass there too (slower, never failing on time).
# Usage: bash packaging/test-under-load.sh [BUSY_PROCESSES (default: the number of cores)] [ctest args...]
# Needs a build (packaging/build.sh). Prints the suite's time and the load it ran under.
set -euo pipefail
cd "$(dirname "$0")/.."
busy=${1:-$(nproc)}
shift || true
pids=()
stop() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap stop EXIT
for _ in $(seq "$busy"); do
    bash -c 'while :; do :; done' &
    pids+=($!)
done
start=$(date +%s)
status=0
ctest --test-dir build -L unit --output-on-failure "$@" || status=$?
echo "unit tests next to $busy busy process(es) on $(nproc) core(s): exit $status in $(( $(date +%s) - start )) s, load $(cut -d' ' -f1-3 /proc/loadavg)"
exit $status
