"""``build()``: files -> read -> extract -> resolve -> graph, with a report of what was skipped.

Bad input never stops a build: each file that cannot be read becomes one line in
``BuildReport.skipped`` and the other documents still land in the graph.
"""
from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from .errors import InputError
from .extract import Extractor
from .graph import to_graph
from .nlp import make_nlp
from .reader import DEFAULT_MAX_BYTES, collect, read_file
from .resolve import resolve
from .types import Extraction, SourceDoc


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a build read, skipped and warned about, and how long it took."""

    documents: tuple[str, ...]
    skipped: tuple[str, ...]  # one line per file that was not built: "<file>: <what is wrong>"
    warnings: tuple[str, ...]
    seconds: float

    @property
    def clean(self) -> bool:
        """True when every input file was built."""
        return not self.skipped


def read_all(paths: Iterable[Path], *, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[list[SourceDoc], list[str]]:
    """Read every ``.txt`` file under ``paths``; return the documents and one line per skipped file."""
    files, skipped = collect(paths)
    docs: list[SourceDoc] = []
    seen: dict[str, Path] = {}
    for f in files:
        try:
            doc = read_file(f, max_bytes=max_bytes)
        except InputError as exc:
            skipped.append(str(exc))
            continue
        if doc.identifier in seen:
            skipped.append(f"{f}: the same file name as {seen[doc.identifier]}; rename one (documents are "
                           "identified by file name)")
            continue
        seen[doc.identifier] = f
        docs.append(doc)
    return docs, skipped


def extract_all(docs: Sequence[SourceDoc]) -> list[Extraction]:
    """Run the extractor over documents with the shared, once-loaded pipeline."""
    ex = Extractor(make_nlp())
    return [ex.extract(d) for d in docs]


def build_graph(docs: Sequence[SourceDoc]) -> Graph:
    """Documents -> RDF graph."""
    return to_graph(resolve(extract_all(docs)))


def build(paths: Iterable[Path | str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[Graph, BuildReport]:
    """Build the graph of every article under ``paths`` (files or folders of ``.txt``).

    >>> import tempfile, pathlib
    >>> tmp = pathlib.Path(tempfile.mkdtemp()); _ = (tmp / "a.txt").write_text(" date 2024-01-02 Beijing acts.")
    >>> g, report = build([tmp])
    >>> report.documents, report.clean
    (('a.txt',), True)
    """
    t0 = time.perf_counter()
    docs, skipped = read_all([Path(p) for p in paths], max_bytes=max_bytes)
    g = build_graph(docs)
    warnings = tuple(w for d in docs for w in d.warnings)
    return g, BuildReport(tuple(d.identifier for d in docs), tuple(skipped), warnings, time.perf_counter() - t0)
