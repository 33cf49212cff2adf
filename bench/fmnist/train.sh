#!/usr/bin/env bash
# Trains the Fashion-MNIST-LT benchmark's models with minoritylens-cli, resumably: run it again after
# an interruption and every model continues from its training_state.safetensors. Models finished
# earlier (OUT/NAME/DONE) are skipped.
#   bash bench/fmnist/train.sh [OUT]     (OUT defaults to ./fmnist-train; build/ must be built)
# Stages: judge (clean classifier of the 10 labels on the full balanced 60,000-image training set),
# backbone_uncond (unconditional UNet on the long-tailed subset, imbalance ratio 100), backbone_t2h
# (class-conditional, Zhang et al.'s T2H transfer) and backbone_cond (plain class-conditional).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cli="$root/build/app/minoritylens-cli"
out="${1:-fmnist-train}"
data="${MLENS_FMNIST_DIR:-/usr/share/datasets/fashion-mnist}"
train="$data/train-images-idx3-ubyte.gz"
judge_steps="${MLENS_JUDGE_STEPS:-3000}"
backbone_steps="${MLENS_BACKBONE_STEPS:-6000}"
mkdir -p "$out"

stage() {  # stage NAME COMMAND ARGS...: runs the command with --out OUT/NAME, resuming when it can
    local name="$1"; shift
    local dir="$out/$name"
    [[ -f "$dir/DONE" ]] && return 0
    local resume=()
    [[ -f "$dir/training_state.safetensors" ]] && resume=(--resume)
    local cmd=("$cli" "$@" --out "$dir" --seed 0 --quiet "${resume[@]}")
    mkdir -p "$dir"
    printf '%q ' "${cmd[@]}" >> "$dir/commands.txt"; echo >> "$dir/commands.txt"
    local start; start=$(date +%s)
    "${cmd[@]}"
    echo "$(( $(date +%s) - start )) s, $(git -C "$root" rev-parse HEAD 2>/dev/null || echo unknown)" \
        >> "$dir/times.txt"
    touch "$dir/DONE"
}

stage judge train-classifier --target dataset-labels --data "$train" --labels idx --fit pad \
    --clean --image-size 32 --iterations "$judge_steps" --eval-every 250 --save-every 250
lt=(--data "$train" --labels idx --long-tail 100 --fit pad --image-size 32)
stage backbone_uncond train-backbone "${lt[@]}" --unconditional --iterations "$backbone_steps" \
    --save-every 250 --log-every 100
stage backbone_t2h train-backbone "${lt[@]}" --transfer t2h --iterations "$backbone_steps" \
    --save-every 250 --log-every 100
stage backbone_cond train-backbone "${lt[@]}" --iterations "$backbone_steps" \
    --save-every 250 --log-every 100
