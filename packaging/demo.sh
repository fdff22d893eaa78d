#!/usr/bin/env bash
# The README's demo command: installs what is missing, builds and starts the demo on an
# in-process mock Kafka cluster with the simulated LLM server. Extra arguments go to the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/install-deps.sh
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/herder-ccache}"
cmake --preset dev
cmake --build --preset dev
exec build/dev/app/herder-engine --demo "$@"
