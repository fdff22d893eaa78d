#!/usr/bin/env bash
# Chaos run (issue #6 item 3): herder-engine on a 3-node Kafka cluster (replication factor 3,
# min.insync.replicas 2) against herder-sim, while the engine is killed with SIGKILL at random
# moments and restarted, one broker is killed and restarted, the simulated LLM goes through
# storms (5xx, 429 bursts with Retry-After, hangs past the timeout) and the API key is revoked
# and restored. Then it waits until every source record has an outcome and prints herder-audit.
#
#   tests/chaos/chaos.sh [--mode alo|eos|both] [--short] [--seed N] [--port BASE]
#                        [--build DIR] [--dir DIR] [--keep]
#
# --mode     alo: at-least-once; eos: exactly-once (transactional.id, audit read_committed);
#            both (default) runs alo then eos on the same cluster, with their own topics.
# --short    CI size: fewer events, 3 kills, a shorter storm timeline (about 3 min per mode).
#            Default is the long run: 10 kills over 5 minutes of chaos per mode.
# --seed     replays a run's schedule (kill moments, broker, storm order, event contents).
# --port     Kafka base port (BASE..BASE+2 and BASE+100..BASE+102); default $HERDER_KAFKA_PORT,
#            else 29400.
# --build    build tree holding app/herder-engine, herder-sim, herder-audit (default build/ci).
# --dir      work directory (logs, INI files, the cluster's data); default a new /tmp dir.
# --keep     leave the cluster running and the work directory in place.
#
# Exit 0 when every mode passed: 0 lost, malformed events dead-lettered with a class, sinks at
# replication factor 3, and in exactly-once mode 0 duplicates (at-least-once prints its count).
# Exit 1 when a mode failed, 2 on bad usage or a harness failure.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
KAFKA_SH="$ROOT/tests/kafka/kafka.sh"

MODE=both
SHORT=0
SEED=""
PORT="${HERDER_KAFKA_PORT:-29400}"
BUILD="$ROOT/build/ci"
WORK=""
KEEP=0

say() { printf 'chaos: %s\n' "$*"; }
die() { printf 'chaos: error: %s\n' "$*" >&2; exit 2; }
usage() { sed -n '2,24p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }

while [[ $# -gt 0 ]]; do
    case "$1" in
        --mode) MODE="${2:-}"; shift 2 ;;
        --short) SHORT=1; shift ;;
        --seed) SEED="${2:-}"; shift 2 ;;
        --port) PORT="${2:-}"; shift 2 ;;
        --build) BUILD="${2:-}"; shift 2 ;;
        --dir) WORK="${2:-}"; shift 2 ;;
        --keep) KEEP=1; shift ;;
        -h|--help) usage ;;
        *) die "unknown argument: $1 (see --help)" ;;
    esac
done
[[ "$MODE" =~ ^(alo|eos|both)$ ]] || die "--mode must be alo, eos or both"
[[ -z "$SEED" || "$SEED" =~ ^[0-9]+$ ]] || die "--seed must be a number"
[[ "$PORT" =~ ^[0-9]+$ ]] || die "--port must be a number"
for tool in kcat jq curl c++ pkg-config; do
    command -v "$tool" >/dev/null || die "$tool is needed"
done
BIN="$(cd "$BUILD" 2>/dev/null && pwd)/app" || die "no build tree at $BUILD"
for app in herder-engine herder-sim herder-audit; do
    [[ -x "$BIN/$app" ]] || die "$BIN/$app is missing: build it (cmake --build --preset ci)"
done

# Bash's generator, seeded per mode (run_mode): every schedule draw happens in this shell
# (never in a subshell, which would re-seed), so one seed gives one schedule.
SEED="${SEED:-$((($(date +%s%N) / 1000) % 1000000))}"
# rnd LO HI: a uniform integer in LO..HI into $R.
rnd() { R=$(($1 + (RANDOM * 32768 + RANDOM) % ($2 - $1 + 1))); }

if ((SHORT)); then
    PRELOAD=1500 CHAOS_S=75 KILLS=3 BATCH=60 BROKER_DOWN_MIN_S=10 BROKER_DOWN_MAX_S=20
    DRAIN_TIMEOUT_S=180
else
    PRELOAD=4000 CHAOS_S=300 KILLS=10 BATCH=150 BROKER_DOWN_MIN_S=20 BROKER_DOWN_MAX_S=45
    DRAIN_TIMEOUT_S=600
fi
BATCH_EVERY_S=5
LLM_TIMEOUT_MS=2000
HANG_MS=$((LLM_TIMEOUT_MS + 3000))
API_KEY="chaos-key-$SEED"
# Events that cannot be decoded (not JSON, no text, empty text, truncated, not an object):
# each must end in the DLQ as invalid_payload.
MALFORMED=$'bad-1\tthis is not json\nbad-2\t{"id":"m2"}\nbad-3\t{"id":"m3","text":""}\nbad-4\t{"id":"m4","text":"cut\nbad-5\t[1,2,3]'
MALFORMED_COUNT=5

if [[ -z "$WORK" ]]; then WORK="$(mktemp -d "${TMPDIR:-/tmp}/herder-chaos-XXXXXX")"; fi
mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd)"
KAFKA_DIR="$WORK/kafka"

ENGINE_PID="" SIM_PID="" PRODUCER_PID="" BROKER_JOB=""
cleanup() {
    local pid
    for pid in "$ENGINE_PID" "$SIM_PID" "$PRODUCER_PID" "$BROKER_JOB"; do
        [[ -n "$pid" ]] && kill -KILL "$pid" 2>/dev/null || true
    done
    wait 2>/dev/null || true
    if ((KEEP)); then
        say "kept: cluster (kafka.sh status --dir $KAFKA_DIR --port $PORT) and $WORK"
    else
        "$KAFKA_SH" stop --dir "$KAFKA_DIR" --port "$PORT" >/dev/null 2>&1 || true
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT
trap 'exit 2' INT TERM

# The engine's event generator as tab-separated key/value lines (tests/chaos/eventdump.cpp), built
# once per change.
event_dump() {
    local out="$BUILD/chaos/eventdump" src="$ROOT/tests/chaos/eventdump.cpp"
    local gen="$ROOT/engine/sim/eventgenerator.cpp" hdr="$ROOT/engine/sim/eventgenerator.h"
    if [[ ! -x "$out" || "$src" -nt "$out" || "$gen" -nt "$out" || "$hdr" -nt "$out" ]]; then
        mkdir -p "$BUILD/chaos"
        say "building the event generator"
        # shellcheck disable=SC2046 # pkg-config prints several flags
        c++ -std=c++20 -O2 -fPIC -I "$ROOT/engine" "$src" "$gen" -o "$out" \
            $(pkg-config --cflags --libs Qt6Core) || die "cannot build $out"
    fi
    DUMP="$out"
}

produce() { # topic count seed: generated events, appended to the topic
    "$DUMP" "$2" "$3" | kcat -P -q -b "$BOOTSTRAP" -t "$1" -K $'\t' -X linger.ms=20 \
        -X request.required.acks=all -X enable.idempotence=true -X message.timeout.ms=120000
}

sim_config() { # json label
    curl -fsS -m 10 -X POST -H 'Content-Type: application/json' -d "$1" \
        "$SIM_ROOT/sim/config" >/dev/null || say "  (POST /sim/config failed: $2)"
}

start_engine() {
    ENGINE_STARTS=$((ENGINE_STARTS + 1))
    HERDER_API_KEY="$API_KEY" "$BIN/herder-engine" --config "$INI" --quiet \
        >"$MODE_DIR/engine.$ENGINE_STARTS.json" 2>"$MODE_DIR/engine.$ENGINE_STARTS.log" &
    ENGINE_PID=$!
}

# Restarts the engine if it exited by itself (a fatal Kafka or transaction error, say): the
# run goes on, and the exit is reported.
supervise_engine() {
    [[ -n "$ENGINE_PID" ]] || return 0
    kill -0 "$ENGINE_PID" 2>/dev/null && return 0
    local rc=0
    wait "$ENGINE_PID" || rc=$?
    UNPLANNED_EXITS+=("engine.$ENGINE_STARTS exit $rc")
    say "  t=$(elapsed)s engine exited by itself (rc $rc, log engine.$ENGINE_STARTS.log); restart"
    start_engine
}

elapsed() { echo $((SECONDS - T0)); }

audit() { # extra herder-audit arguments
    "$BIN/herder-audit" --config "$INI" --isolation "$ISOLATION" "$@"
}

# Every partition of a topic has 3 replicas (the engine created the sinks).
replication_of() { # topic -> smallest replica count over its partitions
    kcat -L -b "$BOOTSTRAP" -t "$1" 2>/dev/null |
        sed -n 's/.*replicas: \([0-9]*\(,[0-9][0-9]*\)*\).*/\1/p' | awk -F, 'BEGIN{m=99} {if (NF<m) m=NF} END{print (NR ? m : 0)}'
}

# The storm timeline, as shares of the chaos phase: calm, 5xx, a 429 burst, hangs past the
# timeout, the key revoked then restored, a mixed storm, another 429 burst, calm again.
CALM='{"rate_429":0,"rate_500":0,"rate_503":0,"rate_hang":0}'
STORMS=(
    "10|{\"rate_500\":0.15,\"rate_503\":0.15}|5xx storm (30%)"
    "22|{\"rate_500\":0,\"rate_503\":0,\"rate_429\":0.7,\"retry_after_s\":2}|429 burst (70%, Retry-After 2 s)"
    "30|$CALM|calm"
    "38|{\"rate_hang\":0.25,\"hang_ms\":$HANG_MS}|hangs (25%, ${HANG_MS} ms > timeout ${LLM_TIMEOUT_MS} ms)"
    "48|{\"rate_hang\":0,\"api_key\":\"revoked-$SEED\"}|API key revoked"
    "58|{\"api_key\":\"$API_KEY\"}|API key restored"
    "66|{\"rate_500\":0.15,\"rate_503\":0.15,\"rate_429\":0.1,\"rate_hang\":0.05}|mixed storm"
    "78|{\"rate_500\":0,\"rate_503\":0,\"rate_hang\":0,\"rate_429\":0.8,\"retry_after_s\":1}|429 burst (80%, Retry-After 1 s)"
    "84|$CALM|calm"
)

run_mode() { # alo|eos -> sets MODE_OK
    local mode="$1" name i t n
    name="chaos-$mode-$SEED-$$"
    MODE_DIR="$WORK/$mode"
    # Each mode draws from its own seed, so `--mode eos --seed N` replays the eos half of a
    # `--mode both` run.
    local salt=0
    [[ "$mode" == eos ]] && salt=1
    RANDOM=$((SEED * 2 + salt))
    mkdir -p "$MODE_DIR"
    INI="$MODE_DIR/engine.ini"
    ISOLATION=read_uncommitted
    local txn="" consumer=""
    if [[ "$mode" == eos ]]; then
        ISOLATION=read_committed
        txn="transactional.id=$name"
        consumer="isolation.level=read_committed"
    fi
    say "=== mode $mode: topics $name*, logs in $MODE_DIR"

    # The source: auto-created by the brokers with 12 partitions at replication factor 3.
    local source="$name"
    say "preloading $PRELOAD events and $MALFORMED_COUNT malformed ones into $source"
    produce "$source" "$PRELOAD" "$SEED"
    printf '%s\n' "$MALFORMED" |
        kcat -P -q -b "$BOOTSTRAP" -t "$source" -K $'\t' -X request.required.acks=all

    "$BIN/herder-sim" --port 0 --latency-ms 30 --jitter-ms 10 --tail-probability 0.01 \
        --api-key "$API_KEY" --seed "$SEED" >"$MODE_DIR/sim.out" 2>"$MODE_DIR/sim.log" &
    SIM_PID=$!
    for ((i = 0; i < 100; i++)); do
        grep -q 'listening on' "$MODE_DIR/sim.out" 2>/dev/null && break
        kill -0 "$SIM_PID" 2>/dev/null || die "herder-sim exited; see $MODE_DIR/sim.log"
        sleep 0.1
    done
    SIM_ROOT="$(sed -n 's#.*listening on \(http://[0-9.]*:[0-9]*\)/v1.*#\1#p' "$MODE_DIR/sim.out")"
    [[ -n "$SIM_ROOT" ]] || die "herder-sim did not start; see $MODE_DIR/sim.log"

    cat >"$INI" <<EOF
; Written by tests/chaos/chaos.sh (mode $mode, seed $SEED).
[kafka]
bootstrap.servers=$BOOTSTRAP
group=$name

[kafka.consumer]
auto.offset.reset=earliest
; A killed engine leaves its group membership behind until the session times out; the
; restarted one waits for that rebalance, so keep it short (the brokers allow 1 s).
session.timeout.ms=6000
heartbeat.interval.ms=1000
$consumer

[kafka.producer]
acks=all
enable.idempotence=true
$txn

[topics]
source=$source
output=$name-out
retry=$name-retry
dlq=$name-dlq

[llm]
base_url=$SIM_ROOT/v1
timeout_s=$((LLM_TIMEOUT_MS / 1000))
api_key_env=HERDER_API_KEY

[limits]
concurrency=16
max_attempts=8
in_process_retries=2
retry_base_ms=200
retry_cap_ms=5000
circuit_cooldown_s=3
drain_timeout_s=5
EOF

    # The schedule: kill moments, the broker and its down time, the storms.
    local schedule="$MODE_DIR/schedule"
    : >"$schedule"
    for ((i = 0; i < KILLS; i++)); do
        rnd 5 $((CHAOS_S - 5)); echo "$R|kill||kill -9 the engine" >>"$schedule"
    done
    local node down
    rnd 1 3; node=$R
    rnd $((CHAOS_S * 20 / 100)) $((CHAOS_S * 45 / 100)); t=$R
    rnd "$BROKER_DOWN_MIN_S" "$BROKER_DOWN_MAX_S"; down=$R
    echo "$t|broker-kill|$node|kill -9 broker node $node" >>"$schedule"
    echo "$((t + down))|broker-start|$node|restart broker node $node" >>"$schedule"
    for i in "${STORMS[@]}"; do
        IFS='|' read -r t n _ <<<"$i"
        echo "$((CHAOS_S * t / 100))|sim|${i#*|}" >>"$schedule"
    done
    sort -t'|' -k1,1n -o "$schedule" "$schedule"
    say "schedule over ${CHAOS_S}s: $KILLS engine kills at $(awk -F'|' '$2=="kill"{printf "%s%ss", s, $1; s=" "}' "$schedule"); broker node $node down at $(awk -F'|' '$2=="broker-kill"{print $1}' "$schedule")s for ${down}s"

    rm -f "$MODE_DIR/stop-producer"
    ENGINE_STARTS=0 UNPLANNED_EXITS=() ENGINE_PID=""
    T0=$SECONDS
    start_engine
    # More events while the run goes on, so kills cut through fresh work too.
    (
        b=0
        while [[ ! -e "$MODE_DIR/stop-producer" ]]; do
            b=$((b + 1))
            produce "$source" "$BATCH" $((SEED * 1000 + b)) 2>>"$MODE_DIR/producer.log" ||
                echo "batch $b: kcat failed" >>"$MODE_DIR/producer.log"
            sleep "$BATCH_EVERY_S"
        done
    ) &
    PRODUCER_PID=$!

    local when action arg label
    while IFS='|' read -r when action arg label; do
        while (($(elapsed) < when)); do supervise_engine; sleep 0.2; done
        supervise_engine
        case "$action" in
            kill)
                say "  t=$(elapsed)s kill -9 engine.$ENGINE_STARTS (pid $ENGINE_PID)"
                kill -KILL "$ENGINE_PID" 2>/dev/null || true
                wait "$ENGINE_PID" 2>/dev/null || true
                start_engine ;;
            broker-kill)
                say "  t=$(elapsed)s $label"
                "$KAFKA_SH" kill-node "$arg" --dir "$KAFKA_DIR" --port "$PORT" \
                    >>"$MODE_DIR/kafka.log" 2>&1 || say "  (kill-node $arg failed)" ;;
            broker-start)
                say "  t=$(elapsed)s $label"
                "$KAFKA_SH" start-node "$arg" --dir "$KAFKA_DIR" --port "$PORT" \
                    >>"$MODE_DIR/kafka.log" 2>&1 &
                BROKER_JOB=$! ;;
            sim)
                say "  t=$(elapsed)s LLM: $label"
                sim_config "$arg" "$label" ;;
        esac
    done <"$schedule"
    while (($(elapsed) < CHAOS_S)); do supervise_engine; sleep 0.2; done

    say "  t=$(elapsed)s chaos over: producer stops, LLM calm, key valid; draining"
    touch "$MODE_DIR/stop-producer"
    wait "$PRODUCER_PID" || true
    PRODUCER_PID=""
    sim_config "$CALM" calm
    sim_config "{\"api_key\":\"$API_KEY\"}" "key restored"
    if [[ -n "$BROKER_JOB" ]]; then
        wait "$BROKER_JOB" || say "  (broker restart failed; see $MODE_DIR/kafka.log)"
        BROKER_JOB=""
    fi

    # Drained: every source record has an outcome (output or dead letter), nothing pending.
    local deadline=$((SECONDS + DRAIN_TIMEOUT_S)) drained=0 figures
    while ((SECONDS < deadline)); do
        supervise_engine
        figures="$(audit --json 2>/dev/null | jq -r '"\(.inputs) \(.lost) \(.pending)"' || true)"
        if [[ "$figures" =~ ^[1-9][0-9]*\ 0\ 0$ ]]; then drained=1; break; fi
        sleep 3
    done
    if ((drained)); then
        say "  t=$(elapsed)s drained"
    else
        say "  t=$(elapsed)s NOT drained after ${DRAIN_TIMEOUT_S}s (inputs lost pending: $figures)"
    fi
    # A graceful stop (SIGTERM) within 30 s, or SIGKILL.
    kill -TERM "$ENGINE_PID" 2>/dev/null || true
    for ((i = 0; i < 300; i++)); do
        kill -0 "$ENGINE_PID" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$ENGINE_PID" 2>/dev/null || true
    wait "$ENGINE_PID" 2>/dev/null || true
    ENGINE_PID=""
    kill -TERM "$SIM_PID" 2>/dev/null || true
    wait "$SIM_PID" 2>/dev/null || true
    SIM_PID=""

    # The audit, and the verdict.
    local json rc=0
    say "--- herder-audit ($mode, isolation $ISOLATION) ---"
    audit | tee "$MODE_DIR/audit.txt" || true
    json="$(audit --json)" || rc=$?
    ((rc <= 1)) || { say "herder-audit failed (exit $rc)"; MODE_OK=0; return; }
    local lost dups invalid rf_out rf_retry rf_dlq
    lost="$(jq -r .lost <<<"$json")"
    dups="$(jq -r .duplicates <<<"$json")"
    invalid="$(jq -r '.dlq_by_class.invalid_payload // 0' <<<"$json")"
    rf_out="$(replication_of "$name-out")"
    rf_retry="$(replication_of "$name-retry")"
    rf_dlq="$(replication_of "$name-dlq")"
    say "engine starts $ENGINE_STARTS ($KILLS kills), exits by itself: ${#UNPLANNED_EXITS[@]}${UNPLANNED_EXITS[*]:+ (${UNPLANNED_EXITS[*]})}"
    say "replication factor: source $(replication_of "$source"), output $rf_out, retry $rf_retry, dlq $rf_dlq"
    say "malformed events dead-lettered as invalid_payload: $invalid (sent $MALFORMED_COUNT)"
    MODE_OK=1
    ((drained)) || { say "FAIL: not drained"; MODE_OK=0; }
    ((lost == 0)) || { say "FAIL: $lost lost"; MODE_OK=0; }
    if [[ "$mode" == eos ]]; then
        ((dups == 0)) || { say "FAIL: $dups duplicates in exactly-once mode"; MODE_OK=0; }
    else
        say "duplicates (at-least-once, allowed): $dups"
    fi
    ((invalid >= MALFORMED_COUNT)) || { say "FAIL: malformed events not dead-lettered"; MODE_OK=0; }
    ((rf_out == 3 && rf_retry == 3 && rf_dlq == 3)) || { say "FAIL: a sink is not at RF 3"; MODE_OK=0; }
    say "=== mode $mode: $( ((MODE_OK)) && echo PASS || echo FAIL) (seed $SEED)"
}

say "seed $SEED ($( ((SHORT)) && echo short || echo long) run, mode $MODE); replay with --seed $SEED"
event_dump
say "starting a 3-node Kafka cluster on port $PORT"
BOOTSTRAP="$("$KAFKA_SH" start --nodes 3 --port "$PORT" --dir "$KAFKA_DIR" 2>"$WORK/kafka-start.log" |
    tail -n 1)" || { cat "$WORK/kafka-start.log" >&2; die "kafka.sh start failed"; }
say "cluster ready: $BOOTSTRAP"

RESULT=0
MODES=("$MODE")
[[ "$MODE" == both ]] && MODES=(alo eos)
for m in "${MODES[@]}"; do
    run_mode "$m"
    ((MODE_OK)) || RESULT=1
done
say "result: $( ((RESULT == 0)) && echo PASS || echo FAIL) (seed $SEED)"
exit "$RESULT"
