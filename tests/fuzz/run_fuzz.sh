#!/usr/bin/env bash
# Builds a fuzzer with clang (ASan + UBSan + libFuzzer) and runs it: the checkpoint reader
# (checkpoint), the NIfTI / DICOM readers (volumes) or the image decoder (image).
# usage: tests/fuzz/run_fuzz.sh [SECONDS] [JOBS] [checkpoint|volumes|image]   (defaults: 600 s, 1 job, checkpoint)
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-600}
jobs=${2:-1}
target=${3:-checkpoint}
build=build-fuzz
CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DMLENS_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target "fuzz_$target"
parallel=()
[ "$jobs" -gt 1 ] && parallel=(-jobs="$jobs" -workers="$jobs")  # libFuzzer then logs to fuzz-N.log
corpus=$build/corpus-$target
mkdir -p "$corpus"
if [ "$target" = volumes ]; then
    # Seeds: the small scans of tests/data (NIfTI uncompressed, so mutations reach the header and
    # data rather than the gzip stream) and pydicom's smaller test files.
    gzip -dc tests/data/ch2_psl_int16.nii.gz > "$corpus/ch2_psl_int16.nii"
    gzip -dc tests/data/ch2_lia_float_n2.nii.gz > "$corpus/ch2_lia_float_n2.nii"
    cp tests/data/dicom_series/*.dcm tests/data/ct_small_*.dcm "$corpus"/
    pydicom_files=/usr/lib/python3/dist-packages/pydicom/data/test_files
    [ -d "$pydicom_files" ] && find "$pydicom_files" -maxdepth 1 -name '*.dcm' -size -64k -exec cp {} "$corpus"/ \;
    max_len=262144
elif [ "$target" = image ]; then
    # Seeds: small PNG, BMP and TIFF files and the JPEG streams of pydicom's corpus.
    /usr/bin/python3 tests/fuzz/make_image_seeds.py "$corpus"
    max_len=262144
else
    # Seeds: every reference checkpoint small enough to mutate quickly.
    cp tests/data/*.pt tests/fuzz/seeds/* "$corpus"/ 2>/dev/null || true
    [ -d ../shared/fixtures/lpips ] && cp ../shared/fixtures/lpips/*.pth "$corpus"/
    [ -f ../shared/fixtures/adm/classifier_gray32_adaptive_io.pt ] && cp ../shared/fixtures/adm/classifier_gray32_adaptive_io.pt "$corpus"/
    max_len=4194304  # checkpoints of several MB (a deep pickle needs ~420 KB)
fi
cd "$build"
"./fuzz_$target" "corpus-$target" -max_total_time="$seconds" "${parallel[@]}" -max_len="$max_len" \
    -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix=./
