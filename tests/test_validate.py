"""The fast validation path gives pySHACL's own report: the same verdict and the same violations,
on the seeds and on the seeds broken in each way the shapes can see."""
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from kg.namespaces import KG, KGID
from kg.validate import validate

pytestmark = pytest.mark.model


def first(g: Graph, cls: URIRef) -> URIRef:
    return sorted(g.subjects(RDF.type, cls), key=str)[0]


def setv(g: Graph, s, p, o) -> None:
    g.set((s, p, o))


def _statement(g):
    return first(g, RDF.Statement)


def _relation(g):
    st = _statement(g)
    return g.value(st, RDF.subject), g.value(st, RDF.predicate), g.value(st, RDF.object)


#: name -> a change to a copy of the seeds' graph.
BREAKS = {
    "an entity without a label": lambda g: g.remove((first(g, KG.City), RDFS.label, None)),
    "an entity with two labels": lambda g: g.add((first(g, KG.City), RDFS.label, Literal("Another"))),
    "a label in a language": lambda g: setv(g, first(g, KG.Sector), RDFS.label, Literal("x", lang="en")),
    "an integer alt label": lambda g: g.add((first(g, KG.Sector), SKOS.altLabel, Literal(3))),
    "an ill-typed document date": lambda g: setv(g, first(g, KG.Document), DCTERMS.date,
                                                 Literal("2024-13-45", datatype=XSD.date)),
    "a decimal start": lambda g: setv(g, first(g, KG.Mention), KG.start, Literal("12.5", datatype=XSD.decimal)),
    "an ill-typed start": lambda g: setv(g, first(g, KG.Mention), KG.start, Literal("abc", datatype=XSD.integer)),
    "a negative start": lambda g: setv(g, first(g, KG.Mention), KG.start, Literal(-1)),
    "start after end": lambda g: setv(g, first(g, KG.Mention), KG.start, Literal(10**6)),
    "two ends": lambda g: g.add((first(g, KG.Mention), KG.end, Literal(10**6))),
    "a mention of a literal": lambda g: setv(g, first(g, KG.Mention), KG.mentionOf, Literal("x")),
    "a mention from no document": lambda g: g.remove((first(g, KG.Mention), PROV.wasDerivedFrom, None)),
    "a mention from an entity": lambda g: setv(g, first(g, KG.Mention), PROV.wasDerivedFrom, first(g, KG.City)),
    "a statement without a sentence": lambda g: g.remove((_statement(g), KG.sentence, None)),
    "a relation without evidence": lambda g: g.remove((_statement(g), PROV.wasDerivedFrom, None)),
    "an unevidenced new relation": lambda g: g.add((first(g, KG.City), KG.governs, first(g, KG.Region))),
    "a meeting ordinal 0": lambda g: setv(g, first(g, KG.Meeting), KG.ordinal, Literal(0)),
    "a meeting held by a city": lambda g: g.add((first(g, KG.Meeting), KG.heldBy, first(g, KG.City))),
    "a sector pursuing a strategy": lambda g: g.add((first(g, KG.Sector), KG.pursues, first(g, KG.Strategy))),
    "a city prioritizing a city": lambda g: g.add((first(g, KG.City), KG.prioritizes, first(g, KG.City))),
    "a sector mentioning": lambda g: g.add((first(g, KG.Sector), KG.mentions, first(g, KG.City))),
    "a document without identifier": lambda g: g.remove((first(g, KG.Document), DCTERMS.identifier, None)),
    "a blank-node city": lambda g: g.add((BNode("b0"), RDF.type, KG.City)),
    "an untyped evidence subject": lambda g: setv(g, _statement(g), RDF.subject, Literal("x")),
    "a new entity of a subclass": lambda g: g.add((KGID["new-committee"], RDF.type, KG.Committee)),
    "many breaks at once": lambda g: [BREAKS[k](g) for k in ("an entity without a label", "start after end",
                                                              "a relation without evidence", "a sector mentioning")],
}


def copy(g: Graph) -> Graph:
    out = Graph()
    for prefix, ns in g.namespaces():
        out.bind(prefix, ns, override=True, replace=True)
    out += g
    return out


def test_the_seeds_conform_on_both_paths(seed_graph):
    fast, full = validate(seed_graph), validate(seed_graph, fast=False)
    assert fast.conforms and full.conforms and fast.violations == full.violations == ()


@pytest.mark.parametrize("name", BREAKS)
def test_each_break_gives_the_same_report_on_both_paths(seed_graph, name):
    g = copy(seed_graph)
    BREAKS[name](g)
    before = set(g)
    fast = validate(g)
    assert set(g) == before, "validation changed the graph"
    full = validate(g, fast=False)
    assert not full.conforms, f"{name}: the shapes do not see this break"
    assert (fast.conforms, fast.violations) == (full.conforms, full.violations)


def test_the_check_flags_only_the_broken_node_and_its_shape(seed_graph):
    from kg.validate import _Check, _load, ontology_path

    shapes, onto = _load(ontology_path("shapes.ttl")), _load(ontology_path("kg.ttl"))
    assert _Check(shapes, seed_graph, onto).flagged() == {}
    g = copy(seed_graph)
    BREAKS["start after end"](g)
    assert _Check(shapes, g, onto).flagged() == {
        URIRef("https://w3id.org/policykg/shapes#Mention"): {first(g, KG.Mention)}}


def test_a_shape_the_check_does_not_know_goes_to_pyshacl_whole(seed_graph, tmp_path):
    from kg.validate import ontology_path

    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(ontology_path("shapes.ttl").read_text("utf-8") + """
kgsh:Capitalised a sh:NodeShape ; sh:targetClass kg:Sector ;
    sh:property [ sh:path rdfs:label ; sh:pattern "^[A-Z]" ] .
""", "utf-8")
    fast, full = validate(seed_graph, shapes=shapes), validate(seed_graph, shapes=shapes, fast=False)
    assert not full.conforms and len(full.violations) >= 10
    assert (fast.conforms, fast.violations) == (full.conforms, full.violations)
