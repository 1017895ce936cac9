"""MinHash-LSH near-duplicate pipelines as their users write them, for the
side-by-side benchmark: word 5-gram shingles built in Python, 128
permutations, an LSH index at a Jaccard threshold, every document queried.

They only propose candidate pairs; reprint also aligns the passages.

usage: peers.py {datasketch,rensa} CORPUS.jsonl PAIRS_OUT.tsv [--threshold T]
"""
import argparse
import json
import sys

NUM_PERM = 128
SHINGLE = 5


def shingles(text):
    words = text.lower().split()
    return {" ".join(words[i:i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}


def bands_for(threshold):
    """The band count datasketch chooses for this threshold, adjusted to
    divide the permutations as rensa requires."""
    from datasketch.lsh import _optimal_param
    bands, _rows = _optimal_param(threshold, NUM_PERM, 0.5, 0.5)
    return min((b for b in range(1, NUM_PERM + 1) if NUM_PERM % b == 0), key=lambda b: abs(b - bands))


def run_datasketch(docs, threshold):
    from datasketch import MinHash, MinHashLSH

    def minhash(text):
        m = MinHash(num_perm=NUM_PERM)
        m.update_batch([s.encode("utf-8") for s in shingles(text)])
        return m

    return candidate_pairs(docs, minhash, MinHashLSH(threshold=threshold, num_perm=NUM_PERM))


def run_rensa(docs, threshold):
    from rensa import RMinHash, RMinHashLSH

    def minhash(text):
        m = RMinHash(num_perm=NUM_PERM, seed=42)
        m.update(list(shingles(text)))
        return m

    lsh = RMinHashLSH(threshold=threshold, num_perm=NUM_PERM, num_bands=bands_for(threshold))
    return candidate_pairs(docs, minhash, lsh)


def candidate_pairs(docs, minhash, lsh):
    """Indexes every document's MinHash, then queries each: the pairs (i, j),
    i < j, that the index proposes."""
    hashes = []
    for i, (_, text) in enumerate(docs):
        m = minhash(text)
        lsh.insert(i, m)
        hashes.append(m)
    for i, m in enumerate(hashes):
        for j in lsh.query(m):
            if j > i:
                yield i, j


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("tool", choices=["datasketch", "rensa"])
    parser.add_argument("corpus")
    parser.add_argument("pairs_out")
    parser.add_argument("--threshold", type=float, default=0.3)
    args = parser.parse_args()
    with open(args.corpus, encoding="utf-8") as f:
        docs = [(r["id"], r["text"]) for r in map(json.loads, f)]
    run = run_datasketch if args.tool == "datasketch" else run_rensa
    with open(args.pairs_out, "w", encoding="utf-8") as out:
        for i, j in run(docs, args.threshold):
            out.write(f"{docs[i][0]}\t{docs[j][0]}\n")


if __name__ == "__main__":
    sys.exit(main())
