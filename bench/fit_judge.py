#!/usr/bin/env python3
"""Fits the judge's weights (crates/reprint/src/relate/judge.rs) on labelled real news.

Usage:
    reprint scan NEWS.jsonl --out SCAN --min-score 0
    python3 bench/fit_judge.py ../shared/data/news_dev SCAN [--synthetic TRUTH GEN_SCAN]

The weights in judge.rs were fitted with the synthetic set made by
    reprint-bench gen --size 5MB --seed 2 --lookalike-share 0.15 --out GEN
    reprint scan GEN/corpus.jsonl --out GEN/scan --min-score 0
    python3 bench/fit_judge.py ../shared/data/news_dev SCAN --synthetic GEN/truth.jsonl GEN/scan

NEWS.jsonl is news_dev's docs.jsonl mapped to scan records (`reprint eval news` does the
mapping and the scan itself; this script needs the scan's reuse.jsonl with every candidate
pair, hence --min-score 0, so that every pair carries its signals).

It fits a logistic regression on the signals of the labelled pairs the scan found (pairs
it did not find count as missed whatever the weights), picks the threshold that gives the
best F1 with precision first, and reports precision, recall and F1 in-sample and under
leave-one-cluster-out cross-validation: for each cluster, the weights and threshold are
fitted on the pairs that touch no document of it, and its pairs are judged with them.
With --synthetic, the labelled pairs of a generated corpus (`reprint-bench gen
--lookalike-share`: copies, templates re-filled, shared quotes, same-event pairs) and a
--min-score 0 scan of it join every training set, weighed together as half the real
pairs; they are never scored. It prints the weights as judge.rs spells them. Plain
Python: no package needed.
"""

import json
import math
import sys
from collections import defaultdict


def features(s):
    """The judge's features, in the order of `judge::features`."""
    return [
        s["shorter_coverage"],
        s["identity"],
        math.log1p(s["longest_run"]),
        math.log1p(s["matched"]),
        s["fact_agreement"],
        s["quoted_share"],
        s["frequent_share"],
        s.get("swapped_share", 0.0),
    ]


def fit(rows, l2=0.05, steps=3000, rate=0.5):
    """Logistic regression by gradient descent on standardised features, each
    row (x, y, weight); returns weights on the raw features with the
    intercept last."""
    n, d = sum(r[2] for r in rows), len(rows[0][0])
    mean = [sum(x[j] * c for x, _, c in rows) / n for j in range(d)]
    std = [
        math.sqrt(sum(c * (x[j] - mean[j]) ** 2 for x, _, c in rows) / n) or 1.0
        for j in range(d)
    ]
    z = [([(x[j] - mean[j]) / std[j] for j in range(d)], y, c) for x, y, c in rows]
    w = [0.0] * (d + 1)
    for _ in range(steps):
        grad = [0.0] * (d + 1)
        for x, y, c in z:
            t = w[d] + sum(wj * xj for wj, xj in zip(w, x))
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, t))))
            for j in range(d):
                grad[j] += c * (p - y) * x[j]
            grad[d] += c * (p - y)
        for j in range(d):
            w[j] -= rate * (grad[j] / n + l2 * w[j])
        w[d] -= rate * grad[d] / n
    raw = [w[j] / std[j] for j in range(d)]
    raw.append(w[d] - sum(w[j] * mean[j] / std[j] for j in range(d)))
    return raw


def score(w, x):
    t = w[-1] + sum(wj * xj for wj, xj in zip(w, x))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, t))))


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def best_threshold(scored, missed):
    """The threshold with the best F1, precision breaking ties, over the
    pairs' scores; `missed` positives count as false negatives."""
    best = (-1.0, -1.0, 0.5)
    for t in sorted({s for s, _ in scored} | {0.5}):
        tp = sum(1 for s, y in scored if s >= t and y)
        fp = sum(1 for s, y in scored if s >= t and not y)
        fn = sum(1 for s, y in scored if s < t and y) + missed
        p, _, f = prf(tp, fp, fn)
        if (f, p) > best[:2]:
            best = (f, p, t)
    return best[2]


def synthetic_rows(truth_path, scan_dir):
    """The generated corpus's labelled pairs that its scan found, as (x, y)."""
    found = {}
    for line in open(f"{scan_dir}/reuse.jsonl", encoding="utf-8"):
        r = json.loads(line)
        found[frozenset((r["a"], r["b"]))] = r
    rows = []
    for line in open(truth_path, encoding="utf-8"):
        t = json.loads(line)
        r = found.get(frozenset((t["a"], t["b"])))
        if r is not None and r["kind"] == "reprint":
            rows.append((features(r["signals"]), 1.0 if t["label"] == "reuse" else 0.0))
    return rows


def main():
    data, scan = sys.argv[1], sys.argv[2]
    extra = []
    if "--synthetic" in sys.argv:
        at = sys.argv.index("--synthetic")
        extra = synthetic_rows(sys.argv[at + 1], sys.argv[at + 2])
    docs = {}
    for line in open(f"{data}/docs.jsonl", encoding="utf-8"):
        d = json.loads(line)
        docs[d["id"]] = d
    found = {}
    for line in open(f"{scan}/reuse.jsonl", encoding="utf-8"):
        r = json.loads(line)
        found[frozenset((r["a"], r["b"]))] = r
    labelled = []
    for line in open(f"{data}/pairs.jsonl", encoding="utf-8"):
        p = json.loads(line)
        if p["label"] == "borderline":
            continue
        positive = p["label"].startswith("reuse")
        r = found.get(frozenset((p["a"], p["b"])))
        # A pair the rules set apart (all quoted, a dense refill of figures)
        # is not a reprint whatever its score.
        usable = r is not None and r["kind"] == "reprint"
        clusters = {docs[p["a"]]["cluster"], docs[p["b"]]["cluster"]}
        lang = docs[p["a"]]["language"]
        x = features(r["signals"]) if usable else None
        labelled.append((x, positive, clusters, lang))

    def judge(train, test):
        rows = [(x, 1.0 if y else 0.0, 1.0) for x, y, _, _ in train if x is not None]
        weight = 0.5 * len(rows) / len(extra) if extra else 0.0
        w = fit(rows + [(x, y, weight) for x, y in extra])
        missed = sum(1 for x, y, _, _ in train if x is None and y)
        t = best_threshold([(score(w, x), y) for x, y, _ in rows], missed)
        return w, t, [(x is not None and score(w, x) >= t, y, lang) for x, y, _, lang in test]

    def report(name, judged):
        tp = sum(1 for hit, y, _ in judged if hit and y)
        fp = sum(1 for hit, y, _ in judged if hit and not y)
        fn = sum(1 for hit, y, _ in judged if not hit and y)
        p, r, f = prf(tp, fp, fn)
        print(f"{name}: precision {p:.3f}, recall {r:.3f}, F1 {f:.3f} (TP {tp}, FP {fp}, FN {fn})")
        by_lang = defaultdict(list)
        for j in judged:
            by_lang[j[2]].append(j)
        for lang, js in sorted(by_lang.items()):
            tp = sum(1 for hit, y, _ in js if hit and y)
            fp = sum(1 for hit, y, _ in js if hit and not y)
            fn = sum(1 for hit, y, _ in js if not hit and y)
            p, r, f = prf(tp, fp, fn)
            print(f"  {lang}: precision {p:.3f}, recall {r:.3f}, F1 {f:.3f}")

    w, t, judged = judge(labelled, labelled)
    report("in-sample", judged)
    all_clusters = sorted({c for _, _, cs, _ in labelled for c in cs})
    held_out = []
    for c in all_clusters:
        # Each pair is held out once, with the first of its clusters.
        test = [row for row in labelled if min(row[2]) == c]
        train = [row for row in labelled if c not in row[2]]
        if test:
            held_out.extend(judge(train, test)[2])
    report("leave-one-cluster-out", held_out)
    names = ["shorter_coverage", "identity", "ln(1+longest_run)", "ln(1+matched)",
             "fact_agreement", "quoted_share", "frequent_share", "swapped_share", "intercept"]
    print("weights:", ", ".join(f"{n} {v:.3f}" for n, v in zip(names, w)))
    print(f"const WEIGHTS: [f64; {len(w)}] = [{', '.join(f'{v:.3f}' for v in w)}];")
    print(f"threshold (DEFAULT_MIN_SCORE): {t:.3f}")


if __name__ == "__main__":
    main()
