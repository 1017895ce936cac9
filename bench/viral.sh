#!/usr/bin/env bash
# Viral stories cost linear work: one story copied by COPIES sites against
# COPIES stories copied once each, in corpora of the same size, one run.
# Beside the time, each scan's largest passage cluster (the viral story's
# one cluster should hold every witness) and its family stage, which
# builds the clusters.
#
# usage: bench/viral.sh [SIZE] [COPIES]      e.g. bench/viral.sh 100MB 10000
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-20MB}
copies=${2:-1000}
work=bench/work/viral-$size-$copies
mkdir -p "$work"
cargo build --release --quiet -p reprint-cli -p reprint-bench

target/release/reprint-bench gen --size "$size" --seed 7 --reprint-share 0 --viral-stories 1 --viral-copies "$copies" --out "$work/one-story" > /dev/null
target/release/reprint-bench gen --size "$size" --seed 7 --reprint-share 0 --viral-stories "$copies" --viral-copies 1 --out "$work/many-stories" > /dev/null

declare -A took family
for case in one-story many-stories; do
  target/release/reprint scan "$work/$case/corpus.jsonl" --out "$work/$case/scan" --verbose \
    > "$work/$case/scan.log" 2>&1
  /usr/bin/time -f "%e" -o "$work/time.txt" \
    target/release/reprint scan "$work/$case/corpus.jsonl" --out "$work/$case/scan" > /dev/null
  took[$case]=$(cat "$work/time.txt")
  family[$case]=$(grep -o 'family [0-9.]* s' "$work/$case/scan.log" | grep -o '[0-9.]*')
done
echo "| corpus | documents | copies | pairs | largest cluster | family stage s | seconds |"
echo "|---|---|---|---|---|---|---|"
for case in one-story many-stories; do
  docs=$(wc -l < "$work/$case/corpus.jsonl")
  truth=$(wc -l < "$work/$case/truth.jsonl")
  pairs=$(wc -l < "$work/$case/scan/reuse.jsonl")
  largest=$(grep -o '"size":[0-9]*' "$work/$case/scan/clusters.jsonl" | cut -d: -f2 | sort -n | tail -1)
  echo "| $case | $docs | $truth | $pairs | ${largest:-0} | ${family[$case]} | ${took[$case]} |"
done
awk -v a="${took[one-story]}" -v b="${took[many-stories]}" -v n="$copies" \
  'BEGIN { printf "one story x %d copies takes %.2fx the time of %d stories x 1 copy\n", n, a/b, n }'
