"""RDF graph -> networkx projection, and the statistics behind ``kg stats``.

Nodes are entities (their IRI), with class, label, alternative labels, the documents
that mention them and mention sentences; edges are ``kg:`` relations with their
evidence.  Documents, mentions, statements and literals are not nodes.

``counts`` is what a build prints; ``stats`` adds centrality and communities, exact on a
small graph and bounded above a size (betweenness from a fixed sample of sources, Louvain
communities instead of greedy modularity), and says which it used.
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

from .graph import Grouped, buffered
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
    ``documents``, also each document as a node with a ``mentions`` edge to what it names.
    With ``max_sentences=0`` no evidence is read (the statistics need none)."""
    G = nx.MultiDiGraph()
    docs: dict[str, tuple[str, str]] = {}
    for d in g.subjects(RDF.type, KG.Document):
        docs[str(d)] = (str(g.value(d, DCTERMS.identifier) or d), str(g.value(d, DCTERMS.date) or ""))
    ents = entities(g)
    for node in sorted(ents, key=str):
        cls = ents[node]
        G.add_node(str(node), cls=cls, label=str(g.value(node, RDFS.label)),
                   alt=sorted(str(a) for a in g.objects(node, SKOS.altLabel)), docs=[], sentences=[])
    for doc, (ident, date) in sorted(docs.items(), key=lambda kv: kv[1]):
        for e in g.objects(URIRef(doc), KG.mentions):
            if str(e) in G:
                G.nodes[str(e)]["docs"].append((ident, date))
    mention_sents: dict[str, list[tuple[str, int, str]]] = defaultdict(list)
    for m in g.subjects(RDF.type, KG.Mention) if max_sentences else ():
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
    for st in g.subjects(RDF.type, RDF.Statement) if max_sentences else ():
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


#: Betweenness is exact while sources x (nodes + edges) stays below this (about 5 s); above it,
#: that many node and edge visits bound a sample of sources, chosen with a fixed seed.
BETWEENNESS_WORK = 4_000_000
#: Greedy modularity up to this many entities (a second or two); Louvain, seeded, above.
GREEDY_LIMIT = 2_500
SEED = 0


@dataclass(frozen=True, slots=True)
class Counts:
    """What a build prints: documents, entities per class, relations per property, evidence."""

    documents: int
    entities: dict[str, int]
    relations: dict[str, int]
    evidence_statements: int


def entities(g: Graph) -> dict[URIRef, str]:
    """Every entity (an IRI with an ``rdfs:label`` and a kg class) and its most specific class."""
    found: dict[URIRef, str] = {}
    for cls in ENTITY_CLASSES:  # a class before its parent: the first one found is the most specific
        for s in g.subjects(RDF.type, term(cls)):
            if isinstance(s, URIRef) and s not in found and (s, RDFS.label, None) in g:
                found[s] = cls
    return found


def counts(g: Graph) -> Counts:
    """The counts of a kg graph, without the projection: what ``kg build`` prints after writing.

    Entities and relations are counted as ``to_networkx`` draws them: a relation between two entities.
    """
    props = buffered(g)
    if props is not None:
        return _counts_of(props)
    ents = entities(g)
    rels = {rel: sum(1 for s, o in g.subject_objects(term(rel)) if s in ents and o in ents) for rel in RELATIONS}
    return Counts(documents=len(set(g.subjects(RDF.type, KG.Document))),
                  entities=dict(sorted(Counter(ents.values()).items())),
                  relations={k: v for k, v in sorted(rels.items()) if v},
                  evidence_statements=len(set(g.subjects(RDF.type, RDF.Statement))))


def _counts_of(props: Grouped) -> Counts:
    """``counts`` of a graph's triples grouped by subject (a new graph's buffer), the same numbers."""
    classes: dict[Node, str] = {term(cls): cls for cls in ENTITY_CLASSES}
    rank = {cls: k for k, cls in enumerate(ENTITY_CLASSES)}
    ents: dict[Node, str] = {}
    documents = statements = 0
    rdf_type, document, statement, label = RDF.type, KG.Document, RDF.Statement, RDFS.label  # looked up once
    for s, by_p in props.items():
        types = by_p.get(rdf_type, ())
        if document in types:
            documents += 1
        if statement in types:
            statements += 1
        if isinstance(s, URIRef) and label in by_p:
            found = [classes[t] for t in types if t in classes]
            if found:
                ents[s] = min(found, key=rank.__getitem__)
    preds: dict[Node, str] = {term(rel): rel for rel in RELATIONS}
    rels: Counter[str] = Counter()
    for s in ents:
        for p, objs in props[s].items():
            rel = preds.get(p)
            if rel is not None:
                rels[rel] += sum(1 for o in objs if o in ents)
    return Counts(documents=documents, entities=dict(sorted(Counter(ents.values()).items())),
                  relations={k: v for k, v in sorted(rels.items()) if v}, evidence_statements=statements)


@dataclass(frozen=True, slots=True)
class Stats:
    """Counts, central entities, components and communities of a graph, and how the centrality and
    the communities were computed (``exact``, or the sample or method used at that size)."""

    documents: int
    entities: dict[str, int]
    relations: dict[str, int]
    evidence_statements: int
    degree: list[tuple[str, str, float]]
    betweenness: list[tuple[str, str, float]]
    components: int
    largest_component: int
    communities: list[list[str]]
    betweenness_method: str = "exact"
    community_method: str = "greedy modularity"

    def as_dict(self) -> dict[str, Any]:
        return {f: getattr(self, f) for f in self.__dataclass_fields__}


def betweenness(U: nx.Graph, *, work: int | None = None, seed: int = SEED) -> tuple[dict[str, float], str]:
    """Betweenness centrality, exact when it is cheap, else estimated from a seeded sample of sources
    sized so that the work stays about ``work``; with a line that says which.

    >>> import networkx as nx
    >>> betweenness(nx.path_graph(5))[1], betweenness(nx.path_graph(500), work=5_000)[1]
    ('exact', 'sampled: 5 of 500 sources, seed 0')
    """
    n = len(U)
    if n <= 2:
        return {v: 0.0 for v in U}, "exact"
    k = max(1, (BETWEENNESS_WORK if work is None else work) // (n + U.number_of_edges()))
    if k >= n:
        return nx.betweenness_centrality(U), "exact"
    return nx.betweenness_centrality(U, k=k, seed=seed), f"sampled: {k:,} of {n:,} sources, seed {seed}"


def communities(U: nx.Graph, *, limit: int | None = None, seed: int = SEED) -> tuple[list[set[str]], str]:
    """Communities by greedy modularity up to ``limit`` nodes, by Louvain (seeded) above; and which."""
    limit = GREEDY_LIMIT if limit is None else limit
    if not U.number_of_edges():
        return [], "greedy modularity"
    if len(U) <= limit:
        return list(nx.community.greedy_modularity_communities(U)), "greedy modularity"
    # Louvain walks sets of nodes: as integers, whose hashes are the same in every process (those of
    # strings are not), it walks them in the same order in every run.
    names = list(U)
    found = [{names[i] for i in c} for c in nx.community.louvain_communities(
        nx.convert_node_labels_to_integers(U), seed=seed)]
    return found, f"Louvain, seed {seed} (greedy modularity above {limit:,} entities would take minutes)"


def undirected(G: nx.MultiDiGraph) -> nx.Graph:
    """The projection as an undirected graph with one edge per linked pair, built in ``G``'s order
    so that every run is the same: what the centralities are computed on."""
    U = nx.Graph()
    U.add_nodes_from(G)
    U.add_edges_from(G.edges())
    return U


def degree(U: nx.Graph) -> dict[str, float]:
    """Degree centrality (0 for every node of a graph of one node)."""
    return nx.degree_centrality(U) if len(U) > 1 else {n: 0.0 for n in U}


def ranked(scores: dict[str, float], label: dict[str, str]) -> list[str]:
    """The nodes, the highest score first, ties by label: the order ``kg stats`` lists them in.

    >>> ranked({"a": 0.5, "b": 0.9, "c": 0.5}, {"a": "Beta", "b": "Gamma", "c": "Alpha"})
    ['b', 'c', 'a']
    """
    return sorted(scores, key=lambda n: (-scores[n], label[n], n))


def stats(g: Graph, *, top: int = 10, betweenness_work: int | None = None, greedy_limit: int | None = None) -> Stats:
    """Statistics of a kg graph: what ``kg stats`` prints.  The projection is made without evidence
    sentences, which no statistic reads.  ``betweenness_work`` and ``greedy_limit`` default to
    ``BETWEENNESS_WORK`` and ``GREEDY_LIMIT``."""
    G = to_networkx(g, max_sentences=0)
    ents = Counter(data["cls"] for _, data in G.nodes(data=True))
    rels = Counter(data["relation"] for *_e, data in G.edges(data=True))
    U = undirected(G)
    label = {n: G.nodes[n]["label"] for n in G}
    deg = degree(U)
    btw, btw_method = betweenness(U, work=betweenness_work)

    def best(scores: dict[str, float]) -> list[tuple[str, str, float]]:
        return [(label[n], G.nodes[n]["cls"], round(scores[n], 4)) for n in ranked(scores, label)[:top]]

    comps = list(nx.connected_components(U))
    found, com_method = communities(U, limit=greedy_limit)
    groups = sorted((sorted(label[n] for n in c) for c in found), key=lambda c: (-len(c), c))
    return Stats(documents=len(set(g.subjects(RDF.type, KG.Document))), entities=dict(sorted(ents.items())),
                 relations=dict(sorted(rels.items())),
                 evidence_statements=len(set(g.subjects(RDF.type, RDF.Statement))),
                 degree=best(deg), betweenness=best(btw), components=len(comps),
                 largest_component=max((len(c) for c in comps), default=0), communities=groups,
                 betweenness_method=btw_method, community_method=com_method)
