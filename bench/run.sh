#!/usr/bin/env bash
# Side-by-side benchmark: reprint against MinHash-LSH pipelines (datasketch,
# rensa) on one generated corpus, in one run.
#
# usage: bench/run.sh [SIZE] [SEED]     e.g. bench/run.sh 200MB 1
# Needs python3 (with venv) and GNU time (/usr/bin/time, Debian package "time").
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-200MB}
seed=${2:-1}
work=bench/work/$size-$seed
mkdir -p "$work"

cargo build --release --quiet -p reprint-cli -p reprint-bench
if [ ! -x bench/.venv/bin/python ]; then
  python3 -m venv bench/.venv
  bench/.venv/bin/pip install --quiet datasketch==2.0.0 rensa==0.5.0
fi
[ -f "$work/corpus.jsonl" ] || target/release/reprint-bench gen --size "$size" --seed "$seed" --out "$work"
corpus=$work/corpus.jsonl
mb=$(python3 -c "import json;print(sum(len(json.loads(l)['text'].encode()) for l in open('$corpus'))/1e6)")
docs=$(wc -l < "$corpus")

# Runs a command under GNU time; prints "seconds peak_MB".
measure() {
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" > "$work/stdout.txt" 2> "$work/stderr.txt" || {
    cat "$work/stderr.txt" >&2; exit 1; }
  awk '{printf "%s %.0f\n", $1, $2/1024}' "$work/time.txt"
}

row() { # name seconds peak_mb precision recall pairs
  awk -v n="$1" -v s="$2" -v m="$3" -v p="$4" -v r="$5" -v k="$6" -v mb="$mb" -v d="$docs" \
    'BEGIN { printf "| %s | %.1f | %.1f | %.0f | %s | %s | %s | %s |\n", n, s, mb/s, d/s, m, p, r, k }'
}

echo "corpus: $corpus ($docs documents, $mb MB of text), $(nproc) cores"
read -r rs rm < <(measure target/release/reprint scan "$corpus" --out "$work/reprint")
read -r rp rr rk < <(python3 bench/score.py "$work/truth.jsonl" --reuse "$work/reprint")
read -r ds dm < <(measure bench/.venv/bin/python bench/peers.py datasketch "$corpus" "$work/datasketch.tsv")
read -r dp dr dk < <(python3 bench/score.py "$work/truth.jsonl" "$work/datasketch.tsv")
read -r ns nm < <(measure bench/.venv/bin/python bench/peers.py rensa "$corpus" "$work/rensa.tsv")
read -r np nr nk < <(python3 bench/score.py "$work/truth.jsonl" "$work/rensa.tsv")

echo
echo "| tool | seconds | MB/s | docs/s | peak MB | precision | recall | pairs |"
echo "|---|---|---|---|---|---|---|---|"
row "reprint scan (finds and aligns passages)" "$rs" "$rm" "$rp" "$rr" "$rk"
row "datasketch MinHashLSH, threshold 0.3 (candidates only)" "$ds" "$dm" "$dp" "$dr" "$dk"
row "rensa RMinHashLSH, threshold 0.3 (candidates only)" "$ns" "$nm" "$np" "$nr" "$nk"
echo
awk -v r="$rs" -v d="$ds" -v n="$ns" 'BEGIN { printf "reprint is %.1fx as fast as datasketch and %.1fx as fast as rensa\n", d/r, n/r }'
