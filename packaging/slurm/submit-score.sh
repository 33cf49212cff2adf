#!/usr/bin/env bash
# Submits a sharded score job and its merge:  submit-score.sh N [--gpu] SCORE_ARGS...
#   packaging/slurm/submit-score.sh 8 --model M.pt --data DIR --workspace WS --batch 32
# Prints the array job's id and the merge job's id. Extra sbatch options go in SBATCH_* variables
# (sbatch's own input environment, e.g. SBATCH_PARTITION=gpu SBATCH_TIMELIMIT=4:00:00).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ $# -lt 2 ] || ! [[ "$1" =~ ^[0-9]+$ ]] || [ "$1" -lt 1 ]; then
    echo "usage: submit-score.sh N [--gpu] SCORE_ARGS..." >&2
    exit 2
fi
n="$1"; shift
array="$here/score-array.sbatch"
if [ "${1:-}" = "--gpu" ]; then array="$here/score-array-gpu.sbatch"; shift; fi
export MLENS_SHARDS="$n"  # the tasks pass --shard auto/N, so a task rerun alone keeps its shard
job=$(sbatch --parsable --array="0-$((n - 1))" "$array" "$@")
job="${job%%;*}"
merge=$(sbatch --parsable --dependency="afterok:$job" --kill-on-invalid-dep=yes "$here/score-merge.sbatch" "$@")
echo "array $job merge ${merge%%;*}"
