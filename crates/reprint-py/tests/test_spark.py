"""reprint.spark under Spark's local[2] against `reprint scan`: the same
documents give the same rows in every table."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from reprint import spark as reprint_spark
from test_scan import EXAMPLES, TABLES, cli_tables, generated  # noqa: F401 (a fixture)

os.environ.setdefault("PYSPARK_PYTHON", sys.executable)


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("reprint-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    yield session
    session.stop()


def comparable(tables: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """Rows with the pass-through fields read as JSON, since Spark writes a
    record's keys in its own order."""
    out = {}
    for name, rows in tables.items():
        out[name] = [
            {k: json.loads(v) if k == "fields" and v is not None else v for k, v in row.items()}
            for row in rows
        ]
    return out


def test_the_job_writes_the_command_lines_tables_for_the_example_corpus(tmp_path: Path) -> None:
    expected = cli_tables([EXAMPLES], tmp_path / "cli")
    out = tmp_path / "spark"
    job = subprocess.run(
        [sys.executable, "-m", "reprint.spark", str(EXAMPLES), str(out), "--master", "local[2]"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYSPARK_PYTHON": sys.executable},
    )
    assert job.returncode == 0, job.stderr[-3000:]
    found = {name: pq.read_table(out / f"{name}.parquet").to_pylist() for name in TABLES}
    assert found["reuse"], "the example corpus holds reprints"
    assert comparable(found) == comparable(expected)
    # The texts of the paired documents, as the command line writes them.
    texts = pq.read_table(out / "texts.parquet")
    assert texts.schema == pq.read_table(tmp_path / "cli" / "texts.parquet").schema
    assert texts.to_pylist() == pq.read_table(tmp_path / "cli" / "texts.parquet").to_pylist()
    assert texts.num_rows == len({row["a"] for row in found["reuse"]} | {row["b"] for row in found["reuse"]})


def test_a_generated_corpus_gives_the_command_lines_tables(spark, generated: Path, tmp_path: Path) -> None:
    expected = cli_tables([generated], tmp_path / "cli")
    frame = reprint_spark.read_input(spark, [str(generated)])
    assert frame.rdd.getNumPartitions() >= 2, "the corpus is split, as on a cluster"
    result = reprint_spark.scan(frame, order=["_file", "_block"])
    found = {name: getattr(result, name).to_pylist() for name in TABLES}
    assert len(found["reuse"]) > 1000
    for name in TABLES:
        assert comparable({name: found[name]}) == comparable({name: expected[name]}), name


def test_the_job_reads_and_writes_file_system_uris(tmp_path: Path) -> None:
    """Inputs and OUTPUT given as URIs go through the cluster's file system
    (Hadoop's for the input, pyarrow's for the output), as hdfs:// or s3a://
    would; file:// takes the same path here."""
    expected = cli_tables([EXAMPLES], tmp_path / "cli")
    out = tmp_path / "spark"
    job = subprocess.run(
        [sys.executable, "-m", "reprint.spark", EXAMPLES.absolute().as_uri(), out.as_uri(), "--master", "local[1]"],
        capture_output=True,
        text=True,
    )
    assert job.returncode == 0, job.stderr[-3000:]
    found = {name: pq.read_table(out / f"{name}.parquet").to_pylist() for name in TABLES}
    assert comparable(found) == comparable(expected)
    assert sorted(p.name for p in out.iterdir()) == sorted([f"{name}.parquet" for name in TABLES] + ["texts.parquet"])
    missing = subprocess.run(
        [sys.executable, "-m", "reprint.spark", (tmp_path / "nowhere").as_uri(), str(tmp_path / "out2"), "--master", "local[1]"],
        capture_output=True,
        text=True,
    )
    assert missing.returncode == 2
    assert "nowhere: no such file or folder" in missing.stderr


def test_null_fields_read_as_the_command_line_reads_them(spark, tmp_path: Path) -> None:
    """A null field is an absent one in JSON lines, in Parquet and on Spark,
    whose tables hold a column for every field any record has."""
    records = [json.loads(line) for line in EXAMPLES.read_text().splitlines() if line.strip()]
    for n, record in enumerate(records):
        if n % 2:
            record["section"] = None
            record["source"] = None
        else:
            record["section"] = "ports"
            record["tags"] = ["mer", None]
    corpus = tmp_path / "nulls.jsonl"
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    expected = cli_tables([corpus], tmp_path / "cli")
    result = reprint_spark.scan(reprint_spark.read_input(spark, [str(corpus)]), order=["_file", "_block"])
    found = {name: getattr(result, name).to_pylist() for name in TABLES}
    assert comparable(found) == comparable(expected)
    fields = [json.loads(row["fields"] or "{}") for row in found["documents"]]
    assert {"section": "ports", "tags": ["mer", None]} in fields
    assert not any("section" in f and f["section"] is None for f in fields), fields

    records[3]["text"] = None
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records))
    with pytest.raises(reprint_spark._reprint.ReprintError, match=r"nulls.jsonl: `text` must be a string, not null"):
        reprint_spark.scan(reprint_spark.read_input(spark, [str(corpus)]), order=["_file", "_block"])


def test_the_job_refuses_input_without_text(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "body": "x"}\n')
    job = subprocess.run(
        [sys.executable, "-m", "reprint.spark", str(bad), str(tmp_path / "out"), "--master", "local[1]"],
        capture_output=True,
        text=True,
    )
    assert job.returncode == 2
    assert "no column `text`" in job.stderr
    assert not (tmp_path / "out" / "reuse.parquet").exists()
