"""reprint on Spark: the scan of ``reprint scan``, its stages spread over a
cluster.

As a job (spark-submit friendly)::

    python -m reprint.spark INPUT... OUTPUT [--cross-source] [--min-score S] ...

reads JSON lines (``.jsonl``, ``.json``, passim's and Spark's ``part-*``
files, gzip or not) or Parquet, files or folders of them, and writes into
OUTPUT the Parquet tables ``reprint scan --format parquet`` writes, with
the same schema and rows, ``texts.parquet`` among them. As a function, ``reprint.spark.scan(df)`` scans a
DataFrame with ``id`` and ``text`` columns (and the optional ones ``scan``
reads) and returns the tables as pyarrow Tables.

How the work is spread, each step calling the Rust library through Arrow
batches:

1. documents are numbered in input order (file, then place in the file);
2. ``mapInArrow``: each document is cleaned and fingerprinted;
3. Spark SQL: sources and publication dates are ranked, and the
   fingerprints grouped by hash;
4. ``mapInArrow`` over the hash groups: the candidate stage's rule (a
   source's boilerplate, frequent hashes, the anchor that keeps a story
   copied 10,000 times linear) links pairs; Spark SQL counts each pair's
   links and keeps those with enough;
5. ``mapInArrow`` over the pairs, each with its two documents: alignment
   and judging;
6. on the driver: siblings, families and the tables, from the documents'
   metadata (not their texts) and the reuse records.

The driver holds, per document, its metadata and cleaned regions (about a
kilobyte), and every reuse record: it bounds a run to tens of millions of
documents.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any, Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from reprint import ScanResult, _DEFAULTS, _options, _reprint

__all__ = ["main", "read_input", "scan", "write_tables", "write_texts"]

UNDATED = 2**32 - 1
TABLES = ["documents", "reuse", "passages", "edits", "families", "clusters"]


def scan(
    df: Any,
    *,
    order: list[str] | None = None,
    cross_source: bool = False,
    min_score: float = _DEFAULTS["min_score"],
    min_tokens: int = _DEFAULTS["min_tokens"],
    ngram: int = _DEFAULTS["ngram"],
    window: int = _DEFAULTS["window"],
) -> ScanResult:
    """Scans a Spark DataFrame of documents as ``reprint.scan`` does.

    ``df`` has an ``id`` and a ``text`` column, and may have ``source`` (or
    passim's ``series``), ``date``, ``url``, ``title``, ``lang`` and any
    other column, which passes through. ``order`` names columns that put
    the documents in input order and are no part of them (``read_input``
    gives ``_file`` and ``_block``); the order decides ties (the earlier of
    two documents of one date anchors a widely copied story), numbers the
    families and orders the rows. Without it, the order is the DataFrame's,
    partition by partition. The options are ``reprint.scan``'s.
    """
    result, numbered = _scan(df, list(order or []), _options(locals()))
    numbered.unpersist()
    return result


def _scan(df: Any, order: list[str], options: dict[str, Any]) -> tuple[ScanResult, Any]:
    """``scan`` with its options gathered (``reprint._options``), returning
    too the numbered documents it persisted (``doc``, ``json``), for the
    texts table; the caller unpersists them."""
    from pyspark.sql import functions as F

    spark = df.sparkSession
    # Sent to the workers as a dict (the native Options do not pickle) and
    # checked here, before any Spark work, by building them once.
    options = {**options, "threads": 1}
    _reprint.Options(**options)
    min_shared = _DEFAULTS["min_shared"]
    columns = [c for c in df.columns if c not in order]
    types = dict(df.dtypes)
    for required in ("id", "text"):
        if required not in columns:
            raise _reprint.ReprintError(
                f"the input has no column `{required}` (the columns are: {', '.join(columns)})"
            )
        if types[required] != "string":
            raise _reprint.ReprintError(f"column `{required}` holds {types[required]}; it must hold strings")
    # A null id or text is refused as the command line refuses it, naming
    # the file when the input says which.
    null = df.where(F.col("id").isNull() | F.col("text").isNull()).limit(1).collect()
    if null:
        row = null[0].asDict()
        field = "id" if row["id"] is None else "text"
        place = f"{row['_file']}: " if row.get("_file") else ""
        which = f" (document {row['id']!r})" if field == "text" else ""
        raise _reprint.ReprintError(f"{place}`{field}` must be a string, not null{which}")

    repeated = df.groupBy("id").count().where(F.col("count") > 1).limit(1).collect()
    if repeated:
        raise _reprint.ReprintError(
            f"duplicate id {repeated[0]['id']!r}: {repeated[0]['count']} documents carry it"
        )

    # 1. Documents numbered densely in input order.
    base = df.withColumn("_mono", F.monotonically_increasing_id())
    ranked = (
        base.select("_mono", *order)
        .orderBy(*order, "_mono")
        .select("_mono")
        .rdd.zipWithIndex()
        .map(lambda row: (row[0]["_mono"], row[1]))
        .toDF("_mono long, doc long")
    )
    record = F.to_json(F.struct(*[F.col(c) for c in columns]))
    metadata = F.to_json(
        F.struct(*[F.col(c) for c in columns if c != "text"], F.lit("").alias("text"))
    )
    numbered = (
        base.join(ranked, "_mono")
        .select("doc", record.alias("json"), metadata.alias("meta"))
        .persist()
    )

    # 2. Fingerprints, and each document's source and date.
    prepared = numbered.select("doc", "json").mapInArrow(
        _batches(_reprint.spark_prepare, options),
        "doc long, hash long, source_key string, date_key long",
    ).persist()
    doc_rows = prepared.filter(F.col("hash").isNull())
    postings = prepared.filter(F.col("hash").isNotNull()).select("doc", "hash")

    # 3. Source numbers and date ranks, as the batch scan gives them.
    sources = (
        doc_rows.select("source_key").where(F.col("source_key").isNotNull()).distinct()
        .rdd.zipWithIndex()
        .map(lambda row: (row[0]["source_key"], row[1]))
        .toDF("source_key string, source long")
    )
    dated = (
        doc_rows.where(F.col("date_key").isNotNull())
        .select("doc", "date_key")
        .orderBy("date_key", "doc")
        .select("doc")
        .rdd.zipWithIndex()
        .map(lambda row: (row[0]["doc"], row[1]))
        .toDF("doc long, date_rank long")
    )
    keys = (
        doc_rows.select("doc", "source_key")
        .join(sources, "source_key", "left")
        .join(dated, "doc", "left")
        .select("doc", "source", F.coalesce("date_rank", F.lit(UNDATED)).alias("date_rank"))
    )
    groups = (
        postings.join(keys, "doc")
        .groupBy("hash")
        .agg(F.collect_list(F.struct("doc", "source", "date_rank")).alias("holders"))
        .where(F.size("holders") >= 2)
    )

    # 4. The candidate rule per hash group, then pairs by their links.
    links = groups.mapInArrow(
        _batches(_reprint.spark_link, options), "kind byte, hash long, a long, b long"
    ).persist()
    pairs = (
        links.where(F.col("kind") == 0)
        .groupBy("a", "b")
        .count()
        .where(F.col("count") >= min_shared)
        .select("a", "b")
    )
    frequent = _hash_array(links.where(F.col("kind") == 1))
    boilerplate = _hash_array(links.where(F.col("kind") == 2))
    sets = spark.sparkContext.broadcast((boilerplate, frequent))

    # 5. Alignment and judging per pair, each with both texts.
    texts = numbered.select("doc", "json")
    with_texts = (
        pairs.join(texts.withColumnRenamed("doc", "a").withColumnRenamed("json", "a_json"), "a")
        .join(texts.withColumnRenamed("doc", "b").withColumnRenamed("json", "b_json"), "b")
        # Spread by pair, not by its first document: the anchor of a story
        # copied by 10,000 sites has 10,000 pairs, which one task alone
        # would take long over. Sorted, each task still reads an `a` once
        # for the run of its pairs it holds.
        .repartition("a", "b")
        .sortWithinPartitions("a", "b")
        .select("a", "b", "a_json", "b_json")
    )
    reuse = with_texts.mapInArrow(
        _with_sets(_reprint.spark_relate, sets, options), "a long, b long, reuse string"
    )
    articles = numbered.select("doc", "json").mapInArrow(
        _with_sets(_reprint.spark_articles, sets, options), "doc long, article string, tokens long"
    )

    # 6. The last stages on the driver.
    documents = (
        numbered.select("doc", F.col("meta").alias("json"))
        .join(articles, "doc")
        .orderBy("doc")
    )
    tables = _reprint.spark_conclude(
        _collect(documents), _collect(reuse.orderBy("a", "b"))
    )
    for frame in (prepared, links):
        frame.unpersist()
    return ScanResult(**tables), numbered


def _paired_texts(spark: Any, numbered: Any, result: ScanResult) -> Any:
    """The ``id`` and ``text`` of every document in at least one pair, in
    input order: the rows of ``texts.parquet``, as a DataFrame left on the
    cluster."""
    from pyspark.sql import functions as F

    reuse = result.reuse
    ids = sorted(set(reuse.column("a").to_pylist()) | set(reuse.column("b").to_pylist()))
    paired = spark.createDataFrame([(i,) for i in ids], "id string")
    return (
        numbered.select(
            "doc",
            F.get_json_object("json", "$.id").alias("id"),
            F.get_json_object("json", "$.text").alias("text"),
        )
        .join(F.broadcast(paired), "id")
        .orderBy("doc")
        .select("id", "text")
    )


def _batches(step: Any, options: dict[str, Any]) -> Any:
    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        native = _reprint.Options(**options)
        for batch in batches:
            yield step(batch, native)

    return run


def _with_sets(step: Any, sets: Any, options: dict[str, Any]) -> Any:
    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        native = _reprint.Options(**options)
        boilerplate, frequent = sets.value
        corpus = _reprint.CorpusSets(boilerplate, frequent)
        for batch in batches:
            yield step(batch, corpus, native)

    return run


def _hash_array(frame: Any) -> pa.Array:
    table = _collect(frame.select("hash"))
    return pa.array(table.column("hash").to_pylist() if table.num_rows else [], type=pa.int64())


def _collect(frame: Any) -> pa.Table:
    """A DataFrame's rows on the driver as a pyarrow Table, through Arrow."""
    return frame.toArrow()


def read_input(spark: Any, inputs: list[str]) -> Any:
    """The documents of files or folders as one DataFrame, with columns that
    put them in input order (``_file``, ``_block``): JSON lines (passim's and
    Spark's ``part-*`` files among them, gzip or not) or Parquet."""
    from pyspark.sql import functions as F

    parquet, json = [], []
    for given in inputs:
        for file in _list_files(spark, given):
            name = file.rsplit("/", 1)[-1].lower()
            if name.startswith((".", "_")):
                continue
            if name.endswith(".parquet"):
                parquet.append(file)
            elif name.endswith((".jsonl", ".json", ".ndjson", ".jsonl.gz", ".json.gz", ".ndjson.gz")) or (
                name.startswith("part-") and "." not in name.removesuffix(".gz")
            ):
                json.append(file)
    if parquet and json:
        raise ValueError("give JSON lines or Parquet, not both in one run")
    if not parquet and not json:
        raise ValueError(f"no JSON lines or Parquet files in {', '.join(inputs)}")
    frame = spark.read.parquet(*parquet) if parquet else spark.read.json(json)
    if "series" in frame.columns and "source" not in frame.columns:
        frame = frame.withColumnRenamed("series", "source")
    if "_corrupt_record" in frame.columns:
        bad = frame.where(F.col("_corrupt_record").isNotNull()).limit(1).collect()
        if bad:
            raise _reprint.ReprintError(f"a line is not a JSON object: {bad[0]['_corrupt_record'][:80]!r}")
        frame = frame.drop("_corrupt_record")
    return frame.withColumn("_file", F.input_file_name()).withColumn(
        "_block", F.input_file_block_start()
    )


def _list_files(spark: Any, given: str) -> list[str]:
    """The files ``given`` names, itself or, for a folder, every file under
    it, in name order, as the cluster's file system lists them: a local
    path, or a URI such as ``hdfs://`` or ``s3a://`` that Spark reads."""
    from py4j.protocol import Py4JJavaError

    jvm = spark.sparkContext._jvm
    conf = spark.sparkContext._jsc.hadoopConfiguration()
    path = jvm.org.apache.hadoop.fs.Path(given)
    try:
        filesystem = path.getFileSystem(conf)
        if not filesystem.exists(path):
            raise FileNotFoundError(f"{given}: no such file or folder")
        status = filesystem.getFileStatus(path)
        if status.isFile():
            return [status.getPath().toString()]
        files = []
        listing = filesystem.listFiles(path, True)
        while listing.hasNext():
            files.append(listing.next().getPath().toString())
    except Py4JJavaError as error:
        raise FileNotFoundError(f"{given}: cannot list it: {error.java_exception}") from error
    return sorted(files)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m reprint.spark",
        description="Scan documents for reused text on Spark; writes the Parquet tables of `reprint scan --format parquet`.",
    )
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="JSON lines or Parquet files, or folders of them")
    parser.add_argument("output", metavar="OUTPUT", help="the folder the tables are written to")
    parser.add_argument("--cross-source", action="store_true", help="pair only documents of different sources")
    parser.add_argument("--min-score", type=float, default=_DEFAULTS["min_score"])
    parser.add_argument("--min-tokens", type=int, default=_DEFAULTS["min_tokens"])
    parser.add_argument("--ngram", type=int, default=_DEFAULTS["ngram"])
    parser.add_argument("--window", type=int, default=_DEFAULTS["window"])
    parser.add_argument("--master", help="Spark master, when not set by spark-submit (e.g. local[2])")
    parser.add_argument(
        "--driver-memory",
        help="the driver's memory (e.g. 8g), when not set by spark-submit; with local[N] the work runs in it too",
    )
    args = parser.parse_args(argv)

    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("reprint")
    if args.master:
        builder = builder.master(args.master)
    if args.driver_memory:
        builder = builder.config("spark.driver.memory", args.driver_memory)
    spark = builder.getOrCreate()
    try:
        frame = read_input(spark, args.inputs)
        result, numbered = _scan(frame, ["_file", "_block"], _options(vars(args)))
        write_tables(result, args.output)
        write_texts(_paired_texts(spark, numbered, result), args.output)
    except (_reprint.ReprintError, ValueError, FileNotFoundError) as error:
        print(f"reprint: {error}", file=sys.stderr)
        return 2
    finally:
        spark.stop()
    print(
        f"{result.documents.num_rows} documents, {result.reuse.num_rows} pairs, "
        f"{result.families.num_rows} families; tables in {args.output}"
    )
    return 0


def write_tables(result: ScanResult, out: str | os.PathLike[str]) -> None:
    """Writes the tables as ``reprint scan --format parquet`` does, into a
    local folder or a folder URI that pyarrow writes (``s3://``, ``gs://``,
    ``hdfs://``, ``file://``): each to a temporary file, moved into place."""
    fs, base = _output_folder(out)
    for name in TABLES:
        with _written_as(fs, base, f"{name}.parquet") as sink:
            pq.write_table(getattr(result, name), sink, compression="snappy")


TEXTS_SCHEMA = pa.schema([pa.field("id", pa.string(), nullable=False), pa.field("text", pa.string(), nullable=False)])


def write_texts(texts: Any, out: str | os.PathLike[str], rows_per_batch: int = 1024) -> None:
    """Writes ``texts.parquet`` (``id``, ``text``) as ``reprint scan --format
    parquet`` does, from a DataFrame of those columns, streamed a partition
    at a time so the driver never holds all the texts."""
    fs, base = _output_folder(out)
    with _written_as(fs, base, "texts.parquet") as sink, pq.ParquetWriter(
        sink, TEXTS_SCHEMA, compression="snappy"
    ) as writer:
        ids: list[str] = []
        bodies: list[str] = []
        for row in texts.toLocalIterator():
            ids.append(row["id"])
            bodies.append(row["text"])
            if len(ids) == rows_per_batch:
                writer.write_batch(pa.record_batch([ids, bodies], schema=TEXTS_SCHEMA))
                ids, bodies = [], []
        if ids:
            writer.write_batch(pa.record_batch([ids, bodies], schema=TEXTS_SCHEMA))


def _output_folder(out: str | os.PathLike[str]) -> tuple[Any, str]:
    """The file system and folder ``out`` names, the folder made if missing."""
    from pyarrow import fs as pafs

    given = os.fspath(out)
    if "://" in given:
        try:
            filesystem, base = pafs.FileSystem.from_uri(given)
        except (pa.ArrowException, OSError, ValueError) as error:
            raise ValueError(f"{given}: cannot write there: {error}") from error
    else:
        filesystem, base = pafs.LocalFileSystem(), str(Path(given).absolute())
    filesystem.create_dir(base, recursive=True)
    return filesystem, base.rstrip("/")


class _written_as:
    """A sink for ``name`` in ``base`` that is written under a temporary
    name and moved into place only when the writing ends without error, so
    that a failed run leaves no half-written table."""

    def __init__(self, filesystem: Any, base: str, name: str) -> None:
        self.filesystem = filesystem
        self.final = f"{base}/{name}"
        self.partial = f"{base}/.{name}.partial"

    def __enter__(self) -> Any:
        self.sink = self.filesystem.open_output_stream(self.partial)
        return self.sink

    def __exit__(self, kind: Any, error: Any, trace: Any) -> None:
        self.sink.close()
        if kind is None:
            self.filesystem.move(self.partial, self.final)
        else:
            self.filesystem.delete_file(self.partial)


if __name__ == "__main__":
    sys.exit(main())
