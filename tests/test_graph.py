"""The exported graph: evidence, determinism, parsers, SHACL."""
import shutil
import subprocess

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

from kg.export import turtle_bytes
from kg.namespaces import KG
from kg.pipeline import build
from kg.validate import validate

from .conftest import ROOT

pytestmark = pytest.mark.model


def test_every_mention_and_statement_points_into_its_document(seed_graph):
    g = seed_graph
    texts = {}
    for d in g.subjects(RDF.type, KG.Document):
        name = str(g.value(d, DCTERMS.identifier))
        texts[d] = (ROOT / "seeds" / name).read_text("utf-8")
    nodes = set(g.subjects(RDF.type, KG.Mention)) | set(g.subjects(RDF.type, RDF.Statement))
    assert len(nodes) > 100
    for n in nodes:
        text = texts[g.value(n, PROV.wasDerivedFrom)]
        start, end = int(g.value(n, KG.start)), int(g.value(n, KG.end))
        sentence = str(g.value(n, KG.sentence))
        assert sentence in text and text[start:end] in sentence and end > start
        assert g.value(n, KG.rule) is not None


def test_every_extracted_relation_has_evidence(seed_graph):
    g = seed_graph
    evidenced = {(g.value(s, RDF.subject), g.value(s, RDF.predicate), g.value(s, RDF.object))
                 for s in g.subjects(RDF.type, RDF.Statement)}
    for p in ("governs", "partOf", "memberOf", "heldBy", "adoptedAt", "adoptedBy", "pursues", "hasComponent",
              "prioritizes", "inGroup"):
        for s, o in g.subject_objects(KG[p]):
            assert (s, KG[p], o) in evidenced, (s, p, o)


def test_each_entity_has_exactly_one_label(seed_graph):
    for cls in ("City", "Committee", "Sector", "Strategy", "Meeting", "Resolution", "Person"):
        for e in seed_graph.subjects(RDF.type, KG[cls]):
            assert len(list(seed_graph.objects(e, RDFS.label))) == 1


def test_same_input_gives_byte_identical_turtle(seed_graph):
    again, _ = build([ROOT / "seeds"])
    assert turtle_bytes(again) == turtle_bytes(seed_graph)


def test_graph_conforms_to_the_shapes(seed_graph):
    report = validate(seed_graph)
    assert report.conforms, [str(v) for v in report.violations]


def test_shapes_catch_a_broken_graph(seed_graph):
    g = Graph()
    for t in seed_graph:
        g.add(t)
    shanghai = next(s for s in g.subjects(RDFS.label, Literal("Shanghai")))
    g.add((shanghai, RDFS.label, Literal("Second label")))
    st = next(g.subjects(RDF.type, RDF.Statement))
    g.remove((st, KG.sentence, None))
    g.add((next(g.subjects(RDF.type, KG.Strategy)), KG.prioritizes, shanghai))  # no evidence, wrong range
    report = validate(g)
    assert not report.conforms
    messages = " ".join(str(v) for v in report.violations)
    assert "exactly one rdfs:label" in messages
    assert "no evidence statement" in messages
    assert "sentence" in messages


def test_pyoxigraph_parses_the_turtle(seed_build):
    _g, out, _ = seed_build
    store = ox.Store()
    store.load(path=str(out / "graph.ttl"), format=ox.RdfFormat.TURTLE)
    assert len(store) == len(seed_build[0])


@pytest.mark.external
def test_raptor_parses_the_turtle(seed_build):
    rapper = shutil.which("rapper")
    if rapper is None:
        pytest.skip("rapper (Debian raptor2-utils) is not installed; `make sysdeps` installs it as root")
    res = subprocess.run([rapper, "-i", "turtle", "-c", str(seed_build[1] / "graph.ttl")],
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    assert f"returned {len(seed_build[0])} triples" in res.stderr


def test_a_new_graph_is_written_and_counted_from_its_buffer_as_from_its_indexes(nlp):
    """``to_graph`` keeps the triples in a list until something reads the graph: Turtle and counts made
    from that list are those of the indexed graph (duplicates dropped), and the first read indexes it."""
    from kg.analytics import counts
    from kg.graph import add_triples, buffered

    g, _report = build([ROOT / "seeds"])
    add_triples(g, list(g.store.pending()[:50]))  # the same triples again: no new triple
    assert buffered(g) is not None
    data, numbers = turtle_bytes(g), counts(g)
    assert buffered(g) is not None  # writing and counting did not index it
    n = len(g)  # a read: now indexed like any rdflib graph
    assert buffered(g) is None and n > 1000
    assert turtle_bytes(g) == data == g.serialize(format="turtle", encoding="utf-8")
    assert counts(g) == numbers and numbers.evidence_statements > 50
    a, x = URIRef("https://w3id.org/policykg/id/a"), Literal("x")
    g.add((a, RDFS.label, x))
    assert (a, RDFS.label, x) in g and len(g) == n + 1
