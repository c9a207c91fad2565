"""``build()``: files -> read -> extract -> resolve -> graph, with a report of what was skipped.

Bad input never stops a build: each file that cannot be read becomes one line in
``BuildReport.skipped``, and an unexpected error inside one document (a bug in a rule,
a parser failure) becomes one ``Failure`` in ``BuildReport.failed``, reported against
that file; every other document still lands in the graph.
"""
from __future__ import annotations

import hashlib
import signal
import threading
import time
import traceback
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from rdflib import Graph
from spacy.language import Language

from .errors import InputError, StageError
from .curation import Curation, apply, block, load_curation
from .extract import Extractor
from .graph import doc_stem, to_graph
from .nlp import make_nlp, with_gazetteer
from .reader import DEFAULT_MAX_BYTES, collect, read_file
from .resolve import resolve
from .sources import MentionSource
from .types import Extraction, SourceDoc


@dataclass(frozen=True, slots=True)
class Failure:
    """An unexpected error inside one document: the file, the stage or rule, the error, its traceback."""

    file: str
    stage: str
    error: str  # the exception's type name
    message: str
    traceback: str = field(repr=False, default="")

    def __str__(self) -> str:
        return f"{self.file}: {self.error} in {self.stage}: {self.message}"

    @classmethod
    def of(cls, file: str, stage: str, exc: BaseException) -> Failure:
        """The failure of ``file`` from an exception (a ``StageError`` names its own stage)."""
        cause = exc.cause if isinstance(exc, StageError) else exc
        where = exc.stage if isinstance(exc, StageError) else stage
        tb = "".join(traceback.format_exception(cause))
        return cls(file, where, type(cause).__name__, " ".join(str(cause).split()) or "(no message)", tb)


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a build read, skipped, failed on and warned about, and how long it took."""

    documents: tuple[str, ...]  # the documents that landed in the graph
    skipped: tuple[str, ...]  # one line per file that was not built: "<file>: <what is wrong>"
    warnings: tuple[str, ...]
    seconds: float
    failed: tuple[Failure, ...] = ()  # documents lost to an unexpected error

    @property
    def clean(self) -> bool:
        """True when every input file was built."""
        return not self.skipped and not self.failed


def read_all(paths: Iterable[Path], *, max_bytes: int = DEFAULT_MAX_BYTES,
             failed: list[Failure] | None = None) -> tuple[list[SourceDoc], list[str]]:
    """Read every ``.txt`` file under ``paths``; return the documents and one line per skipped file.

    An unexpected error while reading one file is appended to ``failed`` (or raised without it).
    """
    files, skipped = collect(paths)
    read: list[tuple[SourceDoc, Path]] = []
    for f in files:
        try:
            doc = read_file(f, max_bytes=max_bytes)
        except InputError as exc:
            skipped.append(str(exc))
            continue
        except Exception as exc:
            if failed is None:
                raise
            failed.append(Failure.of(str(f), "read", exc))
            continue
        read.append((doc, f))
    return document_keys(read), skipped


def document_keys(read: list[tuple[SourceDoc, Path]]) -> list[SourceDoc]:
    """Give each document a distinct IRI segment: its file stem ("a" for a.txt), or its file name
    where two stems clash (a.txt and a.md), or the name and a hash of its path where two names
    clash (one/a.txt and two/a.txt).  The same for any order of the files."""
    stems = Counter(doc_stem(d.identifier) for d, _ in read)
    names = Counter(d.identifier for d, _ in read)
    out = []
    for d, path in read:
        if names[d.identifier] > 1:
            digest = hashlib.sha1(str(path.resolve()).encode("utf-8")).hexdigest()[:8]
            key = f"{d.identifier}-{digest}"
        elif stems[doc_stem(d.identifier)] > 1:
            key = d.identifier
        else:
            key = ""
        out.append(replace(d, key=key))
    return out


#: The default time budget of one document (``kg build --doc-timeout``): a 2 MB article takes
#: about three minutes, so only a pathological one reaches it.
DEFAULT_DOC_TIMEOUT = 600.0


class DocTimeout(BaseException):
    """A document took longer than its time budget (a BaseException, so that no rule's error
    handling takes it for a failure of its own)."""


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise ``DocTimeout`` in the block after ``seconds`` (a real-time timer; only in the main thread,
    elsewhere and with ``None`` there is no budget)."""
    if not seconds or seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(_signum: int, _frame: object) -> None:
        raise DocTimeout

    old = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def extract_all(docs: Sequence[SourceDoc], failed: list[Failure] | None = None, *, nlp: Language | None = None,
                sources: Sequence[MentionSource] = (), doc_timeout: float | None = None,
                skipped: list[str] | None = None) -> list[Extraction]:
    """Run the extractor over documents with one pipeline (the default model, loaded once, unless
    ``nlp``) and the registered rules plus any other mention ``sources``.

    With ``failed``, a document whose extraction raises is appended there and left out;
    without it, the error propagates.  A document that takes longer than ``doc_timeout`` seconds
    is left out with one line in ``skipped``.
    """
    ex = Extractor(with_gazetteer(nlp) if nlp is not None else make_nlp(), sources=sources)
    out: list[Extraction] = []
    for d in docs:
        try:
            with time_budget(doc_timeout):
                out.append(ex.extract(d))
        except DocTimeout:
            if skipped is None:
                raise
            skipped.append(f"{d.identifier}: took longer than {doc_timeout:g} s; left out (raise --doc-timeout, "
                           "or split the article)")
        except Exception as exc:
            if failed is None:
                raise
            failed.append(Failure.of(d.identifier, "extract", exc))
    return out


def graph_of(extractions: Sequence[Extraction], failed: list[Failure] | None = None, *,
             curation: Curation | None = None, warnings: list[str] | None = None) -> Graph:
    """Extractions -> RDF graph, with the ``curation`` applied (its blocks before resolving, the rest
    after; one line per operation left out goes to ``warnings``).  Should resolving or mapping fail,
    each document is tried alone and the ones that fail by themselves are appended to ``failed``
    and left out."""
    notes: list[str] = []

    def resolved_graph(exts: Sequence[Extraction]) -> Graph:
        notes.clear()
        if curation is None:
            return to_graph(resolve(exts))
        kept, blocked = block(exts, curation)
        curated, skipped = apply(resolve(kept), curation)
        notes.extend(blocked + skipped)
        return to_graph(curated)

    try:
        g = resolved_graph(extractions)
    except Exception:
        if failed is None:
            raise
        good: list[Extraction] = []
        for e in extractions:
            try:
                to_graph(resolve([e]))
            except Exception as exc:
                failed.append(Failure.of(e.doc.identifier, "resolve", exc))
            else:
                good.append(e)
        g = resolved_graph(good)
    if warnings is not None:
        warnings.extend(notes)
    return g


def build_graph(docs: Sequence[SourceDoc]) -> Graph:
    """Documents -> RDF graph (errors propagate)."""
    return graph_of(extract_all(docs))


def build(paths: Iterable[Path | str], *, max_bytes: int = DEFAULT_MAX_BYTES, nlp: Language | None = None,
          sources: Sequence[MentionSource] = (), doc_timeout: float | None = DEFAULT_DOC_TIMEOUT,
          curation: Curation | Path | str | None = None) -> tuple[Graph, BuildReport]:
    """Build the graph of every article under ``paths`` (files or folders of ``.txt``), with the
    default English model unless ``nlp`` is given, and the registered rules plus ``sources``;
    ``curation`` (a curation TOML file, or one loaded with ``load_curation``) corrects the result.

    >>> import tempfile, pathlib
    >>> tmp = pathlib.Path(tempfile.mkdtemp()); _ = (tmp / "a.txt").write_text(" date 2024-01-02 Beijing acts.")
    >>> g, report = build([tmp])
    >>> report.documents, report.clean
    (('a.txt',), True)
    """
    t0 = time.perf_counter()
    if curation is not None and not isinstance(curation, Curation):
        curation = load_curation(curation)  # before the extraction: a bad file costs nothing
    failed: list[Failure] = []
    docs, skipped = read_all([Path(p) for p in paths], max_bytes=max_bytes, failed=failed)
    timed_out: list[str] = []
    extractions = extract_all(docs, failed, nlp=nlp, sources=sources, doc_timeout=doc_timeout, skipped=timed_out)
    skipped.extend(timed_out)
    curation_warnings: list[str] = []
    g = graph_of(extractions, failed, curation=curation, warnings=curation_warnings)
    lost = {f.file for f in failed} | ({d.identifier for d in docs} - {x.doc.identifier for x in extractions})
    warnings = (tuple(w for d in docs for w in d.warnings) + tuple(w for x in extractions for w in x.warnings)
                + tuple(curation_warnings))
    landed = tuple(d.identifier for d in docs if d.identifier not in lost)
    return g, BuildReport(landed, tuple(skipped), warnings, time.perf_counter() - t0, tuple(failed))
