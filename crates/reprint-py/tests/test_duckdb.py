"""`reprint scan --format parquet` read by DuckDB, as a researcher would:
typed dates, texts beside the tables, and the tables joined in SQL agree
with the JSONL a scan of the same corpus writes."""

from __future__ import annotations

import subprocess
from pathlib import Path

import duckdb
import pytest

from test_scan import EXAMPLES, binary, read_jsonl


@pytest.fixture(scope="module")
def scans(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The example corpus scanned twice: as Parquet and as JSONL."""
    root = tmp_path_factory.mktemp("duckdb")
    for name, options in [("parquet", ["--format", "parquet"]), ("jsonl", [])]:
        subprocess.run(
            [binary("reprint"), "scan", str(EXAMPLES), "--out", str(root / name), *options],
            check=True,
            capture_output=True,
        )
    return root / "parquet", root / "jsonl"


def connect(parquet: Path) -> duckdb.DuckDBPyConnection:
    db = duckdb.connect()
    for table in ["documents", "reuse", "families", "clusters", "texts"]:
        db.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{parquet / table}.parquet')")
    return db


def test_dates_are_timestamps_with_their_precision(scans: tuple[Path, Path]) -> None:
    parquet, jsonl = scans
    db = connect(parquet)
    types = dict(db.execute("SELECT column_name, column_type FROM (DESCRIBE documents)").fetchall())
    assert types["date"] == "TIMESTAMP"
    assert types["date_precision"] == "VARCHAR"
    found = dict(
        db.execute(
            """SELECT id, CASE date_precision
                   WHEN 'year' THEN strftime(date, '%Y')
                   WHEN 'month' THEN strftime(date, '%Y-%m')
                   WHEN 'day' THEN strftime(date, '%Y-%m-%d')
                   ELSE strftime(date, '%Y-%m-%dT%H:%M') END
               FROM documents"""
        ).fetchall()
    )
    expected = {d["id"]: d.get("date") for d in read_jsonl(jsonl / "documents.jsonl")}
    assert any(expected.values()), "the example corpus has dated documents"
    assert found == expected


def test_every_original_is_dated_no_later_than_its_copy_in_sql(scans: tuple[Path, Path]) -> None:
    parquet, jsonl = scans
    db = connect(parquet)
    directed, later = db.execute(
        """SELECT count(*), count(*) FILTER (WHERE o.date > c.date)
           FROM reuse r
           JOIN documents o ON o.id = r.original
           JOIN documents c ON c.id = CASE WHEN r.a = r.original THEN r.b ELSE r.a END
           WHERE r.kind = 'reprint'"""
    ).fetchone()
    expected = [r for r in read_jsonl(jsonl / "reuse.jsonl") if r["kind"] == "reprint" and r["original"]]
    assert directed == len(expected) > 0
    assert later == 0


def test_texts_clusters_and_families_join_as_the_jsonl_says(scans: tuple[Path, Path]) -> None:
    parquet, jsonl = scans
    db = connect(parquet)
    texts = dict(db.execute("SELECT id, text FROM texts").fetchall())
    assert texts == {t["id"]: t["text"] for t in read_jsonl(jsonl / "texts.jsonl")}
    # The words of each cluster's earliest witness, cut from the stored text
    # by the witness's code-point offsets.
    passages = dict(
        db.execute(
            """SELECT c.cluster, substr(t.text, c."begin" + 1, c."end" - c."begin")
               FROM clusters c JOIN texts t ON t.id = c.doc
               WHERE c.earliest"""
        ).fetchall()
    )
    clusters = read_jsonl(jsonl / "clusters.jsonl")
    assert clusters
    for cluster in clusters:
        if cluster["earliest"] is not None:
            assert passages[cluster["cluster"]] == cluster["text"]
    sizes = dict(db.execute("SELECT cluster, count(*) FROM clusters GROUP BY cluster").fetchall())
    assert sizes == {c["cluster"]: c["size"] for c in clusters}
    members = dict(
        db.execute("SELECT family, list_sort(members) FROM families").fetchall()
    )
    assert members == {f["family"]: sorted(f["members"]) for f in read_jsonl(jsonl / "families.jsonl")}
