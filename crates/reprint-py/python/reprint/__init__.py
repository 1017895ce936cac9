"""reprint finds reprinted text, from Python.

Given documents, it says which copy which, exactly which passages were
reused (offsets count code points, so ``text[begin:end]`` is the passage),
who published first, whether the copy credits its source and what it
changed. The engine is the one ``reprint scan`` runs, in Rust; the results
come back as pyarrow Tables with the columns of ``reprint scan --format
parquet``, ``.to_pandas()`` one call away.

>>> import reprint
>>> result = reprint.scan([{"id": "a", "text": ...}, {"id": "b", "text": ...}])
>>> result.reuse.to_pandas()
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Union

import pyarrow as pa

from reprint import _reprint
from reprint._reprint import ReprintError

__all__ = ["Index", "QueryResult", "ReprintError", "ScanResult", "compare", "scan", "__version__"]
__version__: str = _reprint.__version__

_DEFAULTS = _reprint.Options.defaults()

ProgressCallback = Callable[[str, int, int], None]


@dataclass(frozen=True)
class ScanResult:
    """What a scan found, one pyarrow Table per kind of record.

    The tables and their columns are those ``reprint scan --format parquet``
    writes (README's "Formats" section): ``documents`` (one row per document,
    in input order, with its family and role), ``reuse`` (one row per pair
    sharing reused text, ``a`` the original when the direction is known),
    ``passages`` and ``edits`` (one row per aligned passage and per edit of a
    pair), ``families``, and ``clusters`` (one row per witness of a passage
    cluster: each reprinted passage with every document that printed it).
    ``skipped`` lists, with ``skip_bad=True``, each malformed record passed
    over and why.
    """

    documents: pa.Table
    reuse: pa.Table
    passages: pa.Table
    edits: pa.Table
    families: pa.Table
    clusters: pa.Table
    skipped: list[str] = field(default_factory=list)

    def __repr__(self) -> str:
        return (
            f"ScanResult({self.documents.num_rows} documents, {self.reuse.num_rows} pairs, "
            f"{self.passages.num_rows} passages, {self.families.num_rows} families, "
            f"{self.clusters.num_rows} cluster witnesses)"
        )


@dataclass(frozen=True)
class QueryResult(ScanResult):
    """What a check against an index found: the tables of ``ScanResult``
    over the checked documents and the archived ones they pair with, and
    ``checked``, the ids of the checked documents."""

    checked: list[str] = field(default_factory=list)


Docs = Union[Iterable[Mapping[str, Any]], "pa.Table", "pa.RecordBatch", Any]


def scan(
    docs: Docs,
    *,
    cross_source: bool = False,
    min_score: float = _DEFAULTS["min_score"],
    min_tokens: int = _DEFAULTS["min_tokens"],
    ngram: int = _DEFAULTS["ngram"],
    window: int = _DEFAULTS["window"],
    skip_bad: bool = False,
    threads: int | None = None,
    progress: bool | ProgressCallback = False,
) -> ScanResult:
    """Scans documents for reused text, as ``reprint scan`` does.

    ``docs`` is an iterable of dicts, a pandas DataFrame, or a pyarrow Table
    or RecordBatch (anything with ``__arrow_c_stream__``). Each document has
    an ``id`` and a ``text`` (strings), and may have ``source`` (``series``
    is read as an alias), ``date`` (ISO 8601, full or partial; a table may
    give a date or timestamp column), ``url``, ``title`` and ``lang``. Other
    fields pass through to the ``fields`` column of ``documents`` as JSON.

    The options are ``reprint scan``'s: ``cross_source`` pairs only
    documents of different sources; ``min_score`` is the score a pair needs
    to be called a reprint; ``min_tokens`` the fewest matched tokens of a
    passage; ``ngram`` and ``window`` how fingerprints are taken. With
    ``skip_bad``, malformed documents are skipped and listed in
    ``ScanResult.skipped`` instead of raising. ``threads`` caps the worker
    threads of this call (default: one per core). ``progress=True`` draws
    each stage's progress on standard error; a callable is called as
    ``progress(stage, done, total)`` instead, a few times a second.

    Raises ``ReprintError`` for a malformed document, naming it as the
    command line does: the item of an iterable (counted from 1, as
    ``docs:3``) or the row of a table (``table, row 3``), and the field.
    The GIL is released while the scan runs.
    """
    options = _reprint.Options(**_options(locals()))
    callback = _progress_callback(progress)
    try:
        tables = _reprint.scan(*_handed_over(docs), options, callback)
    finally:
        if isinstance(callback, _StderrProgress):
            callback.close()
    return ScanResult(**tables)


class Index:
    """An archive on disk, as ``reprint index`` keeps it: documents added
    batch by batch, and new documents checked against everything it holds.

    ``Index(path)`` opens the index in ``path``, or makes one there when the
    folder is missing or empty. One process opens an index at a time; in
    it, checks run while an add is in progress and see the archive as it
    was when they started. The index is the one the command line and
    ``reprint serve`` use.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self._index = _reprint.Index(path)
        self.path = Path(path)

    def add(self, docs: Docs, *, skip_bad: bool = False, update: bool = False) -> dict[str, Any]:
        """Adds a batch of documents (as ``scan`` takes them), atomically:
        after a failure or a crash the index holds all of the batch or none
        of it. An id the index already holds raises ``ReprintError`` naming
        both places, or with ``update=True`` replaces the held version (its
        text leaves the archive, and later checks see the new one only).
        Returns ``documents`` and ``text_bytes`` added, how many of them
        ``replaced`` a held version, ``total_documents`` held now, and what
        ``skip_bad`` ``skipped``."""
        return self._index.add(*_handed_over(docs), skip_bad, update)

    def query(
        self,
        docs: Docs,
        *,
        cross_source: bool = False,
        min_score: float = _DEFAULTS["min_score"],
        min_tokens: int = _DEFAULTS["min_tokens"],
        skip_bad: bool = False,
        threads: int | None = None,
        progress: bool | ProgressCallback = False,
    ) -> QueryResult:
        """Checks documents against the archive without adding them.

        Returns the tables ``scan`` returns, over the checked documents and
        the archived documents they pair with: every pair that involves a
        checked document, judged on everything the archive holds. A checked
        document whose id the archive holds stands in for the archived one.
        ``QueryResult.checked`` lists the checked ids. Fingerprints are taken
        as the index took them, so ``ngram`` and ``window`` are not options
        here."""
        options = _reprint.Options(**_options(locals()))
        callback = _progress_callback(progress)
        try:
            tables = self._index.query(*_handed_over(docs), options, callback)
        finally:
            if isinstance(callback, _StderrProgress):
                callback.close()
        return QueryResult(**tables)

    def info(self) -> dict[str, Any]:
        """What the index holds: ``documents``, ``sources``, ``batches``,
        ``text_bytes``, the ``earliest`` and ``latest`` publication dates
        (ISO 8601, or None) and ``bytes_on_disk``."""
        return self._index.info()

    def document(self, id: str) -> dict[str, Any] | None:
        """An archived document with every field it was added with, or
        None when the index holds no such id."""
        record = self._index.document(id)
        return None if record is None else json.loads(record)

    def __repr__(self) -> str:
        return f"reprint.Index({str(self.path)!r})"


def compare(
    a: str | Mapping[str, Any],
    b: str | Mapping[str, Any],
    *,
    min_tokens: int = _DEFAULTS["min_tokens"],
) -> dict[str, Any] | None:
    """Aligns two documents directly and returns their reuse record.

    ``a`` and ``b`` are texts, or documents as ``scan`` takes them (dicts
    with ``id`` and ``text``, and the optional fields). A text is given the
    id ``"a"`` or ``"b"``. The record is a ``reuse.jsonl`` line as a dict
    (``a``, ``b``, ``original``, ``kind``, ``score``, ``passages``,
    ``edits``, ...), or ``None`` when the two share no passage.
    """
    record = _reprint.compare(
        _document_json(a, "a"), _document_json(b, "b"), min_tokens
    )
    return None if record is None else json.loads(record)


_OPTIONS = ("ngram", "window", "min_tokens", "min_score", "cross_source", "skip_bad", "threads")


def _options(given: Mapping[str, Any]) -> dict[str, Any]:
    """The native scan options among a call's arguments; what the call does
    not take (an index's check takes no fingerprint settings) is the
    default."""
    defaults = {"skip_bad": False, "threads": None, "cross_source": False, **_DEFAULTS}
    return {name: given.get(name, defaults[name]) for name in _OPTIONS}


def _document_json(doc: str | Mapping[str, Any], default_id: str) -> bytes:
    if isinstance(doc, str):
        doc = {"id": default_id, "text": doc}
    elif not isinstance(doc, Mapping):
        raise TypeError(
            f"{default_id} must be a text (str) or a document (dict), not {type(doc).__name__}"
        )
    return json.dumps(doc, ensure_ascii=False, default=str).encode()


def _handed_over(docs: Docs) -> tuple[Any, str]:
    """``docs`` as the native module takes them, with the name its errors
    use: an Arrow table as it is, anything else as JSON lines."""
    table = _as_arrow(docs)
    if table is not None:
        return table, "table"
    return _jsonl(docs), "docs"


def _as_arrow(docs: Docs) -> Any:
    """The Arrow form of ``docs`` when it is a table, else ``None``."""
    if isinstance(docs, pa.RecordBatch):
        return pa.Table.from_batches([docs])
    if hasattr(docs, "__arrow_c_stream__") and not _is_pandas(docs):
        return docs
    if _is_pandas(docs):
        return pa.Table.from_pandas(docs, preserve_index=False)
    return None


def _is_pandas(docs: Any) -> bool:
    pandas = sys.modules.get("pandas")
    return pandas is not None and isinstance(docs, pandas.DataFrame)


def _jsonl(docs: Iterable[Mapping[str, Any]]) -> bytes:
    if isinstance(docs, (str, bytes, Mapping)):
        raise TypeError(
            "docs must be an iterable of documents (dicts), a pandas DataFrame or a "
            f"pyarrow Table, not a {type(docs).__name__}"
        )
    lines = []
    for n, doc in enumerate(docs, start=1):
        if not isinstance(doc, Mapping):
            raise ReprintError(f"docs:{n}: the record is not a dict but a {type(doc).__name__}")
        # Newlines inside strings are escaped by json.dumps, so each
        # document stays one line and errors name its place.
        lines.append(json.dumps(doc, ensure_ascii=False, default=str))
    return ("\n".join(lines) + "\n").encode() if lines else b""


def _progress_callback(progress: bool | ProgressCallback) -> ProgressCallback | None:
    if callable(progress):
        return progress
    if progress:
        return _StderrProgress()
    return None


class _StderrProgress:
    """Draws a scan's stages on standard error, one line per stage."""

    def __init__(self) -> None:
        self._stage = ""

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage != self._stage and self._stage:
            sys.stderr.write("\n")
        self._stage = stage
        width = 30
        filled = width * done // total if total else width
        sys.stderr.write(f"\r{stage:>20} [{'=' * filled}{' ' * (width - filled)}] {done}/{total}")
        sys.stderr.flush()

    def close(self) -> None:
        if self._stage:
            sys.stderr.write("\n")
            sys.stderr.flush()
