#!/usr/bin/env bash
# Builds MinorityLens and runs the main job on the embedded default.
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/build.sh
cli=build/app/minoritylens-cli
fixtures=../shared/fixtures/adm
out=${1:-demo}
"$cli" inspect "$fixtures/unet_rgb32.pt" | head -n 4
"$cli" verify --model "$fixtures/unet_rgb32.pt" --config "$fixtures/unet_rgb32.json" --io "$fixtures/unet_rgb32_io.pt"
"$cli" sample --model "$fixtures/unet_rgb32.pt" --model-config "$fixtures/unet_rgb32.json" \
    --classifier "$fixtures/classifier_rgb32.pt" --classifier-config "$fixtures/classifier_rgb32.json" \
    --target-class 9 --scale 10 --respacing 25 --num-samples 4 --out "$out"
