#!/usr/bin/env bash
# Installs everything Herder needs to build, run the demo and run the tests on Debian 12.
# Idempotent: packages already present are skipped by apt.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config git
  qt6-base-dev qt6-base-dev-tools qt6-charts-dev qt6-httpserver-dev qt6-websockets-dev
  qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n qtkeychain-qt6-dev
  libqt6opengl6-dev libxkbcommon-dev libqt6svg6 qt6-qpa-plugins libgl-dev
  librdkafka-dev
  libgoogle-perftools-dev  # tcmalloc for the executables (HERDER_TCMALLOC)
  openjdk-17-jre-headless maven
  xvfb xauth imagemagick
  python3 python3-venv curl procps dpkg-dev kcat openssl ca-certificates help2man systemd  # python3-venv: the bench's reference pipeline
  jq  # tests/chaos/chaos.sh reads herder-audit --json
  clang-14 libclang-rt-14-dev  # the asan preset: ASan + UBSan build and the libFuzzer targets
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  sudo_cmd=()
  [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
