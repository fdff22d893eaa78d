#!/usr/bin/env bash
# Runs every libFuzzer target of a HERDER_FUZZ build for a bounded time each, on a copy of its
# seed corpus (tests/fuzz/corpus/<name>) so the checkout stays clean. Fails if any fuzzer
# finds a crash, a leak, a timeout or runs out of memory; the input is kept in
# BUILD_DIR/fuzz-artifacts/<name>/ to become a unit test.
#   tests/fuzz/run.sh BUILD_DIR [SECONDS]      e.g. tests/fuzz/run.sh build/asan 30
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="$(cd "${1:?usage: run.sh BUILD_DIR [SECONDS]}" && pwd)"
seconds="${2:-30}"

shopt -s nullglob
fuzzers=("$build"/tests/fuzz/fuzz_*)
if ((${#fuzzers[@]} == 0)); then
  echo "no fuzzers in $build/tests/fuzz (configure with the asan preset: HERDER_FUZZ=ON)" >&2
  exit 2
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$here/../sanitizers/lsan.supp:print_suppressions=0}"

failed=()
for fuzzer in "${fuzzers[@]}"; do
  [[ -x $fuzzer && -f $fuzzer ]] || continue
  name="${fuzzer##*/fuzz_}"
  seeds="$here/corpus/$name"
  [[ -d $seeds ]] || { echo "no seed corpus $seeds" >&2; failed+=("$name"); continue; }
  corpus="$work/$name"
  artifacts="$build/fuzz-artifacts/$name"
  mkdir -p "$corpus" "$artifacts"
  cp -R "$seeds"/. "$corpus"/
  log="$build/fuzz-artifacts/$name.log"
  # A fixed seed (HERDER_FUZZ_SEED, default 1) makes a CI finding repeatable from the log.
  if "$fuzzer" -seed="${HERDER_FUZZ_SEED:-1}" -max_total_time="$seconds" -timeout=5 \
       -rss_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix="$artifacts/" "$corpus" >"$log" 2>&1; then
    runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")"
    echo "fuzz_$name: ok, ${runs:-?} runs in ${seconds} s, corpus $(ls "$corpus" | wc -l) inputs"
  else
    echo "fuzz_$name: FAILED (log $log, inputs in $artifacts/):" >&2
    grep -E 'ERROR|runtime error|SUMMARY|Test unit written' "$log" | head -20 >&2 || tail -30 "$log" >&2
    failed+=("$name")
  fi
done

if ((${#failed[@]})); then
  echo "fuzzers that failed: ${failed[*]}" >&2
  exit 1
fi
