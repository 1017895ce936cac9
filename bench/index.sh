#!/usr/bin/env bash
# The archive benchmark: build an index of a generated corpus in daily
# batches, then check single new articles against it.
#
# usage: bench/index.sh [SIZE] [BATCHES]     e.g. bench/index.sh 3GB 10
# (3 GB of generated text is about a million documents.) Prints add
# throughput per batch, the index's size on disk, peak memory of the adds,
# and the latency of checking one article through the library call
# (reprint-bench query-latency). Needs GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-3GB}
batches=${2:-10}
work=bench/work/index-$size
mkdir -p "$work"

cargo build --release --quiet -p reprint-cli -p reprint-bench
[ -f "$work/corpus.jsonl" ] || target/release/reprint-bench gen --size "$size" --seed 11 --lookalike-share 0.05 --out "$work"
docs=$(wc -l < "$work/corpus.jsonl")

# The last 200 documents are kept out of the archive: they are the new
# articles checked against it (many copy an archived original).
head -n $((docs - 200)) "$work/corpus.jsonl" > "$work/archive.jsonl"
tail -n 200 "$work/corpus.jsonl" > "$work/new.jsonl"
rm -rf "$work/parts" "$work/index"
mkdir -p "$work/parts"
split -n "l/$batches" -d --additional-suffix=.jsonl "$work/archive.jsonl" "$work/parts/day"

echo "corpus: $work/corpus.jsonl ($docs documents), $(nproc) cores, $batches batches"
total_mb=0; total_s=0; peak=0
for part in "$work"/parts/day*.jsonl; do
  mb=$(stat -c %s "$part" | awk '{print $1/1e6}')
  /usr/bin/time -f "%e %M" -o "$work/time.txt" target/release/reprint index add "$work/index" "$part" > /dev/null
  read -r s kb < "$work/time.txt"
  printf "add %s: %.0f MB of JSONL in %.1f s, %.1f MB/s, peak %.0f MB\n" "$(basename "$part")" "$mb" "$s" "$(awk -v m="$mb" -v s="$s" 'BEGIN{print m/s}')" "$(awk -v k="$kb" 'BEGIN{print k/1024}')"
  total_mb=$(awk -v a="$total_mb" -v b="$mb" 'BEGIN{print a+b}')
  total_s=$(awk -v a="$total_s" -v b="$s" 'BEGIN{print a+b}')
  peak=$(awk -v a="$peak" -v k="$kb" 'BEGIN{print (k/1024>a)?k/1024:a}')
done
printf "adds: %.0f MB of JSONL in %.1f s, %.1f MB/s, peak %.0f MB\n" "$total_mb" "$total_s" "$(awk -v m="$total_mb" -v s="$total_s" 'BEGIN{print m/s}')" "$peak"
target/release/reprint index info "$work/index"
/usr/bin/time -f "query-latency peak %M KB" target/release/reprint-bench query-latency "$work/index" "$work/new.jsonl" --count 200
