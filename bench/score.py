"""Scores found pairs against a generated corpus's truth.

recall: share of true (original, copy) pairs reported.
precision: share of reported pairs whose two documents tell one story (an
original and a copy, or two copies of one original: both share its text).
Look-alike pairs (label not_reuse) are no story's: reported, they count as
false.

usage: score.py TRUTH.jsonl PAIRS.tsv      (one "a<TAB>b" line per pair)
       score.py TRUTH.jsonl --reuse DIR     (a reprint scan's reuse.jsonl, reprints only)
prints: precision recall reported_pairs
"""
import json
import sys


def main():
    truth_path = sys.argv[1]
    story = {}
    truth = set()
    with open(truth_path, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r.get("label", "reuse") != "reuse":
                continue
            story[r["a"]] = r["a"]
            story[r["b"]] = r["a"]
            truth.add(frozenset((r["a"], r["b"])))
    found = set()
    if sys.argv[2] == "--reuse":
        with open(sys.argv[3] + "/reuse.jsonl", encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                if r["kind"] == "reprint":
                    found.add(frozenset((r["a"], r["b"])))
    else:
        with open(sys.argv[2], encoding="utf-8") as f:
            for line in f:
                a, b = line.rstrip("\n").split("\t")
                found.add(frozenset((a, b)))
    same_story = sum(1 for p in found if len({story.get(d, d) for d in p}) == 1 and all(d in story for d in p))
    precision = same_story / len(found) if found else 0.0
    recall = len(truth & found) / len(truth) if truth else 0.0
    print(f"{precision:.4f} {recall:.4f} {len(found)}")


if __name__ == "__main__":
    main()
