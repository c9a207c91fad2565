"""networkx -> one self-contained pyvis HTML file (every script and style inline, no network).

pyvis assembles the nodes, edges and options; kg's own template (``kg/data/view.html``)
inlines vis-network from pyvis' bundled copy instead of its CDN links, adds the legend,
class and document filters and search.  Every string from documents travels as JSON
(with ``<``, ``>`` and ``&`` escaped) and is shown with ``textContent`` or as plain-text
tooltips, so no document text can run script.
"""
from __future__ import annotations

import json
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
import pyvis
from jinja2 import Template
from pyvis.network import Network
from rdflib import Graph

from .analytics import ENTITY_CLASSES, to_networkx
from .export import write_atomic
from .types import EntityClass

#: Colour and vis-network shape per class (from the class table) and for documents.
STYLE: dict[str, tuple[str, str]] = {c.value: (c.color, c.shape) for c in EntityClass} | {"Document": ("#555555", "box")}


#: The view draws at most this many nodes, the most connected first: a browser lays out a few
#: thousand in seconds, not the tens of thousands of a graph of a million triples.
MAX_NODES = 2_000


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
    degree = dict(G.degree())
    keep = set(sorted(G, key=lambda n: (-degree[n], G.nodes[n]["label"], n))[:max_nodes])
    note = f"showing the {max_nodes:,} most connected of {len(G):,} nodes (kg view --max-nodes N draws more)"
    return G.subgraph(keep), note


#: vis-network options: physics settles (then stops), a fixed seed gives the same layout each time.
OPTIONS: dict[str, Any] = {
    "physics": {"solver": "barnesHut", "stabilization": {"enabled": True, "iterations": 400},
                "barnesHut": {"gravitationalConstant": -6000, "springLength": 140, "avoidOverlap": 0.2}},
    "layout": {"randomSeed": 7},
    "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False},
    "edges": {"smooth": {"type": "dynamic"}, "color": {"inherit": "from"}},
}
#: Above this many nodes, straight edges, a shorter stabilisation and no initial clustering layout:
#: a page of 2,000 nodes is then ready in about 5 s instead of 27 s (headless Chromium, 2 cores).
LARGE = 500


def options(nodes: int) -> dict[str, Any]:
    """The vis-network options for a page of ``nodes`` nodes.

    >>> options(10) == OPTIONS, options(1000)["edges"]["smooth"]
    (True, False)
    """
    if nodes <= LARGE:
        return OPTIONS
    return OPTIONS | {"physics": OPTIONS["physics"] | {"stabilization": {"enabled": True, "iterations": 100}},
                      "layout": OPTIONS["layout"] | {"improvedLayout": False},
                      "edges": OPTIONS["edges"] | {"smooth": False}}


def _json_for_script(obj: Any) -> str:
    """JSON that is safe inside a <script> element."""
    text: str = json.dumps(obj, ensure_ascii=False, sort_keys=True)
    return (text
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _node_details(data: dict[str, Any]) -> str:
    lines = [f"{data['cls']}: {data['label']}"]
    if data["alt"]:
        lines.append("Also: " + "; ".join(data["alt"]))
    if data["docs"]:
        lines.append("Documents: " + ", ".join(f"{i} ({d})" if d else i for i, d in data["docs"]))
    if data["sentences"]:
        lines.append("Evidence:")
        lines.extend("• " + s for s in data["sentences"])
    return "\n".join(lines)


def network(G: nx.MultiDiGraph) -> Network:
    """The pyvis network of a projection: colour and shape by class, size by degree."""
    net = Network(height="100vh", width="100%", directed=True, cdn_resources="in_line")
    deg = dict(G.degree())
    for n, data in G.nodes(data=True):
        color, shape = STYLE.get(data["cls"], ("#cccccc", "dot"))
        details = _node_details(data)
        inside = shape in ("box", "ellipse")  # these shapes draw the label inside the node
        font = {"size": 14, "color": "#ffffff" if inside else "#222222", "strokeWidth": 0 if inside else 3,
                "strokeColor": "#ffffff"}
        net.add_node(n, label=data["label"], title=details, color=color, shape=shape,
                     size=10 + 3 * min(deg.get(n, 0), 12), font=font)
    for u, v, data in G.edges(data=True):
        ev = data.get("evidence", [])
        details = f"{G.nodes[u]['label']} —{data['relation']}→ {G.nodes[v]['label']}"
        if ev:
            details += "\n" + "\n".join("• " + e for e in ev)
        else:
            details += "\n(background knowledge, no evidence sentence)"
        net.add_edge(u, v, label=data["relation"], title=details, arrows="to", font={"size": 10, "align": "middle"})
    net.set_options(json.dumps(options(len(G))))
    return net


def render_html(g: Graph, *, title: str = "kg — policy knowledge graph", documents: bool = False,
                max_nodes: int = MAX_NODES) -> str:
    """The HTML page of a kg graph; ``documents`` also draws each document and what it mentions.
    Above ``max_nodes`` nodes it draws the most connected ones and says so at the top of the page."""
    return _render(g, title=title, documents=documents, max_nodes=max_nodes)[0]


def _render(g: Graph, *, title: str, documents: bool, max_nodes: int) -> tuple[str, str | None]:
    G, note = most_connected(to_networkx(g, documents=documents), max_nodes)
    net = network(G)
    nodes, edges, *_rest = net.get_network_data()
    for node in nodes:  # the page's filters and info panel read these; "details" is the tooltip text
        data = G.nodes[node["id"]]
        node.update(cls=data["cls"], alt=data["alt"], docs=sorted({i for i, _d in data["docs"]}),
                    details=node["title"])
    for edge in edges:
        ev = G.get_edge_data(edge["from"], edge["to"], key=edge["label"]) or {}
        edge.update(docs=sorted({e.split(":", 1)[0] for e in ev.get("evidence", [])}), details=edge["title"])
    counts = Counter(data["cls"] for _, data in G.nodes(data=True))
    classes = [{"name": c, "color": STYLE[c][0], "count": counts[c]} for c in (*ENTITY_CLASSES, "Document")
               if c in counts]
    doc_list = sorted({(i, d) for _, data in G.nodes(data=True) for i, d in data["docs"]}, key=lambda x: (x[1], x[0]))
    data = {"nodes": nodes, "edges": edges, "options": options(len(G)), "classes": classes,
            "documents": [{"id": i, "date": d} for i, d in doc_list], "note": note or ""}
    lib = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
    template = Template(resources.files("kg").joinpath("data").joinpath("view.html").read_text("utf-8"))
    html: str = template.render(title=title, data_json=_json_for_script(data),
                           vis_js=(lib / "vis-network.min.js").read_text("utf-8").replace("</script", "<\\/script"),
                           vis_css=(lib / "vis-network.css").read_text("utf-8"))
    return html, note


def write_html(g: Graph, path: Path, *, title: str = "kg — policy knowledge graph", documents: bool = False,
               max_nodes: int = MAX_NODES) -> str | None:
    """Write the HTML view of ``g`` to ``path`` atomically; return the line that says which nodes were
    left out (``None`` when every node is drawn)."""
    html, note = _render(g, title=title, documents=documents, max_nodes=max_nodes)
    write_atomic(path, html.encode("utf-8"))
    return note
