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
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from .errors import GraphError, KGError
from .namespaces import KG, KGID, term
from .types import CurationRecord, Entity, EntityKey, Resolved, SourceDoc

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


def new_graph() -> Graph:
    """An empty graph with kg's prefixes bound."""
    g = Graph()
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


def to_graph(resolved: Resolved) -> Graph:
    """Build the RDF graph of a resolved corpus."""
    g = new_graph()
    ents = resolved.entities
    iri = {k: entity_iri(e) for k, e in ents.items()}
    for e in ents.values():
        node = URIRef(str(KGID) + e.slug)
        g.add((node, RDF.type, term(e.cls.value)))
        g.add((node, RDFS.label, Literal(e.label)))
        for alt in e.alt_labels:
            g.add((node, SKOS.altLabel, Literal(alt)))
        if e.date:
            g.add((node, DCTERMS.date, Literal(e.date.isoformat(), datatype=XSD.date)))
        if e.ordinal is not None:
            g.add((node, KG.ordinal, Literal(e.ordinal, datatype=XSD.integer)))
        if e.term is not None:
            g.add((node, KG.term, Literal(e.term, datatype=XSD.integer)))
        for pos in e.positions:
            g.add((node, KG.position, Literal(pos)))
    for x in resolved.extractions:
        d = doc_iri(x.doc)
        g.add((d, RDF.type, KG.Document))
        g.add((d, DCTERMS.identifier, Literal(x.doc.identifier)))
        if x.doc.date:
            g.add((d, DCTERMS.date, Literal(x.doc.date.isoformat(), datatype=XSD.date)))
        if x.doc.title:
            g.add((d, DCTERMS.title, Literal(x.doc.title)))
        g.add((d, KG.encoding, Literal(x.doc.encoding)))
        dslug = str(d).rsplit("/", 1)[-1]
        for m in x.mentions:
            target = iri[m.entity]
            g.add((d, KG.mentions, target))
            node = URIRef(f"{KGID}mention/{dslug}/{m.start}-{m.end}-{_hash(target)[:6]}")
            g.add((node, RDF.type, KG.Mention))
            g.add((node, KG.mentionOf, target))
            g.add((node, PROV.wasDerivedFrom, d))
            _evidence(g, node, m.sentence, m.start, m.end, m.rule)
        for r in x.relations:
            s, o, p = iri[r.subject], iri[r.object], term(r.predicate)
            g.add((s, p, o))
            if not r.evidenced:
                continue
            st = URIRef(f"{KGID}evidence/{_hash(d, s, p, o, r.start, r.end)}")
            g.add((st, RDF.type, RDF.Statement))
            g.add((st, RDF.subject, s))
            g.add((st, RDF.predicate, p))
            g.add((st, RDF.object, o))
            g.add((st, PROV.wasDerivedFrom, d))
            _evidence(g, st, r.sentence, r.start, r.end, r.rule)
    if resolved.curation is not None:
        _curation(g, resolved.curation, iri)
    return g


def curation_iri(record: CurationRecord) -> URIRef:
    """``kgid:curation/<the first 16 hex digits of the file's SHA-256>``."""
    return URIRef(f"{KGID}curation/{record.sha256[:16]}")


def _curation(g: Graph, record: CurationRecord, iri: dict[EntityKey, URIRef]) -> None:
    """The curation file as a ``kg:Document`` (its name, and its SHA-256 in the title), and each relation
    it adds with an evidence statement derived from it: the note, marked ``[curated] ``, the offsets of
    the entry in the file, and the rule ``curation``."""
    d = curation_iri(record)
    g.add((d, RDF.type, KG.Document))
    g.add((d, DCTERMS.identifier, Literal(record.name)))
    g.add((d, DCTERMS.title, Literal(f"curation file {record.name}, sha256 {record.sha256}")))
    for a in record.relations:
        s, p, o = iri[a.subject], term(a.predicate), iri[a.object]
        g.add((s, p, o))
        st = URIRef(f"{KGID}evidence/{_hash(d, s, p, o, a.start, a.end)}")
        g.add((st, RDF.type, RDF.Statement))
        g.add((st, RDF.subject, s))
        g.add((st, RDF.predicate, p))
        g.add((st, RDF.object, o))
        g.add((st, PROV.wasDerivedFrom, d))
        _evidence(g, st, CURATED + a.note, a.start, a.end, "curation")


def _evidence(g: Graph, node: URIRef, sentence: str, start: int, end: int, rule: str) -> None:
    g.add((node, KG.sentence, Literal(sentence)))
    g.add((node, KG.start, Literal(start, datatype=XSD.integer)))
    g.add((node, KG.end, Literal(end, datatype=XSD.integer)))
    g.add((node, KG.rule, Literal(rule)))


__all__ = ["to_graph", "new_graph", "doc_iri", "entity_iri", "EntityKey"]
