#!/usr/bin/env bash
# Viral stories cost linear work: one story copied by 1,000 sites against
# 1,000 stories copied once each, in corpora of the same size, one run.
#
# usage: bench/viral.sh [SIZE]      e.g. bench/viral.sh 20MB
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-20MB}
work=bench/work/viral-$size
mkdir -p "$work"
cargo build --release --quiet -p reprint-cli -p reprint-bench

target/release/reprint-bench gen --size "$size" --seed 7 --reprint-share 0 --viral-stories 1 --viral-copies 1000 --out "$work/one-story" > /dev/null
target/release/reprint-bench gen --size "$size" --seed 7 --reprint-share 0 --viral-stories 1000 --viral-copies 1 --out "$work/many-stories" > /dev/null

seconds() {
  /usr/bin/time -f "%e" -o "$work/time.txt" target/release/reprint scan "$1/corpus.jsonl" --out "$1/scan" > /dev/null
  cat "$work/time.txt"
}
one=$(seconds "$work/one-story")
many=$(seconds "$work/many-stories")
echo "| corpus | documents | copies | seconds |"
echo "|---|---|---|---|"
for case in one-story many-stories; do
  docs=$(wc -l < "$work/$case/corpus.jsonl")
  copies=$(wc -l < "$work/$case/truth.jsonl")
  s=$([ "$case" = one-story ] && echo "$one" || echo "$many")
  echo "| $case | $docs | $copies | $s |"
done
awk -v a="$one" -v b="$many" 'BEGIN { printf "one story x 1000 copies takes %.2fx the time of 1000 stories x 1 copy\n", a/b }'
