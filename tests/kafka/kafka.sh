#!/usr/bin/env bash
# Real-Kafka test harness: runs a local Apache Kafka (KRaft, no ZooKeeper) with
# 1 or 3 combined broker+controller nodes on 127.0.0.1. See README.md.
#
#   kafka.sh start      [--nodes 1|3] [--dir DIR] [--port BASE] [--sasl]
#   kafka.sh stop       [--dir DIR] [--port BASE]
#   kafka.sh kill-node  N [--dir DIR] [--port BASE]
#   kafka.sh start-node N [--dir DIR] [--port BASE]
#   kafka.sh status     [--dir DIR] [--port BASE]
#
# `start` prints the bootstrap servers string as its last stdout line (also in
# DIR/bootstrap.txt); `status` reports on stdout. Progress/errors go to stderr.
# --sasl adds SASL listeners (PLAIN, user herder / herder-secret) beside PLAINTEXT:
# SASL_PLAINTEXT on BASE+50.. (DIR/bootstrap-sasl.txt) and SASL_SSL on BASE+60..
# (DIR/bootstrap-sasl-ssl.txt, broker certificate signed by DIR/tls/ca.pem).
# Env: HERDER_KAFKA_PORT, HERDER_KAFKA_DIR, HERDER_KAFKA_START_TIMEOUT (90),
# HERDER_KAFKA_STOP_TIMEOUT (30), HERDER_KAFKA_HEAP_OPTS, HERDER_KAFKA_JVM_OPTS,
# HERDER_KAFKA_CDS=0 (no class-data-sharing archive).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
LIB="$HERE/lib"
POM="$HERE/pom.xml"

# Default ports stay below Linux's ephemeral range (32768-60999): a port in that
# range can be taken as the local port of any outgoing connection on the
# machine, and its TIME_WAIT then blocks the broker's bind for up to 60 s.
BASE_PORT="${HERDER_KAFKA_PORT:-29092}"
DIR="${HERDER_KAFKA_DIR:-}"
NODES=""
SASL=0
START_TIMEOUT="${HERDER_KAFKA_START_TIMEOUT:-90}"
STOP_TIMEOUT="${HERDER_KAFKA_STOP_TIMEOUT:-30}"
HEAP_OPTS="${HERDER_KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"
JVM_OPTS="${HERDER_KAFKA_JVM_OPTS:-}"
# Class-data-sharing archive of the broker's classes (cuts JVM start-up by a
# few seconds on 2 cores). Node 1 dumps it when it exits gracefully the first
# time; stop moves it into lib/. HERDER_KAFKA_CDS=0 disables it.
CDS_ARCHIVE="$LIB/kafka-cds.jsa"
MARKER=".herder-kafka"

log() { printf 'kafka.sh: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

usage() {
    sed -n '2,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

# ---------------------------------------------------------------- arguments --
CMD="${1:-}"
[[ -n "$CMD" ]] || usage
shift
NODE_ARG=""
if [[ "$CMD" == kill-node || "$CMD" == start-node ]]; then
    NODE_ARG="${1:-}"
    [[ "$NODE_ARG" =~ ^[1-9]$ ]] || die "$CMD needs a node number (1..3)"
    shift
fi
while [[ $# -gt 0 ]]; do
    case "$1" in
        --nodes) NODES="${2:-}"; shift 2 ;;
        --nodes=*) NODES="${1#*=}"; shift ;;
        --dir) DIR="${2:-}"; shift 2 ;;
        --dir=*) DIR="${1#*=}"; shift ;;
        --port) BASE_PORT="${2:-}"; shift 2 ;;
        --port=*) BASE_PORT="${1#*=}"; shift ;;
        --sasl) SASL=1; shift ;;
        -h|--help) usage ;;
        *) die "unknown argument: $1" ;;
    esac
done
if ! [[ "$BASE_PORT" =~ ^[0-9]+$ ]] || ((BASE_PORT < 1024 || BASE_PORT > 65300)); then
    die "bad --port: $BASE_PORT"
fi
[[ -z "$NODES" || "$NODES" == 1 || "$NODES" == 3 ]] || die "--nodes must be 1 or 3"
[[ -n "$DIR" ]] || DIR="${TMPDIR:-/tmp}/herder-kafka-$BASE_PORT"
mkdir -p "$(dirname "$DIR")"
DIR="$(cd "$(dirname "$DIR")" && pwd)/$(basename "$DIR")"

plain_port() { echo $((BASE_PORT + $1 - 1)); }
ctrl_port() { echo $((BASE_PORT + 100 + $1 - 1)); }
# The SASL listeners sit in the gap between a node's PLAINTEXT and CONTROLLER ports, so
# --sasl claims no port outside BASE..BASE+102.
sasl_port() { echo $((BASE_PORT + 50 + $1 - 1)); }
sasl_ssl_port() { echo $((BASE_PORT + 60 + $1 - 1)); }
bootstrap_for() { # nodes [port-function]
    local i s="" port="${2:-plain_port}"
    for ((i = 1; i <= $1; i++)); do s+="${s:+,}127.0.0.1:$("$port" "$i")"; done
    echo "$s"
}
stored_nodes() { cat "$DIR/nodes" 2>/dev/null || echo 0; }
# 1 when the cluster in $DIR was started with --sasl (its configs have the listener).
stored_sasl() { [[ -e "$DIR/sasl" ]] && echo 1 || echo 0; }
write_bootstrap() { # nodes
    bootstrap_for "$1" >"$DIR/bootstrap.txt"
    if [[ "$(stored_sasl)" == 1 ]]; then
        bootstrap_for "$1" sasl_port >"$DIR/bootstrap-sasl.txt"
        bootstrap_for "$1" sasl_ssl_port >"$DIR/bootstrap-sasl-ssl.txt"
    fi
    return 0
}

# --------------------------------------------------------------- processes --
# A pid is "ours" only if it is a kafka.Kafka JVM whose config lives in $DIR.
is_our_pid() { # pid node
    local pid="$1" cmdline
    [[ -n "$pid" && -r "/proc/$pid/cmdline" ]] || return 1
    cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || return 1
    [[ "$cmdline" == *kafka.Kafka*"$DIR/node$2/server.properties"* ]]
}
node_pid() { # node -> pid of a running node, or nothing
    local pid
    pid="$(cat "$DIR/node$1.pid" 2>/dev/null || true)"
    if is_our_pid "$pid" "$1"; then echo "$pid"; return 0; fi
    # Pid file lost or stale: look for an orphan JVM started for this data dir.
    local p re
    re="kafka\.Kafka $(printf '%s' "$DIR/node$1/server.properties" | sed 's/[][\.*^$+?(){}|]/\\&/g')"
    for p in $(pgrep -f -- "$re" || true); do
        if is_our_pid "$p" "$1"; then echo "$p"; return 0; fi
    done
    return 0
}
wait_gone() { # timeout pid...
    local deadline=$((SECONDS + $1)) pid alive
    shift
    while :; do
        alive=0
        for pid in "$@"; do kill -0 "$pid" 2>/dev/null && alive=1; done
        ((alive)) || return 0
        ((SECONDS < deadline)) || return 1
        sleep 0.2
    done
}
stop_nodes() { # stop every node of $DIR (SIGTERM, then SIGKILL)
    local i pid pids=()
    for i in 1 2 3; do
        pid="$(node_pid "$i")"
        [[ -n "$pid" ]] && pids+=("$pid")
    done
    if ((${#pids[@]})); then
        log "stopping pid(s) ${pids[*]}"
        kill -TERM "${pids[@]}" 2>/dev/null || true
        if wait_gone "$STOP_TIMEOUT" "${pids[@]}"; then
            keep_cds_archive
        else
            log "still running after ${STOP_TIMEOUT}s, sending SIGKILL"
            kill -KILL "${pids[@]}" 2>/dev/null || true
            wait_gone 10 "${pids[@]}" || die "could not kill ${pids[*]}"
        fi
    fi
    rm -f "$DIR"/node*.pid "$DIR/cds.jsa"
}
keep_cds_archive() { # after a graceful exit the archive node 1 dumped is whole
    [[ -s "$DIR/cds.jsa" && ! -e "$CDS_ARCHIVE" && -d "$LIB" ]] || return 0
    if mv -f "$DIR/cds.jsa" "$CDS_ARCHIVE.$$.tmp" && mv -f "$CDS_ARCHIVE.$$.tmp" "$CDS_ARCHIVE"; then
        log "saved class-data-sharing archive $CDS_ARCHIVE"
    fi
}
cds_opts() { # node -> JVM options, one per line
    [[ "${HERDER_KAFKA_CDS:-1}" == 1 ]] || return 0
    if [[ -s "$CDS_ARCHIVE" ]]; then
        printf '%s\n' -Xshare:auto "-XX:SharedArchiveFile=$CDS_ARCHIVE"
    elif [[ "$1" == 1 ]]; then
        printf '%s\n' "-XX:ArchiveClassesAtExit=$DIR/cds.jsa"
    fi
}
remove_dir() {
    [[ -d "$DIR" ]] || return 0
    if [[ -e "$DIR/$MARKER" ]] || [[ -z "$(ls -A "$DIR")" ]]; then
        rm -rf "$DIR"
    else
        log "not removing $DIR: it was not created by kafka.sh"
    fi
}

# ---------------------------------------------------------- metadata probe --
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Sends a Metadata v1 request (no topics) to 127.0.0.1:PORT and prints the ids
# of the brokers the cluster reports as alive (registered and unfenced).
broker_ids() { # port
    local bytes
    # shellcheck disable=SC2016
    bytes="$(timeout 5 bash -c '
        exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
        # size=20 | api_key=3 (Metadata) | api_version=1 | correlation_id=1
        # | client_id="herder" | topics=[] (empty array: no topics)
        printf "\x00\x00\x00\x14\x00\x03\x00\x01\x00\x00\x00\x01\x00\x06herder\x00\x00\x00\x00" >&3
        size=$(dd bs=1 count=4 <&3 2>/dev/null | od -An -tu1 | awk "{print \$1*16777216+\$2*65536+\$3*256+\$4}")
        [[ -n "$size" && "$size" -gt 0 && "$size" -lt 1048576 ]] || exit 1
        dd bs=1 count="$size" <&3 2>/dev/null | od -An -v -tu1
    ' _ "$1" 2>/dev/null)" || return 1
    local -a b
    read -r -d '' -a b <<<"$bytes" || true
    ((${#b[@]} >= 8)) || return 1
    local pos=4 n i id hl rl ids=()
    u32() { echo $((b[$1] * 16777216 + b[$1 + 1] * 65536 + b[$1 + 2] * 256 + b[$1 + 3])); }
    u16() { echo $((b[$1] * 256 + b[$1 + 1])); }
    n="$(u32 $pos)"; pos=$((pos + 4))
    ((n < 100)) || return 1
    for ((i = 0; i < n; i++)); do
        id="$(u32 $pos)"; pos=$((pos + 4))
        hl="$(u16 $pos)"; pos=$((pos + 2 + hl + 4))
        rl="$(u16 $pos)"; pos=$((pos + 2))
        ((rl == 65535)) || pos=$((pos + rl))
        ((pos <= ${#b[@]})) || return 1
        ids+=("$id")
    done
    echo "${ids[*]}"
}
# True when every node in $2.. answers a metadata request listing all ids $1.
cluster_ready() { # "expected ids" node...
    local want="$1" node got x
    shift
    for node in "$@"; do
        got=" $(broker_ids "$(plain_port "$node")" || true) "
        for x in $want; do [[ "$got" == *" $x "* ]] || return 1; done
    done
}

show_logs() { # node...
    local n f
    for n in "$@"; do
        for f in "$DIR/node$n/stdout.log" "$DIR/node$n/logs/server.log"; do
            [[ -s "$f" ]] || continue
            log "----- tail of $f -----"
            tail -n 40 "$f" >&2
        done
    done
}

wait_ready() { # "expected ids" node...
    local want="$1" deadline=$((SECONDS + START_TIMEOUT)) n pid
    shift
    while :; do
        for n in "$@"; do
            pid="$(node_pid "$n")"
            if [[ -z "$pid" ]]; then
                log "node $n exited during start-up"
                show_logs "$n"
                return 1
            fi
        done
        local all_open=1
        for n in "$@"; do port_open "$(plain_port "$n")" || all_open=0; done
        if ((all_open)) && cluster_ready "$want" "$@"; then return 0; fi
        if ((SECONDS >= deadline)); then
            log "broker(s) not ready after ${START_TIMEOUT}s (nodes: $*)"
            show_logs "$@"
            return 1
        fi
        sleep 0.5
    done
}

# -------------------------------------------------------------- preparation --
ensure_jars() {
    local version
    version="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$POM")"
    [[ -f "$LIB/kafka_2.13-$version.jar" ]] && return 0
    command -v mvn >/dev/null || die "mvn not found (needed to fetch Kafka $version jars)"
    log "fetching Kafka $version jars into $LIB (Maven cache: ~/.m2)"
    rm -rf "$LIB"
    mvn -B -q -f "$POM" dependency:copy-dependencies \
        -DoutputDirectory="$LIB" -DincludeScope=runtime >&2 \
        || die "mvn failed to fetch the Kafka jars"
    [[ -f "$LIB/kafka_2.13-$version.jar" ]] || die "kafka_2.13-$version.jar missing after mvn"
}

random_cluster_id() { # Kafka Uuid: 16 random bytes, base64url without padding
    local id
    while :; do
        id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
        [[ "$id" == -* || ${#id} -ne 22 ]] || { echo "$id"; return; }
    done
}

write_configs() { # nodes
    local nodes="$1" i voters="" rf="$1" min_isr=1 txn_isr=1
    ((nodes == 3)) && { min_isr=2; txn_isr=2; }
    for ((i = 1; i <= nodes; i++)); do voters+="${voters:+,}$i@127.0.0.1:$(ctrl_port "$i")"; done

    cat >"$DIR/log4j.properties" <<'EOF'
log4j.rootLogger=INFO, kafkaAppender
log4j.appender.kafkaAppender=org.apache.log4j.FileAppender
log4j.appender.kafkaAppender.File=${kafka.logs.dir}/server.log
log4j.appender.kafkaAppender.layout=org.apache.log4j.PatternLayout
log4j.appender.kafkaAppender.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.appender.stateChangeAppender=org.apache.log4j.FileAppender
log4j.appender.stateChangeAppender.File=${kafka.logs.dir}/state-change.log
log4j.appender.stateChangeAppender.layout=org.apache.log4j.PatternLayout
log4j.appender.stateChangeAppender.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.org.apache.kafka=INFO
log4j.logger.kafka=INFO
log4j.logger.kafka.request.logger=WARN
log4j.logger.kafka.network.RequestChannel$=WARN
log4j.logger.state.change.logger=INFO, stateChangeAppender
log4j.additivity.state.change.logger=false
EOF
    cat >"$DIR/tools-log4j.properties" <<'EOF'
log4j.rootLogger=WARN, stderr
log4j.appender.stderr=org.apache.log4j.ConsoleAppender
log4j.appender.stderr.Target=System.err
log4j.appender.stderr.layout=org.apache.log4j.PatternLayout
log4j.appender.stderr.layout.ConversionPattern=[%d] %p %m (%c)%n
EOF

    for ((i = 1; i <= nodes; i++)); do
        mkdir -p "$DIR/node$i/data" "$DIR/node$i/logs"
        cat >"$DIR/node$i/server.properties" <<EOF
# Generated by tests/kafka/kafka.sh: KRaft test node $i of $nodes.
process.roles=broker,controller
node.id=$i
controller.quorum.voters=$voters
listeners=PLAINTEXT://127.0.0.1:$(plain_port "$i"),CONTROLLER://127.0.0.1:$(ctrl_port "$i")
advertised.listeners=PLAINTEXT://127.0.0.1:$(plain_port "$i")
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
log.dirs=$DIR/node$i/data

# Topics and replication
num.partitions=12
default.replication.factor=$rf
min.insync.replicas=$min_isr
auto.create.topics.enable=true
delete.topic.enable=true
offsets.topic.replication.factor=$rf
offsets.topic.num.partitions=12
transaction.state.log.replication.factor=$rf
transaction.state.log.min.isr=$txn_isr
transaction.state.log.num.partitions=12
group.initial.rebalance.delay.ms=0
group.min.session.timeout.ms=1000

# 1 MB test events
message.max.bytes=4194304
replica.fetch.max.bytes=4194304
replica.fetch.response.max.bytes=16777216

# Small footprint for a 2-core machine
num.network.threads=2
num.io.threads=3
num.replica.fetchers=1
background.threads=4
num.recovery.threads.per.data.dir=1
log.cleaner.threads=1
log.cleaner.dedupe.buffer.size=16777216
log.segment.bytes=67108864
log.retention.hours=168
log.retention.bytes=-1

# Faster failure detection for fail-over tests
broker.heartbeat.interval.ms=1000
broker.session.timeout.ms=6000
replica.lag.time.max.ms=10000
leader.imbalance.check.interval.seconds=30
EOF
        ((SASL)) && write_sasl_config "$i"
    done
    ((SASL)) && write_tls_files
    return 0
}

# A throw-away CA and one broker certificate (for 127.0.0.1 and localhost, which clients
# verify: librdkafka checks the host name by default) in a PKCS#12 keystore all nodes share.
TLS_PASSWORD="herder-tls"
write_tls_files() {
    local t="$DIR/tls"
    mkdir -p "$t"
    openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=herder test CA" \
        -keyout "$t/ca.key" -out "$t/ca.pem" 2>/dev/null || die "openssl: CA"
    openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" \
        -keyout "$t/broker.key" -out "$t/broker.csr" 2>/dev/null || die "openssl: broker key"
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >"$t/san.ext"
    openssl x509 -req -in "$t/broker.csr" -CA "$t/ca.pem" -CAkey "$t/ca.key" \
        -CAcreateserial -days 30 -extfile "$t/san.ext" -out "$t/broker.pem" 2>/dev/null \
        || die "openssl: broker certificate"
    openssl pkcs12 -export -in "$t/broker.pem" -inkey "$t/broker.key" -certfile "$t/ca.pem" \
        -name broker -passout "pass:$TLS_PASSWORD" -out "$t/broker.p12" \
        || die "openssl: keystore"
}

# The SASL_PLAINTEXT and SASL_SSL listeners. Their users live in the JAAS entry (also kept as
# nodeN/jaas.conf); `admin` is the broker's own user, which it would use were one of them the
# inter-broker listener. The lines come after the PLAINTEXT ones they override, so the
# default config stays as it was.
write_sasl_config() { # node
    local i="$1"
    cat >"$DIR/node$i/jaas.conf" <<'EOF'
org.apache.kafka.common.security.plain.PlainLoginModule required
    username="admin" password="admin-secret"
    user_admin="admin-secret"
    user_herder="herder-secret";
EOF
    cat >>"$DIR/node$i/server.properties" <<EOF

# --sasl: SASL_PLAINTEXT and SASL_SSL listeners (mechanism PLAIN) beside PLAINTEXT; users in
# jaas.conf, TLS files in $DIR/tls.
listeners=PLAINTEXT://127.0.0.1:$(plain_port "$i"),SASL_PLAINTEXT://127.0.0.1:$(sasl_port "$i"),SASL_SSL://127.0.0.1:$(sasl_ssl_port "$i"),CONTROLLER://127.0.0.1:$(ctrl_port "$i")
advertised.listeners=PLAINTEXT://127.0.0.1:$(plain_port "$i"),SASL_PLAINTEXT://127.0.0.1:$(sasl_port "$i"),SASL_SSL://127.0.0.1:$(sasl_ssl_port "$i")
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT
sasl.enabled.mechanisms=PLAIN
listener.name.sasl_plaintext.plain.sasl.jaas.config=$(tr -s ' \n' ' ' <"$DIR/node$i/jaas.conf")
listener.name.sasl_ssl.plain.sasl.jaas.config=$(tr -s ' \n' ' ' <"$DIR/node$i/jaas.conf")
listener.name.sasl_ssl.ssl.keystore.type=PKCS12
listener.name.sasl_ssl.ssl.keystore.location=$DIR/tls/broker.p12
listener.name.sasl_ssl.ssl.keystore.password=$TLS_PASSWORD
listener.name.sasl_ssl.ssl.key.password=$TLS_PASSWORD
EOF
}

format_storage() { # nodes cluster-id
    local i pids=() rc=0 cds=()
    [[ -s "$CDS_ARCHIVE" ]] && mapfile -t cds < <(cds_opts 0)
    for ((i = 1; i <= $1; i++)); do
        java -Xmx256m -XX:TieredStopAtLevel=1 "${cds[@]}" \
            -Dlog4j.configuration="file:$DIR/tools-log4j.properties" \
            -cp "$LIB/*" kafka.tools.StorageTool format \
            -t "$2" -c "$DIR/node$i/server.properties" --ignore-formatted \
            >"$DIR/node$i/format.log" 2>&1 9>&- &
        pids+=($!)
    done
    for i in "${!pids[@]}"; do
        if ! wait "${pids[$i]}"; then
            rc=1
            log "formatting node $((i + 1)) failed:"
            cat "$DIR/node$((i + 1))/format.log" >&2
        fi
    done
    return $rc
}

launch_node() { # node
    local n="$1" pid="" cds=()
    rm -f "$DIR/node$n.pid"
    mapfile -t cds < <(cds_opts "$n")
    # setsid: own session, so the caller's Ctrl-C / process-group kill does not
    # hit the broker; the wrapper records its pid and execs the JVM in place.
    # shellcheck disable=SC2016,SC2086
    setsid bash -c 'echo $$ >"$0"; exec "$@"' "$DIR/node$n.pid" \
        java $HEAP_OPTS -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
        -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExitOnOutOfMemoryError \
        -Djava.awt.headless=true "${cds[@]}" $JVM_OPTS \
        -Dlog4j.configuration="file:$DIR/log4j.properties" \
        -Dkafka.logs.dir="$DIR/node$n/logs" \
        -cp "$LIB/*" kafka.Kafka "$DIR/node$n/server.properties" \
        </dev/null >"$DIR/node$n/stdout.log" 2>&1 9>&- &
    local i
    for ((i = 0; i < 50; i++)); do
        pid="$(cat "$DIR/node$n.pid" 2>/dev/null || true)"
        [[ -n "$pid" ]] && break
        sleep 0.1
    done
    [[ -n "$pid" ]] || die "node $n did not start"
    log "node $n: pid $pid, PLAINTEXT 127.0.0.1:$(plain_port "$n")$([[ "$(stored_sasl)" == 1 ]] && echo ", SASL_PLAINTEXT 127.0.0.1:$(sasl_port "$n"), SASL_SSL 127.0.0.1:$(sasl_ssl_port "$n")"), controller 127.0.0.1:$(ctrl_port "$n")"
}

check_ports_free() { # nodes
    local i p lo hi
    if read -r lo hi </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null \
        && ((BASE_PORT + 102 >= lo && BASE_PORT <= hi)); then
        log "warning: ports $BASE_PORT.. overlap the ephemeral port range $lo-$hi;" \
            "binding may fail with 'Address already in use'"
    fi
    for ((i = 1; i <= $1; i++)); do
        local ports=("$(plain_port "$i")" "$(ctrl_port "$i")")
        ((SASL)) && ports+=("$(sasl_port "$i")" "$(sasl_ssl_port "$i")")
        for p in "${ports[@]}"; do
            if port_open "$p"; then
                log "port $p is already in use by another process:"
                ss -ltnp "sport = :$p" >&2 2>/dev/null || true
                die "choose another --port or stop that process"
            fi
        done
    done
}

all_ids() { seq -s ' ' 1 "$1"; }

# ----------------------------------------------------------------- commands --
cmd_start() {
    local nodes="${NODES:-1}" i running=0 t0=$SECONDS ids=()
    read -r -a ids <<<"$(all_ids "$nodes")"
    # Reuse a healthy cluster of the same shape from an earlier run.
    if [[ -e "$DIR/$MARKER" ]]; then
        for ((i = 1; i <= 3; i++)); do [[ -n "$(node_pid "$i")" ]] && running=$((running + 1)); done
        if ((running == nodes)) && [[ "$(stored_nodes)" == "$nodes" ]] \
            && [[ "$(stored_sasl)" == "$SASL" ]] && cluster_ready "${ids[*]}" "${ids[@]}"; then
            log "reusing running $nodes-node cluster in $DIR"
            write_bootstrap "$nodes"
            cat "$DIR/bootstrap.txt"
            return 0
        fi
    fi
    # Anything else from an earlier run in this data dir goes away.
    stop_nodes
    remove_dir
    [[ -e "$DIR" ]] && die "$DIR exists and was not created by kafka.sh"
    check_ports_free "$nodes"
    ensure_jars

    mkdir -p "$DIR"
    touch "$DIR/$MARKER"
    echo "$nodes" >"$DIR/nodes"
    echo "$BASE_PORT" >"$DIR/port"
    ((SASL)) && touch "$DIR/sasl"
    random_cluster_id >"$DIR/cluster.id"
    write_configs "$nodes"
    format_storage "$nodes" "$(cat "$DIR/cluster.id")" || die "storage format failed"
    log "storage formatted after $((SECONDS - t0))s"
    for ((i = 1; i <= nodes; i++)); do launch_node "$i"; done
    if ! wait_ready "${ids[*]}" "${ids[@]}"; then
        stop_nodes
        die "Kafka did not start; logs kept in $DIR"
    fi
    write_bootstrap "$nodes"
    log "ready after $((SECONDS - t0))s ($nodes node(s), data in $DIR)"
    cat "$DIR/bootstrap.txt"
}

cmd_stop() {
    stop_nodes
    remove_dir
    log "stopped (port $BASE_PORT)"
}

cmd_kill_node() {
    local n="$NODE_ARG" pid
    ((n <= $(stored_nodes))) || die "no node $n in $DIR"
    pid="$(node_pid "$n")"
    if [[ -z "$pid" ]]; then log "node $n is not running"; return 0; fi
    kill -KILL "$pid"
    wait_gone 10 "$pid" || die "node $n (pid $pid) did not die"
    rm -f "$DIR/node$n.pid"
    log "killed node $n (pid $pid)"
}

cmd_start_node() {
    local n="$NODE_ARG" t0=$SECONDS
    ((n <= $(stored_nodes))) || die "no node $n in $DIR"
    if [[ -n "$(node_pid "$n")" ]]; then log "node $n is already running"; return 0; fi
    ensure_jars
    launch_node "$n"
    wait_ready "$n" "$n" || die "node $n did not become ready"
    log "node $n ready after $((SECONDS - t0))s"
}

cmd_status() {
    local n i pid all=1
    n="$(stored_nodes)"
    if ((n == 0)); then echo "no cluster in $DIR"; return 1; fi
    for ((i = 1; i <= n; i++)); do
        pid="$(node_pid "$i")"
        if [[ -n "$pid" ]]; then
            echo "node $i: running (pid $pid, 127.0.0.1:$(plain_port "$i"))"
        else
            echo "node $i: stopped"; all=0
        fi
    done
    ((all)) && echo "bootstrap: $(bootstrap_for "$n")"
    if ((all && $(stored_sasl))); then
        echo "bootstrap-sasl: $(bootstrap_for "$n" sasl_port)"
        echo "bootstrap-sasl-ssl: $(bootstrap_for "$n" sasl_ssl_port) (CA $DIR/tls/ca.pem)"
    fi
    ((all))
}

# Serialize changing commands on the same data dir (e.g. parallel ctest
# fixtures). The lock file sits beside DIR because stop removes DIR.
if [[ "$CMD" != status ]]; then
    exec 9>"$DIR.lock"
    flock -w 300 9 || die "timed out waiting for lock $DIR.lock"
fi

case "$CMD" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    kill-node) cmd_kill_node ;;
    start-node) cmd_start_node ;;
    status) cmd_status ;;
    *) usage ;;
esac
