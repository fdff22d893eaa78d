#!/usr/bin/env bash
# The README's test command: installs what is missing, builds once (CI preset: -Werror) and
# runs every test through ctest. ctest starts and stops the real Kafka broker itself.
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/install-deps.sh
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/herder-ccache}"
# Paths relative to the checkout, so another clone (CI's, a worktree) hits the same cache.
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$PWD}" CCACHE_NOHASHDIR=1
cmake --preset ci
cmake --build --preset ci
ctest --preset ci "$@"
# The packages: made from this build, installed with apt, and run as installed.
bash packaging/check-packages.sh build/ci
# The short chaos run: a 3-node cluster, engine kills, a broker kill, LLM storms, the key
# revoked; 0 lost in both modes, 0 duplicates in exactly-once (tests/chaos/chaos.sh).
tests/chaos/chaos.sh --short --mode both --build build/ci

# --- Sanitizers and fuzzing (asan preset: clang, ASan + UBSan, libFuzzer targets) ---
# One more build: unit and integration tests under the sanitizers, then each fuzzer for 30 s.
cmake --preset asan
cmake --build --preset asan
ctest --preset asan -L 'unit|integration'
tests/fuzz/run.sh build/asan 30
