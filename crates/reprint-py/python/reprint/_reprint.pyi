"""Type stubs of the native module; the documented API is in reprint/__init__.py."""

from os import PathLike
from typing import Any, Callable

import pyarrow as pa

__version__: str

class ReprintError(Exception):
    """Input reprint cannot read: the message names the item or row and the field."""

class Options:
    def __init__(
        self,
        *,
        ngram: int,
        window: int,
        min_tokens: int,
        min_score: float,
        cross_source: bool,
        skip_bad: bool,
        threads: int | None,
    ) -> None: ...
    @staticmethod
    def defaults() -> dict[str, Any]: ...

def scan(
    docs: bytes | Any,
    name: str,
    options: Options,
    progress: Callable[[str, int, int], None] | None = None,
) -> dict[str, Any]: ...
def compare(a: bytes, b: bytes, min_tokens: int) -> str | None: ...

class Index:
    def __init__(self, path: str | PathLike[str]) -> None: ...
    def add(self, docs: bytes | Any, name: str, skip_bad: bool, update: bool) -> dict[str, Any]: ...
    def query(
        self,
        docs: bytes | Any,
        name: str,
        options: Options,
        progress: Callable[[str, int, int], None] | None = None,
    ) -> dict[str, Any]: ...
    def info(self) -> dict[str, Any]: ...
    def document(self, id: str) -> str | None: ...

class CorpusSets:
    def __init__(self, boilerplate: Any, frequent: Any) -> None: ...

def spark_prepare(batch: Any, options: Options) -> Any: ...
def spark_link(batch: Any, options: Options) -> Any: ...
def spark_articles(batch: Any, sets: CorpusSets, options: Options) -> Any: ...
def spark_relate(batch: Any, sets: CorpusSets, options: Options) -> Any: ...
def spark_conclude(documents: Any, reuse: Any) -> dict[str, Any]: ...
