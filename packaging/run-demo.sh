#!/usr/bin/env bash
# Builds MinorityLens and runs the main job on the embedded default: the offline demo on synthetic
# brain slices (phantoms -> minority scores -> classes -> minority classifier -> baseline vs guided
# samples -> outlier metrics -> report in ./demo/report). With a display, the desktop application
# then opens on the demo workspace. Re-running reuses a finished demo.
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/build.sh
out=${1:-demo}
if [ ! -f "$out/summary.json" ]; then
    if [ -d "$out" ] && [ -n "$(ls -A "$out")" ]; then
        echo "$out holds an unfinished demo; remove it and run again" >&2
        exit 1
    fi
    build/app/minoritylens-cli demo --quick --out "$out"
fi
echo "report: $out/report (summary: $out/summary.json)"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -x build/app/minoritylens ]; then
    exec build/app/minoritylens --demo --demo-dir "$out"
fi
