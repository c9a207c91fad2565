"""The query layer: the store a KnowledgeGraph queries, reading the parse (update, SERVICE), prefixes."""
import pickle

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic
from rdflib.namespace import RDF, RDFS, XSD

import kg.query
from kg import KnowledgeGraph, QueryError
from kg.export import turtle_bytes
from kg.namespaces import KG, KGID
from kg.query import PREFIXES, bundled, graph_store, run_query

from .conftest import ROOT

EX = "http://example.org/"
TERMS = """SELECT ?s ?p ?o (LANG(?o) AS ?lang) (STR(DATATYPE(?o)) AS ?dt) (isBlank(?s) AS ?bs) (isBlank(?o) AS ?bo)
WHERE { ?s ?p ?o }"""


def turtle_store(g: Graph) -> ox.Store:
    """The store as ``KnowledgeGraph.query`` made it before: Turtle out of rdflib, into oxigraph."""
    store = ox.Store()
    store.load(turtle_bytes(g), format=ox.RdfFormat.TURTLE)
    return store


def as_rdflib(store: ox.Store) -> Graph:
    return Graph().parse(data=store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()),
                         format="nt")


def masked(rows: tuple[tuple[str, ...], ...]) -> list[tuple[str, ...]]:
    """Sorted rows with blank node labels blanked out: each store names its blank nodes its own way."""
    return sorted(tuple("_:" if c.startswith("_:") else c for c in r) for r in rows)


def small_graph() -> Graph:
    g = Graph()
    x, b1, b2 = URIRef(EX + "x"), BNode(), BNode()
    g.add((x, RDFS.label, Literal("Wuhan", lang="en")))
    g.add((x, RDFS.label, Literal("武汉", lang="zh-Hans")))
    g.add((x, RDFS.comment, Literal("plain")))
    g.add((x, RDFS.comment, Literal("typed string", datatype=XSD.string)))
    g.add((x, URIRef(EX + "date"), Literal("2025-09-24", datatype=XSD.date)))
    g.add((x, URIRef(EX + "n"), Literal(12, datatype=XSD.integer)))
    g.add((x, URIRef(EX + "odd"), Literal("abc", datatype=URIRef(EX + "Custom"))))
    g.add((x, URIRef(EX + "evidence"), b1))
    g.add((b1, URIRef(EX + "next"), b2))
    g.add((b2, RDFS.label, Literal("end", lang="en")))
    return g


def test_two_queries_convert_the_graph_once(monkeypatch):
    calls = []

    def counting(g: Graph) -> ox.Store:
        calls.append(g)
        return graph_store(g)

    monkeypatch.setattr(kg.query, "graph_store", counting)
    kgraph = KnowledgeGraph(small_graph())
    assert kgraph.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows == (("10",),)
    assert kgraph.query("SELECT ?l WHERE { <http://example.org/x> rdfs:label ?l FILTER(LANG(?l) = 'en') }").rows \
        == (("Wuhan",),)
    assert len(calls) == 1
    KnowledgeGraph(kgraph.graph).query("ASK { ?s ?p ?o }")
    assert len(calls) == 2  # another object makes its own store


def test_a_queried_graph_still_pickles_and_compares():
    kgraph = KnowledgeGraph(small_graph())
    kgraph.query("ASK { ?s ?p ?o }")
    again = pickle.loads(pickle.dumps(kgraph))
    assert again == kgraph and hash(again) == hash(kgraph)
    assert again.query(TERMS).rows and sorted(again.query(TERMS).rows) == sorted(kgraph.query(TERMS).rows)


def test_language_tags_datatypes_and_blank_nodes_survive_the_conversion():
    g = small_graph()
    direct, via_turtle = as_rdflib(graph_store(g)), as_rdflib(turtle_store(g))
    if not isomorphic(direct, via_turtle):
        _both, first, second = graph_diff(direct, via_turtle)
        pytest.fail(f"direct only:\n{first.serialize(format='nt')}\nturtle only:\n{second.serialize(format='nt')}")
    rows = KnowledgeGraph(g).query(TERMS).rows
    assert masked(rows) == masked(run_query(turtle_store(g), TERMS).rows)
    cells = {r[2:] for r in rows if not r[2].startswith("_:")}
    assert ("武汉", "zh-hans", str(RDF.langString), "false", "false") in cells
    assert ("2025-09-24", "", str(XSD.date), "false", "false") in cells
    assert ("abc", "", EX + "Custom", "false", "false") in cells
    assert ("typed string", "", str(XSD.string), "false", "false") in cells
    path = "SELECT ?l WHERE { ?x <http://example.org/evidence>/<http://example.org/next>/rdfs:label ?l }"
    assert KnowledgeGraph(g).query(path).rows == (("end",),)  # the chain through two blank nodes holds
    assert {r[0] for r in rows if r[5] == "true"} == {f"_:{b}" for b in g.subjects() if isinstance(b, BNode)}


@pytest.mark.model
def test_the_seeds_store_and_every_bundled_query_are_unchanged(seed_graph):
    direct, via_turtle = graph_store(seed_graph), turtle_store(seed_graph)
    assert len(direct) == len(seed_graph) and list(direct) == list(via_turtle)  # the same triples, in the same order
    kgraph = KnowledgeGraph(seed_graph)
    for name in bundled():  # row order and GROUP_CONCAT order too
        assert kgraph.query(name).rows == run_query(via_turtle, name).rows, name


@pytest.mark.parametrize("text", [
    'SELECT ?l WHERE { ?s rdfs:label ?l FILTER(CONTAINS(?l, "service")) }',
    'SELECT ?l WHERE { ?s rdfs:label ?l FILTER(?l != "SERVICE <http://example.org/sparql> { }") }',
    "SELECT ?l WHERE { ?s rdfs:label ?l }  # no SERVICE call here",
    "# SERVICE is refused, INSERT too\nSELECT ?l WHERE { ?s rdfs:label ?l }",
    "PREFIX service: <http://example.org/service#>\nSELECT ?l WHERE { ?s rdfs:label ?l OPTIONAL { ?s service:SERVICE ?x } }",
])
def test_service_in_a_string_or_a_comment_is_no_service_call(text):
    g = Graph()
    g.add((URIRef(EX + "x"), RDFS.label, Literal("service")))
    assert run_query(graph_store(g), text).rows == (("service",),)


@pytest.mark.parametrize("text, kw", [
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", {}),
    ("select * where { service silent ?endpoint { ?s ?p ?o } }", {}),
    ("ASK { ?s ?p ?o FILTER EXISTS { OPTIONAL { SERVICE <http://example.org/sparql> { ?s ?p ?o } } } }", {}),
    ("INSERT { ?s ?p ?o } WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", {"allow_update": True}),
])
def test_a_service_pattern_is_refused_wherever_it_is(text, kw):
    with pytest.raises(QueryError, match="federated SERVICE calls are refused"):
        run_query(ox.Store(), text, **kw)


@pytest.mark.parametrize("text", [
    "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }",
    "LOAD <http://example.org/data.ttl>",
    "# an update after a comment\nPREFIX ex: <http://example.org/>\nCLEAR DEFAULT",
    "WITH <http://example.org/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
])
def test_updates_are_refused_without_allow_update(text):
    with pytest.raises(QueryError, match="SPARQL Update is refused"):
        run_query(ox.Store(), text)


def test_an_allowed_update_changes_the_store():
    store = ox.Store()
    run_query(store, "INSERT DATA { <http://example.org/a> rdfs:label 'a' }", allow_update=True)
    assert run_query(store, "SELECT ?l WHERE { ?s rdfs:label ?l }").rows == (("a",),)


@pytest.mark.parametrize("text", ["SELEKT ?x WHERE { ?x ?p ?o }", "SELECT * WHERE { ?s ?p ?o } LIMIT",
                                  "INSERT DATA { <http://example.org/a> <http://example.org/b> }", "", "# nothing\n"])
def test_a_syntax_error_is_one_line(text):
    with pytest.raises(QueryError, match="^SPARQL syntax error: ") as err:
        run_query(ox.Store(), text, allow_update=True)
    assert "\n" not in str(err.value)


def test_prefixes_are_rdflib_s_namespaces_and_kg_s_own():
    w3c = {p: str(ns) for p, ns in Graph(bind_namespaces="rdflib").namespaces()
           if p in {"rdf", "rdfs", "skos", "dcterms", "prov", "xsd", "owl"}}
    assert len(w3c) == 7 and {p: ns for p, ns in PREFIXES.items() if p in w3c} == w3c
    ontology = dict(Graph().parse(ROOT / "ontology" / "kg.ttl").namespaces())
    assert PREFIXES["kg"] == str(ontology["kg"]) == str(KG) and PREFIXES["kgid"] == str(KGID)
    assert set(PREFIXES) == {*w3c, "kg", "kgid"}
