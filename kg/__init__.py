"""kg: typed, canonical, evidence-linked knowledge graphs of policy news, fully offline.

The front door is ``KnowledgeGraph``:

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "a.txt").write_text(" date 2024-03-05 Beijing will develop artificial intelligence.")
>>> kg = KnowledgeGraph.build([d])
>>> kg.query("SELECT ?l WHERE { ?s kg:prioritizes ?o . ?o rdfs:label ?l }").rows
(('artificial intelligence',),)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
from rdflib import Graph

from .analytics import Stats, stats, to_networkx
from .errors import GraphError, InputError, KGError, ModelError, QueryError, ValidationError
from .export import write_atomic, write_turtle
from .pipeline import BuildReport, build
from .query import QueryResult, bundled, run_query
from .store import Store, StoreBuild, build_store
from .validate import ValidationReport, validate
from .view import render_html, write_html

if TYPE_CHECKING:
    import pyoxigraph as ox

__version__ = "0.1.0"


class _StoreCache:
    """The pyoxigraph store of a ``KnowledgeGraph``, made by its first query.

    Copies and pickles start empty (a pyoxigraph store cannot be pickled) and make their own.
    """

    __slots__ = ("store",)

    def __init__(self) -> None:
        self.store: ox.Store | None = None

    def __reduce__(self) -> tuple[type[_StoreCache], tuple[()]]:
        return (type(self), ())


@dataclass(frozen=True, slots=True)
class KnowledgeGraph:
    """A built or loaded kg graph with the operations notebooks want.

    ``query`` runs on a pyoxigraph copy of ``graph`` made by the first query and kept: change
    ``graph`` after that and wrap it in a new ``KnowledgeGraph`` to query the change.
    """

    graph: Graph
    report: BuildReport | None = None
    _cache: _StoreCache = field(default_factory=_StoreCache, init=False, repr=False, compare=False)

    @classmethod
    def build(cls, paths: list[Path | str], **kw: Any) -> KnowledgeGraph:
        """Build from files or folders of ``.txt`` articles."""
        g, report = build(paths, **kw)
        return cls(g, report)

    @classmethod
    def load(cls, path: Path | str) -> KnowledgeGraph:
        """Load an exported Turtle graph."""
        from .graph import load_graph

        return cls(load_graph(Path(path)))

    def query(self, sparql: str, *, bindings: dict[str, str] | None = None, timeout: float | None = None,
              max_memory: int | None = None) -> QueryResult:
        """Run a read-only SPARQL query (bundled name or text); with a ``timeout`` (seconds) or a
        ``max_memory`` (MB) it runs in a forked process stopped at the limit (see ``run_query``)."""
        from .query import graph_store

        if self._cache.store is None:
            self._cache.store = graph_store(self.graph)
        return run_query(self._cache.store, sparql, bindings=bindings, timeout=timeout, max_memory=max_memory)

    def validate(self) -> ValidationReport:
        """SHACL validation against the kg shapes."""
        return validate(self.graph)

    def to_networkx(self) -> nx.MultiDiGraph:
        """Entities and relations as a networkx multigraph."""
        return to_networkx(self.graph)

    def stats(self) -> Stats:
        """Counts, centrality, components and communities."""
        return stats(self.graph)

    def to_html(self, path: Path | str | None = None) -> str:
        """The interactive HTML view; written to ``path`` when given."""
        html = render_html(self.graph)
        if path is not None:
            write_atomic(Path(path), html.encode("utf-8"))
        return html

    def to_turtle(self, path: Path | str) -> None:
        """Write the graph as Turtle (atomically)."""
        write_turtle(self.graph, Path(path))


__all__ = [
    "KnowledgeGraph", "build", "BuildReport", "QueryResult", "ValidationReport", "Stats", "bundled",
    "run_query", "validate", "stats", "to_networkx", "render_html", "write_html", "write_turtle",
    "KGError", "InputError", "ModelError", "GraphError", "QueryError", "ValidationError", "__version__",
    "Store", "StoreBuild", "build_store",
]
