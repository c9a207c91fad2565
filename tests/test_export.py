"""Output writers: kg's Turtle writer gives rdflib's bytes, faster; other graphs go to rdflib."""
from __future__ import annotations

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kg.export import fast_turtle, turtle_bytes


@pytest.mark.model
def test_the_fast_writer_gives_rdflibs_bytes_on_a_built_graph(seed_build):
    g = seed_build[0]
    assert fast_turtle(g) == g.serialize(format="turtle", encoding="utf-8")


def test_literals_of_every_kind_and_several_objects_are_written_as_rdflib_writes_them():
    g = Graph()
    g.bind("ex", "http://example.org/")
    s, p = URIRef("http://example.org/s"), URIRef("http://example.org/p")
    for o in (Literal("two\nlines"), Literal('say "x"'), Literal(3), Literal(12.5), Literal("2024-01-02", datatype=
              URIRef("http://www.w3.org/2001/XMLSchema#date")), Literal("chat", lang="fr"), Literal(True),
              URIRef("http://example.org/o"), URIRef("http://elsewhere.org/a")):
        g.add((s, p, o))
    g.add((s, RDF.type, URIRef("http://example.org/C"))).add((s, RDFS.label, Literal("S")))
    g.add((URIRef("http://example.org/o"), p, s))
    assert fast_turtle(g) == g.serialize(format="turtle", encoding="utf-8")


@pytest.mark.parametrize("extra", [
    (BNode("b1"), RDF.type, URIRef("http://example.org/C")),  # a blank node
    (URIRef("http://example.org/s"), URIRef("http://unbound.example/p"), Literal("x")),  # a predicate without prefix
])
def test_graphs_the_fast_writer_does_not_handle_go_to_rdflib(extra):
    g = Graph()
    g.bind("ex", "http://example.org/")
    g.add((URIRef("http://example.org/s"), RDFS.label, Literal("S")))
    g.add(extra)
    assert fast_turtle(g) is None
    assert turtle_bytes(g) == g.serialize(format="turtle", encoding="utf-8")
