"""Records -> rdflib Graph: the one module that maps extraction records to ontology terms.

Entities get ``kgid:<slug>``; documents ``kgid:doc/<file stem>``; each mention a
``kg:Mention`` and each relation, besides its plain triple, an ``rdf:Statement``
derived from the document with the sentence, offsets and rule.  Background
knowledge (a city in its country) is asserted without evidence.
"""
from __future__ import annotations

import gc
import hashlib
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD
from rdflib.plugins.stores.memory import Memory
from rdflib.term import Node

from .errors import GraphError, KGError
from .namespaces import KG, KGID, term
from .types import CurationRecord, Entity, EntityKey, Extraction, Relation, Resolved, SourceDoc

_XSD_STRING = str(XSD.string)
#: The start of the evidence sentence of a relation a curation file adds (its ``kg:rule`` is ``curation``).
CURATED = "[curated] "


def doc_iri(doc: SourceDoc) -> URIRef:
    """``kgid:doc/<stem>``, percent-encoded so that any file name gives a valid IRI.

    >>> str(doc_iri(SourceDoc("000_a b.txt", "x")))
    'https://w3id.org/policykg/id/doc/000_a%20b'
    """
    return URIRef(str(KGID) + "doc/" + quote(doc.key or doc_stem(doc.identifier), safe="-_.~"))


def doc_stem(name: str) -> str:
    """A file name without its extension: the usual IRI segment of its document."""
    return name.rsplit(".", 1)[0] if "." in name else name


def entity_iri(entity: Entity) -> URIRef:
    """``kgid:<slug>``."""
    return URIRef(str(KGID) + entity.slug)


def _hash(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]


class BufferedMemory(Memory):
    """rdflib's in-memory store that takes a build's triples into a plain list first and indexes them
    only when something reads the store (``triples``, ``len``, a query, an edit).

    Indexing is most of what an rdflib graph costs to make (about 20 µs a triple); a ``kg build`` that
    only writes Turtle and prints its counts never needs the indexes: ``kg.export.fast_turtle`` and
    ``kg.analytics.counts`` read ``buffered(g)`` instead.  Every other use of the graph sees an
    ordinary rdflib graph, the same triples.
    """

    def __init__(self, configuration: str | None = None, identifier: Any = None) -> None:
        super().__init__(configuration, identifier)
        self._buffer: list[Triple] | None = []
        self._graph: Graph | None = None
        self._grouped: Grouped | None = None

    def extend(self, graph: Graph, triples: Iterable[Triple]) -> None:
        """Add ``triples`` (which may repeat) to ``graph``, whose store this is."""
        if self._buffer is None:
            graph.addN((s, p, o, graph) for s, p, o in triples)
        else:
            self._graph = graph
            self._buffer.extend(triples)
            self._grouped = None

    def pending(self) -> list[Triple] | None:
        """Every triple of the store (duplicates possible) while nothing has indexed them, else None."""
        return self._buffer

    def grouped(self) -> Grouped | None:
        """``grouped`` of the buffer (made once) while there is one, else None."""
        if self._buffer is None:
            return None
        if self._grouped is None:
            self._grouped = grouped(self._buffer)
        return self._grouped

    def _flush(self) -> None:
        buffer, graph = self._buffer, self._graph
        self._buffer, self._grouped = None, None
        if buffer and graph is not None:
            graph.addN((s, p, o, graph) for s, p, o in buffer)

    def add(self, triple: Any, context: Any, quoted: bool = False) -> None:  # noqa: D102
        self._flush()
        super().add(triple, context, quoted)

    def remove(self, triple: Any, context: Any = None) -> None:  # noqa: D102
        self._flush()
        super().remove(triple, context)

    def triples(self, triple_pattern: Any, context: Any = None) -> Any:  # noqa: D102
        self._flush()
        return super().triples(triple_pattern, context)

    def __len__(self, context: Any = None) -> int:
        self._flush()
        return super().__len__(context)

    def contexts(self, triple: Any = None) -> Any:  # noqa: D102
        self._flush()
        return super().contexts(triple)

    def add_graph(self, graph: Any) -> None:  # noqa: D102
        self._flush()
        super().add_graph(graph)

    def remove_graph(self, graph: Any) -> None:  # noqa: D102
        self._flush()
        super().remove_graph(graph)

    def query(self, *args: Any, **kwargs: Any) -> Any:  # noqa: D102
        self._flush()
        return super().query(*args, **kwargs)

    def update(self, *args: Any, **kwargs: Any) -> Any:  # noqa: D102
        self._flush()
        return super().update(*args, **kwargs)


def buffered(g: Graph) -> Grouped | None:
    """The triples of ``g`` grouped by subject and predicate (``grouped``) when ``g`` was made by
    ``to_graph`` and nothing has read it yet, else None: what reads a whole new graph once (its
    Turtle, its counts) reads this instead of making rdflib index it."""
    store = g.store
    return store.grouped() if isinstance(store, BufferedMemory) else None


#: Triples grouped: subject -> predicate -> its objects, each once, in the order first added.
Grouped = dict[Node, dict[Node, list[Node]]]


def grouped(triples: Iterable[tuple[Node, Node, Node]]) -> Grouped:
    """Triples grouped by subject and predicate, each triple once (terms compared as rdflib compares them).

    >>> x, p = URIRef("urn:x"), URIRef("urn:p")
    >>> grouped([(x, p, Literal(1)), (x, p, Literal(2)), (x, p, Literal(1))])[x][p]
    [rdflib.term.Literal('1', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer')), rdflib.term.Literal('2', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))]
    """
    props: Grouped = {}
    for s, p, o in triples:
        by_p = props.get(s)
        if by_p is None:
            props[s] = {p: [o]}
            continue
        objs = by_p.get(p)
        if objs is None:
            by_p[p] = [o]
        else:
            objs.append(o)
    for by_p in props.values():
        for p, objs in by_p.items():
            if len(objs) > 1:
                by_p[p] = list(dict.fromkeys(objs))
    return props


def new_graph(*, buffered: bool = False) -> Graph:
    """An empty graph with kg's prefixes bound (on a ``BufferedMemory`` store when ``buffered``)."""
    g = Graph(store=BufferedMemory()) if buffered else Graph()
    for prefix, ns in (("kg", KG._NS), ("kgid", KGID), ("skos", SKOS), ("dcterms", DCTERMS), ("prov", PROV),
                       ("owl", OWL), ("xsd", XSD), ("rdfs", RDFS)):
        g.bind(prefix, ns, replace=True)
    return g


def _not_a_literal_conversion(record: logging.LogRecord) -> bool:
    return not record.getMessage().startswith("Failed to convert Literal lexical form to value")


@contextmanager
def quiet_literals() -> Iterator[None]:
    """Keep rdflib from logging a multi-line traceback for each ill-typed literal it reads
    (``"2024-13-45"^^xsd:date``, ``"abc"^^xsd:integer``).

    Such a literal keeps its lexical form, so reading the graph is not affected; ``kg validate``
    reports it as a violation of its shape.  Only that one message of ``rdflib.term`` is dropped.
    """
    logger = logging.getLogger("rdflib.term")
    logger.addFilter(_not_a_literal_conversion)
    try:
        yield
    finally:
        logger.removeFilter(_not_a_literal_conversion)


def load_graph(path: Path) -> Graph:
    """Parse a kg graph file (Turtle, or N-Triples for ``.nt``); a missing or malformed file is a
    ``GraphError`` with one line that says what to do.

    pyoxigraph parses (in Rust, about 50 times faster than rdflib's Turtle parser) and each
    distinct term becomes one rdflib term, shared by every triple that uses it: a graph of a
    million triples loads in about 20 s and 0.8 GB instead of 50 s and 1.4 GB.  A literal typed
    ``xsd:string`` is read as a plain literal, as RDF 1.1 says they are the same.
    """
    if not path.is_file():
        raise GraphError(f"{path}: no such graph file; build one with `kg build` or pass --graph")
    g = new_graph()
    fmt = ox.RdfFormat.N_TRIPLES if path.suffix == ".nt" else ox.RdfFormat.TURTLE
    terms: dict[object, Node] = {}

    def rdf(t: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Node:
        node = terms.get(t)
        if node is None:
            if isinstance(t, ox.NamedNode):
                node = URIRef(t.value)
            elif isinstance(t, ox.BlankNode):
                node = BNode(t.value)
            elif isinstance(t, ox.Literal):
                dt = t.datatype.value
                node = Literal(t.value, lang=t.language,
                               datatype=None if t.language or dt == _XSD_STRING else URIRef(dt))
            else:
                raise GraphError(f"{path}: holds an RDF-star triple term, which kg does not read")
            terms[t] = node
        return node

    collecting = gc.isenabled()
    gc.disable()  # millions of new objects and no cycles: the collector would scan them again and again
    try:
        with quiet_literals():
            parser = ox.parse(path=str(path), format=fmt, base_iri=path.resolve().as_uri())
            g.addN((rdf(q.subject), rdf(q.predicate), rdf(q.object), g) for q in parser)
    except KGError:
        raise
    except Exception as exc:  # a syntax error, bad UTF-8, an unreadable file: all mean the same here
        detail = " ".join(str(exc).split())[:160]
        raise GraphError(f"{path}: not a readable Turtle graph ({detail}); rebuild it") from exc
    finally:
        if collecting:
            gc.enable()
    for prefix, ns in parser.prefixes.items():
        g.bind(prefix, ns, override=False)
    return g


Triple = tuple[URIRef, URIRef, Node]

#: The named graph of a store that holds what belongs to no one document (``kg.store``).
SHARED_GRAPH = f"{KGID}graph/shared"
#: The named graph of a store that holds the build's provenance.
BUILD_GRAPH = f"{KGID}graph/build"
#: The build activity: one IRI, the same on every run, so that the graph stays deterministic.
BUILD_ACTIVITY = URIRef(f"{KGID}build")
ONTOLOGY_IRI = URIRef("https://w3id.org/policykg/ontology")


def build_triples(nlp: object) -> Iterator[Triple]:
    """The build's provenance, with no timestamp (the output stays byte-identical): a
    ``prov:Activity`` associated with kg (a ``prov:SoftwareAgent`` with its version) that used the
    spaCy pipeline (name and version) and the ontology (its ``owl:versionInfo``).

    >>> import spacy
    >>> sorted(str(o) for _s, p, o in build_triples(spacy.blank("en")) if p == RDFS.label)[:2]
    ['kg 0.1.0', 'kg build']
    """
    from . import __version__
    from .validate import ontology_version

    meta = getattr(nlp, "meta", {}) or {}
    lang, name, version = meta.get("lang") or "xx", meta.get("name") or "pipeline", meta.get("version") or "0.0.0"
    model_name = name if name.startswith(f"{lang}_") else f"{lang}_{name}"
    agent = URIRef(f"{KGID}software/kg/{quote(__version__, safe='.')}")
    model = URIRef(f"{KGID}model/{quote(model_name, safe='-_.')}/{quote(version, safe='.')}")
    yield BUILD_ACTIVITY, RDF.type, PROV.Activity
    yield BUILD_ACTIVITY, RDFS.label, Literal("kg build")
    yield BUILD_ACTIVITY, PROV.wasAssociatedWith, agent
    yield BUILD_ACTIVITY, PROV.used, model
    yield BUILD_ACTIVITY, PROV.used, ONTOLOGY_IRI
    yield agent, RDF.type, PROV.SoftwareAgent
    yield agent, RDFS.label, Literal(f"kg {__version__}")
    yield agent, OWL.versionInfo, Literal(__version__)
    yield model, RDF.type, PROV.Entity
    yield model, RDFS.label, Literal(f"spaCy pipeline {model_name} {version}")
    yield model, OWL.versionInfo, Literal(version)
    yield ONTOLOGY_IRI, OWL.versionInfo, Literal(ontology_version())


def rdf_term(t: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | ox.DefaultGraph) -> Node:
    """The rdflib term of a pyoxigraph term (``xsd:string`` literals plain, as ``load_graph`` reads them)."""
    if isinstance(t, ox.NamedNode):
        return URIRef(t.value)
    if isinstance(t, ox.BlankNode):
        return BNode(t.value)
    if isinstance(t, ox.Literal):
        dt = t.datatype.value
        return Literal(t.value, lang=t.language, datatype=None if t.language or dt == _XSD_STRING else URIRef(dt))
    raise GraphError(f"{t} is not a term kg reads")


def to_graph(resolved: Resolved, provenance: Iterable[Triple] = ()) -> Graph:
    """Build the RDF graph of a resolved corpus: ``shared_triples``, every ``document_triples`` and
    the build's ``provenance`` (``build_triples``)."""
    g = new_graph(buffered=True)
    add_triples(g, provenance)
    add_triples(g, shared_triples(resolved))
    iri = entity_iris(resolved)
    for x in resolved.extractions:
        add_triples(g, document_triples(x, iri))
    return g


def add_triples(g: Graph, triples: Iterable[Triple]) -> None:
    """Add ``triples`` to ``g``, into its buffer while it has one (see ``BufferedMemory``)."""
    store = g.store
    if isinstance(store, BufferedMemory):
        store.extend(g, triples)
    else:
        g.addN((s, p, o, g) for s, p, o in triples)


def entity_iris(resolved: Resolved) -> dict[EntityKey, URIRef]:
    """The IRI of every resolved entity."""
    return {k: entity_iri(e) for k, e in resolved.entities.items()}


#: A relation between two entities, before they have IRIs.
RelationKey = tuple[EntityKey, Relation, EntityKey]


def shared_triples(resolved: Resolved, relations: Iterable[RelationKey] | None = None) -> Iterator[Triple]:
    """What belongs to no one document: each entity's description (class, labels, attributes,
    which depend on every document that names it), each relation between entities, once
    however many documents state it, and what a curation file adds.  The relations are those of
    ``resolved.extractions``, or ``relations`` when given (a store build keeps those, not the
    extractions)."""
    for e in resolved.entities.values():
        node = URIRef(str(KGID) + e.slug)
        yield node, RDF.type, term(e.cls.value)
        yield node, RDFS.label, Literal(e.label)
        for alt in e.alt_labels:
            yield node, SKOS.altLabel, Literal(alt)
        if e.date:
            yield node, DCTERMS.date, Literal(e.date.isoformat(), datatype=XSD.date)
        if e.ordinal is not None:
            yield node, KG.ordinal, Literal(e.ordinal, datatype=XSD.integer)
        if e.term is not None:
            yield node, KG.term, Literal(e.term, datatype=XSD.integer)
        for pos in e.positions:
            yield node, KG.position, Literal(pos)
    iri = entity_iris(resolved)
    if relations is None:
        relations = ((r.subject, r.predicate, r.object) for x in resolved.extractions for r in x.relations)
    for s, p, o in relations:
        yield iri[s], term(p), iri[o]
    if resolved.curation is not None:
        yield from curation_triples(resolved.curation, iri)


def curation_iri(record: CurationRecord) -> URIRef:
    """``kgid:curation/<the first 16 hex digits of the file's SHA-256>``."""
    return URIRef(f"{KGID}curation/{record.sha256[:16]}")


def curation_triples(record: CurationRecord, iri: dict[EntityKey, URIRef]) -> Iterator[Triple]:
    """The curation file as a ``kg:Document`` (its name, and its SHA-256 in the title), and each relation
    it adds with an evidence statement derived from it: the note, marked ``[curated] ``, the offsets of
    the entry in the file, and the rule ``curation``."""
    d = curation_iri(record)
    yield d, RDF.type, KG.Document
    yield d, DCTERMS.identifier, Literal(record.name)
    yield d, DCTERMS.title, Literal(f"curation file {record.name}, sha256 {record.sha256}")
    for a in record.relations:
        s, p, o = iri[a.subject], term(a.predicate), iri[a.object]
        yield s, p, o
        yield from _statement(d, (s, p, o), CURATED + a.note, a.start, a.end, "curation")


#: The terms every mention and evidence statement writes, looked up once: a ``DefinedNamespace`` term
#: (``KG.start``, ``RDF.type``) is checked against its namespace and made anew at every lookup.
_TYPE, _STATEMENT, _SUBJECT, _PREDICATE, _OBJECT = RDF.type, RDF.Statement, RDF.subject, RDF.predicate, RDF.object
_MENTIONS, _MENTION, _MENTION_OF, _DERIVED_FROM = KG.mentions, KG.Mention, KG.mentionOf, PROV.wasDerivedFrom
_SENTENCE, _START, _END, _RULE = KG.sentence, KG.start, KG.end, KG.rule


def document_triples(x: Extraction, iri: dict[EntityKey, URIRef]) -> Iterator[Triple]:
    """What one document says: the document itself, its mentions and the evidence statements of
    its relations (every subject here is the document or a node named after it)."""
    d = doc_iri(x.doc)
    yield d, _TYPE, KG.Document
    yield d, DCTERMS.identifier, Literal(x.doc.identifier)
    if x.doc.date:
        yield d, DCTERMS.date, Literal(x.doc.date.isoformat(), datatype=XSD.date)
    if x.doc.title:
        yield d, DCTERMS.title, Literal(x.doc.title)
    yield d, KG.encoding, Literal(x.doc.encoding)
    dslug = str(d).rsplit("/", 1)[-1]
    sentences: dict[str, Literal] = {}

    def sentence(text: str) -> Literal:
        lit = sentences.get(text)
        if lit is None:
            lit = sentences[text] = Literal(text)
        return lit

    for m in x.mentions:
        target = iri[m.entity]
        yield d, _MENTIONS, target
        node = URIRef(f"{KGID}mention/{dslug}/{m.start}-{m.end}-{_hash(target)[:6]}")
        yield node, _TYPE, _MENTION
        yield node, _MENTION_OF, target
        yield node, _DERIVED_FROM, d
        yield from _evidence(node, sentence(m.sentence), m.start, m.end, m.rule)
    for r in x.relations:
        if not r.evidenced:
            continue
        yield from _statement(d, (iri[r.subject], term(r.predicate), iri[r.object]), sentence(r.sentence), r.start,
                              r.end, r.rule)


def _statement(d: URIRef, spo: Triple, sentence: str | Literal, start: int, end: int, rule: str) -> Iterator[Triple]:
    """The evidence of a relation: an ``rdf:Statement`` of the triple, derived from document ``d``,
    with its sentence, offsets and rule (its IRI is a hash of all but the sentence)."""
    s, p, o = spo
    st = URIRef(f"{KGID}evidence/{_hash(d, s, p, o, start, end)}")
    yield st, _TYPE, _STATEMENT
    yield st, _SUBJECT, s
    yield st, _PREDICATE, p
    yield st, _OBJECT, o
    yield st, _DERIVED_FROM, d
    yield from _evidence(st, sentence, start, end, rule)


@lru_cache(maxsize=1 << 16)
def _integer(n: int) -> Literal:
    return Literal(n, datatype=XSD.integer)


@lru_cache(maxsize=1 << 12)
def _plain(text: str) -> Literal:
    return Literal(text)


def _evidence(node: URIRef, sentence: str | Literal, start: int, end: int, rule: str) -> Iterator[Triple]:
    """The sentence, offsets and rule of a mention or a statement (an rdflib ``Literal`` costs about
    10 µs to make: offsets and rules repeat, so each is made once; a document passes its sentences
    made once too)."""
    yield node, _SENTENCE, sentence if isinstance(sentence, Literal) else Literal(sentence)
    yield node, _START, _integer(start)
    yield node, _END, _integer(end)
    yield node, _RULE, _plain(rule)


__all__ = ["to_graph", "add_triples", "buffered", "grouped", "BufferedMemory", "new_graph", "doc_iri", "entity_iri",
           "EntityKey", "shared_triples", "document_triples", "entity_iris", "build_triples", "rdf_term", "curation_iri",
           "curation_triples"]
