"""networkx -> one self-contained HTML page (every script and style inline, no network request).

The page is kg's own template (``kg/data/view.html``) around vis-network, inlined from pyvis' bundled
copy.  Positions are computed here (``kg.layout``) and frozen, so the page draws at once at thousands
of nodes; the most central nodes (by degree, as ``kg stats`` ranks them) keep their labels at any zoom.
The page carries two tables: the graph (nodes with their class, position and documents as numbers,
edges with their relation and documents), read at load; and the evidence (every sentence once, and
for each node and edge the numbers of its sentences), parsed only when a node or an edge is first
pointed at.  Nothing is cut: a node lists every document and sentence, page by page.

Every string from documents travels as JSON (with ``<``, ``>`` and ``&`` escaped) and is shown with
``textContent``, so no document text can run script.
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
import pyvis
from jinja2 import Template
from rdflib import Graph
from rdflib.namespace import DCTERMS, PROV, RDF
from rdflib.term import Node

from .analytics import ENTITY_CLASSES, degree, offset, ranked, to_networkx, undirected
from .export import write_atomic
from .layout import layout
from .namespaces import KG, KGID
from .types import EntityClass

#: Colour and vis-network shape per class (from the class table) and for documents.
STYLE: dict[str, tuple[str, str]] = {c.value: (c.color, c.shape) for c in EntityClass} | {"Document": ("#555555", "box")}
PLACES = tuple(c.value for c in EntityClass if c.is_place)

#: The view draws at most this many nodes, the most connected first: with positions computed in
#: Python a browser draws 3,000 nodes in about a second, and stays usable at a few thousand more.
MAX_NODES = 5_000
#: This many of the most central nodes show their label at every zoom; the others from a zoom on.
TOP_LABELS = 25
#: Above this many nodes edges are hidden while the view is dragged (they cost most of a frame).
LARGE = 500
#: Above this many nodes edges are straight, and the shapes that hold their label (box, ellipse) become
#: shapes of a fixed size with the label below: at overview zoom, where labels are hidden, a box would
#: still be as wide as its label.
SMALL = 150
OUTSIDE = {"box": "square", "ellipse": "dot"}


def most_connected(G: nx.MultiDiGraph, max_nodes: int = MAX_NODES) -> tuple[nx.MultiDiGraph, str | None]:
    """The ``max_nodes`` nodes of ``G`` with the most edges (ties by label) and the edges between them,
    with a line that says what was left out; ``G`` itself and ``None`` when it is small enough
    (or ``max_nodes`` is 0).

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph([("a", "b"), ("a", "c"), ("d", "a")])
    >>> nx.set_node_attributes(G, {n: n.upper() for n in G}, "label")
    >>> H, note = most_connected(G, 2)
    >>> sorted(H), note
    (['a', 'b'], 'showing the 2 most connected of 4 nodes (kg view --max-nodes N draws more)')
    """
    if not max_nodes or len(G) <= max_nodes:
        return G, None
    deg = dict(G.degree())
    keep = set(sorted(G, key=lambda n: (-deg[n], G.nodes[n]["label"], n))[:max_nodes])
    note = f"showing the {max_nodes:,} most connected of {len(G):,} nodes (kg view --max-nodes N draws more)"
    return G.subgraph(keep), note


def options(nodes: int) -> dict[str, Any]:
    """The vis-network options for a page of ``nodes`` nodes: no physics (the positions are given),
    one style per class (``groups``), labels drawn from a zoom on, curved edges on small pages.

    >>> options(10)["physics"], options(10)["edges"]["smooth"]["type"], options(1000)["edges"]["smooth"]
    ({'enabled': False}, 'curvedCW', False)
    >>> options(10)["groups"]["Committee"]["shape"], options(1000)["groups"]["Committee"]["shape"]
    ('box', 'square')
    """
    groups = {}
    for name, (color, shape) in STYLE.items():
        if nodes > SMALL:  # a shape sized by its label stays as wide as the label when the label is hidden
            shape = OUTSIDE.get(shape, shape)
        inside = shape in OUTSIDE  # these shapes draw the label inside the node
        groups[name] = {"color": color, "shape": shape,
                        "font": {"color": "#ffffff" if inside else "#222222", "strokeWidth": 0 if inside else 3}}
    smooth: dict[str, Any] | bool = {"type": "curvedCW", "roundness": 0.12} if nodes <= SMALL else False
    return {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "interaction": {"hover": False, "navigationButtons": False,  # the page draws its own tooltips
                        "hideEdgesOnDrag": nodes > LARGE},  # a large page keeps its frame rate while panned
        "nodes": {"font": {"size": 14, "strokeColor": "#ffffff"}, "scaling": {"label": {"drawThreshold": 12}}},
        "edges": {"smooth": smooth, "color": {"inherit": "from"}, "arrows": "to",
                  "font": {"size": 10, "align": "middle"}, "scaling": {"label": {"drawThreshold": 12}}},
        "groups": groups,
    }


def _json_for_script(obj: Any) -> str:
    """JSON that is safe inside a <script> element."""
    text: str = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def short_id(iri: str) -> str:
    """A node's id in the page and in its permalinks: the IRI without kg's id namespace.

    >>> short_id("https://w3id.org/policykg/id/shanghai"), short_id("http://example.org/x")
    ('shanghai', 'http://example.org/x')
    """
    return iri.removeprefix(str(KGID))


def _evidence(g: Graph, G: nx.MultiDiGraph, doc_index: dict[str, int]) -> dict[str, Any]:
    """Every evidence sentence once (``[document number, text]``), in document order, and for each
    node (mention sentences) and edge (statement sentences) of ``G`` the numbers of its sentences."""
    ident: dict[Node | None, int] = {}
    for d in g.subjects(RDF.type, KG.Document):
        ident[d] = doc_index.get(str(g.value(d, DCTERMS.identifier) or d), -1)
    # one pass per property (a lookup per mention and property took 5 s at 3,000 nodes)
    source, start, sentence = (dict(g.subject_objects(p)) for p in (PROV.wasDerivedFrom, KG.start, KG.sentence))

    def row(x: Node) -> tuple[int, int, str]:
        return ident.get(source.get(x), -1), offset(start.get(x)), str(sentence.get(x) or "")

    rows: dict[tuple[str, ...], list[tuple[int, int, str]]] = defaultdict(list)
    for m, ent in g.subject_objects(KG.mentionOf):
        if str(ent) in G and (m, RDF.type, KG.Mention) in g:
            rows[(str(ent),)].append(row(m))
    subj, pred, obj = (dict(g.subject_objects(p)) for p in (RDF.subject, RDF.predicate, RDF.object))
    for st in g.subjects(RDF.type, RDF.Statement):
        s, p, o = subj.get(st), pred.get(st), obj.get(st)
        if str(s) in G and str(o) in G:
            rows[(str(s), str(p).rsplit("#", 1)[-1], str(o))].append(row(st))
    sentences: dict[tuple[int, str], int] = {}

    def numbers(key: tuple[str, ...]) -> list[int]:
        found = rows.get(key, [])
        if len(key) == 3 and key[1] == "mentions" and not found:  # a document's mention: the sentences there
            doc = doc_index.get(G.nodes[key[0]]["docs"][0][0], -2) if G.nodes[key[0]]["docs"] else -2
            found = [r for r in rows.get((key[2],), ()) if r[0] == doc]
        out: list[int] = []
        for doc, _start, text in sorted(found):
            if text:
                n = sentences.setdefault((doc, text), len(sentences))
                if n not in out:
                    out.append(n)
        return out

    nodes = [numbers((n,)) for n in G]
    edges = [numbers((u, rel, v)) for u, v, rel in G.edges(keys=True)]
    return {"sentences": [[doc, text] for doc, text in sentences], "nodes": nodes, "edges": edges}


def _places(G: nx.MultiDiGraph, docs_of: dict[str, list[int]]) -> list[list[Any]]:
    """``[id, label, class, document numbers]`` for each place that a document mentions: the documents
    that mention it or a place located in it (``kg:locatedIn``, followed transitively)."""
    inside: dict[str, set[str]] = defaultdict(set)
    for u, v, rel in G.edges(keys=True):
        if rel == "locatedIn":
            inside[v].add(u)
    out = []
    for n, data in G.nodes(data=True):
        if data["cls"] not in PLACES:
            continue
        seen, todo = {n}, [n]
        while todo:
            for m in inside[todo.pop()] - seen:
                seen.add(m)
                todo.append(m)
        docs = sorted({d for m in seen for d in docs_of[m]})
        if docs:
            out.append([short_id(n), data["label"], data["cls"], docs])
    return sorted(out, key=lambda p: (PLACES.index(p[2]), p[1].lower(), p[0]))


def page_data(g: Graph, *, documents: bool = False, max_nodes: int = MAX_NODES,
              top_labels: int = TOP_LABELS) -> tuple[dict[str, Any], dict[str, Any]]:
    """The page's two tables: the graph (read at load) and the evidence (parsed on demand)."""
    full = to_networkx(g, max_sentences=0, documents=documents)
    G, note = most_connected(full, max_nodes)
    doc_list = sorted({d for _, data in G.nodes(data=True) for d in data["docs"]}, key=lambda x: (x[1], x[0]))
    doc_index = {ident: i for i, (ident, _date) in enumerate(doc_list)}
    docs_of = {n: sorted({doc_index[i] for i, _d in data["docs"]}) for n, data in G.nodes(data=True)}
    evidence = _evidence(g, G, doc_index)
    pos = layout(G)
    label = {n: G.nodes[n]["label"] for n in G}
    U = undirected(G)
    deg = dict(U.degree())
    top = ranked(degree(U), label)[:top_labels]
    nodes = []
    for n, data in G.nodes(data=True):
        node: dict[str, Any] = {"id": short_id(n), "label": data["label"], "group": data["cls"],
                                "x": pos[n][0], "y": pos[n][1], "size": 8 + 2 * min(deg.get(n, 0), 12),
                                "d": docs_of[n]}
        if data["alt"]:
            node["alt"] = data["alt"]
        nodes.append(node)
    sentence_doc = [doc for doc, _text in evidence["sentences"]]
    edges = [{"id": i, "from": short_id(u), "to": short_id(v), "label": rel,
              "d": sorted({sentence_doc[s] for s in evidence["edges"][i]})}
             for i, (u, v, rel) in enumerate(G.edges(keys=True))]
    counts = Counter(data["cls"] for _, data in G.nodes(data=True))
    classes = [{"name": c, "color": STYLE[c][0], "count": counts[c]} for c in (*ENTITY_CLASSES, "Document")
               if c in counts]
    relations = Counter(rel for *_uv, rel in G.edges(keys=True))
    data = {"nodes": nodes, "edges": edges, "options": options(len(G)), "classes": classes,
            "relations": [{"name": r, "count": c} for r, c in sorted(relations.items())],
            "documents": [[i, d] for i, d in doc_list], "places": _places(G, docs_of),
            "top": [short_id(n) for n in top], "note": note or ""}
    return data, evidence


def render_html(g: Graph, *, title: str = "kg — policy knowledge graph", documents: bool = False,
                max_nodes: int = MAX_NODES) -> str:
    """The HTML page of a kg graph; ``documents`` also draws each document and what it mentions.
    Above ``max_nodes`` nodes it draws the most connected ones and says so at the top of the page."""
    return _render(g, title=title, documents=documents, max_nodes=max_nodes)[0]


def _render(g: Graph, *, title: str, documents: bool, max_nodes: int) -> tuple[str, str | None]:
    data, evidence = page_data(g, documents=documents, max_nodes=max_nodes)
    lib = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
    template = Template(resources.files("kg").joinpath("data").joinpath("view.html").read_text("utf-8"))
    html: str = template.render(title=title, data_json=_json_for_script(data),
                                evidence_json=_json_for_script(evidence),
                                vis_js=(lib / "vis-network.min.js").read_text("utf-8").replace("</script", "<\\/script"))
    return html, data["note"] or None


def write_html(g: Graph, path: Path, *, title: str = "kg — policy knowledge graph", documents: bool = False,
               max_nodes: int = MAX_NODES) -> str | None:
    """Write the HTML view of ``g`` to ``path`` atomically; return the line that says which nodes were
    left out (``None`` when every node is drawn)."""
    html, note = _render(g, title=title, documents=documents, max_nodes=max_nodes)
    write_atomic(path, html.encode("utf-8"))
    return note
