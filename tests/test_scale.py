"""The graph commands at scale: the build's summary computes only what it prints, `kg stats` is
bounded above a size and says so, `kg view` draws at most --max-nodes nodes and says so, and the
loader reads what rdflib reads.  (scripts/bench_scale.py measures them at 10k-1M triples.)"""
import json
import random
import re

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kg.graph import load_graph, new_graph
from kg.namespaces import KG, KGID



def synthetic(entities: int, relations: int, seed: int = 0) -> Graph:
    """Cities prioritizing sectors and pursuing strategies, at random (seeded)."""
    rnd = random.Random(seed)
    g = new_graph()
    kinds = {"City": KG.City, "Sector": KG.Sector, "Strategy": KG.Strategy}
    nodes: dict[str, list[URIRef]] = {k: [] for k in kinds}
    for i in range(entities):
        k = ("City", "Sector", "Strategy")[i % 3]
        node = KGID[f"{k.lower()}-{i}"]
        g.add((node, RDF.type, kinds[k]))
        g.add((node, RDFS.label, Literal(f"{k} {i}")))
        nodes[k].append(node)
    for _ in range(relations):
        city = rnd.choice(nodes["City"])
        if rnd.random() < 0.7:
            g.add((city, KG.prioritizes, rnd.choice(nodes["Sector"])))
        else:
            g.add((city, KG.pursues, rnd.choice(nodes["Strategy"])))
    g.add((KGID["doc/a"], RDF.type, KG.Document))
    return g


def page_data(html: str) -> dict:
    return json.loads(re.search(r"var DATA = (\{.*?\});\n", html, re.S).group(1))


@pytest.mark.parametrize("fmt, suffix", [("turtle", ".ttl"), ("nt", ".nt")])
def test_the_loader_reads_what_rdflib_reads(tmp_path, fmt, suffix):
    g = synthetic(60, 100)
    g.add((KGID.x, KG.start, Literal("12.5", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal"))))
    g.add((KGID.x, RDFS.label, Literal("Ürümqi", lang="zh-latn")))
    g.add((KGID.x, RDFS.comment, Literal("a\nb \"quoted\"")))
    path = tmp_path / f"g{suffix}"
    g.serialize(path, format=fmt, encoding="utf-8")
    theirs = Graph().parse(path, format=fmt)
    ours = load_graph(path)
    assert set(ours) == set(theirs) and len(ours) == len(g)
    if fmt == "turtle":
        assert dict(ours.namespaces())["kg"] == URIRef(str(KG._NS))


def test_the_loader_resolves_relative_iris_against_the_file(tmp_path):
    path = tmp_path / "rel.ttl"
    path.write_text('<a> <http://www.w3.org/2000/01/rdf-schema#label> "x" .\n', "utf-8")
    assert set(load_graph(path)) == set(Graph().parse(path, format="turtle"))
