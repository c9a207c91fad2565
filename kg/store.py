"""An on-disk pyoxigraph store of a corpus, one named graph per document, rebuilt incrementally.

A store folder holds::

    oxigraph/        the pyoxigraph (RocksDB) store
    extractions/     one pickled ``Extraction`` per document content (named by the hash below)
    manifest.json    each graph's fingerprint; removed while a build changes the store and
                     written last, so a build that was interrupted makes the next one rewrite
                     every graph (from the extractions: nothing is extracted again)
    names.sqlite     the names of the store by ``norm`` key, for bindings by name; written before
                     the manifest by a build that changed the store (read only beside a manifest)

and its graphs are:

- ``kgid:doc/<key>`` (the document's own IRI), one per document: the ``kg:Document``, its
  mentions and the evidence statements of its relations; every subject is the document or a
  node named after it, so no two documents' graphs share a triple.
- ``kgid:graph/shared``: every entity's description (class, label, alternative labels,
  attributes) and the relations between entities, once each.  Both depend on all the documents
  (the label is the most frequent form, a slug clash renames one class), so they are computed
  again at every build from every document's extraction: removing a document removes what only
  it said and relabels nothing it did not name, and never leaves an entity without its class or
  label while another document names it.
- ``kgid:graph/build``: the build's ``prov:Activity`` (``graph.build_triples``).

Queries see the union of the named graphs as their default graph, and that union is, triple for
triple, the graph ``kg build`` writes as Turtle.

A document is extracted again only when its content hash changes: the hash covers its name,
text, encoding and the *extractor fingerprint* (kg's version and source files, the spaCy
pipeline's name, version and components, the extra mention sources), so that a new rule or
model re-extracts everything.
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
import sqlite3
import time
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from contextlib import closing
from itertools import islice
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

import pyoxigraph as ox
from typing import TYPE_CHECKING

from rdflib import Graph
from rdflib.term import Node

from .errors import GraphError, InputError
from .export import write_atomic
from .graph import (BUILD_GRAPH, SHARED_GRAPH, RelationKey, build_triples, doc_iri, document_triples,
                    entity_iris, new_graph, rdf_term, shared_triples, to_graph)
from .query import Bindings, QueryResult, names_of, ox_term, run_query
from .reader import DEFAULT_MAX_BYTES
from .resolve import Corpus, resolve
from .types import EntityKey, Extraction, Resolved, SourceDoc

if TYPE_CHECKING:  # spaCy and the pipeline are imported by a build only: querying a store needs neither
    from spacy.language import Language

    from .pipeline import BuildReport, Engine, Failure
    from .sources import MentionSource

#: ``pipeline.DEFAULT_DOC_TIMEOUT`` (a test holds the two equal), here so that importing the store needs no spaCy.
DEFAULT_DOC_TIMEOUT = 600.0

MANIFEST = "manifest.json"
#: The index of the store's names (labels, alternative labels, document file names) by ``norm`` key,
#: which a binding by name looks up instead of reading every name in the store.
NAMES = "names.sqlite"
#: Document graphs written between two flushes of the store's write buffers.
FLUSH_EVERY = 50
#: Quads in one transaction when a large graph is written (a transaction is held in memory).
WRITE_BATCH = 5000
STORE_FORMAT = 1


@dataclass(frozen=True, slots=True)
class StoreBuild:
    """What a store build did: its report, and how many documents it extracted, took from the
    cache or dropped, and how many graphs it wrote."""

    report: BuildReport
    extracted: int
    reused: int
    removed: int
    graphs_written: int
    quads: int


def extractor_fingerprint(nlp: Language, sources: Sequence[MentionSource] = ()) -> str:
    """A hash of everything an extraction depends on besides the document: kg's version, source
    files and data, the spaCy pipeline (name, version, components) and the other mention sources."""
    from . import __version__

    h = hashlib.sha256(f"{STORE_FORMAT}\x1f{__version__}\x1f{nlp.meta.get('name')}\x1f{nlp.meta.get('version')}"
                       f"\x1f{','.join(nlp.pipe_names)}\x1f{','.join(s.name for s in sources)}".encode())
    root = resources.files("kg")
    files = sorted(p for p in Path(str(root)).rglob("*") if p.is_file() and p.suffix in (".py", ".toml", ".jsonl"))
    for p in files:
        h.update(p.relative_to(Path(str(root))).as_posix().encode() + b"\x00" + p.read_bytes())
    return h.hexdigest()


def content_key(fingerprint: str, doc: SourceDoc) -> str:
    """The cache key of a document's extraction."""
    return hashlib.sha256("\x1f".join((fingerprint, doc.identifier, doc.encoding, doc.text)).encode()).hexdigest()


def build_store(paths: Iterable[Path | str], store_dir: Path | str, *, max_bytes: int = DEFAULT_MAX_BYTES,
                nlp: Language | None = None, sources: Sequence[MentionSource] = (),
                doc_timeout: float | None = DEFAULT_DOC_TIMEOUT, jobs: int = 1,
                progress: Callable[[int, int], None] | None = None, engine: Engine | None = None) -> StoreBuild:
    """Build, or bring up to date, the store in ``store_dir`` with every article under ``paths``:
    only new or changed documents are extracted, removed ones are dropped, and the store ends
    as a clean build of the same articles would make it.

    >>> import tempfile, pathlib
    >>> tmp = pathlib.Path(tempfile.mkdtemp()); _ = (tmp / "a.txt").write_text(" date 2024-01-02 Beijing acts.")
    >>> first = build_store([tmp], tmp / "store")
    >>> again = build_store([tmp], tmp / "store")
    >>> (first.extracted, again.extracted, again.reused, again.graphs_written)
    (1, 0, 1, 0)
    """
    from .nlp import make_nlp, with_gazetteer
    from .pipeline import BuildReport, extract_iter, read_all

    t0 = time.perf_counter()
    folder = Path(store_dir)
    _check_store_dir(folder)
    failed: list[Failure] = []
    docs, skipped = read_all([Path(p) for p in paths], max_bytes=max_bytes, failed=failed)
    pipeline = with_gazetteer(nlp) if nlp is not None else make_nlp()
    fingerprint = extractor_fingerprint(pipeline, sources)
    cache = folder / "extractions"
    cache.mkdir(parents=True, exist_ok=True)
    # Pass 1: each document's extraction, from the cache or extracted (and cached), is added to the
    # corpus and dropped; what stays of it is a _Doc of a few hundred bytes.
    timed_out: list[str] = []
    gathered, reused = _gather(docs, cache, fingerprint, lambda todo: extract_iter(
        todo, failed, nlp=pipeline, sources=sources, doc_timeout=doc_timeout, skipped=timed_out, jobs=jobs,
        progress=progress, engine=engine))
    extracted = len(gathered.docs) - reused
    skipped.extend(timed_out)
    docs = [replace(d, text="") for d in docs]  # the texts are no longer needed
    # Pass 2: resolve the corpus, write each changed document's graph from its cached extraction.
    written, removed, quads = _update(folder, gathered, cache, _build_quads(pipeline), failed)
    kept = {f"{d.key}.pickle" for d in gathered.docs}
    for f in cache.glob("*.pickle"):
        if f.name not in kept:
            f.unlink()
    lost = {f.file for f in failed} | ({d.identifier for d in docs} - {r.doc.identifier for r in gathered.docs})
    warnings = tuple(w for d in docs for w in d.warnings) + tuple(w for r in gathered.docs for w in r.warnings)
    landed = tuple(d.identifier for d in docs if d.identifier not in lost)
    report = BuildReport(landed, tuple(skipped), warnings, time.perf_counter() - t0, tuple(failed))
    return StoreBuild(report, extracted, reused, removed, written, quads)


def _gather(docs: Sequence[SourceDoc], cache: Path, fingerprint: str,
            extract: Callable[[list[SourceDoc]], Generator[Extraction, None, None]]) -> tuple[_Gathered, int]:
    """Pass 1 of a store build: every document's extraction from the cache, or from ``extract`` (and
    then written to the cache), added to a ``_Gathered`` and dropped; with how many came from the cache."""
    gathered = _Gathered()
    keys: dict[int, str] = {}
    todo: list[SourceDoc] = []
    for d in docs:
        key = content_key(fingerprint, d)
        cached = _cached(cache / f"{key}.pickle")
        if cached is None:
            todo.append(d)
            keys[id(d)] = key
        else:
            gathered.add(replace(cached, doc=d), key)
    reused = len(gathered.docs)
    with closing(extract(todo)) as fresh:
        for x in fresh:
            key = keys[id(x.doc)]
            write_atomic(cache / f"{key}.pickle",
                         pickle.dumps(replace(x, doc=replace(x.doc, text="")), protocol=pickle.HIGHEST_PROTOCOL))
            gathered.add(x, key)
    return gathered, reused


def _write_names(folder: Path, store: ox.Store) -> None:
    """Write the store's index of names (``NAMES``): what ``query.names_of`` finds in it, by key."""
    names = names_of(store, union=True)
    tmp = folder / f"{NAMES}.tmp"
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    try:
        con.execute("CREATE TABLE names (key TEXT NOT NULL, iri TEXT NOT NULL, name TEXT NOT NULL)")
        con.executemany("INSERT INTO names VALUES (?, ?, ?)",
                        ((key, iri, name) for key, rows in sorted(names.items()) for iri, name in rows))
        con.execute("CREATE INDEX names_by_key ON names (key)")
        con.commit()
    finally:
        con.close()
    os.replace(tmp, folder / NAMES)


class _NameIndex(Mapping[str, "list[tuple[str, str]]"]):
    """A store's index of names, read from its SQLite file as keys are asked for."""

    def __init__(self, path: Path) -> None:
        self.con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)

    def __getitem__(self, key: str) -> list[tuple[str, str]]:
        rows = self.con.execute("SELECT iri, name FROM names WHERE key = ? ORDER BY iri, name", (key,)).fetchall()
        if not rows:
            raise KeyError(key)
        return [(str(iri), str(name)) for iri, name in rows]

    def __iter__(self) -> Iterator[str]:
        return (str(k) for (k,) in self.con.execute("SELECT DISTINCT key FROM names ORDER BY key"))

    def __len__(self) -> int:
        return int(self.con.execute("SELECT COUNT(DISTINCT key) FROM names").fetchone()[0])


def _check_store_dir(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{folder}: is a file, not a folder; give --store a folder")
    if folder.is_dir() and any(folder.iterdir()) and not (folder / "oxigraph").is_dir():
        raise InputError(f"{folder}: is not a kg store (no oxigraph/ inside) and not empty; give --store a new "
                         "or empty folder, or one kg made")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{folder}: cannot make the store there ({exc.strerror or exc})") from exc


def _cached(path: Path) -> Extraction | None:
    try:
        with path.open("rb") as fh:
            x = pickle.load(fh)
    except FileNotFoundError:
        return None
    except Exception:  # a damaged or foreign file: extract again
        return None
    return x if isinstance(x, Extraction) else None


class _Terms:
    """rdflib terms -> pyoxigraph terms, each converted once."""

    def __init__(self) -> None:
        self.cache: dict[Node, ox.NamedNode | ox.BlankNode | ox.Literal] = {}

    def quads(self, triples: Iterable[tuple[Node, Node, Node]], graph: ox.NamedNode) -> Iterator[ox.Quad]:
        c = self.cache
        for s, p, o in triples:
            for t in (s, p, o):
                if t not in c:
                    c[t] = ox_term(t)
            yield ox.Quad(c[s], c[p], c[o], graph)  # type: ignore[arg-type]


def _build_quads(nlp: Language) -> list[tuple[Node, Node, Node]]:
    return list(build_triples(nlp))


@dataclass(frozen=True, slots=True)
class _Doc:
    """What a store build keeps of one document between its two passes: the document without its
    text, the cache key of its extraction, the entities it refers to (the corpus's own key objects)
    and its warnings."""

    doc: SourceDoc
    key: str
    refs: tuple[EntityKey, ...]
    warnings: tuple[str, ...]


class _Gathered:
    """Pass 1 of a store build: every document's ``_Doc``, and what resolving the corpus needs (a
    ``Corpus`` and the distinct relations between entities), added one extraction at a time.
    ``error`` is what adding one raised (the corpus is then incomplete, and the build tries each
    document alone, as ``pipeline.resolve_isolated`` does)."""

    def __init__(self) -> None:
        self.corpus = Corpus()
        self.relations: set[RelationKey] = set()
        self.docs: list[_Doc] = []
        self.error: Exception | None = None

    def add(self, x: Extraction, key: str) -> None:
        refs: tuple[EntityKey, ...] = ()
        if self.error is None:
            try:
                self.corpus.add(x)
                k = self.corpus.key
                self.relations.update((k(r.subject), r.predicate, k(r.object)) for r in x.relations)
                refs = tuple({k(m.entity) for m in x.mentions} | {k(r.subject) for r in x.relations}
                             | {k(r.object) for r in x.relations})
            except Exception as exc:
                self.error = exc
        self.docs.append(_Doc(replace(x.doc, text=""), key, refs, x.warnings))


class _CacheLost(GraphError):
    """A cached extraction went missing while the build ran (not a fault of the document)."""


def _load(cache: Path, d: _Doc) -> Extraction:
    """The extraction of ``d`` from the cache, with its document as this build read it."""
    x = _cached(cache / f"{d.key}.pickle")
    if x is None:
        raise _CacheLost(f"{cache}: the extraction of {d.doc.identifier} went missing during the build; "
                         "build again")
    return replace(x, doc=d.doc)


def _update(folder: Path, gathered: _Gathered, cache: Path,
            build: list[tuple[Node, Node, Node]], failed: list[Failure]) -> tuple[int, int, int]:
    """Resolve the corpus and bring the store's graphs to it; (graphs written, documents dropped, quads).

    Should resolving the corpus or mapping a document raise, each document is tried alone (from its
    cached extraction) and those that fail alone are appended to ``failed`` and left out, as
    ``pipeline.resolve_isolated`` does for a graph file."""
    manifest_path = folder / MANIFEST
    try:
        old: dict[str, str] = json.loads(manifest_path.read_text("utf-8")).get("graphs", {})
    except (OSError, ValueError):
        old = {}
    manifest_path.unlink(missing_ok=True)  # until this build has finished
    try:
        store = ox.Store(str(folder / "oxigraph"))
    except OSError as exc:
        raise InputError(f"{folder}: cannot open the store ({' '.join(str(exc).split())[:160]}); is another kg "
                         "build writing it?") from exc
    present = {g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)}
    held = {g: fp for g, fp in old.items() if g in present}  # what each document graph is known to hold
    written: set[str] = set()
    try:
        if gathered.error is not None:
            raise gathered.error
        new, resolved = _write_documents(store, gathered, cache, present, held, written)
    except _CacheLost:
        raise
    except Exception:
        gathered = _alone_good(gathered, cache, failed)
        new, resolved = _write_documents(store, gathered, cache, present, held, written)  # raises if it fails again
    removed = 0
    for g in sorted(present - set(new) - {SHARED_GRAPH, BUILD_GRAPH}):
        store.remove_graph(ox.NamedNode(g))
        removed += 1
    changed = sum((_replace_graph(store, SHARED_GRAPH, lambda: shared_triples(resolved, gathered.relations)),
                   _replace_graph(store, BUILD_GRAPH, lambda: build)))
    store.flush()
    if written or removed or changed or not (folder / NAMES).is_file():
        _write_names(folder, store)  # before the manifest: a store with a manifest has its names' index
    quads = len(store)
    del store
    write_atomic(manifest_path, json.dumps({"format": STORE_FORMAT, "graphs": dict(sorted(new.items()))},
                                           indent=0).encode("utf-8"))
    return len(written) + changed, removed, quads


def _alone_good(gathered: _Gathered, cache: Path, failed: list[Failure]) -> _Gathered:
    """The documents that resolve and map by themselves, gathered again; the others appended to
    ``failed`` (``pipeline._alone_good``, from the cache)."""
    from .pipeline import Failure

    good = _Gathered()
    for d in gathered.docs:
        x = _load(cache, d)
        try:
            to_graph(resolve([x]))
        except Exception as exc:
            failed.append(Failure.of(d.doc.identifier, "resolve", exc))
        else:
            good.add(x, d.key)
    if good.error is not None:
        raise good.error
    return good


def _write_documents(store: ox.Store, gathered: _Gathered, cache: Path, present: set[str], held: dict[str, str],
                     written: set[str]) -> tuple[dict[str, str], Resolved]:
    """Resolve the gathered corpus and write the graph of each document whose fingerprint changed,
    one at a time from its cached extraction; the fingerprint of every document's graph, and the
    resolved entities.  Whatever raises (resolving, the shared triples, a document's triples) raises
    before the store is touched for it; ``present``, ``held`` and ``written`` follow each write.

    A document whose graph is unchanged (its content, IRI and the IRIs it refers to are those of
    the graph a finished build wrote) is not read again: it maps to the same triples again."""
    resolved = Resolved(entities=gathered.corpus.entities())
    for _ in shared_triples(resolved, gathered.relations):  # what would raise, raises before any write
        pass
    iri = entity_iris(resolved)
    new: dict[str, str] = {}
    for d in gathered.docs:
        g = str(doc_iri(d.doc))
        refs = sorted({str(iri[k]) for k in d.refs})
        fp = hashlib.sha256("\x1f".join([d.key, g, *refs]).encode()).hexdigest()
        new[g] = fp
        if held.get(g) == fp:
            continue
        node = ox.NamedNode(g)
        quads = list(_Terms().quads(document_triples(_load(cache, d), iri), node))  # terms of one graph at a time
        if g in present:
            store.remove_graph(node)
        store.extend(quads)
        present.add(g)
        held[g] = fp
        written.add(g)
        if len(written) % FLUSH_EVERY == 0:
            store.flush()  # RocksDB's write buffers to disk: its memory stays bounded
    return new, resolved


def _replace_graph(store: ox.Store, name: str, triples: Callable[[], Iterable[tuple[Node, Node, Node]]]) -> bool:
    """Make the named graph ``name`` hold exactly the ``triples()`` (duplicates allowed); whether it changed.

    A new or empty graph is written as the triples come.  Otherwise a digest of each wanted quad is
    kept (16 bytes, not the quad: the shared graph of a large corpus holds every entity and relation),
    one pass over the graph in the store removes what is not wanted and ticks off what is, and the
    triples are made again to write those not ticked off.  Writes go in batches of ``WRITE_BATCH``
    quads, each flushed, so that neither a transaction nor RocksDB's write buffers grow with the graph."""
    node = ox.NamedNode(name)
    if next(iter(store.quads_for_pattern(None, None, None, node)), None) is None:
        _extend(store, _Terms().quads(triples(), node))
        return next(iter(store.quads_for_pattern(None, None, None, node)), None) is not None
    want = {_digest(q) for q in _Terms().quads(triples(), node)}
    stale = []
    for q in store.quads_for_pattern(None, None, None, node):
        d = _digest(q)
        if d in want:
            want.remove(d)
        else:
            stale.append(q)
    for k, q in enumerate(stale, 1):
        store.remove(q)
        if k % WRITE_BATCH == 0:
            store.flush()
    if want:  # the quads the store lacks
        _extend(store, (q for q in _Terms().quads(triples(), node) if _digest(q) in want))
    return bool(stale or want)


def _digest(q: ox.Quad) -> bytes:
    """A 128-bit digest of a quad (of its N-Quads form: equal quads, equal digests)."""
    return hashlib.blake2b(str(q).encode("utf-8"), digest_size=16).digest()


def _extend(store: ox.Store, quads: Iterable[ox.Quad]) -> None:
    """``store.extend`` in transactions of ``WRITE_BATCH`` quads, each flushed to disk."""
    it = iter(quads)
    while batch := list(islice(it, WRITE_BATCH)):
        store.extend(batch)
        store.flush()


@dataclass(frozen=True, slots=True)
class Store:
    """A kg store opened for reading: query it where it lies (the default graph of a query is the
    union of the store's named graphs), or materialise it.

    >>> import tempfile, pathlib
    >>> tmp = pathlib.Path(tempfile.mkdtemp()); _ = (tmp / "a.txt").write_text(" date 2024-01-02 Hefei "
    ...     "will develop biomedicine.")
    >>> _ = build_store([tmp], tmp / "store")
    >>> Store.open(tmp / "store").query("SELECT ?l WHERE { ?s kg:prioritizes ?o . ?o rdfs:label ?l }").rows
    (('biomedicine',),)
    """

    path: Path
    _handle: list[ox.Store] = field(default_factory=list, repr=False, compare=False)
    _names: list[_NameIndex | None] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def open(cls, path: Path | str) -> Store:
        """The store in folder ``path`` (made by ``build_store`` or ``kg build --store``)."""
        folder = Path(path)
        if not (folder / "oxigraph").is_dir():
            raise GraphError(f"{folder}: no kg store there; make one with `kg build --store {folder} ...`")
        return cls(folder)

    @property
    def oxstore(self) -> ox.Store:
        """The pyoxigraph store, opened read-only on first use."""
        if not self._handle:
            try:
                self._handle.append(ox.Store.read_only(str(self.path / "oxigraph")))
            except OSError as exc:
                raise GraphError(f"{self.path}: cannot open the store ({' '.join(str(exc).split())[:160]})") from exc
        return self._handle[0]

    def query(self, sparql: str, *, bindings: Bindings | None = None, timeout: float | None = None,
              max_memory: int | None = None, allow_network: bool = False) -> QueryResult:
        """A read-only SPARQL query (bundled name, ``.rq`` file or text) over the union of the graphs."""
        return run_query(self.oxstore, sparql, bindings=bindings, timeout=timeout, max_memory=max_memory,
                         allow_network=allow_network, union=True, names=self.names())

    def names(self) -> Mapping[str, list[tuple[str, str]]] | None:
        """The store's index of names by ``norm`` key (``None`` for a store made before there was one,
        or by a build that did not finish, which leaves no manifest: a binding by name then reads the
        names from the store)."""
        if not self._names:
            index = self.path / NAMES
            try:
                self._names.append(_NameIndex(index) if index.is_file() and (self.path / MANIFEST).is_file() else None)
            except sqlite3.Error:
                self._names.append(None)
        return self._names[0]

    def quads(self) -> list[ox.Quad]:
        """Every quad, in a fixed order (graph, subject, predicate, object)."""
        return sorted(self.oxstore.quads_for_pattern(None, None, None, None), key=_quad_key)

    def graph(self) -> Graph:
        """The union of the named graphs as an rdflib graph (what ``kg build`` writes as Turtle)."""
        g = new_graph()
        g.addN((rdf_term(q.subject), rdf_term(q.predicate), rdf_term(q.object), g)
               for q in self.oxstore.quads_for_pattern(None, None, None, None))
        return g


def _quad_key(q: ox.Quad) -> tuple[str, str, str, str]:
    return (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object))


__all__ = ["Store", "StoreBuild", "build_store", "extractor_fingerprint", "content_key"]
