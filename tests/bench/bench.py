#!/usr/bin/env python3
"""Herder benchmark: one JSON line per run. See tests/bench/README.md.

For each run: a fresh herder-sim with the given latency, herder-engine draining the preloaded
topic with its own consumer group and sink topics until the backlog is done (--exit-when-idle),
then figures from three independent places: the broker (output record timestamps), the
simulator (/stats: requests and tokens) and the kernel (getrusage of the engine via
/usr/bin/time: CPU seconds and peak RSS).

With --reference (and in the default set) it also drains the same topic with the blog's
reference Python pipeline (tests/bench/reference/stream_processor.py, a faithful port kept as a
baseline) against a fresh simulator at the same latency and concurrency, and prints a ratio line
per Herder run at that concurrency and latency.

Paced runs offer events at a steady rate (tests/bench/eventproducer.cpp) into a fresh topic
while the engine, or the reference pipeline, is already consuming it, and measure end-to-end
latency per message; a p99 ratio line compares Herder with the reference at the same rate. The
memory run backlogs 1,000,000 events against a 200 ms simulator and samples the engine's RSS and
in-flight messages every 250 ms against the issue's targets. The limited run backlogs events
against a simulator that answers 429 above a request rate and measures, after slow start, how
close adaptive concurrency keeps the engine to that rate and how many requests are refused.
"""

import argparse
import bisect
import contextlib
import json
import os
import re
import signal
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KAFKA_SH = ROOT / "tests" / "kafka" / "kafka.sh"
REFERENCE_DIR = ROOT / "tests" / "bench" / "reference"

# (mode, concurrency, batch size, simulated latency in ms)
DEFAULT_RUNS = [
    ("per-task", 64, 1, 40),
    ("combined", 64, 1, 40),
    ("batch", 64, 16, 40),
]

# The comparison point: the reference pipeline at concurrency 50 against 40 ms.
DEFAULT_REFERENCE = (50, 40)

# Herder's modes compared with the reference at its point: (mode, batch size). Batch is among
# them because the target is Herder's messages/s, whichever mode delivers it.
REFERENCE_MODES = [("per-task", 1), ("combined", 1), ("batch", 16)]

# Paced runs offer this share of the reference's drain rate unless --rate says otherwise: a rate
# the reference sustains, so its latency is the pipeline's and not a growing queue's.
PACED_SHARE_OF_REFERENCE = 0.7

# The memory target: a 1,000,000-event backlog, 200 ms simulated latency, RSS <= 300 MB
# and in-flight messages never above the high-water mark.
MEMORY_EVENTS = 1_000_000
MEMORY_LATENCY_MS = 200
MEMORY_CONCURRENCY = 64
MEMORY_HIGH_WATER = 2000
MEMORY_RSS_LIMIT_MB = 300
SAMPLE_PERIOD_S = 0.25

# The 429 target: against a simulator that answers 429 above LIMITED_RPS requests/s,
# adaptive concurrency settles at >= 90% of it with < 5% of requests answered 429. Per-task
# mode at concurrency 64 against 40 ms could send 1,600 requests/s, so the limit binds.
LIMITED_RPS = 500
LIMITED_LATENCY_MS = 40
LIMITED_CONCURRENCY = 64
LIMITED_EVENTS = 60_000
LIMITED_RUN_S = 60
LIMITED_WARMUP_S = 10  # slow start and the first cuts, left out of the figures
# The storm run (issue #13): events offered at STORM_RATE/s while the provider answers 5% 5xx
# and hangs 1% of calls (the engine times them out after STORM_TIMEOUT_S), and for
# STORM_LENGTH_S of every STORM_EVERY_S answers every call 429 with Retry-After 1 s.
STORM_RATE = 300
STORM_LATENCY_MS = 40
STORM_CONCURRENCY = 64
STORM_EVERY_S = 40
STORM_LENGTH_S = 3
STORM_TIMEOUT_S = 5
STORM_RECOVERY_SHARE = 0.9  # recovered: a second with at least this share of the offered rate
TARGET_SETTLED_SHARE = 0.90
TARGET_429_SHARE = 0.05

# The targets against the reference pipeline.
TARGET_THROUGHPUT_RATIO = 10.0
TARGET_P99_RATIO = 0.5


def log(message):
    print(f"bench: {message}", file=sys.stderr, flush=True)


def find_bin_dir(build):
    if build:
        candidates = [Path(build) / "app"]
    elif os.environ.get("HERDER_BIN_DIR"):
        candidates = [Path(os.environ["HERDER_BIN_DIR"])]
    else:
        # The most recently built tree under build/.
        candidates = sorted((ROOT / "build").glob("*/app"),
                            key=lambda p: (p / "herder-engine").stat().st_mtime
                            if (p / "herder-engine").exists() else 0,
                            reverse=True)
    for c in candidates:
        if (c / "herder-engine").is_file() and (c / "herder-sim").is_file():
            return c
    sys.exit("bench: no herder-engine and herder-sim found; build them or pass --build DIR")


def event_producer(bin_dir):
    """tests/bench/eventproducer, built with the engine (cmake --build); an older build tree
    without one (a baseline being compared) borrows this checkout's ci build's."""
    for build in (bin_dir.parent, ROOT / "build" / "ci"):
        binary = build / "tests" / "bench" / "eventproducer"
        if binary.is_file():
            return binary
    sys.exit(f"bench: no eventproducer in {bin_dir.parent}/tests/bench; build the tree "
             "(cmake --build --preset ci)")


def produce(producer, bootstrap, topic, events, seed, rate_per_s=0):
    """Runs the event producer: as fast as possible (rate 0), or paced; returns its JSON line.
    With 0 events it only makes sure the topic exists with its partitions."""
    out = subprocess.run([str(producer), bootstrap, topic, str(events), str(seed),
                          str(rate_per_s)], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"bench: eventproducer failed on {topic}:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def start_broker(port, kafka_dir):
    started_here = subprocess.run([str(KAFKA_SH), "status", "--port", str(port),
                                   "--dir", str(kafka_dir)],
                                  capture_output=True).returncode != 0
    log(f"{'starting' if started_here else 'reusing'} the broker on port {port}")
    out = subprocess.run([str(KAFKA_SH), "start", "--port", str(port), "--dir", str(kafka_dir)],
                         capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"bench: kafka.sh start failed:\n{out.stdout}\n{out.stderr}")
    return out.stdout.strip().splitlines()[-1], started_here


def preload(producer, bootstrap, topic, events, seed):
    log(f"preloading {events} events into {topic}")
    figures = produce(producer, bootstrap, topic, events, seed)
    log(f"preloaded at {figures['rate_per_s']:.0f} events/s")


def start_sim(bin_dir, latency_ms, log_path, extra_args=()):
    sim = subprocess.Popen([str(bin_dir / "herder-sim"), "--port", "0",
                            "--latency-ms", str(latency_ms),
                            "--jitter-ms", str(max(1, latency_ms // 5)),
                            "--tail-probability", "0", *extra_args],
                           stdout=subprocess.PIPE, stderr=open(log_path, "w"), text=True)
    line = sim.stdout.readline()
    match = re.search(r"http://([\d.]+):(\d+)/v1", line)
    if not match:
        sim.kill()
        sys.exit(f"bench: herder-sim did not start: {line!r}")
    return sim, f"http://{match.group(1)}:{match.group(2)}"


def process_cpu_s(pid):
    """utime + stime of a running process, from /proc (clock ticks)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def sim_stats(root_url):
    with urllib.request.urlopen(f"{root_url}/stats", timeout=10) as reply:
        return json.load(reply)


def write_config(path, bootstrap, source, name, sim_url, mode, concurrency, batch_size,
                 max_inflight_messages=None, cache=True, adaptive=None, timeout_s=30):
    high_water = (f"max_inflight_messages={max_inflight_messages}\n"
                  if max_inflight_messages else "")
    # Unset, the engine's default: adaptive concurrency in batch mode only.
    high_water += f"adaptive={adaptive}\n" if adaptive else ""
    # The generated events repeat texts, so the response cache answers some tasks without a
    # call; --no-cache measures the pipeline alone (the reference has no cache).
    no_cache = "" if cache else "\n[cache]\nmax_entries=0\n"
    path.write_text(f"""[kafka]
bootstrap.servers={bootstrap}
group=bench-{name}

[topics]
source={source}
output={source}-{name}-out
retry={source}-{name}-retry
dlq={source}-{name}-dlq

[llm]
base_url={sim_url}/v1
timeout_s={timeout_s}

[limits]
concurrency={concurrency}
mode={mode}
batch_size={max(1, batch_size)}
{high_water}{no_cache}""")


def output_timestamps(bootstrap, topic):
    out = subprocess.run(["kcat", "-C", "-q", "-e", "-o", "beginning", "-b", bootstrap,
                          "-t", topic, "-f", "%T\n"], capture_output=True, text=True,
                         check=True, timeout=300)
    return sorted(int(t) for t in out.stdout.split())


def run_one(args, bin_dir, bootstrap, source, work_dir, index, spec):
    mode, concurrency, batch_size, latency_ms = spec
    name = f"r{index}-{mode}-c{concurrency}-b{batch_size}-l{latency_ms}"
    sim, sim_url = start_sim(bin_dir, latency_ms, work_dir / f"{name}.sim.log")
    try:
        config = work_dir / f"{name}.ini"
        report = work_dir / f"{name}.report.json"
        rusage = work_dir / f"{name}.rusage"
        write_config(config, bootstrap, source, name, sim_url, mode, concurrency, batch_size,
                     cache=args.cache)
        log(f"run {name}")
        env = dict(os.environ, HERDER_API_KEY="bench")
        with open(work_dir / f"{name}.engine.log", "w") as engine_log:
            engine = subprocess.run(
                ["/usr/bin/time", "-o", str(rusage), "-f", "%U %S %M %e",
                 str(bin_dir / "herder-engine"), "--config", str(config), "--exit-when-idle",
                 "--quiet", "--report", str(report)],
                env=env, stderr=engine_log, timeout=args.run_timeout)
        if engine.returncode != 0:
            sys.exit(f"bench: herder-engine exited with {engine.returncode}; "
                     f"see {work_dir / (name + '.engine.log')}")
        stats = sim_stats(sim_url)
        sim_cpu_s = process_cpu_s(sim.pid)
    finally:
        sim.terminate()
        sim.wait()

    user_s, sys_s, maxrss_kb, wall_s = rusage.read_text().split()[-4:]
    summary = json.loads(report.read_text())
    stamps = output_timestamps(bootstrap, f"{source}-{name}-out")
    drain_s = (stamps[-1] - stamps[0]) / 1000 if len(stamps) > 1 else float("nan")
    settled = summary.get("enriched", 0) + summary.get("dead_lettered", 0)
    models = stats.get("by_model", {}).values()
    prompt = sum(m.get("prompt_tokens", 0) for m in models)
    completion = sum(m.get("completion_tokens", 0) for m in models)
    cpu_s = float(user_s) + float(sys_s)
    return {
        "run": "drain",
        "mode": mode,
        "concurrency": concurrency,
        "batch_size": batch_size if mode == "batch" else None,
        "latency_ms": latency_ms,
        "events": args.events,
        "enriched": summary.get("enriched"),
        "dead_lettered": summary.get("dead_lettered"),
        "cache_hits": summary.get("cache_hits"),
        "messages_per_s": round((len(stamps) - 1) / drain_s, 1),
        "llm_requests_per_s": round(stats.get("requests_total", 0) / drain_s, 1),
        "prompt_tokens_per_msg": round(prompt / max(1, settled), 1),
        "completion_tokens_per_msg": round(completion / max(1, settled), 1),
        "drain_s": round(drain_s, 2),
        "engine_wall_s": float(wall_s),
        **process_fields(cpu_s, settled, maxrss_kb, sim_cpu_s, stats),
    }


def reference_python(venv_dir):
    """A venv with the reference pipeline's requirements, (re)installed when they change."""
    requirements = REFERENCE_DIR / "requirements.txt"
    python = venv_dir / "bin" / "python"
    stamp = venv_dir / "requirements.installed"
    if python.exists() and stamp.exists() and stamp.read_text() == requirements.read_text():
        return python
    log(f"installing the reference pipeline's requirements into {venv_dir}")
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv_dir)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                    "-r", str(requirements)], check=True)
    stamp.write_text(requirements.read_text())
    return python


def run_reference(args, python, bin_dir, bootstrap, source, work_dir, index, spec):
    concurrency, latency_ms = spec
    name = f"r{index}-reference-c{concurrency}-l{latency_ms}"
    sim, sim_url = start_sim(bin_dir, latency_ms, work_dir / f"{name}.sim.log")
    rusage = work_dir / f"{name}.rusage"
    try:
        log(f"run {name}")
        with open(work_dir / f"{name}.reference.log", "w") as ref_log:
            ref = subprocess.run(
                ["/usr/bin/time", "-o", str(rusage), "-f", "%U %S %M %e", str(python),
                 str(REFERENCE_DIR / "stream_processor.py"), "--bootstrap", bootstrap,
                 "--topic", source, "--group", f"bench-{name}", "--base-url", f"{sim_url}/v1",
                 "--api-key", "bench", "--concurrency", str(concurrency),
                 "--stop-after", str(args.events), "--idle-s", "15"],
                stdout=subprocess.PIPE, stderr=ref_log, text=True, timeout=args.run_timeout)
        if ref.returncode != 0 or not ref.stdout.strip():
            sys.exit(f"bench: the reference pipeline exited with {ref.returncode}; "
                     f"see {work_dir / (name + '.reference.log')}")
        stats = sim_stats(sim_url)
        sim_cpu_s = process_cpu_s(sim.pid)
    finally:
        sim.terminate()
        sim.wait()

    figures = json.loads(ref.stdout.strip().splitlines()[-1])
    user_s, sys_s, maxrss_kb, wall_s = rusage.read_text().split()[-4:]
    cpu_s = float(user_s) + float(sys_s)
    settled = figures["processed"] + figures["failed"]
    elapsed_s = figures["elapsed_s"] or float("nan")
    return {
        "run": "drain",
        "mode": "reference",
        "concurrency": concurrency,
        "batch_size": None,
        "latency_ms": latency_ms,
        "events": args.events,
        "processed": figures["processed"],
        "failed": figures["failed"],
        "with_llm_error": figures["with_llm_error"],
        "messages_per_s": figures["messages_per_s"],
        "llm_requests_per_s": round(stats.get("requests_total", 0) / elapsed_s, 1),
        "e2e_p50_ms": figures["e2e_p50_ms"],
        "e2e_p95_ms": figures["e2e_p95_ms"],
        "e2e_p99_ms": figures["e2e_p99_ms"],
        "drain_s": figures["elapsed_s"],
        "engine_wall_s": float(wall_s),
        **process_fields(cpu_s, settled, maxrss_kb, sim_cpu_s, stats),
    }


def percentile(sorted_values, fraction):
    """Nearest-rank percentile of an ascending list (as the reference pipeline computes it)."""
    if not sorted_values:
        return None
    rank = max(1, -(-len(sorted_values) * fraction // 1))
    return round(sorted_values[int(rank) - 1], 1)


def load_average():
    return round(os.getloadavg()[0], 2)


def http_get(url, timeout_s=2):
    """(status, body) of a GET; (None, None) when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=timeout_s) as reply:
            return reply.status, reply.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()
    except (urllib.error.URLError, OSError):
        return None, None


def engine_status(ops_url):
    status, body = http_get(f"{ops_url}/api/v1/status")
    return json.loads(body) if status == 200 else None


def process_fields(cpu_s, settled, maxrss_kb, sim_cpu_s, stats):
    """The figures every run's line ends with: the pipeline's CPU and memory, the simulator's
    CPU and peak load, and the machine's load when it ended."""
    return {
        "cpu_s_per_1k_msgs": round(cpu_s / max(1, settled) * 1000, 3),
        "peak_rss_mb": round(int(maxrss_kb) / 1024, 1),
        "engine_cpu_s": round(cpu_s, 2),
        "sim_cpu_s": round(sim_cpu_s, 2),
        "sim_peak_in_flight": stats.get("peak_in_flight"),
        "load_avg_1m": load_average(),
    }


def reap(proc, timeout_s):
    """Waits for a child with os.wait4, so its rusage (CPU, peak RSS) is the child's own;
    returns (exit code, rusage), or (None, None) if it is still running after timeout_s."""
    deadline = time.monotonic() + timeout_s
    while True:
        pid, status, rusage = os.wait4(proc.pid, os.WNOHANG)
        if pid == proc.pid:
            proc.returncode = os.waitstatus_to_exitcode(status)
            return proc.returncode, rusage
        if time.monotonic() >= deadline:
            return None, None
        time.sleep(0.05)


def start_engine(bin_dir, config, log_path, report, extra_args=()):
    """herder-engine with an ops API on a free loopback port; returns (process, ops URL) once
    it answers /readyz (partitions assigned), so events offered after that meet a consumer."""
    env = dict(os.environ, HERDER_API_KEY="bench")
    engine = subprocess.Popen([str(bin_dir / "herder-engine"), "--config", str(config),
                               "--quiet", "--report", str(report),
                               "--ops-listen", "127.0.0.1:0", *extra_args],
                              env=env, stdout=subprocess.DEVNULL, stderr=open(log_path, "w"))
    deadline = time.monotonic() + 60
    ops_url = None
    while time.monotonic() < deadline and engine.poll() is None:
        if ops_url is None:
            match = re.search(r"ops listening on (http://[\d.]+:\d+)", log_path.read_text())
            ops_url = match.group(1) if match else None
        elif http_get(f"{ops_url}/readyz")[0] == 200:
            return engine, ops_url
        time.sleep(0.1)
    engine.kill()
    sys.exit(f"bench: herder-engine did not get ready; see {log_path}")


@contextlib.contextmanager
def running_engine(bin_dir, config, log_path, report, extra_args=()):
    """start_engine's (process, ops URL); the engine is killed and reaped on the way out if
    the run left it running (a deadline passed, or the bench itself failed)."""
    engine, ops_url = start_engine(bin_dir, config, log_path, report, extra_args)
    try:
        yield engine, ops_url
    finally:
        if engine.returncode is None:
            engine.kill()
            reap(engine, 10)


def check_engine_exit(code, log_path):
    if code != 0:
        sys.exit(f"bench: herder-engine exited with {code}; see {log_path}")


def paced_topic(source, name):
    return f"{source}-{name}-in"


def paced_events(args, rate_per_s):
    return args.paced_events or max(1, round(rate_per_s * args.duration))


def offer(args, producer, bootstrap, topic, rate_per_s):
    events = paced_events(args, rate_per_s)
    log(f"offering {events} events at {rate_per_s} events/s into {topic}")
    return produce(producer, bootstrap, topic, events, 11, rate_per_s)


def source_timestamps(bootstrap, topic):
    """{(partition, offset): record timestamp ms} of a whole topic."""
    out = subprocess.run(["kcat", "-C", "-q", "-e", "-o", "beginning", "-b", bootstrap,
                          "-t", topic, "-f", "%p\\t%o\\t%T\\n"], capture_output=True, text=True,
                         check=True, timeout=300)
    stamps = {}
    for line in out.stdout.splitlines():
        partition, offset, ts = line.split("\t")
        stamps[(int(partition), int(offset))] = int(ts)
    return stamps


def end_to_end_ms(bootstrap, source_topic, output_topic):
    """Per source record, its first output record's timestamp minus its own, matched by the
    source partition/offset the output carries (DESIGN.md, Output). Returns (sorted latencies,
    source records, outputs, source records without an output)."""
    sources = source_timestamps(bootstrap, source_topic)
    out = subprocess.run(["kcat", "-C", "-q", "-e", "-o", "beginning", "-b", bootstrap,
                          "-t", output_topic, "-f", "%T\\t%s\\n"], capture_output=True, text=True,
                         check=True, timeout=300)
    done = {}
    outputs = 0
    for line in out.stdout.splitlines():
        ts, value = line.split("\t", 1)
        origin = json.loads(value)["source"]
        key = (int(origin["partition"]), int(origin["offset"]))
        outputs += 1
        # At-least-once may write a record twice: its first output is when it was done.
        if key in sources and (key not in done or int(ts) < done[key]):
            done[key] = int(ts)
    latencies = sorted(done[k] - sources[k] for k in done)
    return latencies, len(sources), outputs, len(sources) - len(done)


def settle_and_stop(engine, ops_url, events, timeout_s):
    """Waits until every offered event is settled (enriched or dead-lettered), then stops the
    engine; returns reap()'s (exit code, rusage)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        status = engine_status(ops_url) or {}
        if status.get("enriched", 0) + status.get("dead_lettered", 0) >= events:
            break
        time.sleep(0.25)
    engine.send_signal(signal.SIGTERM)
    return reap(engine, 120)


def run_paced(args, bin_dir, producer, bootstrap, source, work_dir, index, spec, rate_per_s):
    """Herder consuming a fresh topic while events are offered at rate_per_s."""
    mode, concurrency, batch_size, latency_ms = spec
    name = f"r{index}-paced-{mode}-c{concurrency}-b{batch_size}-l{latency_ms}"
    topic = paced_topic(source, name)
    # The sink topics too: auto-creating the output topic on the first write stalls the first
    # seconds of output, which is set-up, not the pipeline's latency.
    for t in (topic, *(f"{topic}-{name}-{sink}" for sink in ("out", "retry", "dlq"))):
        produce(producer, bootstrap, t, 0, 11)
    events = paced_events(args, rate_per_s)
    sim, sim_url = start_sim(bin_dir, latency_ms, work_dir / f"{name}.sim.log")
    try:
        config = work_dir / f"{name}.ini"
        report = work_dir / f"{name}.report.json"
        write_config(config, bootstrap, topic, name, sim_url, mode, concurrency, batch_size,
                     cache=args.cache)
        log(f"run {name}")
        engine_log = work_dir / f"{name}.engine.log"
        with running_engine(bin_dir, config, engine_log, report) as (engine, ops_url):
            pacer = offer(args, producer, bootstrap, topic, rate_per_s)
            code, rusage = settle_and_stop(engine, ops_url, events, args.run_timeout)
        check_engine_exit(code, engine_log)
        stats = sim_stats(sim_url)
        sim_cpu_s = process_cpu_s(sim.pid)
    finally:
        sim.terminate()
        sim.wait()

    summary = json.loads(report.read_text())
    latencies, offered, outputs, missing = end_to_end_ms(bootstrap, topic, f"{topic}-{name}-out")
    stamps = output_timestamps(bootstrap, f"{topic}-{name}-out")
    window_s = (stamps[-1] - stamps[0]) / 1000 if len(stamps) > 1 else float("nan")
    settled = summary.get("enriched", 0) + summary.get("dead_lettered", 0)
    cpu_s = rusage.ru_utime + rusage.ru_stime
    engine_p99 = (summary.get("latency_ms") or {}).get("p99")
    return {
        "run": "paced",
        "mode": mode,
        "concurrency": concurrency,
        "batch_size": batch_size if mode == "batch" else None,
        "latency_ms": latency_ms,
        "offered_rate_per_s": rate_per_s,
        "pacer_rate_per_s": pacer["rate_per_s"],
        "pacer_lag_p99_ms": pacer["lag_p99_ms"],
        "events": offered,
        "outputs": outputs,
        "without_output": missing,
        "enriched": summary.get("enriched"),
        "dead_lettered": summary.get("dead_lettered"),
        "cache_hits": summary.get("cache_hits"),
        "messages_per_s": round((len(stamps) - 1) / window_s, 1),
        "e2e_p50_ms": percentile(latencies, 0.50),
        "e2e_p95_ms": percentile(latencies, 0.95),
        "e2e_p99_ms": percentile(latencies, 0.99),
        "e2e_max_ms": latencies[-1] if latencies else None,
        "engine_e2e_p99_ms": engine_p99,
        "llm_requests_per_s": round(stats.get("requests_total", 0) / window_s, 1),
        **process_fields(cpu_s, settled, rusage.ru_maxrss, sim_cpu_s, stats),
    }


def run_reference_paced(args, python, bin_dir, producer, bootstrap, source, work_dir, index,
                        spec, rate_per_s):
    """The reference pipeline consuming a fresh topic while events are offered at rate_per_s;
    its end-to-end latency is its own (record timestamp -> the commit of its batch)."""
    concurrency, latency_ms = spec
    name = f"r{index}-paced-reference-c{concurrency}-l{latency_ms}"
    topic = paced_topic(source, name)
    produce(producer, bootstrap, topic, 0, 11)
    events = paced_events(args, rate_per_s)
    sim, sim_url = start_sim(bin_dir, latency_ms, work_dir / f"{name}.sim.log")
    ready = work_dir / f"{name}.ready"
    try:
        log(f"run {name}")
        ref_log_path = work_dir / f"{name}.reference.log"
        ref = subprocess.Popen(
            [str(python), str(REFERENCE_DIR / "stream_processor.py"), "--bootstrap", bootstrap,
             "--topic", topic, "--group", f"bench-{name}", "--base-url", f"{sim_url}/v1",
             "--api-key", "bench", "--concurrency", str(concurrency),
             "--stop-after", str(events), "--idle-s", "60", "--ready-file", str(ready)],
            stdout=subprocess.PIPE, stderr=open(ref_log_path, "w"), text=True)
        try:
            deadline = time.monotonic() + 120
            while not ready.exists() and ref.poll() is None and time.monotonic() < deadline:
                time.sleep(0.1)
            if not ready.exists():
                sys.exit(f"bench: the reference pipeline got no partitions; see {ref_log_path}")
            pacer = offer(args, producer, bootstrap, topic, rate_per_s)
            # Its JSON line is small: reading it after it exits cannot block on a full pipe.
            code, rusage = reap(ref, args.run_timeout)
            stdout = ref.stdout.read()
        finally:
            if ref.returncode is None:
                ref.kill()
                reap(ref, 10)
        if code != 0 or not stdout.strip():
            sys.exit(f"bench: the reference pipeline exited with {code}; see {ref_log_path}")
        stats = sim_stats(sim_url)
        sim_cpu_s = process_cpu_s(sim.pid)
    finally:
        sim.terminate()
        sim.wait()

    figures = json.loads(stdout.strip().splitlines()[-1])
    cpu_s = rusage.ru_utime + rusage.ru_stime
    settled = figures["processed"] + figures["failed"]
    elapsed_s = figures["elapsed_s"] or float("nan")
    return {
        "run": "paced",
        "mode": "reference",
        "concurrency": concurrency,
        "batch_size": None,
        "latency_ms": latency_ms,
        "offered_rate_per_s": rate_per_s,
        "pacer_rate_per_s": pacer["rate_per_s"],
        "pacer_lag_p99_ms": pacer["lag_p99_ms"],
        "events": events,
        "processed": figures["processed"],
        "failed": figures["failed"],
        "with_llm_error": figures["with_llm_error"],
        "messages_per_s": figures["messages_per_s"],
        "e2e_p50_ms": figures["e2e_p50_ms"],
        "e2e_p95_ms": figures["e2e_p95_ms"],
        "e2e_p99_ms": figures["e2e_p99_ms"],
        "llm_requests_per_s": round(stats.get("requests_total", 0) / elapsed_s, 1),
        **process_fields(cpu_s, settled, rusage.ru_maxrss, sim_cpu_s, stats),
    }


def sim_configure(root_url, patch):
    request = urllib.request.Request(f"{root_url}/sim/config", data=json.dumps(patch).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(request, timeout=10) as reply:
        reply.read()


def storm_recovery_s(stamps, storm_ends_ms, rate_per_s, run_end_ms):
    """Per storm, the seconds from its end until the first 1 s stretch whose outputs reach
    STORM_RECOVERY_SHARE of the offered rate (None: never before the next storm or the end)."""
    need = STORM_RECOVERY_SHARE * rate_per_s
    out = []
    for end in storm_ends_ms:
        lo = bisect.bisect_left(stamps, end)
        recovered = None
        for i in range(lo, len(stamps)):
            start = stamps[i]
            if start > min(end + (STORM_EVERY_S - STORM_LENGTH_S) * 1000, run_end_ms):
                break
            if bisect.bisect_left(stamps, start + 1000) - i >= need:
                recovered = round((start - end) / 1000, 2)
                break
        out.append(recovered)
    return out


def run_storms(args, bin_dir, producer, bootstrap, source, work_dir, index, mode):
    """Herder under the storm schedule for args.storm_s, events offered at STORM_RATE/s."""
    batch_size = 8 if mode == "batch" else 1
    name = f"r{index}-storms-{mode}"
    topic = paced_topic(source, name)
    for t in (topic, *(f"{topic}-{name}-{sink}" for sink in ("out", "retry", "dlq"))):
        produce(producer, bootstrap, t, 0, 11)
    events = int(STORM_RATE * args.storm_s)
    sim, sim_url = start_sim(bin_dir, STORM_LATENCY_MS, work_dir / f"{name}.sim.log",
                             ("--rate-500", "0.05", "--rate-hang", "0.01", "--hang-ms", "60000",
                              "--retry-after-s", "1"))
    storm_ends = []
    stop = threading.Event()

    def storms():
        # The first storm after one period, the last one ending before the offer does.
        while not stop.wait(STORM_EVERY_S - STORM_LENGTH_S):
            sim_configure(sim_url, {"rate_429": 1.0})
            if stop.wait(STORM_LENGTH_S):
                break
            sim_configure(sim_url, {"rate_429": 0.0})
            storm_ends.append(int(time.time() * 1000))

    try:
        config = work_dir / f"{name}.ini"
        report = work_dir / f"{name}.report.json"
        write_config(config, bootstrap, topic, name, sim_url, mode, STORM_CONCURRENCY,
                     batch_size, cache=False, timeout_s=STORM_TIMEOUT_S)
        log(f"run {name}: {args.storm_s:.0f} s, a {STORM_LENGTH_S} s 429 storm every "
            f"{STORM_EVERY_S} s, 5% 5xx, 1% hangs, {STORM_RATE} events/s offered")
        engine_log = work_dir / f"{name}.engine.log"
        with running_engine(bin_dir, config, engine_log, report) as (engine, ops_url):
            toggler = threading.Thread(target=storms, daemon=True)
            toggler.start()
            pacer = produce(producer, bootstrap, topic, events, 11, STORM_RATE)
            offer_end_ms = int(time.time() * 1000)
            stop.set()
            toggler.join()
            sim_configure(sim_url, {"rate_429": 0.0})
            code, rusage = settle_and_stop(engine, ops_url, events, args.run_timeout)
        check_engine_exit(code, engine_log)
        stats = sim_stats(sim_url)
    finally:
        stop.set()
        sim.terminate()
        sim.wait()

    summary = json.loads(report.read_text())
    latencies, offered, outputs, missing = end_to_end_ms(bootstrap, topic, f"{topic}-{name}-out")
    stamps = output_timestamps(bootstrap, f"{topic}-{name}-out")
    recovery = storm_recovery_s(stamps, storm_ends, STORM_RATE, offer_end_ms)
    # Outputs per second from 5 s before each storm's start to 10 s after its end, for a look.
    with open(work_dir / f"{name}.around-storms.txt", "w") as f:
        for end in storm_ends:
            start = end - STORM_LENGTH_S * 1000
            counts = [bisect.bisect_left(stamps, t + 1000) - bisect.bisect_left(stamps, t)
                      for t in range(start - 5000, end + 10000, 1000)]
            f.write(f"storm {start}..{end}: outputs per second from -5 s: {counts}\n")
    known = [r for r in recovery if r is not None]
    statuses = status_counts(stats)
    return {
        "run": "storms",
        "mode": mode,
        "concurrency": STORM_CONCURRENCY,
        "batch_size": batch_size if mode == "batch" else None,
        "latency_ms": STORM_LATENCY_MS,
        "duration_s": args.storm_s,
        "storms": len(storm_ends),
        "offered_rate_per_s": STORM_RATE,
        "pacer_rate_per_s": pacer["rate_per_s"],
        "events": offered,
        "outputs": outputs,
        "lost": missing,
        "enriched": summary.get("enriched"),
        "dead_lettered": summary.get("dead_lettered"),
        "retried": summary.get("retried"),
        "recovery_s_max": max(known) if len(known) == len(recovery) and known else None,
        "recovery_s_p50": percentile(sorted(known), 0.5) if known else None,
        "not_recovered": len(recovery) - len(known),
        "recovery_s": recovery,
        "storms_pass": (missing == 0 and summary.get("dead_lettered") == 0 and bool(recovery)
                        and len(known) == len(recovery) and max(known) <= 2.0),
        "e2e_p50_ms": percentile(latencies, 0.50),
        "e2e_p99_ms": percentile(latencies, 0.99),
        "e2e_max_ms": latencies[-1] if latencies else None,
        "sim_statuses": statuses,
    }


def rss_mb(pid):
    """Resident set size now, from /proc (None once the process is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def run_memory(args, bin_dir, producer, bootstrap, source, work_dir, index):
    """The issue's memory target: a 1,000,000-event backlog against a 200 ms simulator for a
    fixed time, sampling RSS (/proc) and in-flight messages (/api/v1/status) every 250 ms."""
    mode, concurrency, latency_ms = "per-task", MEMORY_CONCURRENCY, MEMORY_LATENCY_MS
    name = f"r{index}-memory-{mode}-c{concurrency}-l{latency_ms}"
    topic = f"{source}-{name}-in"
    preload(producer, bootstrap, topic, args.memory_events, 13)
    sim, sim_url = start_sim(bin_dir, latency_ms, work_dir / f"{name}.sim.log")
    rss_samples, inflight_samples, status_misses = [], [], 0
    try:
        config = work_dir / f"{name}.ini"
        report = work_dir / f"{name}.report.json"
        write_config(config, bootstrap, topic, name, sim_url, mode, concurrency, 1,
                     max_inflight_messages=MEMORY_HIGH_WATER, cache=args.cache)
        log(f"run {name} for {args.memory_s} s")
        engine_log = work_dir / f"{name}.engine.log"
        with running_engine(bin_dir, config, engine_log, report,
                            ["--duration", str(args.memory_s)]) as (engine, ops_url):
            next_sample = time.monotonic()
            deadline = next_sample + args.memory_s + 120
            code = None
            while code is None and time.monotonic() < deadline:
                rss = rss_mb(engine.pid)
                if rss is not None:
                    rss_samples.append(rss)
                status = engine_status(ops_url)
                if status is None:
                    status_misses += 1
                else:
                    inflight_samples.append(status.get("inflight_messages", 0))
                next_sample += SAMPLE_PERIOD_S
                code, rusage = reap(engine, max(0.0, next_sample - time.monotonic()))
        check_engine_exit(code, engine_log)
        stats = sim_stats(sim_url)
    finally:
        sim.terminate()
        sim.wait()

    summary = json.loads(report.read_text())
    # The kernel's high-water mark, or a sample above it (VmRSS and ru_maxrss round apart).
    peak_rss_mb = round(max([rusage.ru_maxrss / 1024] + rss_samples), 1)
    max_inflight = max(inflight_samples) if inflight_samples else None
    # The engine's own peak counts every message, not only those seen at a sample.
    inflight_peak = summary.get("inflight_messages_peak")
    settled = summary.get("enriched", 0) + summary.get("dead_lettered", 0)
    cpu_s = rusage.ru_utime + rusage.ru_stime
    return {
        "run": "memory",
        "mode": mode,
        "concurrency": concurrency,
        "latency_ms": latency_ms,
        "events": args.memory_events,
        "run_s": args.memory_s,
        "consumed": summary.get("consumed"),
        "enriched": summary.get("enriched"),
        "dead_lettered": summary.get("dead_lettered"),
        "cache_hits": summary.get("cache_hits"),
        "messages_per_s": round(settled / float(summary.get("elapsed_s") or "nan"), 1),
        "llm_requests_total": stats.get("requests_total"),
        "peak_rss_mb": peak_rss_mb,
        "sampled_rss_max_mb": round(max(rss_samples), 1) if rss_samples else None,
        "max_inflight_messages": max_inflight,
        "inflight_messages_peak": inflight_peak,
        "high_water_mark": MEMORY_HIGH_WATER,
        "samples": len(inflight_samples),
        "status_misses": status_misses,
        "cpu_s_per_1k_msgs": round(cpu_s / max(1, settled) * 1000, 3),
        "rss_limit_mb": MEMORY_RSS_LIMIT_MB,
        "rss_pass": peak_rss_mb <= MEMORY_RSS_LIMIT_MB,
        "inflight_pass": (inflight_peak if inflight_peak is not None else max_inflight or 0)
                         <= MEMORY_HIGH_WATER and max_inflight is not None,
        "load_avg_1m": load_average(),
    }


def status_counts(stats):
    """{HTTP status: answers} over every model of a simulator's /stats."""
    counts = {}
    for model in stats.get("by_model", {}).values():
        for status, n in model.get("by_status", {}).items():
            counts[status] = counts.get(status, 0) + n
    return counts


def run_limited(args, bin_dir, producer, bootstrap, source, work_dir, index):
    """The issue's 429 target: per-task mode with adaptive concurrency against a simulator that
    answers 429 above --limited RPS, backlogged for the whole run; figures from the simulator's
    answers by status between LIMITED_WARMUP_S and the end, sampled by the second."""
    mode, concurrency, latency_ms = "per-task", LIMITED_CONCURRENCY, LIMITED_LATENCY_MS
    max_rps = args.limited
    name = f"r{index}-limited-{mode}-c{concurrency}-l{latency_ms}-rps{max_rps}"
    topic = f"{source}-{name}-in"
    preload(producer, bootstrap, topic, args.limited_events, 17)
    sim, sim_url = start_sim(bin_dir, latency_ms, work_dir / f"{name}.sim.log",
                             ["--max-rps", str(max_rps)])
    samples = []  # (seconds since ready, answers by status, effective concurrency)
    try:
        config = work_dir / f"{name}.ini"
        report = work_dir / f"{name}.report.json"
        write_config(config, bootstrap, topic, name, sim_url, mode, concurrency, 1,
                     cache=args.cache, adaptive="on")
        log(f"run {name} for {args.limited_s} s")
        # A few seconds more than the sampling, so the last sample meets a running engine.
        engine_log = work_dir / f"{name}.engine.log"
        with running_engine(bin_dir, config, engine_log, report,
                            ["--duration", str(args.limited_s + 5)]) as (engine, ops_url):
            ready = time.monotonic()
            code = None
            for second in range(args.limited_s + 1):
                code, rusage = reap(engine, max(0.0, ready + second - time.monotonic()))
                if code is not None:
                    break
                status = engine_status(ops_url) or {}
                samples.append((time.monotonic() - ready, status_counts(sim_stats(sim_url)),
                                status.get("effective_concurrency")))
                with open(work_dir / f"{name}.samples.jsonl", "a") as f:
                    f.write(json.dumps({"s": round(samples[-1][0], 2), "sim": samples[-1][1],
                                        "status": status}) + "\n")
            if code is None:
                code, rusage = reap(engine, 120)
        check_engine_exit(code, engine_log)
    finally:
        sim.terminate()
        sim.wait()

    summary = json.loads(report.read_text())
    steady = [s for s in samples if s[0] >= args.limited_warmup_s]
    if len(steady) < 2:
        sys.exit(f"bench: the limited run stopped before its steady part; see {work_dir}")
    (t0, first, _), (t1, last, _) = steady[0], steady[-1]
    window_s = t1 - t0
    delta = {k: last.get(k, 0) - first.get(k, 0) for k in last}
    answered = sum(n for k, n in delta.items() if k.isdigit() and 200 <= int(k) < 300)
    requests = sum(delta.values())
    rate_per_s = answered / window_s
    share_429 = delta.get("429", 0) / requests if requests else float("nan")
    concurrency_samples = [c for _, _, c in steady if c is not None]
    cuts = sum(1 for line in (work_dir / f"{name}.engine.log").read_text().splitlines()
               if "adaptive concurrency" in line and "(429" in line)
    return {
        "run": "limited",
        "mode": mode,
        "concurrency": concurrency,
        "latency_ms": latency_ms,
        "max_rps": max_rps,
        "events": args.limited_events,
        "window_s": [round(t0, 1), round(t1, 1)],
        "requests": requests,
        "answered_2xx": answered,
        "answered_429": delta.get("429", 0),
        "llm_requests_per_s": round(rate_per_s, 1),
        "share_429": round(share_429, 4),
        "settled_pct": round(100 * rate_per_s / max_rps, 1),
        "effective_concurrency_min": min(concurrency_samples, default=None),
        "effective_concurrency_max": max(concurrency_samples, default=None),
        "cuts_on_429": cuts,
        "enriched": summary.get("enriched"),
        "settled_target": f">= {TARGET_SETTLED_SHARE:.0%}",
        "settled_pass": rate_per_s >= TARGET_SETTLED_SHARE * max_rps,
        "share_429_target": f"< {TARGET_429_SHARE:.0%}",
        "share_429_pass": share_429 < TARGET_429_SHARE,
        "load_avg_1m": load_average(),
    }


def paced_ratio_lines(herder_results, reference):
    """Herder's p99 against the reference's at the same offered rate, concurrency and latency."""
    lines = []
    for h in herder_results:
        if (h["concurrency"], h["latency_ms"], h["offered_rate_per_s"]) != (
                reference["concurrency"], reference["latency_ms"],
                reference["offered_rate_per_s"]):
            continue
        ratio = (round(h["e2e_p99_ms"] / reference["e2e_p99_ms"], 3)
                 if h["e2e_p99_ms"] is not None and reference["e2e_p99_ms"] else None)
        lines.append({
            "ratio": f"paced {h['mode']}/reference",
            "concurrency": h["concurrency"],
            "latency_ms": h["latency_ms"],
            "offered_rate_per_s": h["offered_rate_per_s"],
            "herder_e2e_p99_ms": h["e2e_p99_ms"],
            "reference_e2e_p99_ms": reference["e2e_p99_ms"],
            "p99_ratio": ratio,
            "p99_target": f"<= {TARGET_P99_RATIO}",
            "p99_pass": ratio is not None and ratio <= TARGET_P99_RATIO,
        })
    return lines


def ratio_lines(herder_results, reference):
    """Herder against the reference, per Herder run at the reference's concurrency and latency."""
    lines = []
    for h in herder_results:
        if ((h["mode"], h["batch_size"] or 1) not in REFERENCE_MODES
                or (h["concurrency"], h["latency_ms"])
                != (reference["concurrency"], reference["latency_ms"])):
            continue
        ratio = (round(h["messages_per_s"] / reference["messages_per_s"], 2)
                 if reference["messages_per_s"] else None)
        # End-to-end latency of a drain is the wait behind the backlog, not the pipeline's:
        # p99 is compared only by the paced ratio lines, at the same offered rate.
        lines.append({
            "ratio": f"{h['mode']}/reference",
            "batch_size": h["batch_size"],
            "concurrency": h["concurrency"],
            "latency_ms": h["latency_ms"],
            "herder_messages_per_s": h["messages_per_s"],
            "reference_messages_per_s": reference["messages_per_s"],
            "messages_per_s_ratio": ratio,
            "messages_per_s_target": f">= {TARGET_THROUGHPUT_RATIO:g}",
            "messages_per_s_pass": ratio is not None and ratio >= TARGET_THROUGHPUT_RATIO,
        })
    return lines


def parse_reference(text):
    # concurrency:latency, e.g. 50:40
    parts = text.split(":")
    if len(parts) != 2:
        raise argparse.ArgumentTypeError("expected CONCURRENCY:LATENCY_MS")
    return int(parts[0]), int(parts[1])


def parse_run(text):
    # mode:concurrency:batch:latency, e.g. batch:64:16:40
    parts = text.split(":")
    if len(parts) != 4 or parts[0] not in ("per-task", "combined", "batch"):
        raise argparse.ArgumentTypeError("expected MODE:CONCURRENCY:BATCH:LATENCY_MS")
    return parts[0], int(parts[1]), int(parts[2]), int(parts[3])


def main():
    p = argparse.ArgumentParser(description="Herder benchmark (one JSON line per run).")
    p.add_argument("--quick", action="store_true",
                   help="3,000 events, 20 s paced runs, no memory run unless --memory")
    p.add_argument("--events", type=int, help="events to preload for drain runs (default 20,000)")
    p.add_argument("--run", action="append", type=parse_run, metavar="MODE:C:B:LAT",
                   help="a drain run instead of the default set; repeatable")
    p.add_argument("--port", type=int, default=int(os.environ.get("HERDER_BENCH_PORT", 29800)),
                   help="broker port (default 29800)")
    p.add_argument("--reference", nargs="?", type=parse_reference, metavar="C:LAT",
                   const=DEFAULT_REFERENCE,
                   help="also run the reference Python pipeline (default 50:40), plus Herder's "
                        "per-task, combined and batch-16 runs at that point; part of the "
                        "default set")
    p.add_argument("--no-reference", action="store_true",
                   help="leave the reference pipeline (drain and paced) out of the default set")
    p.add_argument("--paced", action="store_true",
                   help="paced runs: the reference, per-task and combined at the reference's "
                        "concurrency and latency, at --rate (default: 70%% of the reference's "
                        "drain rate, measured first); part of the default set")
    p.add_argument("--rate", type=float, metavar="R",
                   help="events/s offered in paced runs (implies --paced)")
    p.add_argument("--duration", type=float, metavar="S",
                   help="seconds of offering per paced run (default 60; 20 with --quick)")
    p.add_argument("--paced-events", type=int, metavar="N",
                   help="events per paced run instead of RATE x DURATION")
    p.add_argument("--no-paced", action="store_true", help="no paced runs in the default set")
    p.add_argument("--memory", action="store_true",
                   help="the memory run (1,000,000 events backlogged, 200 ms, 90 s); part of "
                        "the default set")
    p.add_argument("--memory-events", type=int, default=MEMORY_EVENTS, metavar="N",
                   help="events backlogged for the memory run (default 1,000,000)")
    p.add_argument("--memory-s", type=float, default=90, metavar="S",
                   help="seconds the engine runs in the memory run (default 90)")
    p.add_argument("--no-memory", action="store_true", help="no memory run in the default set")
    p.add_argument("--limited", nargs="?", type=int, const=LIMITED_RPS, metavar="RPS",
                   help="the 429 run: per-task, concurrency 64, adaptive on, against a 40 ms "
                        "simulator that answers 429 above RPS requests/s (default 500); part of "
                        "the default set")
    p.add_argument("--limited-events", type=int, default=LIMITED_EVENTS, metavar="N",
                   help="events backlogged for the limited run (default 60,000)")
    p.add_argument("--limited-s", type=int, default=LIMITED_RUN_S, metavar="S",
                   help="seconds the limited run samples (default 60)")
    p.add_argument("--limited-warmup-s", type=int, default=LIMITED_WARMUP_S, metavar="S",
                   help="first seconds left out of its figures (default 10)")
    p.add_argument("--no-limited", action="store_true", help="no limited run in the default set")
    p.add_argument("--storms", nargs="?", const="per-task,combined,batch", metavar="MODES",
                   help="storm runs (issue #13) in these modes (default all three)")
    p.add_argument("--storm-s", type=float, default=600, metavar="S",
                   help="how long events are offered in a storm run (default 600)")
    p.add_argument("--no-cache", dest="cache", action="store_false",
                   help="turn Herder's response cache off ([cache] max_entries=0)")
    p.add_argument("--build", help="build directory holding app/herder-engine")
    p.add_argument("--venv", help="venv for the reference pipeline "
                                  "(default: BUILD/bench-reference-venv)")
    p.add_argument("--keep-broker", action="store_true", help="leave the broker running")
    p.add_argument("--run-timeout", type=int, default=900, help="seconds per run")
    args = p.parse_args()
    if args.events is None:
        args.events = 3000 if args.quick else 20000
    if args.duration is None:
        args.duration = 20 if args.quick else 60
    for tool in ("kcat", "/usr/bin/time", "c++", "pkg-config"):
        if not shutil.which(tool):
            sys.exit(f"bench: {tool} is needed")

    # Without --run, --paced, --rate, --memory or --limited: the default set, every kind of run.
    default_set = not (args.run or args.paced or args.rate is not None or args.memory
                       or args.limited or args.storms)
    if default_set:
        if args.reference is None and not args.no_reference:
            args.reference = DEFAULT_REFERENCE
        args.paced = not args.no_paced and not args.no_reference
        args.memory = not args.no_memory and not args.quick
        if not args.no_limited and not args.quick:
            args.limited = LIMITED_RPS
    args.paced = args.paced or args.rate is not None
    paced_point = args.reference or DEFAULT_REFERENCE
    runs = list(args.run or (DEFAULT_RUNS if default_set else []))
    if args.reference:
        # Herder at the reference's point, so every ratio compares like with like.
        for mode, batch_size in REFERENCE_MODES:
            spec = (mode, args.reference[0], batch_size, args.reference[1])
            if spec not in runs:
                runs.append(spec)
    elif args.paced and args.rate is None:
        # The offered rate comes from the reference's drain rate, so that drain runs first.
        args.reference = paced_point

    bin_dir = find_bin_dir(args.build)
    python = None
    if args.reference or args.paced:
        python = reference_python(Path(args.venv) if args.venv
                                  else bin_dir.parent / "bench-reference-venv")
    work_dir = Path(tempfile.mkdtemp(prefix="herder-bench-"))
    log(f"binaries from {bin_dir}; logs in {work_dir}")
    kafka_dir = Path(os.environ.get("TMPDIR", "/tmp")) / f"herder-bench-kafka-{args.port}"
    bootstrap, started_here = start_broker(args.port, kafka_dir)

    def emit(line):
        print(json.dumps(line), flush=True)

    try:
        producer = event_producer(bin_dir)
        source = f"bench-{int(time.time())}-{os.getpid()}"
        index = 0
        results = []
        if runs or args.reference:
            preload(producer, bootstrap, source, args.events, 7)
        for spec in runs:
            index += 1
            results.append(run_one(args, bin_dir, bootstrap, source, work_dir, index, spec))
            emit(results[-1])
        reference = None
        if args.reference:
            index += 1
            reference = run_reference(args, python, bin_dir, bootstrap, source, work_dir, index,
                                      args.reference)
            emit(reference)
            for line in ratio_lines(results, reference):
                emit(line)
        if args.paced:
            rate = args.rate
            if rate is None:
                rate = round(reference["messages_per_s"] * PACED_SHARE_OF_REFERENCE)
                log(f"paced rate {rate}/s: {PACED_SHARE_OF_REFERENCE:.0%} of the reference's "
                    f"drain rate {reference['messages_per_s']}/s")
            index += 1
            paced_reference = run_reference_paced(args, python, bin_dir, producer, bootstrap,
                                                  source, work_dir, index, paced_point, rate)
            emit(paced_reference)
            paced = []
            for mode in ("per-task", "combined"):
                index += 1
                paced.append(run_paced(args, bin_dir, producer, bootstrap, source, work_dir,
                                       index, (mode, paced_point[0], 1, paced_point[1]), rate))
                emit(paced[-1])
            for line in paced_ratio_lines(paced, paced_reference):
                emit(line)
        if args.memory:
            index += 1
            emit(run_memory(args, bin_dir, producer, bootstrap, source, work_dir, index))
        if args.limited:
            index += 1
            emit(run_limited(args, bin_dir, producer, bootstrap, source, work_dir, index))
        for mode in (args.storms.split(",") if args.storms else ()):
            index += 1
            emit(run_storms(args, bin_dir, producer, bootstrap, source, work_dir, index, mode))
    finally:
        if started_here and not args.keep_broker:
            log("stopping the broker")
            subprocess.run([str(KAFKA_SH), "stop", "--port", str(args.port),
                            "--dir", str(kafka_dir)], capture_output=True)


if __name__ == "__main__":
    main()
