"""Change over time: what later documents add, keep and drop against earlier ones.

``compare(store, earlier="2023", later="2025", place="Shanghai")`` takes the facts the two sets of
documents state (with an evidence statement each): the sectors prioritised, the strategies pursued
and their components, the groups of sectors and their members, the meetings and the resolutions
adopted there; a fact stated by both sets is kept, one only the later set states is added, one only
the earlier set states is dropped. Each row carries the evidence of both sides.

A period is a year (``2023``), a month (``2023-07``) or a day (``2023-07-04``): the documents dated
within it; or one document, by its file name, its stem or its IRI. With a place, only what belongs
to it counts: the facts of the place and of the places that lie in it (``kg:locatedIn``), of the
bodies that govern them, of their meetings and resolutions, and the groups and components of the
sectors and strategies these prioritise or pursue.

The SPARQL is data: ``kg/data/sparql/compare-facts.rq``, ``compare-scope.rq`` and ``documents.rq``.
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from importlib import resources

import pyoxigraph as ox

from .errors import QueryError
from .gazetteer import norm
from .query import PREFIXES, QueryResult, names_of, run_query

#: What each relation is about, in the order the rows are listed.
TOPICS = {"prioritizes": "sectors", "pursues": "strategies", "hasComponent": "strategy components",
          "inGroup": "groups", "heldBy": "meetings", "adoptedAt": "resolutions", "adoptedBy": "resolutions"}
_TOPIC_ORDER = ["sectors", "strategies", "strategy components", "groups", "meetings", "resolutions"]
_CHANGE_ORDER = ["kept", "added", "dropped"]
_PLACE_CLASSES = {PREFIXES["kg"] + c for c in ("City", "Region", "Country", "Place")}


@dataclass(frozen=True, slots=True)
class Evidence:
    """One sentence that states a fact: its document, the document's date and the sentence."""

    document: str
    date: str
    sentence: str


@dataclass(frozen=True, slots=True)
class Change:
    """One fact and what became of it: ``kept``, ``added`` or ``dropped``."""

    change: str
    topic: str
    subject: str
    relation: str
    object: str
    subject_iri: str
    object_iri: str
    earlier: tuple[Evidence, ...]
    later: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class Comparison:
    """The documents of each side, the place if one was given, and the changes."""

    earlier: tuple[str, ...]
    later: tuple[str, ...]
    place: tuple[str, ...]
    changes: tuple[Change, ...]

    def rows(self) -> QueryResult:
        """One row per fact: the documents of each side and the first sentence that states it (the
        later one, else the earlier one)."""
        cols = ("topic", "change", "subject", "relation", "object", "earlier", "later", "evidence")
        rows = tuple((c.topic, c.change, c.subject, c.relation, c.object,
                      "; ".join(dict.fromkeys(e.document for e in c.earlier)),
                      "; ".join(dict.fromkeys(e.document for e in c.later)),
                      (c.later or c.earlier)[0].sentence) for c in self.changes)
        return QueryResult(cols, rows)

    def to_csv(self) -> str:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        res = self.rows()
        w.writerow(res.columns)
        w.writerows(res.rows)
        return buf.getvalue()

    def to_json(self) -> str:
        """Both sides' documents, the place, and every change with all its evidence."""
        def ev(es: tuple[Evidence, ...]) -> list[dict[str, str]]:
            return [{"document": e.document, "date": e.date, "sentence": e.sentence} for e in es]

        return json.dumps({
            "earlier": list(self.earlier), "later": list(self.later), "place": list(self.place),
            "changes": [{"topic": c.topic, "change": c.change, "subject": c.subject, "relation": c.relation,
                         "object": c.object, "subjectIri": c.subject_iri, "objectIri": c.object_iri,
                         "earlier": ev(c.earlier), "later": ev(c.later)} for c in self.changes],
        }, indent=1, ensure_ascii=False)


#: The facts of a comparison: (subject, relation, object) -> (subject label, object label, the
#: evidence of the earlier documents, that of the later ones).
_Facts = dict[tuple[str, str, str], tuple[str, str, list[Evidence], list[Evidence]]]


def _sparql(name: str) -> str:
    return resources.files("kg").joinpath("data", "sparql", name).read_text("utf-8")


def select_documents(documents: tuple[tuple[str, str, str], ...], spec: str, option: str) -> tuple[str, ...]:
    """The IRIs of the documents a period names: a year, month or day (by date), else the documents
    with that file name, stem or IRI; nothing is a ``QueryError`` that lists what there is.
    ``documents`` are (IRI, file name, date) as ``documents.rq`` gives them.

    >>> docs = (("kgid:doc/a", "a.txt", "2023-07-04"), ("kgid:doc/b", "b.txt", "2025-07-08"))
    >>> select_documents(docs, "2025", "--to"), select_documents(docs, "a", "--from")
    (('kgid:doc/b',), ('kgid:doc/a',))
    """
    spec = spec.strip()
    if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", spec):
        chosen = tuple(iri for iri, _doc, date in documents if date.startswith(spec))
        if not chosen:
            dates = sorted({date for _i, _d, date in documents if date})
            shown = ", ".join(dates[:12]) + (" …" if len(dates) > 12 else "")
            raise QueryError(f"{option} {spec}: no document is dated {spec}; the documents are dated "
                             f"{shown or 'nothing (no document has a date)'}")
        return chosen
    full = PREFIXES["kgid"] + spec.removeprefix("kgid:") if spec.startswith("kgid:") else spec
    chosen = tuple(iri for iri, doc, _date in documents
                   if spec in (doc, doc.rsplit(".", 1)[0], iri) or full == _expanded(iri))
    if not chosen:
        raise QueryError(f"{option} {spec!r}: neither a date (YYYY, YYYY-MM or YYYY-MM-DD) nor a document of "
                         "the graph; `kg query document` lists the documents")
    return chosen


def _expanded(cell: str) -> str:
    return PREFIXES["kgid"] + cell.removeprefix("kgid:") if cell.startswith("kgid:") else cell


def _place_scope(store: ox.Store, place: str) -> tuple[tuple[str, ...], set[str]]:
    """The labels of the places named ``place`` and the prefixed IRIs of everything that belongs to them."""
    iris = sorted({iri for iri, _n in names_of(store).get(norm(place), [])
                   if any(isinstance(q.object, ox.NamedNode) and q.object.value in _PLACE_CLASSES
                          for q in store.quads_for_pattern(
                              ox.NamedNode(iri), ox.NamedNode(PREFIXES["rdf"] + "type"), None))})
    if not iris:
        raise QueryError(f"--place {place!r}: no place is named so; `kg find {place}` lists what is")
    scope: set[str] = set()
    labels = []
    text = _sparql("compare-scope.rq")
    for iri in iris:
        res = store.query(text, substitutions={ox.Variable("place"): ox.NamedNode(iri)})
        assert isinstance(res, ox.QuerySolutions)
        for sol in res:
            x = sol["x"]
            if isinstance(x, ox.NamedNode):
                scope.add(_prefixed(x.value))
        labels += [q.object.value for q in store.quads_for_pattern(
            ox.NamedNode(iri), ox.NamedNode(PREFIXES["rdfs"] + "label"), None) if isinstance(q.object, ox.Literal)]
    return tuple(labels), scope


def _prefixed(iri: str) -> str:
    ns = PREFIXES["kgid"]
    return "kgid:" + iri[len(ns):] if iri.startswith(ns) else iri


def compare(store: ox.Store, *, earlier: str, later: str, place: str | None = None) -> Comparison:
    """What the ``later`` documents add, keep and drop against the ``earlier`` ones (see the module)."""
    documents = tuple((r[0], r[1], r[2]) for r in run_query(store, _sparql("documents.rq")).rows)
    name = {iri: doc for iri, doc, _date in documents}
    before = select_documents(documents, earlier, "--from")
    after = select_documents(documents, later, "--to")
    if both := sorted(name[d] for d in set(before) & set(after)):
        raise QueryError(f"--from {earlier} and --to {later} both take {', '.join(both)}; compare two "
                         "periods that do not overlap")
    side = {**{d: 0 for d in before}, **{d: 1 for d in after}}
    facts: _Facts = {}
    for s, subject, p, o, obj, d, doc, date, sentence in run_query(store, _sparql("compare-facts.rq")).rows:
        if d not in side:
            continue
        relation = p.removeprefix("kg:")
        entry = facts.setdefault((s, relation, o), (subject, obj, [], []))
        (entry[3] if side[d] else entry[2]).append(Evidence(doc, date, sentence))
    place_labels: tuple[str, ...] = ()
    if place is not None:
        place_labels, scope = _place_scope(store, place)
        facts = _in_scope(facts, scope)
    changes = []
    for (s, relation, o), (subject, obj, ev_before, ev_after) in facts.items():
        change = "kept" if ev_before and ev_after else "added" if ev_after else "dropped"
        changes.append(Change(change, TOPICS[relation], subject, relation, obj, s, o, tuple(ev_before),
                              tuple(ev_after)))
    changes.sort(key=lambda c: (_TOPIC_ORDER.index(c.topic), _CHANGE_ORDER.index(c.change), c.subject,
                                c.relation, c.object, c.subject_iri, c.object_iri))
    return Comparison(tuple(name[d] for d in before), tuple(name[d] for d in after), place_labels, tuple(changes))



def _in_scope(facts: _Facts, scope: set[str]) -> _Facts:
    """The facts that belong to a place: those whose subject belongs to it, and the groups, members and
    components of the sectors and strategies these prioritise or pursue."""
    own = {k: v for k, v in facts.items() if k[0] in scope and k[1] not in ("inGroup", "hasComponent")}
    chosen = {o for (_s, rel, o) in own if rel in ("prioritizes", "pursues")}
    related = {k: v for k, v in facts.items()
               if k[1] in ("inGroup", "hasComponent") and (k[0] in chosen or k[2] in chosen)}
    return {**own, **related}


__all__ = ["Change", "Comparison", "Evidence", "TOPICS", "compare", "select_documents"]
