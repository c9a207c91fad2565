"""RDF graph -> networkx projection, and the statistics behind ``kg stats``.

Nodes are entities (their IRI), with class, label, alternative labels, the documents
that mention them and mention sentences; edges are ``kg:`` relations with their
evidence.  Documents, mentions, statements and literals are not nodes.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import networkx as nx
from rdflib import Graph, URIRef
from rdflib.term import Node
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from .namespaces import KG, term
from .types import EntityClass, Relation

#: The class table's names (a class before its parent) and the relations, from ``kg.types``.
ENTITY_CLASSES = tuple(c.value for c in EntityClass)
RELATIONS = tuple(r.value for r in Relation)


def entity_class(g: Graph, node: URIRef) -> str | None:
    """The most specific kg class of an entity (Committee before Organization)."""
    names = {str(t).rsplit("#", 1)[-1] for t in g.objects(node, RDF.type) if str(t).startswith(str(KG._NS))}
    return next((c for c in ENTITY_CLASSES if c in names), None)


def offset(value: Node | None) -> int:
    """A character offset read from the graph, for ordering only: a valid integer as it is; an odd
    or ill-typed literal by its whole part when it has one, else 0 (``kg validate`` reports it).

    >>> from rdflib import Literal, XSD
    >>> [offset(Literal(v, datatype=t)) for v, t in (("12", XSD.integer), ("12.5", XSD.decimal),
    ...                                              ("abc", XSD.integer), ("1e400", XSD.double))]
    [12, 12, 0, 0]
    """
    try:
        number = Decimal(str(value if value is not None else 0))
    except (InvalidOperation, ValueError):
        return 0
    return int(number) if number.is_finite() and abs(number) < 2**63 else 0


def to_networkx(g: Graph, *, max_sentences: int = 5, documents: bool = False) -> nx.MultiDiGraph:
    """Entities as nodes, ``kg:`` relations as directed, labelled edges with evidence; with
    ``documents``, also each document as a node with a ``mentions`` edge to what it names."""
    G = nx.MultiDiGraph()
    docs: dict[str, tuple[str, str]] = {}
    for d in g.subjects(RDF.type, KG.Document):
        docs[str(d)] = (str(g.value(d, DCTERMS.identifier) or d), str(g.value(d, DCTERMS.date) or ""))
    for s in sorted(set(g.subjects(RDFS.label, None)), key=str):
        if not isinstance(s, URIRef):
            continue
        cls = entity_class(g, s)
        if cls is None:
            continue
        G.add_node(str(s), cls=cls, label=str(g.value(s, RDFS.label)),
                   alt=sorted(str(a) for a in g.objects(s, SKOS.altLabel)), docs=[], sentences=[])
    for doc, (ident, date) in sorted(docs.items(), key=lambda kv: kv[1]):
        for e in g.objects(URIRef(doc), KG.mentions):
            if str(e) in G:
                G.nodes[str(e)]["docs"].append((ident, date))
    mention_sents: dict[str, list[tuple[str, int, str]]] = defaultdict(list)
    for m in g.subjects(RDF.type, KG.Mention):
        ent, src = g.value(m, KG.mentionOf), g.value(m, PROV.wasDerivedFrom)
        if ent is not None and str(ent) in G:
            start = g.value(m, KG.start)
            mention_sents[str(ent)].append((docs.get(str(src), ("", ""))[0], offset(start),
                                            str(g.value(m, KG.sentence) or "")))
    for ent_iri, rows in mention_sents.items():
        seen: list[str] = []
        for ident, _start, sent in sorted(rows):
            text = f"{ident}: {sent}"
            if text not in seen:
                seen.append(text)
        G.nodes[ent_iri]["sentences"] = seen[:max_sentences]
    evidence: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for st in g.subjects(RDF.type, RDF.Statement):
        key = (str(g.value(st, RDF.subject)), str(g.value(st, RDF.predicate)), str(g.value(st, RDF.object)))
        src = g.value(st, PROV.wasDerivedFrom)
        evidence[key].append(f"{docs.get(str(src), ('', ''))[0]}: {g.value(st, KG.sentence)}")
    for rel in RELATIONS:
        p = term(rel)
        for s, o in sorted(g.subject_objects(p), key=lambda so: (str(so[0]), str(so[1]))):
            if str(s) in G and str(o) in G:
                ev = sorted(evidence.get((str(s), str(p), str(o)), []))
                G.add_edge(str(s), str(o), key=rel, relation=rel, evidence=ev[:max_sentences])
    if documents:
        for doc, (ident, date) in sorted(docs.items()):
            G.add_node(doc, cls="Document", label=ident, alt=[], docs=[(ident, date)], sentences=[])
            for target in sorted(str(x) for x in g.objects(URIRef(doc), KG.mentions)):
                if target in G:
                    G.add_edge(doc, target, key="mentions", relation="mentions", evidence=[])
    return G


@dataclass(frozen=True, slots=True)
class Stats:
    """Counts, central entities, components and communities of a graph."""

    documents: int
    entities: dict[str, int]
    relations: dict[str, int]
    evidence_statements: int
    degree: list[tuple[str, str, float]]
    betweenness: list[tuple[str, str, float]]
    components: int
    largest_component: int
    communities: list[list[str]]

    def as_dict(self) -> dict[str, Any]:
        return {f: getattr(self, f) for f in self.__dataclass_fields__}


def stats(g: Graph, *, top: int = 10) -> Stats:
    """Statistics of a kg graph: what ``kg stats`` prints."""
    G = to_networkx(g)
    ents = Counter(data["cls"] for _, data in G.nodes(data=True))
    rels = Counter(data["relation"] for *_e, data in G.edges(data=True))
    U = nx.Graph(G.to_undirected())
    label = {n: G.nodes[n]["label"] for n in G}
    deg = nx.degree_centrality(U) if len(U) > 1 else {n: 0.0 for n in U}
    btw = nx.betweenness_centrality(U) if len(U) > 2 else {n: 0.0 for n in U}

    def best(scores: dict[str, float]) -> list[tuple[str, str, float]]:
        order = sorted(scores, key=lambda n: (-scores[n], label[n]))[:top]
        return [(label[n], G.nodes[n]["cls"], round(scores[n], 4)) for n in order]

    comps = list(nx.connected_components(U))
    communities: list[list[str]] = []
    if U.number_of_edges():
        for c in nx.community.greedy_modularity_communities(U):
            communities.append(sorted(label[n] for n in c))
        communities.sort(key=lambda c: (-len(c), c))
    return Stats(documents=len(set(g.subjects(RDF.type, KG.Document))), entities=dict(sorted(ents.items())),
                 relations=dict(sorted(rels.items())),
                 evidence_statements=len(set(g.subjects(RDF.type, RDF.Statement))),
                 degree=best(deg), betweenness=best(btw), components=len(comps),
                 largest_component=max((len(c) for c in comps), default=0), communities=communities)
