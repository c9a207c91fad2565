"""Extraction on a Dask cluster: ``kg build --engine dask [--scheduler ADDRESS]``.

The documents are cut into chunks, one task each; a worker runs the very ``extract_stream`` of a
local build on its chunk (one ``nlp.pipe`` over its paragraphs) and returns the chunk's
extractions, without their text.  Each worker process loads the spaCy pipeline once, on its first
task (``make_nlp`` is cached per process, and so is the extractor built on it).  The client puts
the extractions back in the documents' order and resolves and writes them as a local build does,
so the graph is the same, byte for byte.

Workers return extractions, not finished named graphs: an entity's IRI, label and class depend on
every document that names it (the most frequent form, a slug clash), so they can be decided only
once all documents are in.  Resolving and writing stay on the client; they are a small share of a
build (spaCy and the rules are most of it).

Before the first task the client asks every worker for its *extractor fingerprint* (kg's version
and source, the spaCy pipeline and its version, ``kg.store.extractor_fingerprint``) and refuses a
cluster whose workers would extract differently from it.

``dask.distributed`` is imported only here, and this module only when the engine is chosen
(``pip install 'kg[dask]'``).  A document's ``--doc-timeout`` applies only in a local build: a
Dask worker runs its tasks in threads, where no timer can interrupt spaCy.
"""
from __future__ import annotations

import asyncio
import logging
import pickle
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from .errors import EndpointError
from .pipeline import BATCH_SIZE, DocResult, Failure, extract_stream
from .types import SourceDoc

if TYPE_CHECKING:
    from .extract import Extractor
    from .sources import MentionSource

#: Documents per task: small enough that two workers share a corpus evenly, large enough that a
#: task's ``nlp.pipe`` batches fill.
CHUNK_DOCS = 16

_EXTRACTORS: dict[tuple[str | None, bytes], Extractor] = {}  # per worker process


def _extractor(model: str | None, sources: Sequence[MentionSource]) -> Extractor:
    """This process's extractor for ``model`` and ``sources``, made on first use."""
    from .extract import Extractor
    from .nlp import make_nlp

    key = (model, pickle.dumps(tuple(sources)))
    ex = _EXTRACTORS.get(key)
    if ex is None:
        ex = _EXTRACTORS[key] = Extractor(make_nlp(model), sources=sources)
    return ex


def worker_fingerprint(model: str | None, sources: Sequence[MentionSource]) -> str:
    """What ``extractor_fingerprint`` says on a worker (and loads its pipeline on the way)."""
    from .store import extractor_fingerprint

    return extractor_fingerprint(_extractor(model, sources).nlp, sources)


def extract_chunk(model: str | None, sources: Sequence[MentionSource], docs: Sequence[SourceDoc], start: int,
                  batch_size: int) -> list[DocResult]:
    """A task: the results of ``docs`` (the corpus from index ``start``), extractions without text."""
    out = []
    for r in extract_stream(_extractor(model, sources), docs, doc_timeout=None, batch_size=batch_size):
        x = r.extraction
        if x is not None:
            x = replace(x, doc=replace(x.doc, text=""))
        out.append(replace(r, index=start + r.index, extraction=x, error=None))  # an exception may not pickle
    return out


@dataclass(frozen=True, slots=True)
class DaskEngine:
    """Where extraction runs: the Dask scheduler at ``scheduler`` (``tcp://host:8786``), or a
    ``LocalCluster`` of ``workers`` processes (threads with ``processes=False``) made for the build.
    ``model`` is what each worker loads (``make_nlp(model)``: the default English model, an
    installed package or a saved pipeline's path, which must exist on every worker)."""

    scheduler: str | None = None
    model: str | None = None
    workers: int = 2
    processes: bool = True
    chunk_docs: int = CHUNK_DOCS
    connect_timeout: float = 30.0

    def stream(self, docs: Sequence[SourceDoc], *, local_fingerprint: str | None = None,
               sources: Sequence[MentionSource] = (), batch_size: int = BATCH_SIZE) -> Iterator[DocResult]:
        """The documents' results in order (``pipeline.extract_stream``'s contract), each with its
        document (and text) back in place."""
        try:
            import distributed
        except ImportError as exc:
            raise EndpointError("--engine dask needs dask.distributed, which is not installed; "
                                "pip install 'kg[dask]'") from exc
        dist: Any = distributed  # untyped calls
        cluster: Any = None
        try:
            if self.scheduler is None:
                cluster = dist.LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=self.processes,
                                       dashboard_address=None, silence_logs=logging.ERROR)
                client = dist.Client(cluster)
            else:
                client = dist.Client(self.scheduler, timeout=self.connect_timeout)
        except (OSError, TimeoutError, ValueError) as exc:
            if cluster is not None:
                cluster.close()
            where = self.scheduler or "a LocalCluster"
            raise EndpointError(f"cannot reach the Dask scheduler at {where} "
                                f"({' '.join(str(exc).split())[:160]})") from exc
        try:
            yield from self._run(client, docs, local_fingerprint, sources, batch_size)
        finally:
            client.close()
            if cluster is not None:
                cluster.close()

    def _run(self, client: Any, docs: Sequence[SourceDoc], local_fingerprint: str | None,
             sources: Sequence[MentionSource], batch_size: int) -> Iterator[DocResult]:
        if not docs:
            return
        workers = client.scheduler_info()["workers"]
        if not workers:
            client.wait_for_workers(1, timeout=60)
        if local_fingerprint is not None:
            try:
                prints = client.run(worker_fingerprint, self.model, tuple(sources))
            except Exception as exc:  # no kg, or no model, on a worker
                raise EndpointError(f"a Dask worker cannot run kg's extractor ({type(exc).__name__}: "
                                    f"{' '.join(str(exc).split())[:160]}); install the same kg wheel and "
                                    "model on every worker") from exc
            wrong = sorted(w for w, fp in prints.items() if fp != local_fingerprint)
            if wrong:
                raise EndpointError(f"the Dask worker {wrong[0]} (and {len(wrong) - 1} more) runs another kg, "
                                    "spaCy or model than this machine; install the same kg wheel and model "
                                    "on every worker")
        n, run = self.chunk_docs, uuid.uuid4().hex[:12]
        chunks = [(a, list(docs[a:a + n])) for a in range(0, len(docs), n)]
        futures = [client.submit(extract_chunk, self.model, tuple(sources), chunk, a, batch_size, pure=False,
                                 key=f"kg-extract-{run}-{a}") for a, chunk in chunks]
        for (a, chunk), fut in zip(chunks, futures):
            try:
                results: list[DocResult] = fut.result()
            except (Exception, asyncio.CancelledError) as exc:  # a task lost with its worker or scheduler
                for k in range(a, a + len(chunk)):
                    yield DocResult(k, failure=Failure.of(docs[k].identifier, "worker", exc))
                continue
            finally:
                fut.release()
            for r in results:
                x = r.extraction
                yield replace(r, extraction=replace(x, doc=docs[r.index])) if x is not None else r


__all__ = ["DaskEngine", "extract_chunk", "worker_fingerprint"]
