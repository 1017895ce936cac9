"""One scan from Python, for bench/python.sh: reads a JSONL corpus the way
a notebook would (as dicts, or as a pyarrow Table), scans it with
reprint.scan, and prints the seconds of each step and the pairs found.

usage: python bench/python_scan.py dicts|table CORPUS.jsonl
"""

import json
import sys
import time

import pyarrow.json

import reprint

how, corpus = sys.argv[1], sys.argv[2]
started = time.perf_counter()
if how == "dicts":
    with open(corpus, encoding="utf-8") as lines:
        docs = [json.loads(line) for line in lines]
else:
    docs = pyarrow.json.read_json(corpus)
read = time.perf_counter() - started
result = reprint.scan(docs)
scanned = time.perf_counter() - started - read
print(f"{read:.1f} {scanned:.1f} {result.reuse.num_rows}")
