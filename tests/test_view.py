"""The HTML view: self-contained, coloured by class with a legend, safe against hostile text, laid out
in Python and frozen, lean (every sentence once, loaded on demand) and complete (no evidence cut)."""
import json
import re

import pytest

from kg import KnowledgeGraph
from kg.analytics import stats, to_networkx
from kg.view import render_html, short_id

from .conftest import entity_count

pytestmark = pytest.mark.model

HOSTILE = (' date 2024-02-03 Xiamen will pursue the "<img src=x onerror=alert(1)> corridor" and develop marine '
           'economy.\n\n'
           "Xiamen will build a <script>alert(1)</script> port and support biomedicine.\n")


def tables(html: str) -> tuple[dict, dict]:
    """The page's graph table and its evidence table."""
    data = json.loads(re.search(r"var DATA = (\{.*?\});\n", html, re.S).group(1))
    evidence = json.loads(re.search(r'<script type="application/json" id="kg-evidence">(.*?)</script>', html,
                                    re.S).group(1))
    return data, evidence


def test_html_is_self_contained(seed_graph):
    html = render_html(seed_graph)
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)
    assert "cdn.jsdelivr.net" not in html and "cdnjs.cloudflare.com" not in html
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert "vis.Network" in html and 'id="legend"' in html


def test_nodes_and_edges_match_the_graph(seed_graph):
    G = to_networkx(seed_graph)
    data, evidence = tables(render_html(seed_graph))
    assert len(data["nodes"]) == G.number_of_nodes() and len(data["edges"]) == G.number_of_edges()
    assert len(evidence["nodes"]) == len(data["nodes"]) and len(evidence["edges"]) == len(data["edges"])
    kg = KnowledgeGraph(seed_graph)
    assert entity_count(kg) == len(data["nodes"])
    classes = {c["name"]: c["color"] for c in data["classes"]}
    assert {"City", "Committee", "Sector", "Strategy"} <= set(classes) and len(set(classes.values())) == len(classes)
    groups = data["options"]["groups"]
    assert all(node["label"] and groups[node["group"]]["color"] == classes[node["group"]] for node in data["nodes"])
    assert {n["id"] for n in data["nodes"]} == {short_id(n) for n in G}
    assert {r["name"]: r["count"] for r in data["relations"]}["prioritizes"] == sum(
        1 for *_e, rel in G.edges(keys=True) if rel == "prioritizes")


def test_the_layout_is_computed_frozen_and_the_same_every_time(seed_graph):
    html = render_html(seed_graph)
    data, _ = tables(html)
    assert data["options"]["physics"] == {"enabled": False}
    points = [(n["x"], n["y"]) for n in data["nodes"]]
    assert all(isinstance(v, int) for p in points for v in p) and len(set(points)) == len(points)
    assert render_html(seed_graph) == html


def test_a_large_component_is_laid_out_around_its_hubs():
    """Above ``core`` nodes the spring layout places the hubs and the spokes go around them."""
    import math

    import networkx as nx

    from kg.layout import EDGE, layout

    G = nx.Graph()
    for hub in range(6):
        G.add_edges_from((f"h{hub}", f"h{hub}-{i}") for i in range(30))
        G.add_edge(f"h{hub}", f"h{(hub + 1) % 6}")
    G.add_node("alone")
    pos = layout(G, core=6)
    assert pos == layout(G, core=6) and len(set(pos.values())) == len(pos) == 6 * 31 + 1
    for hub in range(6):
        assert max(math.dist(pos[f"h{hub}"], pos[f"h{hub}-{i}"]) for i in range(30)) < 2 * EDGE
    assert min(math.dist(pos["alone"], p) for n, p in pos.items() if n != "alone") > EDGE / 2


def test_the_layout_does_not_depend_on_the_hash_seed():
    """Small components and the hubs of a large one are laid out from graphs made in sorted order: a
    networkx subgraph view of fewer than half the nodes iterates a set, whose order changes with
    PYTHONHASHSEED (the HTML of the same graph differed between two runs)."""
    import os
    import subprocess
    import sys

    code = (
        "import networkx as nx\n"
        "from kg.layout import layout\n"
        "G = nx.Graph()\n"
        "G.add_edges_from((f'hub{h}', f'n{h}-{k}') for h in range(8) for k in range(12))\n"
        "G.add_edges_from((f'hub{h}', f'hub{h + 1}') for h in range(7))\n"
        "G.add_edges_from((f'c{c}-a', f'c{c}-{k}') for c in range(6) for k in range(4))\n"
        "print(sorted(layout(G, core=5).items()))\n"
    )
    runs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout for seed in (1, 2, 3)}
    assert len(runs) == 1 and "hub0" in runs.pop()


def test_the_labelled_nodes_are_the_most_central_as_kg_stats_ranks_them(seed_graph):
    data, _ = tables(render_html(seed_graph))
    label = {n["id"]: n["label"] for n in data["nodes"]}
    top = [label[i] for i in data["top"]]
    assert len(top) == min(25, len(data["nodes"]))
    assert top[:10] == [row[0] for row in stats(seed_graph).degree]
    assert "Shanghai" in top[:3]


def test_every_evidence_sentence_is_in_the_page_once_and_none_is_cut(seed_graph):
    """Before: a node kept 5 sentences, and each tooltip was stored twice (``title`` and ``details``)."""
    html = render_html(seed_graph)
    data, evidence = tables(html)
    assert not any(k in item for item in data["nodes"] + data["edges"] for k in ("title", "details"))
    kg = KnowledgeGraph(seed_graph)
    rows = kg.query("""SELECT DISTINCT ?id ?sentence WHERE { ?m kg:mentionOf kgid:shanghai ; kg:sentence ?sentence ;
                       prov:wasDerivedFrom ?d . ?d dcterms:identifier ?id }""").rows
    assert len(rows) > 5
    shanghai = next(i for i, n in enumerate(data["nodes"]) if n["id"] == "shanghai")
    docs = [d[0] for d in data["documents"]]
    mine = {(docs[evidence["sentences"][s][0]], evidence["sentences"][s][1]) for s in evidence["nodes"][shanghai]}
    assert mine == {(str(i), str(s)) for i, s in rows}
    assert sorted(data["nodes"][shanghai]["d"]) == sorted(docs.index(str(i)) for i in {r[0] for r in rows})
    texts = [s[1] for s in evidence["sentences"]]
    assert len(texts) == len(set(texts))
    one = max(texts, key=len).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    assert html.count(json.dumps(one, ensure_ascii=False)[1:-1]) == 1
    edge = next(i for i, e in enumerate(data["edges"]) if e["from"] == "shanghai" and e["label"] == "pursues")
    assert evidence["edges"][edge] and data["edges"][edge]["d"]
    background = [i for i, e in enumerate(data["edges"]) if e["label"] == "locatedIn"]
    assert background and all(not evidence["edges"][i] for i in background)


def test_places_filter_by_the_documents_of_what_lies_in_them(seed_graph):
    data, _ = tables(render_html(seed_graph))
    places = {p[0]: p for p in data["places"]}
    assert places["shanghai"][2] == "City" and places["shanghai"][3]
    assert set(places["shanghai"][3]) <= set(places["china"][3])  # Shanghai lies in China


def test_hostile_text_is_escaped(tmp_path):
    (tmp_path / "hostile.txt").write_text(HOSTILE)
    kg = KnowledgeGraph.build([tmp_path])
    labels = {r[0] for r in kg.query("SELECT ?l WHERE { ?e a kg:Strategy ; rdfs:label ?l }").rows}
    assert "<img src=x onerror=alert(1)> corridor" in labels  # the label keeps the text
    html = kg.to_html()
    assert "<img src=x" not in html and "<script>alert(1)" not in html
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in html
    _, evidence = tables(html)
    assert any("<script>alert(1)</script>" in s[1] for s in evidence["sentences"])


def test_documents_are_drawn_only_when_asked(seed_graph):
    plain = to_networkx(seed_graph)
    with_docs = to_networkx(seed_graph, documents=True)
    assert not any(d["cls"] == "Document" for _, d in plain.nodes(data=True))
    docs = [n for n, d in with_docs.nodes(data=True) if d["cls"] == "Document"]
    assert len(docs) == 2 and with_docs.out_degree(docs[0]) > 10
    data, evidence = tables(render_html(seed_graph, documents=True))
    assert "Document" in {c["name"] for c in data["classes"]}
    mentions = [i for i, e in enumerate(data["edges"]) if e["label"] == "mentions"]
    assert mentions and any(evidence["edges"][i] for i in mentions)
