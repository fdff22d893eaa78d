#!/usr/bin/env bash
# Herder drain benchmark: starts (or reuses) a broker on port 29800, preloads events, runs
# herder-engine against herder-sim per mode and prints one JSON line per run, then the
# reference Python pipeline (tests/bench/reference) and its ratio lines.
# Usage: tests/bench/run.sh [--quick] [--events N] [--run MODE:C:B:LAT_MS]... [--build DIR]
#                          [--reference [C:LAT_MS]] [--no-reference] [--venv DIR]
# See tests/bench/README.md.
set -euo pipefail
exec python3 "$(dirname "$0")/bench.py" "$@"
