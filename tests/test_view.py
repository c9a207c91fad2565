"""The HTML view: self-contained, coloured by class with a legend, and safe against hostile text."""
import json
import re

import pytest

from kg import KnowledgeGraph
from kg.analytics import to_networkx
from kg.view import render_html

from .conftest import entity_count

pytestmark = pytest.mark.model

HOSTILE = (' date 2024-02-03 Xiamen will pursue the "<img src=x onerror=alert(1)> corridor" and develop marine '
           'economy.\n\n'
           "Xiamen will build a <script>alert(1)</script> port and support biomedicine.\n")


def test_html_is_self_contained(seed_graph):
    html = render_html(seed_graph)
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)
    assert "cdn.jsdelivr.net" not in html and "cdnjs.cloudflare.com" not in html
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert "vis.Network" in html and 'id="legend"' in html


def test_nodes_and_edges_match_the_graph(seed_graph):
    G = to_networkx(seed_graph)
    html = render_html(seed_graph)
    data = json.loads(re.search(r"var DATA = (\{.*?\});\n", html, re.S).group(1))
    assert len(data["nodes"]) == G.number_of_nodes() and len(data["edges"]) == G.number_of_edges()
    kg = KnowledgeGraph(seed_graph)
    assert entity_count(kg) == len(data["nodes"])
    classes = {c["name"]: c["color"] for c in data["classes"]}
    assert {"City", "Committee", "Sector", "Strategy"} <= set(classes) and len(set(classes.values())) == len(classes)
    assert all(node["label"] and node["color"] == classes[node["cls"]] for node in data["nodes"])


def test_hostile_text_is_escaped(tmp_path):
    (tmp_path / "hostile.txt").write_text(HOSTILE)
    kg = KnowledgeGraph.build([tmp_path])
    labels = {r[0] for r in kg.query("SELECT ?l WHERE { ?e a kg:Strategy ; rdfs:label ?l }").rows}
    assert "<img src=x onerror=alert(1)> corridor" in labels  # the label keeps the text
    html = kg.to_html()
    assert "<img src=x" not in html and "<script>alert(1)" not in html
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in html


def test_documents_are_drawn_only_when_asked(seed_graph):
    plain = to_networkx(seed_graph)
    with_docs = to_networkx(seed_graph, documents=True)
    assert not any(d["cls"] == "Document" for _, d in plain.nodes(data=True))
    docs = [n for n, d in with_docs.nodes(data=True) if d["cls"] == "Document"]
    assert len(docs) == 2 and with_docs.out_degree(docs[0]) > 10
    assert '"name": "Document"' in render_html(seed_graph, documents=True)
