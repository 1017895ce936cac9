"""reprint.Index: the archive from Python answers as a scan of the same
documents does, and is the archive the command line reads."""

from __future__ import annotations

import gc
import subprocess
from pathlib import Path

import pyarrow as pa
import pytest

import reprint
from test_scan import EXAMPLES, binary, read_jsonl, rows


def test_an_index_built_in_two_batches_answers_as_a_scan(tmp_path: Path) -> None:
    docs = read_jsonl(EXAMPLES)
    index = reprint.Index(tmp_path / "archive")
    half = len(docs) // 2
    first = index.add(docs[:half])
    assert first["documents"] == half
    second = index.add(pa.Table.from_pylist(docs[half:]))
    assert second["total_documents"] == len(docs)

    found = index.query(docs)
    expected = rows(reprint.scan(docs))
    assert found.reuse.num_rows > 0
    for name in ["reuse", "passages", "edits", "families", "clusters"]:
        assert rows(found)[name] == expected[name], name
    assert sorted(found.checked) == sorted(d["id"] for d in docs)


def test_a_new_article_is_checked_without_being_added(tmp_path: Path) -> None:
    docs = read_jsonl(EXAMPLES)
    index = reprint.Index(tmp_path / "archive")
    index.add(docs)
    pair = reprint.scan(docs).reuse.to_pylist()[0]
    original = next(d for d in docs if d["id"] == pair["a"])
    copy = {"id": "todays-copy", "text": original["text"], "source": "elsewhere.example"}

    found = index.query([copy])
    assert found.checked == ["todays-copy"]
    partners = {r["a"] for r in found.reuse.to_pylist()} | {r["b"] for r in found.reuse.to_pylist()}
    assert {"todays-copy", original["id"]} <= partners
    assert index.info()["documents"] == len(docs)
    assert index.document("todays-copy") is None
    stored = index.document(original["id"])
    assert stored == original


def test_index_errors_name_what_is_wrong(tmp_path: Path) -> None:
    docs = read_jsonl(EXAMPLES)
    index = reprint.Index(tmp_path / "archive")
    index.add(docs[:2])
    with pytest.raises(reprint.ReprintError, match=rf"document id \"{docs[0]['id']}\" is already in the index"):
        index.add(docs[:1])
    assert index.info()["documents"] == 2, "a failed add changes nothing"
    corrected = {**docs[0], "text": "Correction: the council voted the schools budget last night."}
    added = index.add([corrected], update=True)
    assert (added["documents"], added["replaced"], added["total_documents"]) == (1, 1, 2)
    assert index.document(docs[0]["id"])["text"] == corrected["text"]
    with pytest.raises(reprint.ReprintError, match=r"^docs:1: missing field `text`$"):
        index.add([{"id": "x"}])
    not_an_index = tmp_path / "notes"
    not_an_index.mkdir()
    (not_an_index / "todo.txt").write_text("milk")
    with pytest.raises(reprint.ReprintError, match="notes"):
        reprint.Index(not_an_index)


def test_the_command_line_reads_the_index_python_built(tmp_path: Path) -> None:
    docs = read_jsonl(EXAMPLES)
    index = reprint.Index(tmp_path / "archive")
    index.add(docs)
    del index
    gc.collect()
    info = subprocess.run(
        [binary("reprint"), "index", "info", str(tmp_path / "archive")], check=True, capture_output=True, text=True
    )
    assert f"{len(docs)} documents" in info.stdout
