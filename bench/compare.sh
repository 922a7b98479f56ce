#!/usr/bin/env bash
# bench/compare.sh — run Gorama's C++ benchmarks and their Go 1.19 reference
# programs (bench/go) in one go, and print a Markdown table of the figures
# and their ratios (Gorama / Go). Every figure is "lower is better", so a
# ratio above 1 means Gorama is slower, or uses more memory, than Go.
#
# Usage:
#   bench/compare.sh [BUILD_DIR]        (default: build/release)
#
# A relative BUILD_DIR is taken relative to the repository root. The script:
#   1. builds the Go program into BUILD_DIR/bench/gorama_go_bench;
#   2. runs BUILD_DIR/bench/gorama_bench (Google Benchmark) with JSON output
#      into BUILD_DIR/bench/gorama_bench.json — build it first with
#        cmake --preset release && cmake --build --preset release -j2
#      (exits with status 2 if it is missing);
#   3. runs the Go program, output (JSON lines) into
#      BUILD_DIR/bench/gorama_go_bench.jsonl;
#   4. prints the comparison and writes it to BUILD_DIR/bench/compare.md.
#
# Environment:
#   GORAMA_BENCH_JSON=FILE     do not run the C++ binary; read its Google
#                              Benchmark JSON output from FILE instead (to
#                              re-tabulate an earlier run, or to test this
#                              script with a hand-made file).
#   GORAMA_BENCH_ARGS="..."    extra arguments for the C++ binary, e.g.
#                              "--benchmark_filter=PingPong".
#   GORAMA_GO_BENCH_ARGS="..." extra arguments for the Go program, e.g.
#                              "-quick" (smoke run) or "-only ping_pong".
#   GORAMA_GO_TRACE=0          skip the Go runs under runtime/trace (each Go
#                              workload otherwise runs a second time with Go's
#                              execution tracer on, writing into a temporary
#                              folder removed on exit; about 1.5 minutes more).
#
# Matching: a C++ benchmark is compared with a Go workload when its name
# starts with the prefix below; every C++ variant (suffixes such as
# "/real_time", "/threads:2", "_Deterministic", "_Parallel") gets its own row
# against the same Go figure. Repetitions of one C++ benchmark are combined
# by their median; aggregate entries ("run_type":"aggregate", median, else
# mean) are used only for a benchmark without iteration entries.
#   BM_Skynet            skynet             seconds, peak_rss_mib
#   BM_SpawnPark         spawn_park         seconds, ns_per_op, bytes_per_goroutine
#   BM_PingPong          ping_pong          ns_per_op
#   BM_ProducerConsumer  producer_consumer  ns_per_op
#   BM_Select4           select4            ns_per_op
#   BM_TracingOff/On_X   tracing overhead, second table, beside the Go
#                        workload X (PingPong, ProducerConsumer, Select4) run
#                        with and without runtime/trace
set -euo pipefail

die() {
    local status=$1
    shift
    printf 'compare.sh: %s\n' "$*" >&2
    exit "$status"
}

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO_ROOT"

BUILD_DIR=${1:-build/release}
case $BUILD_DIR in
    /*) ;;
    *) BUILD_DIR=$REPO_ROOT/$BUILD_DIR ;;
esac
OUT_DIR=$BUILD_DIR/bench

# --- tools -----------------------------------------------------------------
if ! command -v python3 >/dev/null 2>&1; then
    if [[ $(id -u) -eq 0 ]]; then
        echo "==> python3 is missing; installing it with apt-get" >&2
        apt-get install -y python3 || { apt-get update && apt-get install -y python3; }
    else
        die 1 "python3 is required; install it (sudo apt-get install -y python3)"
    fi
fi
command -v go >/dev/null 2>&1 ||
    die 1 "the Go toolchain is required; install it (sudo apt-get install -y golang-go)"

CPP_BIN=$OUT_DIR/gorama_bench
if [[ -z ${GORAMA_BENCH_JSON:-} && ! -x $CPP_BIN ]]; then
    die 2 "$CPP_BIN not found; build it first with:
    cmake --preset release && cmake --build --preset release -j2
(or set GORAMA_BENCH_JSON=FILE to use an existing Google Benchmark JSON file)"
fi

read -r -a cpp_args <<<"${GORAMA_BENCH_ARGS:-}"
read -r -a go_args <<<"${GORAMA_GO_BENCH_ARGS:-}"

mkdir -p "$OUT_DIR"
GO_BIN=$OUT_DIR/gorama_go_bench
GO_JSON=$OUT_DIR/gorama_go_bench.jsonl
REPORT=$OUT_DIR/compare.md

# --- 1. build the Go side ----------------------------------------------------
# bench/go is its own module (gorama/bench, standard library only), so build
# from inside it (Go 1.19 has no "go build -C").
echo "==> building $GO_BIN" >&2
(cd "$REPO_ROOT/bench/go" && go build -o "$GO_BIN" .)
GO_VERSION=$(go env GOVERSION) # e.g. go1.19.8

# --- 2. the C++ side -----------------------------------------------------------
if [[ -n ${GORAMA_BENCH_JSON:-} ]]; then
    CPP_JSON=$GORAMA_BENCH_JSON
    [[ -r $CPP_JSON ]] || die 1 "GORAMA_BENCH_JSON=$CPP_JSON is not a readable file"
    echo "==> using C++ results from $CPP_JSON (GORAMA_BENCH_JSON)" >&2
else
    CPP_JSON=$OUT_DIR/gorama_bench.json
    echo "==> running $CPP_BIN ${cpp_args[*]:-}" >&2
    # The same JSON also goes to stdout, which is not needed here.
    "$CPP_BIN" --benchmark_format=json --benchmark_out="$CPP_JSON" \
        --benchmark_out_format=json ${cpp_args[@]+"${cpp_args[@]}"} >/dev/null
fi

# --- 3. the Go side ------------------------------------------------------------
if [[ ${GORAMA_GO_TRACE:-1} != 0 ]]; then
    TRACE_DIR=$(mktemp -d "${TMPDIR:-/tmp}/gorama_go_trace.XXXXXX")
    trap 'rm -rf -- "$TRACE_DIR"' EXIT
    go_args+=(-trace "$TRACE_DIR")
fi
echo "==> running $GO_BIN ${go_args[*]:-}" >&2
"$GO_BIN" ${go_args[@]+"${go_args[@]}"} >"$GO_JSON"

# --- 4. the table ----------------------------------------------------------------
echo "==> writing $REPORT" >&2
python3 - "$CPP_JSON" "$GO_JSON" "$REPORT" "$GO_VERSION" "${go_args[*]:-}" <<'PY'
import json
import os
import re
import statistics
import sys
from datetime import datetime, timezone

cpp_path, go_path, report_path, go_version, go_args = sys.argv[1:6]

# C++ benchmark name prefix -> Go workload, compared counters and their units.
WORKLOADS = [
    ("BM_Skynet", "skynet", [("seconds", "s"), ("peak_rss_mib", "MiB")]),
    ("BM_SpawnPark", "spawn_park",
     [("seconds", "s"), ("ns_per_op", "ns/op"),
      ("bytes_per_goroutine", "bytes/goroutine")]),
    ("BM_PingPong", "ping_pong", [("ns_per_op", "ns/op")]),
    ("BM_ProducerConsumer", "producer_consumer", [("ns_per_op", "ns/op")]),
    ("BM_Select4", "select4", [("ns_per_op", "ns/op")]),
]
TRACING_OFF, TRACING_ON = "BM_TracingOff", "BM_TracingOn"

m = re.match(r"go(\d+)\.(\d+)", go_version)
go_label = f"Go {m.group(1)}.{m.group(2)}" if m else go_version


def num(v):
    a = abs(v)
    if a >= 1000:
        return f"{v:,.0f}"
    if a >= 100:
        return f"{v:.1f}"
    if a >= 1:
        return f"{v:.2f}"
    return f"{v:#.3g}"


def is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


# --- C++ results: one entry per benchmark run name, counters combined. ----
with open(cpp_path) as f:
    cpp_doc = json.load(f)
entries = cpp_doc.get("benchmarks", [])


def run_name(b):
    return b.get("run_name") or b.get("name", "?")


order, iterations, aggregates = [], {}, {}
for b in entries:
    key = run_name(b)
    if key not in order:
        order.append(key)
    if b.get("run_type") == "aggregate":
        aggregates.setdefault(key, {})[b.get("aggregate_name", "")] = b
    else:
        iterations.setdefault(key, []).append(b)

cpp = {}  # run name -> {"counters": {...}} or {"error": msg}
for key in order:
    runs = iterations.get(key)
    if not runs:
        agg = aggregates.get(key, {})
        chosen = agg.get("median") or agg.get("mean")
        if chosen is None:
            continue  # only stddev/cv etc.: nothing comparable
        runs = [chosen]
    errors = [b for b in runs if b.get("error_occurred")]
    if errors:
        cpp[key] = {"error": errors[0].get("error_message", "error")}
        continue
    fields = set().union(*(b.keys() for b in runs))
    counters = {}
    for field in fields:
        values = [b[field] for b in runs if is_number(b.get(field))]
        if values:
            counters[field] = statistics.median(values)
    cpp[key] = {"counters": counters}

# --- Go results: one JSON object per line; those run under runtime/trace
# ("traced": true) apart. --------------------------------------------------
go, go_traced = {}, {}
with open(go_path) as f:
    for line in f:
        line = line.strip()
        if line.startswith("{"):
            r = json.loads(line)
            (go_traced if r.get("traced") else go)[r["name"]] = r

# --- comparison table --------------------------------------------------------
out = []
now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
ctx = cpp_doc.get("context", {})
gomaxprocs = next((r.get("gomaxprocs") for r in go.values()
                   if r.get("gomaxprocs")), None)
out.append("# Gorama vs Go: side-by-side benchmarks")
out.append("")
out.append(f"- date: {now}; CPUs: {os.cpu_count()}"
           + (f"; C++ run on {ctx.get('host_name')} at {ctx.get('date')}"
              if ctx.get("date") else ""))
out.append(f"- Go: {go_version}"
           + (f", GOMAXPROCS={gomaxprocs}" if gomaxprocs else "")
           + "; best of 3 (skynet, spawn_park) or 5 runs in a fresh process"
           + " per workload (bench/go)")
out.append(f"- C++: {cpp_path}; Go: {go_path}")
if go_args:
    out.append(f"- Go program arguments: `{go_args}`"
               + (" (smoke run: the Go figures are NOT meaningful)"
                  if "-quick" in go_args.split() else ""))
out.append("- lower is better; ratio > 1 means Gorama is slower or uses more"
           " memory than Go")
out.append("")
out.append(f"| workload | Gorama | {go_label} | ratio (Gorama/Go) |")
out.append("|---|---:|---:|---:|")

matched = set()
for prefix, go_name, metrics in WORKLOADS:
    variants = [k for k in cpp if k.startswith(prefix)]
    matched.update(variants)
    g = go.get(go_name, {})
    for variant in variants or [None]:
        for counter, unit in metrics:
            label = f"{go_name}: `{variant}`" if variant else \
                f"{go_name}: (no `{prefix}*` result)"
            if len(metrics) > 1:
                label += f" {counter}"
            gv = g.get(counter)
            go_cell = f"{num(gv)} {unit}" if is_number(gv) else "—"
            ratio = "—"
            if variant is None:
                cpp_cell = "—"
            elif "error" in cpp[variant]:
                cpp_cell = "error: " + cpp[variant]["error"].replace("|", "/")
            else:
                cv = cpp[variant]["counters"].get(counter)
                if is_number(cv):
                    cpp_cell = f"{num(cv)} {unit}"
                    if is_number(gv) and gv > 0:
                        ratio = f"{cv / gv:.2f}×"
                else:
                    cpp_cell = f"— (no `{counter}` counter)"
            out.append(f"| {label} | {cpp_cell} | {go_cell} | {ratio} |")

# --- tracing overhead ----------------------------------------------------------
# Gorama: BM_TracingOff<suffix> / BM_TracingOn<suffix> (deterministic runtime,
# with a goro::Recorder keeping every event); Go: the twin workload without and
# with runtime/trace. Workloads with no C++ tracing pair still get their Go row.
TRACED_TWINS = {"PingPong": "ping_pong", "ProducerConsumer": "producer_consumer",
                "Select4": "select4"}
out.append("")
out.append(f"## Tracing: Gorama's recorder beside {go_label}'s runtime/trace")
out.append("")
out.append("Gorama: the deterministic runtime without and with a `goro::Recorder`"
           " (`BM_TracingOff_*` / `BM_TracingOn_*`; ns/event = (on − off) / events"
           f" an op). {go_label}: the same workload without and with its execution"
           " tracer on (runtime/trace into a temporary file), each in a fresh"
           " process; seconds for skynet and spawn_park, else ns/op.")
out.append("")
out.append("| workload | Gorama off | Gorama on | Gorama overhead | Gorama ns/event"
           f" | {go_label} off | {go_label} traced | {go_label} overhead |")
out.append("|---|---:|---:|---:|---:|---:|---:|---:|")
offs = [k for k in cpp if k.startswith(TRACING_OFF)]
ons = [k for k in cpp if k.startswith(TRACING_ON)]
matched.update(offs, ons)
suffixes = [k[len(TRACING_OFF):] for k in offs]
suffixes += [s for s in (k[len(TRACING_ON):] for k in ons) if s not in suffixes]


def counter(key, name):
    c = cpp.get(key, {}).get("counters", {}).get(name)
    return c if is_number(c) else None


def overhead(off, on):
    return f"{(on / off - 1) * 100:+.1f}%" if off and on is not None else "—"


def go_cells(go_name, field, unit):
    off = go.get(go_name, {}).get(field)
    on = go_traced.get(go_name, {}).get(field)
    off = off if is_number(off) else None
    on = on if is_number(on) else None
    cell = lambda v: f"{num(v)} {unit}" if v is not None else "—"
    return [cell(off), cell(on), overhead(off, on)]


go_rows_done = set()
for s in suffixes:
    off, on = counter(TRACING_OFF + s, "ns_per_op"), counter(TRACING_ON + s, "ns_per_op")
    events = counter(TRACING_ON + s, "events_per_op")
    per_event = "—"
    if off is not None and on is not None and events:
        per_event = f"{(on - off) / events:.1f} ns ({events:.2f} events/op)"
    cell = lambda v: f"{num(v)} ns/op" if v is not None else "—"
    twin = TRACED_TWINS.get(s.lstrip("_").split("/")[0])
    cells = go_cells(twin, "ns_per_op", "ns/op") if twin else ["—", "—", "—"]
    if twin:
        go_rows_done.add(twin)
    out.append(f"| `BM_Tracing{{Off,On}}{s}` | {cell(off)} | {cell(on)}"
               f" | {overhead(off, on)} | {per_event} | " + " | ".join(cells) + " |")
for _, go_name, metrics in WORKLOADS:
    if go_name in go_rows_done or go_name not in go_traced:
        continue
    field, unit = ("seconds", "s") if go_name in ("skynet", "spawn_park") else \
        ("ns_per_op", "ns/op")
    out.append(f"| {go_name} (no Gorama tracing benchmark) | — | — | — | — | "
               + " | ".join(go_cells(go_name, field, unit)) + " |")

unmatched = [k for k in cpp if k not in matched]
if unmatched:
    out.append("")
    out.append("Other C++ benchmarks (no Go counterpart): "
               + ", ".join(f"`{k}`" for k in unmatched))

text = "\n".join(out) + "\n"
with open(report_path, "w") as f:
    f.write(text)
sys.stdout.write(text)
PY
