"""``kg find NAME``: the entities whose names match a name, with their IRI, class, labels and documents.

Names are compared as the gazetteer compares them (``gazetteer.norm``: case, accents, "centre",
possessives, plurals): a name equal to one of an entity's labels is an exact match; one whose words
run inside a label ("integrated circ" does not, "circuits" does) is a partial match, listed after.

>>> from kg.query import PREFIXES
>>> st = ox.Store()
>>> e = ox.NamedNode(PREFIXES["kgid"] + "integrated-circuits")
>>> st.add(ox.Quad(e, ox.NamedNode(PREFIXES["rdf"] + "type"), ox.NamedNode(PREFIXES["kg"] + "Sector")))
>>> st.add(ox.Quad(e, ox.NamedNode(PREFIXES["rdfs"] + "label"), ox.Literal("integrated circuits")))
>>> [(f.iri, f.cls, f.match) for f in find(st, "Integrated Circuit")]
[('kgid:integrated-circuits', 'Sector', 'exact')]
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources

import pyoxigraph as ox
from .errors import QueryError
from .gazetteer import norm
from .query import names_of, run_query

_SEP = "\u001f"


@dataclass(frozen=True, slots=True)
class Found:
    """One entity a name matches: its IRI (prefixed), class, label, other names and documents."""

    iri: str
    cls: str
    label: str
    alt_labels: tuple[str, ...]
    documents: tuple[str, ...]
    match: str  #: "exact" (a name equals it, as norm compares) or "partial" (its words are in a name)


def _contains(words: list[str], key: str) -> bool:
    inner = key.split()
    return any(inner[i:i + len(words)] == words for i in range(len(inner) - len(words) + 1))


def find(store: ox.Store, name: str) -> tuple[Found, ...]:
    """The entities of ``store`` one of whose names matches ``name``: exact matches first, then partial
    ones, each sorted by class and label. An empty name is a ``QueryError``."""
    if not name.strip():
        raise QueryError("kg find: give a name to look for")
    key = norm(name)
    words = key.split()
    exact: set[str] = set()
    partial: set[str] = set()
    for k, pairs in names_of(store).items():
        if k == key:
            exact.update(iri for iri, _n in pairs)
        elif _contains(words, k):
            partial.update(iri for iri, _n in pairs)
    partial -= exact
    if not exact | partial:
        return ()
    text = resources.files("kg").joinpath("data", "sparql", "find.rq").read_text("utf-8")
    res = run_query(store, text, bindings={"e": [f"<{iri}>" for iri in sorted(exact | partial)]})
    found = []
    for e, cls, label, alts, docs in res.rows:
        found.append(Found(e, cls, label, tuple(sorted(a for a in alts.split(_SEP) if a)),
                           tuple(sorted(d for d in docs.split(_SEP) if d)),
                           "exact" if _expand(e) in exact else "partial"))
    return tuple(sorted(found, key=lambda f: (f.match != "exact", f.cls, f.label, f.iri)))


def _expand(cell: str) -> str:
    """The full IRI of a prefixed cell."""
    from .query import PREFIXES

    prefix, _, rest = cell.partition(":")
    return PREFIXES[prefix] + rest if prefix in PREFIXES and not rest.startswith("//") else cell


def to_rows(found: tuple[Found, ...]) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """Columns and rows for a table or CSV (lists joined with "; ")."""
    cols = ("iri", "class", "label", "altLabels", "documents", "match")
    return cols, tuple((f.iri, f.cls, f.label, "; ".join(f.alt_labels), "; ".join(f.documents), f.match)
                       for f in found)


def to_json(found: tuple[Found, ...]) -> str:
    """A JSON list of objects, lists kept as lists."""
    return json.dumps([{"iri": f.iri, "class": f.cls, "label": f.label, "altLabels": list(f.alt_labels),
                        "documents": list(f.documents), "match": f.match} for f in found], indent=1,
                      ensure_ascii=False)
