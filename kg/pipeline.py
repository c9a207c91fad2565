"""``build()``: files -> read -> extract -> resolve -> graph, with a report of what was skipped.

Bad input never stops a build: each file that cannot be read becomes one line in
``BuildReport.skipped``, and an unexpected error inside one document (a bug in a rule,
a parser failure) becomes one ``Failure`` in ``BuildReport.failed``, reported against
that file; every other document still lands in the graph.
"""
from __future__ import annotations

import hashlib
import os
import signal
import threading
import time
import traceback
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from contextlib import contextmanager
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol, TypeVar

from rdflib import Graph
from spacy.language import Language
from spacy.tokens import Doc

from .errors import InputError, StageError
from .curation import Curation, apply, block, load_curation
from .extract import Extractor, paragraph_sentences
from .graph import add_triples, build_triples, doc_stem, document_triples, entity_iris, shared_triples, to_graph
from .nlp import make_nlp, with_gazetteer
from .reader import DEFAULT_MAX_BYTES, collect, read_file
from .resolve import resolve
from .sources import MentionSource
from .rules.base import Sent
from .types import Extraction, Resolved, SourceDoc


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


#: Paragraphs per batch of the one ``nlp.pipe`` over a corpus (spaCy's default is 1000 for short
#: texts; paragraphs run to a few hundred words, and a smaller batch keeps memory flat).
BATCH_SIZE = 64
#: Documents a worker process takes at a time with ``jobs`` > 1.
CHUNK_DOCS = 8


@dataclass(frozen=True, slots=True)
class DocResult:
    """What became of the document at ``index``: its extraction, a failure, or a line saying why it
    was left out."""

    index: int
    extraction: Extraction | None = None
    failure: Failure | None = None
    skipped: str | None = None
    error: BaseException | None = field(default=None, repr=False, compare=False)  # the failure's exception


def _timed_out(d: SourceDoc, doc_timeout: float | None) -> str:
    return (f"{d.identifier}: took longer than {doc_timeout or 0:g} s; left out (raise --doc-timeout, "
            "or split the article)")


def _alone(ex: Extractor, d: SourceDoc, k: int, doc_timeout: float | None) -> DocResult:
    """One document extracted by itself, under its time budget."""
    try:
        with time_budget(doc_timeout):
            return DocResult(k, extraction=ex.extract(d))
    except DocTimeout:
        return DocResult(k, skipped=_timed_out(d, doc_timeout))
    except Exception as exc:
        return DocResult(k, failure=Failure.of(d.identifier, "extract", exc), error=exc)


class _Pipe:
    """One ``nlp.pipe(..., as_tuples=True)`` over the paragraphs of ``docs[start:]``, read document by
    document.  ``dead`` says that the pipe raised (an error, or the time budget expiring inside spaCy)
    and can give nothing more."""

    def __init__(self, ex: Extractor, docs: Sequence[SourceDoc], start: int, batch_size: int) -> None:
        self.ex, self.docs = ex, docs
        self.paras: dict[int, list[tuple[int, int]] | BaseException] = {}
        self.runs: dict[int, list[tuple[int, int]]] = {}
        self.items = ex.nlp.pipe(self._texts(start), as_tuples=True, batch_size=batch_size)
        self.ahead: tuple[Doc, tuple[int, int]] | None = None
        self.dead = False

    def _texts(self, start: int) -> Iterator[tuple[str, tuple[int, int]]]:
        for k in range(start, len(self.docs)):
            d, runs = self.docs[k], list[tuple[int, int]]()
            try:
                paras = self.ex.paragraphs(d, runs)
            except Exception as exc:  # reported when the document's turn comes
                self.paras[k] = exc
                continue
            self.paras[k], self.runs[k] = paras, runs
            for j, (a, b) in enumerate(paras):
                yield d.text[a:b], (k, j)

    def sentences(self, k: int) -> list[Sent]:
        """The sentences of document ``k``: its paragraphs as they come out of the pipe (each reduced
        to its sentences at once, so that a long article never holds all its parsed paragraphs)."""
        sents: list[Sent] = []
        while True:
            if self.ahead is None:
                try:
                    self.ahead = next(self.items, None)
                except BaseException:
                    self.dead = True
                    raise
                if self.ahead is None:
                    return sents
            sdoc, (kk, j) = self.ahead
            if kk > k:
                return sents
            self.ahead = None
            if kk == k:
                paras = self.paras[k]
                assert not isinstance(paras, BaseException)
                sents.extend(paragraph_sentences(paras[j][0], sdoc))


def extract_stream(ex: Extractor, docs: Sequence[SourceDoc], *, doc_timeout: float | None = None,
                   batch_size: int = BATCH_SIZE) -> Iterator[DocResult]:
    """The documents' results in order, their paragraphs flowing through one ``nlp.pipe`` in batches.

    Each document runs under its own time budget, from the moment its first paragraph is asked of
    the pipe to the end of its rules.  Should the pipe itself raise (a spaCy error, or the budget
    expiring inside spaCy, where the batch may hold other documents' paragraphs too), the document
    is tried once more alone, so that only its own fault is charged to it, and a new pipe starts
    after it.
    """
    k = 0
    while k < len(docs):
        pipe = _Pipe(ex, docs, k, batch_size)
        while k < len(docs):
            d = docs[k]
            result: DocResult
            try:
                with time_budget(doc_timeout):
                    sents = pipe.sentences(k)
                    paras = pipe.paras.get(k)
                    if isinstance(paras, BaseException):
                        raise StageError("nlp", paras)
                    result = DocResult(k, extraction=ex.finish(d, sents, pipe.runs.get(k, ())))
            except DocTimeout:
                result = _alone(ex, d, k, doc_timeout) if pipe.dead else DocResult(k, skipped=_timed_out(d, doc_timeout))
            except Exception as exc:
                result = _alone(ex, d, k, doc_timeout) if pipe.dead else DocResult(
                    k, failure=Failure.of(d.identifier, "extract", exc), error=exc)
            pipe.paras.pop(k, None)  # the document is done: its paragraphs' offsets go
            pipe.runs.pop(k, None)
            k += 1
            yield result
            if pipe.dead:
                break


_WORKER: tuple[Extractor, float | None, int] | None = None  # set before the worker processes fork


def _work(chunk: tuple[int, int]) -> list[DocResult]:
    """A worker process's share: the documents in [a, b) of the corpus it inherited, without their
    text (the parent has it)."""
    assert _WORKER is not None and _WORKER_DOCS is not None
    ex, doc_timeout, batch_size = _WORKER
    a, b = chunk
    out = []
    for r in extract_stream(ex, _WORKER_DOCS[a:b], doc_timeout=doc_timeout, batch_size=batch_size):
        x = r.extraction
        if x is not None:
            x = replace(x, doc=replace(x.doc, text=""))
        out.append(replace(r, index=a + r.index, extraction=x, error=None))  # an exception may not pickle
    return out


_WORKER_DOCS: Sequence[SourceDoc] | None = None


def _quiet_worker() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what an interrupt stops
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _pool_stream(ex: Extractor, docs: Sequence[SourceDoc], jobs: int, doc_timeout: float | None,
                 batch_size: int) -> Iterator[DocResult]:
    """``extract_stream`` over ``jobs`` forked worker processes, chunk by chunk, in order."""
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    global _WORKER, _WORKER_DOCS
    _WORKER, _WORKER_DOCS = (ex, doc_timeout, batch_size), docs
    chunks = [(a, min(a + CHUNK_DOCS, len(docs))) for a in range(0, len(docs), CHUNK_DOCS)]
    pool = ProcessPoolExecutor(jobs, mp_context=mp.get_context("fork"), initializer=_quiet_worker)
    done = 0
    try:
        for results in pool.map(_work, chunks):
            for r in results:
                x = r.extraction
                yield replace(r, extraction=replace(x, doc=docs[r.index])) if x is not None else r
            done += 1
    except BrokenProcessPool as exc:  # a worker was killed (out of memory, a crash in native code)
        for a, b in chunks[done:]:
            for k in range(a, b):
                yield DocResult(k, failure=Failure.of(docs[k].identifier, "worker", exc))
    finally:
        for proc in list(getattr(pool, "_processes", {}).values()):  # an interrupt must not wait for them
            proc.terminate()
        pool.shutdown(wait=True, cancel_futures=True)
        _WORKER, _WORKER_DOCS = None, None


class Engine(Protocol):
    """Somewhere else to run extraction (``kg.cluster.DaskEngine``): the documents' results in order,
    as ``extract_stream`` gives them, from workers whose extractor has ``local_fingerprint``."""

    def stream(self, docs: Sequence[SourceDoc], *, local_fingerprint: str | None = None,
               sources: Sequence[MentionSource] = (), batch_size: int = BATCH_SIZE) -> Iterator[DocResult]: ...


def default_jobs() -> int:
    """The number of cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def extract_all(docs: Sequence[SourceDoc], failed: list[Failure] | None = None, *, nlp: Language | None = None,
                sources: Sequence[MentionSource] = (), doc_timeout: float | None = None,
                skipped: list[str] | None = None, jobs: int = 1, batch_size: int = BATCH_SIZE,
                progress: Callable[[int, int], None] | None = None, engine: Engine | None = None) -> list[Extraction]:
    """Run the extractor over documents with one pipeline (the default model, loaded once, unless
    ``nlp``) and the registered rules plus any other mention ``sources``: their paragraphs flow
    through one ``nlp.pipe`` in batches of ``batch_size``, in ``jobs`` processes (forked; the
    extractions are the same for any number).

    With ``failed``, a document whose extraction raises is appended there and left out;
    without it, the error propagates.  A document that takes longer than ``doc_timeout`` seconds
    is left out with one line in ``skipped`` (or raises ``DocTimeout`` without it).  ``progress``
    is called with (documents done, documents in all) as they finish.  With an ``engine``, the
    extraction runs there instead (``jobs`` and ``doc_timeout`` are the engine's business), on workers
    whose extractor must have the fingerprint of this one.
    """
    return list(extract_iter(docs, failed, nlp=nlp, sources=sources, doc_timeout=doc_timeout, skipped=skipped,
                             jobs=jobs, batch_size=batch_size, progress=progress, engine=engine))


def extract_iter(docs: Sequence[SourceDoc], failed: list[Failure] | None = None, *, nlp: Language | None = None,
                 sources: Sequence[MentionSource] = (), doc_timeout: float | None = None,
                 skipped: list[str] | None = None, jobs: int = 1, batch_size: int = BATCH_SIZE,
                 progress: Callable[[int, int], None] | None = None, engine: Engine | None = None) -> Generator[Extraction, None, None]:
    """``extract_all`` one extraction at a time, in the order of ``docs``, as each document is done:
    a caller that keeps only what it needs of each holds no more than a few at once."""
    pipeline = with_gazetteer(nlp) if nlp is not None else make_nlp()
    stream: Iterator[DocResult]
    if engine is not None:
        from .store import extractor_fingerprint

        stream = engine.stream(docs, local_fingerprint=extractor_fingerprint(pipeline, sources), sources=sources,
                               batch_size=batch_size)
    elif jobs > 1 and len(docs) >= 2 * min(jobs, 2) and len(docs) > CHUNK_DOCS:
        stream = _pool_stream(Extractor(pipeline, sources=sources), docs, jobs, doc_timeout, batch_size)
    else:
        stream = extract_stream(Extractor(pipeline, sources=sources), docs, doc_timeout=doc_timeout,
                                batch_size=batch_size)
    for n, r in enumerate(stream, 1):
        if r.extraction is not None:
            yield r.extraction
        elif r.skipped is not None:
            if skipped is None:
                raise DocTimeout
            skipped.append(r.skipped)
        elif r.failure is not None:
            if failed is None:
                raise r.error or StageError(r.failure.stage, RuntimeError(r.failure.message))
            failed.append(r.failure)
        if progress is not None:
            progress(n, len(docs))


T = TypeVar("T")


def graph_of(extractions: Sequence[Extraction], failed: list[Failure] | None = None, *,
             curation: Curation | None = None, warnings: list[str] | None = None) -> Graph:
    """Extractions -> RDF graph, with the ``curation`` applied (its blocks before resolving, the rest
    after; one line per operation left out goes to ``warnings``).  Should resolving or mapping fail,
    each document is tried alone and the ones that fail by themselves are appended to ``failed``
    and left out."""
    return _isolated(lambda exts, notes: to_graph(_curated(exts, curation, notes)), extractions, failed, warnings)


def _isolated(step: Callable[[Sequence[Extraction], list[str]], T], extractions: Sequence[Extraction],
              failed: list[Failure] | None, warnings: list[str] | None) -> T:
    """``step`` over the corpus; should it fail, over the documents that pass it alone (the others
    appended to ``failed``, or the error raised without it).  The notes of the run that counts go to
    ``warnings``."""
    notes: list[str] = []
    try:
        out = step(extractions, notes)
    except Exception:
        if failed is None:
            raise
        notes.clear()
        out = step(_alone_good(extractions, failed), notes)
    if warnings is not None:
        warnings.extend(notes)
    return out


def _curated(exts: Sequence[Extraction], curation: Curation | None, notes: list[str]) -> Resolved:
    """The extractions resolved, with the ``curation`` applied (its notes appended to ``notes``)."""
    if curation is None:
        return resolve(exts)
    kept, blocked = block(exts, curation)
    curated, skipped = apply(resolve(kept), curation)
    notes.extend(blocked + skipped)
    return curated


def _alone_good(extractions: Sequence[Extraction], failed: list[Failure]) -> list[Extraction]:
    """The extractions that resolve and map by themselves; the others appended to ``failed``."""
    good: list[Extraction] = []
    for e in extractions:
        try:
            to_graph(resolve([e]))
        except Exception as exc:
            failed.append(Failure.of(e.doc.identifier, "resolve", exc))
        else:
            good.append(e)
    return good


def resolve_isolated(extractions: Sequence[Extraction], failed: list[Failure] | None = None, *,
                     curation: Curation | None = None, warnings: list[str] | None = None) -> Resolved:
    """What ``graph_of`` does, short of the graph: the resolved (and curated) corpus, checked to map
    to triples (what ``to_graph`` would raise, it raises), with the same isolation of documents."""
    def checked(exts: Sequence[Extraction], notes: list[str]) -> Resolved:
        resolved = _curated(exts, curation, notes)
        for _ in shared_triples(resolved):
            pass
        iri = entity_iris(resolved)
        for x in resolved.extractions:
            for _ in document_triples(x, iri):
                pass
        return resolved

    return _isolated(checked, extractions, failed, warnings)


def build_graph(docs: Sequence[SourceDoc]) -> Graph:
    """Documents -> RDF graph (errors propagate)."""
    return graph_of(extract_all(docs))


def build(paths: Iterable[Path | str], *, max_bytes: int = DEFAULT_MAX_BYTES, nlp: Language | None = None,
          sources: Sequence[MentionSource] = (), doc_timeout: float | None = DEFAULT_DOC_TIMEOUT,
          curation: Curation | Path | str | None = None, jobs: int = 1,
          progress: Callable[[int, int], None] | None = None, engine: Engine | None = None
          ) -> tuple[Graph, BuildReport]:
    """Build the graph of every article under ``paths`` (files or folders of ``.txt``), with the
    default English model unless ``nlp`` is given, and the registered rules plus ``sources``;
    ``curation`` (a curation TOML file, or one loaded with ``load_curation``) corrects the result.
    Extraction runs in ``jobs`` processes (the same graph for any number), or on an ``engine``
    (``kg.cluster.DaskEngine``: the same graph again); ``progress(done, total)`` is called as each
    document is extracted.

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
    pipeline = with_gazetteer(nlp) if nlp is not None else make_nlp()
    extractions = extract_all(docs, failed, nlp=pipeline, sources=sources, doc_timeout=doc_timeout,
                              skipped=timed_out, jobs=jobs, progress=progress, engine=engine)
    skipped.extend(timed_out)
    curation_warnings: list[str] = []
    g = graph_of(extractions, failed, curation=curation, warnings=curation_warnings)
    add_triples(g, build_triples(pipeline))
    lost = {f.file for f in failed} | ({d.identifier for d in docs} - {x.doc.identifier for x in extractions})
    warnings = (tuple(w for d in docs for w in d.warnings) + tuple(w for x in extractions for w in x.warnings)
                + tuple(curation_warnings))
    landed = tuple(d.identifier for d in docs if d.identifier not in lost)
    return g, BuildReport(landed, tuple(skipped), warnings, time.perf_counter() - t0, tuple(failed))
