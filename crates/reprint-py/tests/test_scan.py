"""The Python package against the command line: the same documents give the
same tables, and bad input raises what the command line says."""

from __future__ import annotations

import json
import os
import subprocess
import threading
import time
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import reprint

REPO = Path(__file__).resolve().parents[3]
EXAMPLES = REPO / "examples" / "corpus" / "news.jsonl"
TABLES = ["documents", "reuse", "passages", "edits", "families", "clusters"]


def binary(name: str) -> Path:
    """A binary of the workspace's release build; a missing one fails the
    test (build it with `cargo build --release`), it never skips it."""
    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    path = target / "release" / name
    assert path.exists(), f"{path} is missing: run `cargo build --release` first"
    return path


def cli_tables(inputs: list[Path], out: Path, *options: str) -> dict[str, list[dict]]:
    subprocess.run(
        [binary("reprint"), "scan", *map(str, inputs), "--out", str(out), "--format", "parquet", *options],
        check=True,
        capture_output=True,
    )
    return {name: pq.read_table(out / f"{name}.parquet").to_pylist() for name in TABLES}


def rows(result: reprint.ScanResult) -> dict[str, list[dict]]:
    return {name: getattr(result, name).to_pylist() for name in TABLES}


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated corpus of about 20 MB: reprints, spun copies, templates
    and look-alikes, as the benchmarks use."""
    out = tmp_path_factory.mktemp("generated")
    subprocess.run(
        [binary("reprint-bench"), "gen", "--size", "20MB", "--seed", "7", "--lookalike-share", "0.05", "--out", str(out)],
        check=True,
        capture_output=True,
    )
    return out / "corpus.jsonl"


def test_the_example_corpus_gives_the_command_lines_tables(tmp_path: Path) -> None:
    expected = cli_tables([EXAMPLES], tmp_path / "cli")
    found = rows(reprint.scan(read_jsonl(EXAMPLES)))
    assert found["reuse"], "the example corpus holds reprints"
    for name in TABLES:
        assert found[name] == expected[name], name


def test_a_generated_corpus_gives_the_command_lines_tables(generated: Path, tmp_path: Path) -> None:
    expected = cli_tables([generated], tmp_path / "cli")
    found = rows(reprint.scan(read_jsonl(generated)))
    assert len(found["reuse"]) > 1000
    assert any(row["original"] for row in found["reuse"])
    assert len(found["families"]) > 100
    for name in TABLES:
        assert found[name] == expected[name], name


def test_options_reach_the_scan_as_the_command_lines_do(tmp_path: Path) -> None:
    expected = cli_tables([EXAMPLES], tmp_path / "cli", "--cross-source", "--min-tokens", "30")
    found = rows(reprint.scan(read_jsonl(EXAMPLES), cross_source=True, min_tokens=30))
    assert found == expected
    assert found["reuse"] != rows(reprint.scan(read_jsonl(EXAMPLES)))["reuse"]


def test_a_table_or_a_data_frame_gives_what_dicts_give() -> None:
    docs = read_jsonl(EXAMPLES)
    from_dicts = rows(reprint.scan(docs))
    table = pa.Table.from_pylist(docs)
    for found in (reprint.scan(table), reprint.scan(table.to_batches()[0]), reprint.scan(pd.DataFrame(docs))):
        found = rows(found)
        for name in ["reuse", "passages", "edits", "families", "clusters"]:
            assert found[name] == from_dicts[name], name
        drop = lambda records: [{k: v for k, v in r.items() if k != "fields"} for r in records]
        assert drop(found["documents"]) == drop(from_dicts["documents"])


def test_results_convert_to_pandas() -> None:
    result = reprint.scan(read_jsonl(EXAMPLES))
    frame = result.reuse.to_pandas()
    assert list(frame.columns)[:4] == ["a", "b", "original", "kind"]
    assert len(frame) == result.reuse.num_rows
    passage = result.passages.to_pylist()[0]
    texts = {d["id"]: d["text"] for d in read_jsonl(EXAMPLES)}
    # Offsets count code points: Python slices them as they are.
    a_text = texts[passage["a"]][passage["a_begin"] : passage["a_end"]]
    b_text = texts[passage["b"]][passage["b_begin"] : passage["b_end"]]
    assert a_text.split()[:3] == b_text.split()[:3]


def test_compare_returns_the_pairs_record_or_none() -> None:
    docs = {d["id"]: d for d in read_jsonl(EXAMPLES)}
    pair = reprint.scan(list(docs.values())).reuse.to_pylist()[0]
    record = reprint.compare(docs[pair["a"]], docs[pair["b"]])
    assert record is not None
    assert {record["a"], record["b"]} == {pair["a"], pair["b"]}
    assert record["passages"] and record["passages"][0]["tokens"] >= 10
    assert reprint.compare("a few words of one story", "something else entirely, written apart") is None


def test_malformed_documents_raise_naming_the_item_or_row_and_field() -> None:
    with pytest.raises(reprint.ReprintError, match=r"^docs:2: missing field `id`$"):
        reprint.scan([{"id": "a", "text": "x"}, {"text": "no id"}])
    with pytest.raises(reprint.ReprintError, match=r"^docs:1: `text` must be a string$"):
        reprint.scan([{"id": "a", "text": 3}])
    with pytest.raises(reprint.ReprintError, match=r"duplicate id \"a\": first at docs:1, again at docs:2"):
        reprint.scan([{"id": "a", "text": "x"}, {"id": "a", "text": "y"}])
    with pytest.raises(reprint.ReprintError, match=r"^table: no column `text` \(the columns are: id, body\)$"):
        reprint.scan(pa.table({"id": ["a"], "body": ["x"]}))
    with pytest.raises(reprint.ReprintError, match=r"^table: column `id` holds Int64; it must hold strings$"):
        reprint.scan(pa.table({"id": [1], "text": ["x"]}))
    with pytest.raises(reprint.ReprintError, match=r"^table, row 2: `text` must be a string, not null$"):
        reprint.scan(pa.table({"id": ["a", "b"], "text": ["x", None]}))
    with pytest.raises(TypeError, match="iterable of documents"):
        reprint.scan("not documents")
    with pytest.raises(ValueError, match="min_score must be from 0 to 1"):
        reprint.scan([], min_score=2)


def test_skip_bad_lists_what_it_skipped() -> None:
    result = reprint.scan([{"id": "a", "text": "x"}, {"text": "no id"}], skip_bad=True)
    assert result.documents.num_rows == 1
    assert result.skipped == ["docs:2: missing field `id`"]


def test_progress_reaches_a_callback_stage_by_stage() -> None:
    seen: list[tuple[str, int, int]] = []
    reprint.scan(read_jsonl(EXAMPLES), progress=lambda stage, done, total: seen.append((stage, done, total)))
    stages = list(dict.fromkeys(stage for stage, _, _ in seen))
    assert len(stages) >= 3, stages
    assert all(0 <= done <= total or total == 0 for _, done, total in seen)


def test_the_gil_is_released_while_a_scan_runs(generated: Path) -> None:
    docs = read_jsonl(generated)
    done = threading.Event()
    worker = threading.Thread(target=lambda: (reprint.scan(docs, threads=1), done.set()))
    worker.start()
    ticks = 0
    while not done.is_set():
        ticks += 1
        time.sleep(0.005)
    worker.join()
    # A scan of 20 MB takes a second or more; a held GIL would leave this
    # thread a tick or two.
    assert ticks > 20, ticks
