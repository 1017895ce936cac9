#!/usr/bin/env bash
# reprint.scan from Python against `reprint scan`, on one generated corpus,
# in one run: seconds, peak memory and pairs of each.
#
# usage: bench/python.sh [SIZE] [SEED]     e.g. bench/python.sh 1GB 1
# Installs the package, with pyspark, into bench/.venv-py (pip builds it
# with maturin). Spark runs with local[2] and needs a Java runtime. Peak
# memory is GNU time's, which for Spark may leave out the JVM.
# Needs GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-1GB}
seed=${2:-1}
work=bench/work/$size-$seed
mkdir -p "$work"

cargo build --release --quiet -p reprint-cli -p reprint-bench
[ -x bench/.venv-py/bin/python ] || python3 -m venv bench/.venv-py
bench/.venv-py/bin/pip install --quiet --disable-pip-version-check "./crates/reprint-py[spark]"
[ -f "$work/corpus.jsonl" ] || target/release/reprint-bench gen --size "$size" --seed "$seed" --out "$work"
corpus=$work/corpus.jsonl
mb=$(stat -c %s "$corpus" | awk '{print $1/1e6}')
echo "corpus: $corpus ($(wc -l < "$corpus") documents, $mb MB of JSONL), $(nproc) cores"

measure() { # label command...: prints seconds, MB/s and peak memory
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" > "$work/stdout.txt"
  read -r s kb < "$work/time.txt"
  printf "%-32s %6.1f s %6.1f MB/s  peak %6.0f MB  %s\n" "$label" "$s" \
    "$(awk -v m="$mb" -v s="$s" 'BEGIN{print m/s}')" "$(awk -v k="$kb" 'BEGIN{print k/1024}')" \
    "$(tr '\n' ' ' < "$work/stdout.txt" | cut -c1-60)"
}

measure "reprint scan (CLI)" target/release/reprint scan "$corpus" --out "$work/cli-py" --format parquet
measure "reprint.scan, docs as dicts" bench/.venv-py/bin/python bench/python_scan.py dicts "$corpus"
measure "reprint.scan, pyarrow Table" bench/.venv-py/bin/python bench/python_scan.py table "$corpus"
PYSPARK_PYTHON=bench/.venv-py/bin/python measure "reprint.spark, local[2]" \
  bench/.venv-py/bin/python -m reprint.spark "$corpus" "$work/spark" --master "local[2]" \
  --driver-memory 8g
echo "(reprint.scan rows: seconds reading, seconds scanning, pairs)"
