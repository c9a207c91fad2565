"""An on-disk pyoxigraph store of a corpus, one named graph per document, rebuilt incrementally.

A store folder holds::

    oxigraph/        the pyoxigraph (RocksDB) store
    extractions/     one pickled ``Extraction`` per document content (named by the hash below)
    manifest.json    each graph's fingerprint; removed while a build changes the store and
                     written last, so a build that was interrupted makes the next one rewrite
                     every graph (from the extractions: nothing is extracted again)

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
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

import pyoxigraph as ox
from typing import TYPE_CHECKING

from rdflib import Graph
from rdflib.term import Node

from .errors import GraphError, InputError
from .export import write_atomic
from .graph import (BUILD_GRAPH, SHARED_GRAPH, build_triples, doc_iri, document_triples, entity_iris, new_graph,
                    rdf_term, shared_triples)
from .query import Bindings, QueryResult, names_of, ox_term, run_query
from .reader import DEFAULT_MAX_BYTES
from .types import Extraction, Resolved, SourceDoc

if TYPE_CHECKING:  # spaCy and the pipeline are imported by a build only: querying a store needs neither
    from spacy.language import Language

    from .pipeline import BuildReport, Engine
    from .sources import MentionSource

#: ``pipeline.DEFAULT_DOC_TIMEOUT`` (a test holds the two equal), here so that importing the store needs no spaCy.
DEFAULT_DOC_TIMEOUT = 600.0

MANIFEST = "manifest.json"
#: The index of the store's names (labels, alternative labels, document file names) by ``norm`` key,
#: which a binding by name looks up instead of reading every name in the store.
NAMES = "names.sqlite"
#: Document graphs written between two flushes of the store's write buffers.
FLUSH_EVERY = 50
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
    from .pipeline import BuildReport, Failure, extract_all, read_all, resolve_isolated

    t0 = time.perf_counter()
    folder = Path(store_dir)
    _check_store_dir(folder)
    failed: list[Failure] = []
    docs, skipped = read_all([Path(p) for p in paths], max_bytes=max_bytes, failed=failed)
    pipeline = with_gazetteer(nlp) if nlp is not None else make_nlp()
    fingerprint = extractor_fingerprint(pipeline, sources)
    cache = folder / "extractions"
    cache.mkdir(parents=True, exist_ok=True)
    keys = {id(d): content_key(fingerprint, d) for d in docs}
    extractions: list[Extraction] = []
    todo: list[SourceDoc] = []
    for d in docs:
        x = _cached(cache / f"{keys[id(d)]}.pickle")
        if x is None:
            todo.append(d)
        else:
            extractions.append(replace(x, doc=d))
    reused = len(extractions)
    timed_out: list[str] = []
    fresh = extract_all(todo, failed, nlp=pipeline, sources=sources, doc_timeout=doc_timeout, skipped=timed_out,
                        jobs=jobs, progress=progress, engine=engine)
    for x in fresh:
        write_atomic(cache / f"{keys[id(x.doc)]}.pickle",
                     pickle.dumps(replace(x, doc=replace(x.doc, text="")), protocol=pickle.HIGHEST_PROTOCOL))
    extractions.extend(fresh)
    skipped.extend(timed_out)
    resolved = resolve_isolated(extractions, failed)
    (folder / NAMES).unlink(missing_ok=True)  # until this build has written it again
    written, removed, quads = _update(folder, resolved.extractions, resolved, keys, _build_quads(pipeline))
    _write_names(folder)
    kept = {f"{keys[id(x.doc)]}.pickle" for x in extractions}
    for f in cache.glob("*.pickle"):
        if f.name not in kept:
            f.unlink()
    lost = {f.file for f in failed} | ({d.identifier for d in docs} - {x.doc.identifier for x in extractions})
    warnings = tuple(w for d in docs for w in d.warnings) + tuple(w for x in extractions for w in x.warnings)
    landed = tuple(d.identifier for d in docs if d.identifier not in lost)
    report = BuildReport(landed, tuple(skipped), warnings, time.perf_counter() - t0, tuple(failed))
    return StoreBuild(report, len(fresh), reused, removed, written, quads)


def _write_names(folder: Path) -> None:
    """Write the store's index of names (``NAMES``): what ``query.names_of`` finds in it, by key."""
    store = ox.Store.read_only(str(folder / "oxigraph"))
    names = names_of(store, union=True)
    del store
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


def _update(folder: Path, extractions: Sequence[Extraction], resolved: Resolved, keys: dict[int, str],
            build: list[tuple[Node, Node, Node]]) -> tuple[int, int, int]:
    """Bring the store's graphs to what ``resolved`` says; (graphs written, documents dropped, quads)."""
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
    iri = entity_iris(resolved)
    new: dict[str, tuple[str, Extraction]] = {}
    for x in extractions:
        d = doc_iri(x.doc)
        refs = sorted({str(iri[m.entity]) for m in x.mentions} | {str(iri[r.subject]) for r in x.relations}
                      | {str(iri[r.object]) for r in x.relations})
        fp = hashlib.sha256("\x1f".join([keys[id(x.doc)], str(d), *refs]).encode()).hexdigest()
        new[str(d)] = (fp, x)
    present = {g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)}
    removed = 0
    for g in sorted(present - set(new) - {SHARED_GRAPH, BUILD_GRAPH}):
        store.remove_graph(ox.NamedNode(g))
        removed += 1
    written = 0
    for g, (fp, x) in new.items():
        if old.get(g) == fp and g in present:
            continue
        node = ox.NamedNode(g)
        if g in present:
            store.remove_graph(node)
        store.extend(_Terms().quads(document_triples(x, iri), node))  # terms of one graph at a time
        written += 1
        if written % FLUSH_EVERY == 0:
            store.flush()  # RocksDB's write buffers to disk: its memory stays bounded
    for name, triples in ((SHARED_GRAPH, shared_triples(resolved)), (BUILD_GRAPH, build)):
        node = ox.NamedNode(name)
        want = set(_Terms().quads(triples, node))
        have = set(store.quads_for_pattern(None, None, None, node))
        for q in have - want:
            store.remove(q)
        store.extend(want - have)
        written += bool(want ^ have)
    store.flush()
    quads = len(store)
    del store
    write_atomic(manifest_path, json.dumps({"format": STORE_FORMAT, "graphs": {g: fp for g, (fp, _x) in
                                                                                sorted(new.items())}},
                                           indent=0).encode("utf-8"))
    return written, removed, quads


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
        or by a build that did not finish: a binding by name then reads the names from the store)."""
        if not self._names:
            try:
                self._names.append(_NameIndex(self.path / NAMES) if (self.path / NAMES).is_file() else None)
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
