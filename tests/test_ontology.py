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
