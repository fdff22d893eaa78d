#!/usr/bin/env bash
# The README's demo command: installs what is missing, builds, and starts the console
# (`herder --demo`) on an in-process mock Kafka cluster with generated events and the simulated
# LLM server. Without a display (an SSH session, a server) it starts the headless twin,
# `herder-engine --demo`, instead. Extra arguments go to the demo; HERDER_DEMO=headless forces
# the headless one.
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/install-deps.sh
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/herder-ccache}"
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$PWD}" CCACHE_NOHASHDIR=1
# The same build as the README's test command (ci preset), so running both builds once.
cmake --preset ci
cmake --build --preset ci

if [[ ${HERDER_DEMO:-} != headless && ( -n ${DISPLAY:-} || -n ${WAYLAND_DISPLAY:-} ) ]]; then
  exec build/ci/app/herder --demo "$@"
fi
echo "demo.sh: no display (DISPLAY is unset): starting the headless engine; Ctrl-C stops it." >&2
exec build/ci/app/herder-engine --demo "$@"
