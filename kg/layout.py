"""networkx graph -> fixed 2-D positions for the HTML view, computed once in Python, the same every run.

A browser that lays out a graph itself (vis-network's physics) needs tens of seconds at a few thousand
nodes and never quite stops moving; positions computed here let the page draw at once, frozen.

Each connected component is laid out alone (``nx.spring_layout``, seeded) and the components are
packed in rows, the largest first.  A component larger than ``CORE`` nodes is laid out in two steps,
so that the time stays about linear: the spring layout places its ``CORE`` best-connected nodes, and
every other node is put next to the nodes it is linked to that already have a place (breadth first,
on a small spiral around its anchor).  Policy graphs are hubs (sectors, places) with many spokes,
which this draws as stars around their hubs.  No scipy is needed: below 500 nodes networkx uses numpy.
"""
from __future__ import annotations

import math
from collections import deque

import networkx as nx

#: Above this many nodes a component's spring layout places only its best-connected nodes.
CORE = 400
#: The typical length of an edge in the view, in vis-network's canvas units (a node is 10-46 across).
EDGE = 110.0
SEED = 7
#: The spring layout's optimal distance, times 1/sqrt(nodes) (networkx's default is 1): larger spreads the hubs.
SPREAD = 2.0
#: In a component laid out around its hubs, the hubs' edges are this many times ``EDGE``.
HUB_SPACING = 2.5
_GOLDEN = math.pi * (3 - math.sqrt(5))  # the golden angle: spokes of a hub spread evenly at any count

Pos = dict[str, tuple[float, float]]


def layout(G: nx.Graph | nx.MultiDiGraph, *, core: int = CORE, seed: int = SEED) -> dict[str, tuple[int, int]]:
    """Integer canvas positions for every node of ``G``, the same for the same graph in every run.

    >>> import networkx as nx
    >>> G = nx.star_graph(6)
    >>> G.add_edge("x", "y")
    >>> pos = layout(nx.relabel_nodes(G, str))
    >>> sorted(pos) == sorted(map(str, G)) and pos == layout(nx.relabel_nodes(G, str))
    True
    >>> len(set(pos.values())) == len(pos)
    True
    """
    U = nx.Graph()
    U.add_nodes_from(sorted(G, key=str))
    U.add_edges_from(sorted({tuple(sorted((str(u), str(v)))) for u, v in G.edges() if u != v}))
    parts = sorted((sorted(c) for c in nx.connected_components(U)), key=lambda c: (-len(c), c[0]))
    placed = [_component(_induced(U, c), core, seed) for c in parts]
    return {n: (round(x), round(y)) for n, (x, y) in _pack(placed).items()}


def _induced(G: nx.Graph, nodes: list[str]) -> nx.Graph:
    """The subgraph of ``G`` on ``nodes`` (sorted), as a new graph whose nodes and edges come in sorted
    order.  Not ``G.subgraph``: a view on fewer than half of ``G``'s nodes iterates them in the order of
    a Python set, which changes from run to run with the hash seed, and so would the layout."""
    keep = set(nodes)
    H = nx.Graph()
    H.add_nodes_from(nodes)
    H.add_edges_from(sorted((u, v) for u in nodes for v in G[u] if v in keep and u < v))
    return H


def _component(C: nx.Graph, core: int, seed: int) -> Pos:
    """Positions of one connected component, its edges about ``EDGE`` long, centred on (0, 0)."""
    nodes = sorted(C)
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    if len(nodes) == 2:
        return {nodes[0]: (-EDGE / 2, 0.0), nodes[1]: (EDGE / 2, 0.0)}
    if len(nodes) <= core:
        return _scaled(C, nx.spring_layout(C, seed=seed, k=SPREAD / math.sqrt(len(nodes))))
    degree = dict(C.degree())
    hubs = sorted(nodes, key=lambda n: (-degree[n], n))[:core]
    # the hubs further apart than other nodes: each gets a disc of spokes around it
    H = _induced(C, sorted(hubs))
    pos = {n: (x * HUB_SPACING, y * HUB_SPACING)
           for n, (x, y) in _scaled(H, nx.spring_layout(H, seed=seed, k=SPREAD / math.sqrt(len(hubs)))).items()}
    spokes: dict[str, int] = {}
    queue = deque(hubs)
    while queue:  # breadth first from the hubs: a node goes next to its neighbours that have a place
        n = queue.popleft()
        for m in sorted(C[n]):
            if m in pos:
                continue
            anchors = [pos[a] for a in sorted(C[m]) if a in pos]
            ax, ay = (sum(p[0] for p in anchors) / len(anchors), sum(p[1] for p in anchors) / len(anchors))
            k = spokes[n] = spokes.get(n, 0) + 1
            r = EDGE * (0.45 + 0.12 * math.sqrt(k))  # a spiral: the hundredth spoke is still EDGE-ish away
            pos[m] = (ax + r * math.cos(k * _GOLDEN), ay + r * math.sin(k * _GOLDEN))
            queue.append(m)
    return pos


def _scaled(C: nx.Graph, raw: dict[str, object]) -> Pos:
    """``raw`` positions stretched so that the median edge is ``EDGE`` long, centred on (0, 0)."""
    pts = {n: (float(p[0]), float(p[1])) for n, p in raw.items()}  # type: ignore[index]
    lengths = sorted(math.dist(pts[u], pts[v]) for u, v in C.edges())
    median = lengths[len(lengths) // 2] if lengths else 0.0
    f = EDGE / median if median > 1e-9 else EDGE
    cx = sum(p[0] for p in pts.values()) / len(pts)
    cy = sum(p[1] for p in pts.values()) / len(pts)
    return {n: ((x - cx) * f, (y - cy) * f) for n, (x, y) in pts.items()}


def _pack(parts: list[Pos]) -> Pos:
    """The components side by side in rows (shelves), the largest first, a gap of one edge between them."""
    out: Pos = {}
    boxes = []
    for p in parts:
        xs, ys = [x for x, _ in p.values()], [y for _, y in p.values()]
        boxes.append((min(xs), min(ys), max(xs) - min(xs) + EDGE, max(ys) - min(ys) + EDGE))
    area = sum(w * h for *_xy, w, h in boxes)
    width = max([boxes[0][2] if boxes else 0.0, math.sqrt(area) * 1.3])
    x = y = shelf = 0.0
    for p, (x0, y0, w, h) in zip(parts, boxes):
        if x and x + w > width:
            x, y, shelf = 0.0, y + shelf, 0.0
        out.update({n: (px - x0 + x, py - y0 + y) for n, (px, py) in p.items()})
        x, shelf = x + w, max(shelf, h)
    if out:  # centre the picture on (0, 0), as vis-network's own layouts are
        cx = (min(v[0] for v in out.values()) + max(v[0] for v in out.values())) / 2
        cy = (min(v[1] for v in out.values()) + max(v[1] for v in out.values())) / 2
        out = {n: (px - cx, py - cy) for n, (px, py) in out.items()}
    return out
