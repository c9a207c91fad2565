"""ontology/kg.ttl is the source of truth: the namespace class mirrors it and the contract's names exist."""
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg.namespaces import KG

from .conftest import ROOT

CONTRACT_CLASSES = ["Document", "Mention", "Place", "City", "Region", "Country", "Organization", "Committee",
                    "Person", "Meeting", "Resolution", "Sector", "SectorGroup", "Strategy"]
CONTRACT_PROPERTIES = ["locatedIn", "governs", "partOf", "memberOf", "heldBy", "adoptedAt", "adoptedBy", "pursues",
                       "hasComponent", "prioritizes", "inGroup", "mentions", "mentionOf", "sentence", "start", "end",
                       "rule", "ordinal", "term", "position"]


@pytest.fixture(scope="module")
def onto():
    return Graph().parse(ROOT / "ontology" / "kg.ttl")


def test_namespace_terms_and_ontology_agree(onto):
    ns = str(KG._NS)
    defined = {str(s)[len(ns):] for s in onto.subjects() if isinstance(s, URIRef) and str(s).startswith(ns)}
    assert defined == set(KG.__annotations__)


def test_contract_names_are_defined_with_labels_and_comments(onto):
    for name in CONTRACT_CLASSES:
        assert (KG[name], RDF.type, OWL.Class) in onto
    for name in CONTRACT_CLASSES + CONTRACT_PROPERTIES:
        assert onto.value(KG[name], RDFS.label) is not None and onto.value(KG[name], RDFS.comment) is not None


def test_relations_have_domains_and_ranges(onto):
    for name in CONTRACT_PROPERTIES[:11]:
        assert onto.value(KG[name], RDFS.domain) is not None and onto.value(KG[name], RDFS.range) is not None


def test_typo_in_a_term_is_an_error():
    with pytest.raises(AttributeError):
        KG.prioritises  # noqa: B018


def _union(onto, node):
    """The local names of a class or of an owl:unionOf list."""
    from rdflib.collection import Collection

    members = onto.value(node, OWL.unionOf)
    nodes = list(Collection(onto, members)) if members is not None else [node]
    return {str(n).rsplit("#", 1)[-1] for n in nodes}


def test_class_table_matches_the_ontology(onto):
    from kg.types import EntityClass

    entity_classes = {str(c).rsplit("#", 1)[-1] for c in onto.subjects(RDF.type, OWL.Class)
                      if str(c).startswith(str(KG._NS))} - {"Document", "Mention"}
    assert {c.value for c in EntityClass} == entity_classes
    order = [c.value for c in EntityClass]
    for c in EntityClass:
        kg_parents = {str(p).rsplit("#", 1)[-1] for p in onto.objects(KG[c.value], RDFS.subClassOf)
                      if str(p).startswith(str(KG._NS))}
        assert kg_parents == ({c.parent} if c.parent else set()), c
        if c.parent:  # a class comes before its parent: the first class a node has is its most specific
            assert order.index(c.value) < order.index(c.parent)
    assert len({c.slug_rank for c in EntityClass}) == len(EntityClass)


def test_relation_enum_matches_the_ontology(onto):
    from kg.types import Relation

    props = {str(p).rsplit("#", 1)[-1] for p in onto.subjects(RDF.type, OWL.ObjectProperty)
             if str(p).startswith(str(KG._NS))} - {"mentions", "mentionOf"}
    assert {r.value for r in Relation} == props
    for r in Relation:
        assert _union(onto, onto.value(KG[r.value], RDFS.domain)) == set(r.domain), r
        assert _union(onto, onto.value(KG[r.value], RDFS.range)) == set(r.range), r


def test_every_class_of_the_table_has_the_entity_shape():
    from rdflib import Namespace
    from rdflib.namespace import SH

    from kg.types import EntityClass

    shapes = Graph().parse(ROOT / "ontology" / "shapes.ttl")
    kgsh = Namespace("https://w3id.org/policykg/shapes#")
    targets = {str(t).rsplit("#", 1)[-1] for t in shapes.objects(kgsh.Entity, SH.targetClass)}
    assert targets == {c.value for c in EntityClass}
