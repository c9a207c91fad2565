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

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import EndpointError, GraphError, InputError, KGError, ModelError, QueryError, ValidationError

# ``validate`` is imported now, not on first use: a lazy one would be replaced by the submodule
# ``kg.validate`` the first time anything imported it (the import system sets a package's attribute
# to its submodule).  It costs rdflib and pyoxigraph, which ``kg query`` needs anyway.
from .validate import ValidationReport, validate

# The same holds for ``compare``, ``find`` and ``evaluate`` (each a function named after its module);
# they load pyoxigraph and rdflib only.
from .compare import Change, Comparison, compare  # noqa: E402
from .curation import Curation, load_curation  # noqa: E402
from .evaluate import Evaluation, evaluate  # noqa: E402
from .find import Found, find  # noqa: E402

if TYPE_CHECKING:
    import networkx as nx
    import pyoxigraph as ox
    from rdflib import Graph

    from .analytics import Stats, stats, to_networkx
    from .export import write_turtle
    from .pipeline import BuildReport, build
    from .query import Bindings, QueryResult, bundled, run_query
    from .push import PushReport, push_graphs
    from .store import Store, StoreBuild, build_store
    from .view import render_html, write_html

__version__ = "0.1.0"


#: The public names imported on first use (PEP 562): their modules load spaCy (pipeline), networkx
#: (analytics) or pyvis (view), or are needed only by some commands (query, export), so that
#: ``import kg``, ``kg --help`` and ``kg query`` load none of spaCy, networkx and pyvis.
_LAZY = {
    "build": "pipeline", "BuildReport": "pipeline",
    "QueryResult": "query", "Bindings": "query", "bundled": "query", "run_query": "query",
    "Stats": "analytics", "stats": "analytics", "to_networkx": "analytics",
    "render_html": "view", "write_html": "view",
    "write_turtle": "export",
    "Store": "store", "StoreBuild": "store", "build_store": "store",
    "push_graphs": "push", "PushReport": "push",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # once found, an ordinary attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


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
        from .pipeline import build

        g, report = build(paths, **kw)
        return cls(g, report)

    @classmethod
    def load(cls, path: Path | str) -> KnowledgeGraph:
        """Load an exported Turtle graph."""
        from .graph import load_graph

        return cls(load_graph(Path(path)))

    def query(self, sparql: str, *, bindings: Bindings | None = None, timeout: float | None = None,
              max_memory: int | None = None) -> QueryResult:
        """Run a read-only SPARQL query (bundled name or text); with a ``timeout`` (seconds) or a
        ``max_memory`` (MB) it runs in a forked process stopped at the limit (see ``run_query``)."""
        from .query import run_query

        return run_query(self._store(), sparql, bindings=bindings, timeout=timeout, max_memory=max_memory)

    def compare(self, *, earlier: str, later: str, place: str | None = None) -> Comparison:
        """What the ``later`` documents add, keep and drop against the ``earlier`` ones (see ``kg.compare``):
        ``kg.compare(earlier="2023", later="2025", place="Shanghai")``."""
        return compare(self._store(), earlier=earlier, later=later, place=place)

    def find(self, name: str) -> tuple[Found, ...]:
        """The entities whose names match ``name`` (see ``kg.find``)."""
        return find(self._store(), name)

    def _store(self) -> ox.Store:
        from .query import graph_store

        if self._cache.store is None:
            self._cache.store = graph_store(self.graph)
        return self._cache.store

    def validate(self) -> ValidationReport:
        """SHACL validation against the kg shapes."""
        return validate(self.graph)

    def to_networkx(self) -> nx.MultiDiGraph:
        """Entities and relations as a networkx multigraph."""
        from .analytics import to_networkx

        return to_networkx(self.graph)

    def stats(self) -> Stats:
        """Counts, centrality, components and communities."""
        from .analytics import stats

        return stats(self.graph)

    def to_html(self, path: Path | str | None = None) -> str:
        """The interactive HTML view; written to ``path`` when given."""
        from .export import write_atomic
        from .view import render_html

        html = render_html(self.graph)
        if path is not None:
            write_atomic(Path(path), html.encode("utf-8"))
        return html

    def evaluate(self, gold: Path | str) -> Evaluation:
        """Precision, recall and F1 against a folder of gold files (see ``kg.evaluate``)."""
        return evaluate(self.graph, Path(gold))

    def to_turtle(self, path: Path | str) -> None:
        """Write the graph as Turtle (atomically)."""
        from .export import write_turtle

        write_turtle(self.graph, Path(path))


__all__ = [
    "KnowledgeGraph", "build", "BuildReport", "QueryResult", "Bindings", "Found", "find", "Comparison", "Change",
    "compare", "ValidationReport", "Stats", "bundled", "run_query", "validate", "evaluate", "Evaluation", "Curation",
    "load_curation", "stats", "to_networkx", "render_html", "write_html", "write_turtle",
    "KGError", "InputError", "ModelError", "GraphError", "QueryError", "ValidationError", "__version__",
    "Store", "StoreBuild", "build_store", "push_graphs", "PushReport", "EndpointError",
]
