#!/usr/bin/env bash
# The server benchmark: checks of single articles over HTTP, for SECONDS at
# CONNECTIONS concurrent connections (at today's rate, a minute at 50 is
# over 10,000 checks), and for as long on one connection, against an
# archive built by bench/index.sh; with the server's memory as it goes.
#
# usage: bench/serve.sh [SIZE] [SECONDS] [CONNECTIONS]   e.g. bench/serve.sh 3GB 60 50
# Needs wrk (Debian package "wrk"; installed here when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-3GB}
seconds=${2:-60}
connections=${3:-50}
work=bench/work/index-$size
[ -d "$work/index" ] || bench/index.sh "$size"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
cargo build --release --quiet -p reprint-cli

# The held-out articles as request bodies.
python3 -c "
import json, sys
for line in open('$work/new.jsonl'):
    d = json.loads(line)
    print(json.dumps({k: d[k] for k in ('text', 'source', 'date') if k in d}))
" > "$work/bodies.jsonl"

port=18181
target/release/reprint serve "$work/index" --addr "127.0.0.1:$port" > "$work/serve.log" &
server=$!
trap 'kill -TERM $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do grep -q Serving "$work/serve.log" && break; sleep 0.2; done
memory() { awk '/^(VmRSS|RssAnon|RssFile):/ { printf "%s %d MB  ", $1, $2/1024 }' "/proc/$server/status"; echo; }
echo "server memory at start: $(memory)"
# A first pass warms the page cache; the measured passes follow.
ARTICLES="$work/bodies.jsonl" wrk -t2 -c"$connections" -d10s -s bench/serve.lua "http://127.0.0.1:$port" > /dev/null
echo "server memory after warming: $(memory)"
echo -n "1 connection: "
ARTICLES="$work/bodies.jsonl" wrk -t1 -c1 -d"${seconds}s" -s bench/serve.lua "http://127.0.0.1:$port" | tail -n 1
echo "server memory: $(memory)"
echo -n "$connections connections: "
ARTICLES="$work/bodies.jsonl" wrk -t2 -c"$connections" -d"${seconds}s" -s bench/serve.lua "http://127.0.0.1:$port" | tail -n 1
echo "server memory: $(memory)"
