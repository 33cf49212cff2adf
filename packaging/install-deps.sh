#!/usr/bin/env bash
# Installs what MinorityLens needs to build, test and run, from Debian 12's archive only.
# Safe to re-run: installs only what is missing. Needs root (or sudo) when something is missing.
set -euo pipefail

packages=(
    build-essential cmake ninja-build pkgconf
    libtorch-dev libopenblas0-openmp          # LibTorch 1.13 (CPU) + a fast BLAS for it
    libopencv-dev libspdlog-dev libzip-dev nlohmann-json3-dev zlib1g-dev libssl-dev
    qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-svg-dev libgl-dev
    libqcustomplot-dev
    libnifti2-dev libniftiio-dev              # NIfTI-1/-2 (nifticlib)
    libdcmtk-dev libopenjp2-7-dev libcharls-dev   # DICOM (DCMTK; JPEG 2000 through OpenJPEG)
    libsqlite3-dev                            # annotations and reading-study grades
    slurmctld slurmd slurm-client munge       # the Slurm test: a one-node cluster on localhost
    libjpeg62-turbo-dev                       # corrupt-JPEG check (libjpeg's warnings)
    xvfb xauth                                # GUI smoke tests and screenshots without a display
    clang-format                              # the format check in .ci/run
    dataset-fashion-mnist                     # real images for the Fashion-MNIST-LT benchmark and its tests
    mricron-data python3-pydicom              # real MRI templates and pydicom's DICOM corpus, read by the tests
    fonts-noto-cjk                            # Korean in the GUI and its screenshots
    qt6-translations-l10n                     # Qt's own strings (OK, Cancel, file dialogs) in German and Korean
)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi
echo "installing: ${missing[*]}" >&2
if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
elif command -v sudo >/dev/null; then
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
    echo "missing packages and not root: apt-get install ${missing[*]}" >&2
    exit 1
fi
