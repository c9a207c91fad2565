"""The entity layer of a kg graph, and its sorted Turtle, for the golden cases of ``tests/data/cases``.

``project(g)`` keeps, for every entity (a node typed with a class of the class table): its
``rdf:type``, its ``rdfs:label``, the kg relations between entities, and the literals that
describe it (``dcterms:date``, ``kg:ordinal``, ``kg:term``, ``kg:position``).  It drops documents,
mentions, evidence statements, ``kg:mentions`` and ``skos:altLabel``: how a fact was found may
change without the fact changing.

``case_turtle(g)`` writes a projection as Turtle a reviewer can read in a diff: entities in the
order of the class table (places, bodies, people, events, sectors, strategies), then by IRI; each
entity's type and label first, then its literals, then its relations in the order of the relation
table; objects sorted.  The same graph always gives the same bytes.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD
from rdflib.term import Node

from kg.graph import new_graph
from kg.namespaces import KG, KGID, term
from kg.types import EntityClass, Relation

#: The classes whose instances are entities, in the order of the class table.
CLASSES: tuple[URIRef, ...] = tuple(term(c) for c in EntityClass)
#: The relations between entities, in the order of the relation table.
RELATIONS: tuple[URIRef, ...] = tuple(term(r) for r in Relation)
#: The literals of an entity a case states: dates of meetings and resolutions, ordinal, term, position.
LITERALS: tuple[URIRef, ...] = (DCTERMS.date, KG.ordinal, KG.term, KG.position)
#: The prefixes a case file and a diff use.
PREFIXES: dict[str, str] = {"dcterms": str(DCTERMS), "kg": str(KG._NS), "kgid": str(KGID), "rdf": str(RDF),
                            "rdfs": str(RDFS), "xsd": str(XSD)}

_ORDER: dict[Node, int] = {p: k for k, p in enumerate((RDF.type, RDFS.label, *LITERALS, *RELATIONS))}
_LOCAL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?")  # a safe Turtle local name


def project(g: Graph) -> Graph:
    """The entity layer of ``g`` as a new graph with kg's prefixes bound."""
    out = new_graph()
    entities = {s for s, o in g.subject_objects(RDF.type) if o in CLASSES}
    for e in entities:
        for p, o in g.predicate_objects(e):
            if ((p == RDF.type and o in CLASSES) or p == RDFS.label or p in LITERALS
                    or (p in RELATIONS and o in entities)):
                out.add((e, p, o))
    return out


def short(t: Node, *, strict: bool = True) -> str:
    """A term as Turtle with the case prefixes: ``kgid:shanghai``, ``"3"`` -> ``3``.

    With ``strict=False`` (for diffs, read by people) every IRI under a prefix is shortened, even
    one that is no valid Turtle local name (``kgid:meeting/cpc-x/12/3``).
    """
    if isinstance(t, URIRef):
        for prefix, ns in PREFIXES.items():
            local = t[len(ns):]
            if t.startswith(ns) and (not strict or _LOCAL.fullmatch(local)):
                return f"{prefix}:{local}"
        return t.n3()
    if isinstance(t, Literal):
        if t.datatype == XSD.integer and re.fullmatch(r"-?\d+", t):
            return str(t)
        if t.datatype is not None:
            return Literal(str(t)).n3() + "^^" + short(t.datatype)
    return t.n3()


def _rank(g: Graph, s: Node) -> tuple[int, str]:
    types = [CLASSES.index(o) for o in g.objects(s, RDF.type) if o in CLASSES]
    return (min(types, default=len(CLASSES)), str(s))


def case_turtle(g: Graph) -> bytes:
    """Sorted, deterministic Turtle of a projection (the bytes a case's ``.ttl`` holds)."""
    lines = [f"@prefix {p}: <{ns}> ." for p, ns in sorted(PREFIXES.items())]
    for s in sorted(set(g.subjects()), key=lambda s: _rank(g, s)):
        preds = sorted(set(g.predicates(s)), key=lambda p: (_ORDER.get(p, len(_ORDER)), str(p)))
        parts = []
        for p in preds:
            objs = sorted((short(o) for o in g.objects(s, p)))
            parts.append(("a" if p == RDF.type else short(p)) + " " + ",\n        ".join(objs))
        lines.append("")
        lines.append(short(s) + " " + " ;\n    ".join(parts) + " .")
    return ("\n".join(lines) + "\n").encode("utf-8")


def triple_lines(triples: Iterable[tuple[Node, Node, Node]]) -> list[str]:
    """One sorted line per triple, with the case prefixes (``kgid:hefei kg:prioritizes kgid:robotics .``)."""
    return sorted(" ".join(short(t, strict=False) for t in tr) + " ." for tr in triples)
