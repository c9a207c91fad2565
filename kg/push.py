"""``kg push``: a graph or a store into any SPARQL 1.1 server, one named graph per document.

The server is reached through three standard endpoints (the W3C Graph Store HTTP Protocol and
SPARQL 1.1 Query and Update over HTTP), with the standard library's ``urllib`` and a time limit
on every request:

- the graph store (``--endpoint``): Oxigraph's ``http://host:7878/store``, Fuseki's
  ``http://host:3030/DATASET/data``;
- the query and update services, by default the ``query`` and ``update`` beside it (both servers
  name them so); ``query_url``/``update_url`` (``--query-endpoint``/``--update-endpoint``) otherwise.

The graphs pushed are the store's (``kg.store``): ``kgid:doc/<key>`` per document,
``kgid:graph/shared`` (entity descriptions, relations between entities) and ``kgid:graph/build``
(the build's provenance).  A graph file is split into the same graphs (``split_graph``).  Beside
them, ``kgid:graph/push`` records each pushed graph's content hash (``<graph> owl:versionInfo
"sha256 hex"``), so that a push sends only the graphs whose content changed: a changed document
replaces its own graph and nothing else.

What is atomic.  A push sends each changed graph to a staging graph of its own
(``kgid:graph/staging/<run>/<n>``, an HTTP ``PUT``), and only when every one has arrived swaps
them in with a single SPARQL Update request: ``MOVE`` each staging graph onto its graph, ``DROP``
the graphs of removed documents (with ``replace``), ``MOVE`` the new record onto
``kgid:graph/push``.  Should any ``PUT`` fail, the staging graphs are dropped (best effort) and
the server's graphs are as they were.  The final request is one transaction on a server that, as
SPARQL 1.1 Update says it SHOULD, runs a request atomically (Oxigraph and Fuseki do); on one that
does not, a failure inside it can leave some graphs new and some old, which the next push mends.
A push killed between its ``PUT`` and the swap leaves staging graphs behind and changes nothing
else; the next push with ``replace`` drops them.

>>> sorted(split_graph([]))
[]
"""
from __future__ import annotations

import base64
import hashlib
import json
import socket
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import quote, urlsplit, urlunsplit
from urllib.request import Request, urlopen

import pyoxigraph as ox

from .errors import EndpointError, GraphError
from .graph import BUILD_GRAPH, SHARED_GRAPH
from .namespaces import KGID

#: The graph that records each pushed graph's content hash.
PUSH_GRAPH = f"{KGID}graph/push"
#: Staging graphs live under this IRI until the swap.
STAGING = f"{KGID}graph/staging/"
DOC_GRAPHS = f"{KGID}doc/"
#: Seconds each HTTP request may take (``kg push --timeout``).
DEFAULT_TIMEOUT = 60.0

_VERSION = "http://www.w3.org/2002/07/owl#versionInfo"
_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
_BUILD_SUBJECTS = (f"{KGID}build", f"{KGID}software/", f"{KGID}model/", "https://w3id.org/policykg/ontology")


@dataclass(frozen=True, slots=True)
class PushReport:
    """What a push did: graphs sent (new or changed), left as they were, dropped, and triples sent."""

    endpoint: str
    sent: tuple[str, ...]
    unchanged: int
    dropped: tuple[str, ...]
    triples: int


def split_graph(triples: Iterable[ox.Triple]) -> dict[str, list[ox.Triple]]:
    """The graphs a store keeps, from the triples of a graph file: a document's graph holds the
    document and every node ``prov:wasDerivedFrom`` it (its mentions and evidence statements), the
    build graph the build's provenance, the shared graph the rest.

    >>> d = ox.NamedNode(DOC_GRAPHS + "a"); m = ox.NamedNode(f"{KGID}mention/a/1-2-x")
    >>> e = ox.NamedNode(f"{KGID}beijing"); label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    >>> parts = split_graph([ox.Triple(m, ox.NamedNode(_DERIVED), d), ox.Triple(e, label, ox.Literal("Beijing"))])
    >>> {g.rsplit("/", 2)[-2] + "/" + g.rsplit("/", 1)[-1]: len(ts) for g, ts in parts.items()}
    {'doc/a': 1, 'graph/shared': 1}
    """
    ts = list(triples)
    owner: dict[str, str] = {}
    for t in ts:
        s, o = t.subject, t.object
        if isinstance(s, ox.NamedNode) and s.value.startswith(DOC_GRAPHS):
            owner[s.value] = s.value
        elif (t.predicate.value == _DERIVED and isinstance(o, ox.NamedNode) and o.value.startswith(DOC_GRAPHS)
              and isinstance(s, ox.NamedNode)):
            owner[s.value] = o.value
    out: dict[str, list[ox.Triple]] = defaultdict(list)
    for t in ts:
        s = t.subject
        name = s.value if isinstance(s, ox.NamedNode) else ""
        if name in owner:
            out[owner[name]].append(t)
        elif name.startswith(_BUILD_SUBJECTS):
            out[BUILD_GRAPH].append(t)
        else:
            out[SHARED_GRAPH].append(t)
    return dict(out)


def graphs_of_file(path: Path) -> dict[str, list[ox.Triple]]:
    """The graphs of a graph file (Turtle, or N-Triples for ``.nt``), split as a store keeps them."""
    from .query import load_store  # reads and checks the file as every command does

    return split_graph(ox.Triple(q.subject, q.predicate, q.object) for q in load_store(path))


def graphs_of_store(folder: Path) -> dict[str, list[ox.Triple]]:
    """The named graphs of a kg store (``kg build --store``)."""
    from .store import Store

    out: dict[str, list[ox.Triple]] = defaultdict(list)
    for q in Store.open(folder).quads():
        if isinstance(q.graph_name, ox.NamedNode):
            out[q.graph_name.value].append(ox.Triple(q.subject, q.predicate, q.object))
    return dict(out)


def ntriples(triples: Sequence[ox.Triple]) -> bytes:
    """The triples as sorted N-Triples lines: the same graph gives the same bytes (and hash)."""
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    return b"".join(sorted(data.splitlines(keepends=True)))


class Server:
    """A SPARQL 1.1 server's graph store, query and update endpoints, each request under ``timeout``.

    A ``user:password@`` in the URL is sent as HTTP basic authentication (and shown nowhere).
    """

    def __init__(self, endpoint: str, *, query_url: str | None = None, update_url: str | None = None,
                 timeout: float = DEFAULT_TIMEOUT) -> None:
        self.store_url, self.auth = _split_auth(endpoint)
        parts = urlsplit(self.store_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise EndpointError(f"--endpoint {self.store_url!r}: give the server's graph store URL, "
                                "e.g. http://localhost:7878/store (Oxigraph) or http://localhost:3030/ds/data (Fuseki)")
        self.query_url = _split_auth(query_url)[0] if query_url else _sibling(self.store_url, "query")
        self.update_url = _split_auth(update_url)[0] if update_url else _sibling(self.store_url, "update")
        self.timeout = timeout

    def request(self, method: str, url: str, body: bytes | None, content_type: str | None,
                accept: str | None = None) -> bytes:
        """One HTTP request; any failure is an ``EndpointError`` of one line."""
        headers = {"User-Agent": "kg-push"}
        if content_type:
            headers["Content-Type"] = content_type
        if accept:
            headers["Accept"] = accept
        if self.auth:
            headers["Authorization"] = "Basic " + base64.b64encode(self.auth.encode()).decode()
        what = f"{method} {url}"
        try:
            with urlopen(Request(url, data=body, method=method, headers=headers), timeout=self.timeout) as resp:
                data: bytes = resp.read()
                return data
        except HTTPError as exc:
            detail = " ".join(exc.read(300).decode("utf-8", "replace").split())
            raise EndpointError(f"{what}: the server answered {exc.code} {exc.reason}"
                                + (f": {detail[:200]}" if detail else "")) from exc
        except (TimeoutError, socket.timeout) as exc:
            raise EndpointError(f"{what}: no answer within {self.timeout:g} s (raise --timeout?)") from exc
        except URLError as exc:
            reason = exc.reason
            text = reason.strerror if isinstance(reason, OSError) and reason.strerror else str(reason)
            raise EndpointError(f"{what}: cannot reach the server ({text})") from exc
        except OSError as exc:
            raise EndpointError(f"{what}: the connection failed ({exc.strerror or exc})") from exc

    def select(self, sparql: str) -> list[dict[str, str]]:
        """A SELECT query's rows, each variable's value as text."""
        data = self.request("POST", self.query_url, sparql.encode("utf-8"), "application/sparql-query",
                            "application/sparql-results+json")
        try:
            rows = json.loads(data)["results"]["bindings"]
            return [{k: v["value"] for k, v in row.items()} for row in rows]
        except (ValueError, KeyError, TypeError) as exc:
            raise EndpointError(f"POST {self.query_url}: the answer is not SPARQL JSON results; is this the "
                                "query endpoint? (--query-endpoint)") from exc

    def update(self, sparql: str) -> None:
        """One SPARQL Update request."""
        self.request("POST", self.update_url, sparql.encode("utf-8"), "application/sparql-update")

    def put(self, graph: str, body: bytes) -> None:
        """Replace ``graph`` with N-Triples ``body`` (Graph Store Protocol ``PUT``)."""
        self.request("PUT", self.graph_url(graph), body, "application/n-triples")

    def graph_url(self, graph: str) -> str:
        """The graph store URL of ``graph`` (indirect identification: ``?graph=IRI``)."""
        return f"{self.store_url}?graph={quote(graph, safe='')}"

    def graphs(self) -> set[str]:
        """The named graphs that hold a triple."""
        return {r["g"] for r in self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }") if "g" in r}

    def pushed(self) -> dict[str, str]:
        """The record of the last push: graph -> content hash."""
        rows = self.select(f"SELECT ?g ?h WHERE {{ GRAPH <{PUSH_GRAPH}> {{ ?g <{_VERSION}> ?h }} }}")
        return {r["g"]: r["h"] for r in rows if "g" in r and "h" in r}


def _split_auth(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url, ""
    userinfo, host = parts.netloc.rsplit("@", 1)
    return urlunsplit(parts._replace(netloc=host)), userinfo


def _sibling(url: str, name: str) -> str:
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    head = path.rsplit("/", 1)[0] if "/" in path else ""
    return urlunsplit(parts._replace(path=f"{head}/{name}", query="", fragment=""))


def push_graphs(endpoint: str, *, store: Path | str | None = None, graph: Path | str | None = None,
                replace: bool = False, force: bool = False, query_url: str | None = None,
                update_url: str | None = None, timeout: float = DEFAULT_TIMEOUT) -> PushReport:
    """Push a store's graphs (or a graph file's, split the same way) to the server whose graph store
    is ``endpoint``: each graph whose content differs from the last push's record (every graph with
    ``force``) is staged and swapped in at once; with ``replace``, the graphs of documents no longer
    present (and staging graphs a killed push left) are dropped too.  See the module docstring for
    what is atomic."""
    if (store is None) == (graph is None):
        raise GraphError("give a store or a graph file to push, not both and not neither")
    server = Server(endpoint, query_url=query_url, update_url=update_url, timeout=timeout)
    graphs = graphs_of_store(Path(store)) if store is not None else graphs_of_file(Path(graph or ""))
    bodies = {g: ntriples(ts) for g, ts in sorted(graphs.items())}
    hashes = {g: hashlib.sha256(b).hexdigest() for g, b in bodies.items()}
    present = server.graphs()
    record = server.pushed() if PUSH_GRAPH in present else {}
    todo = [g for g in bodies if force or record.get(g) != hashes[g] or g not in present]
    gone = sorted(g for g in present if replace and g not in bodies
                  and (g.startswith(DOC_GRAPHS) or g.startswith(STAGING)))
    new_record = {g: h for g, h in record.items() if g in bodies} if not replace else {}
    new_record.update(hashes)
    if not todo and not gone and new_record == record:
        server.request("HEAD", server.graph_url(PUSH_GRAPH), None, None)  # is --endpoint the graph store?
        return PushReport(server.store_url, (), len(bodies), (), 0)
    run = f"{STAGING}{uuid.uuid4().hex}/"
    staged: list[str] = []
    ops: list[str] = []
    records = [ox.Triple(ox.NamedNode(g), ox.NamedNode(_VERSION), ox.Literal(h)) for g, h in sorted(new_record.items())]
    try:
        for g, body in [(g, bodies[g]) for g in todo] + [(PUSH_GRAPH, ntriples(records))]:
            if not body:  # an empty graph: nothing to stage (a PUT of nothing may make no graph to move)
                ops.append(f"DROP SILENT GRAPH <{g}>")
                continue
            tmp = f"{run}{len(staged)}"
            staged.append(tmp)
            server.put(tmp, body)
            ops.append(f"MOVE <{tmp}> TO <{g}>")  # not SILENT: a staging graph gone fails the whole request
        ops[-1:-1] = [f"DROP SILENT GRAPH <{g}>" for g in gone]
        server.update(" ;\n".join(ops))
    except BaseException:
        if staged:
            try:
                server.update(" ;\n".join(f"DROP SILENT GRAPH <{t}>" for t in staged))
            except EndpointError:
                pass  # the next push with replace drops them
        raise
    return PushReport(server.store_url, tuple(todo), len(bodies) - len(todo), tuple(gone),
                      sum(b.count(b"\n") for g, b in bodies.items() if g in todo))


__all__ = ["PushReport", "push_graphs", "split_graph", "Server", "PUSH_GRAPH"]
