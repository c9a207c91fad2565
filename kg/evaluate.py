"""Score a graph against hand-made gold files: precision, recall and F1 of entities and relations,
attributes and canonical IRIs, per document and overall (``kg evaluate``).

The gold format and the matching rules are those of the team's external scorer
(``../shared/eval/README.md``), written down in the project README under "Evaluating a graph";
a test holds the figures of this module equal to that scorer's on the seeds and the real corpus.

In short: a gold file describes one document (its file name and date), the entities it names
(class, label, aliases, attributes), names that must not become entities, and the relations it
states by gold label.  A document's entities are those it ``kg:mentions`` or that its
``kg:Mention`` nodes name; names are compared after ``gold_name`` normalisation; an entity whose
preferred label names a gold entry belongs to it, an alternative label only counts where no entry
claims the entity by label; a gold relation is found when the ``kg:`` triple holds between
entities matched to its ends and is evidenced by this document (or by no document at all).

>>> gold_name("The Global Centre for Finance"), gold_name("Shanghai's industries")
('global center for finance', 'shanghai industry')
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from .errors import InputError
from .namespaces import KG
from .types import EntityClass, Relation

#: The classes a gold entity can have and an extracted entity is scored in (``kg:Place``, the class
#: of places no rule could type, is neither found nor counted against precision).
SCORED_CLASSES = frozenset(c.value for c in EntityClass if c is not EntityClass.PLACE)
#: Classes that match each other; every other class matches only itself.
_INTERCHANGEABLE = frozenset({EntityClass.COMMITTEE.value, EntityClass.ORGANIZATION.value})
RELATION_NAMES = frozenset(r.value for r in Relation)
_KG = str(KG._NS)
_GOLD_HELP = "fix it as the README's 'The gold file' describes"


def gold_name(name: str) -> str:
    """The comparison key of a name in evaluation: lower case, "centre" as "center", no possessive
    "'s", every run of characters other than ASCII letters, digits and "&" as one space, no leading
    "the", and each word singular by a naive rule ("-ies" of a word over 4 letters -> "-y", a final
    "s" of a word over 3 letters that does not end in "ss" dropped)."""
    s = name.lower().replace("\u2019", "'").replace("centre", "center")
    s = re.sub(r"'s\b", "", s)
    s = " ".join(re.split(r"[^a-z0-9&]+", s)).strip()
    s = s[4:] if s.startswith("the ") else s
    return " ".join(_singular(w) for w in s.split())


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


# --- the gold files ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GoldEntity:
    """One entity a gold file expects (or allows, when it is optional)."""

    cls: str
    label: str
    aliases: tuple[str, ...] = ()
    any_of_class: bool = False  # "match": "any": any entity of the class the document names
    date: str | None = None
    ordinal: int | None = None
    term: int | None = None
    position: str | None = None

    @property
    def names(self) -> frozenset[str]:
        """Its label and aliases, normalised."""
        return frozenset(gold_name(n) for n in (self.label, *self.aliases))

    @property
    def classes(self) -> frozenset[str]:
        """The extracted classes that match its class."""
        return _INTERCHANGEABLE if self.cls in _INTERCHANGEABLE else frozenset({self.cls})


@dataclass(frozen=True, slots=True)
class Gold:
    """The gold annotation of one document."""

    path: Path
    document: str
    date: str | None
    entities: tuple[GoldEntity, ...]
    relations: tuple[tuple[str, str, str], ...]
    optional: tuple[GoldEntity, ...] = ()
    optional_relations: tuple[tuple[str, str, str], ...] = ()
    absent: tuple[str, ...] = ()


def load_gold_dir(folder: Path) -> list[Gold]:
    """Every ``*.json`` gold file of ``folder``, in name order; a bad one is an ``InputError`` naming it."""
    if not folder.is_dir():
        raise InputError(f"{folder}: no such gold folder; give a folder of gold .json files")
    files = sorted(folder.glob("*.json"))
    if not files:
        raise InputError(f"{folder}: holds no .json gold files; give the folder of the gold files")
    return [load_gold(p) for p in files]


def load_gold(path: Path) -> Gold:
    """One gold file; anything malformed is one ``InputError`` line naming the file and the key."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise InputError(f"{path}: cannot read the gold file ({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: the gold file is not UTF-8 text; save it as UTF-8 JSON") from exc
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
                         "fix the gold file") from exc
    try:
        return _gold(path, data)
    except _Bad as exc:
        raise InputError(f"{path}: {exc}; {_GOLD_HELP}") from None


class _Bad(Exception):
    """A malformed part of a gold file (turned into one InputError line)."""


def _gold(path: Path, data: Any) -> Gold:
    if not isinstance(data, dict):
        raise _Bad("the gold file is not a JSON object")
    document = data.get("document")
    if not isinstance(document, str) or not document:
        raise _Bad('"document" (the article\'s file name) is missing')
    date = data.get("date")
    if date is not None and not isinstance(date, str):
        raise _Bad('"date" is not a string (YYYY-MM-DD)')
    if not isinstance(data.get("entities"), list):
        raise _Bad('"entities" is missing or not a list')
    absent = data.get("absent", [])
    if not isinstance(absent, list) or not all(isinstance(a, str) for a in absent):
        raise _Bad('"absent" is not a list of names')
    return Gold(path, document, date,
                tuple(_entity(e, f"entities[{i}]") for i, e in enumerate(data["entities"])),
                _relations(data.get("relations"), "relations", required=True),
                tuple(_entity(e, f"optional[{i}]") for i, e in enumerate(_list(data, "optional"))),
                _relations(data.get("optional_relations"), "optional_relations", required=False),
                tuple(absent))


def _list(data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise _Bad(f'"{key}" is not a list')
    return value


def _entity(e: Any, where: str) -> GoldEntity:
    if not isinstance(e, dict):
        raise _Bad(f"{where} is not an object")
    cls, label = e.get("type"), e.get("label")
    if not isinstance(cls, str) or cls not in SCORED_CLASSES:
        raise _Bad(f"{where} has type {cls!r}; use one of {', '.join(sorted(SCORED_CLASSES))}")
    if not isinstance(label, str) or not label:
        raise _Bad(f'{where} has no "label"')
    aliases = e.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise _Bad(f'{where}: "aliases" is not a list of names')
    for key, kind in (("date", str), ("position", str), ("ordinal", int), ("term", int)):
        if key in e and (not isinstance(e[key], kind) or isinstance(e[key], bool)):
            raise _Bad(f'{where}: "{key}" is not {"a string" if kind is str else "an integer"}')
    if e.get("match", "any") != "any":
        raise _Bad(f'{where}: "match" can only be "any"')
    return GoldEntity(cls, label, tuple(aliases), e.get("match") == "any", e.get("date"), e.get("ordinal"),
                      e.get("term"), e.get("position"))


def _relations(rels: Any, where: str, *, required: bool) -> tuple[tuple[str, str, str], ...]:
    if rels is None and not required:
        return ()
    if not isinstance(rels, list):
        raise _Bad(f'"{where}" is missing or not a list')
    out = []
    for i, r in enumerate(rels):
        if not (isinstance(r, list) and len(r) == 3 and all(isinstance(x, str) for x in r)):
            raise _Bad(f"{where}[{i}] is not [subject, property, object]")
        if r[1] not in RELATION_NAMES:
            raise _Bad(f"{where}[{i}] has property {r[1]!r}; use one of {', '.join(sorted(RELATION_NAMES))}")
        out.append((r[0], r[1], r[2]))
    return tuple(out)


# --- scores ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PRF:
    """True positives, false positives and false negatives, with precision, recall and F1."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: PRF) -> PRF:
        return PRF(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def as_dict(self) -> dict[str, float | int]:
        return {"p": self.precision, "r": self.recall, "f1": self.f1, "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass(frozen=True, slots=True)
class DocScore:
    """The score of one document, with what it missed and what it found wrongly."""

    document: str
    found: bool  # whether the graph has the document at all
    entities: PRF
    relations: PRF
    attributes_ok: int
    attributes_total: int
    missed_entities: tuple[str, ...] = ()  # "Class:label" of gold entities not found
    wrong_entities: tuple[str, ...] = ()  # "Class:label" of extracted entities no gold entry allows
    absent_found: tuple[str, ...] = ()  # IRIs of entities named like an "absent" name
    missed_relations: tuple[str, ...] = ()
    wrong_relations: tuple[str, ...] = ()
    attribute_misses: tuple[str, ...] = ()
    iris: dict[str, tuple[str, ...]] = field(default_factory=dict)  # gold label -> the IRIs it matched

    def as_dict(self) -> dict[str, Any]:
        return {"document": self.document, "found": self.found, "entity": self.entities.as_dict(),
                "relation": self.relations.as_dict(), "attributes": f"{self.attributes_ok}/{self.attributes_total}",
                "missed_entities": list(self.missed_entities), "wrong_entities": list(self.wrong_entities),
                "absent_found": list(self.absent_found), "missed_relations": list(self.missed_relations),
                "wrong_relations": list(self.wrong_relations), "attribute_misses": list(self.attribute_misses)}


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The scores of a graph against a folder of gold files."""

    documents: tuple[DocScore, ...]
    not_canonical: dict[str, tuple[str, ...]]  # gold label -> the several IRIs it resolved to
    canonical_total: int  # gold labels matched in at least one document

    @property
    def entities(self) -> PRF:
        return sum((d.entities for d in self.documents), PRF(0, 0, 0))

    @property
    def relations(self) -> PRF:
        return sum((d.relations for d in self.documents), PRF(0, 0, 0))

    @property
    def attributes(self) -> tuple[int, int]:
        return sum(d.attributes_ok for d in self.documents), sum(d.attributes_total for d in self.documents)

    @property
    def canonical(self) -> tuple[int, int]:
        return self.canonical_total - len(self.not_canonical), self.canonical_total

    def summary(self) -> dict[str, Any]:
        """The overall figures (the keys of the shared scorer's summary, plus the counts)."""
        ok, total = self.attributes
        good, seen = self.canonical
        return {"entity": self.entities.as_dict(), "relation": self.relations.as_dict(),
                "attributes": f"{ok}/{total}", "canonical": f"{good}/{seen}", "documents": len(self.documents)}

    def summary_line(self) -> str:
        """``entity P=… R=… F1=… | relation P=… R=… F1=… | attributes a/b | canonical c/d | N documents``."""
        e, r = self.entities, self.relations
        ok, total = self.attributes
        good, seen = self.canonical
        return (f"entity P={e.precision:.3f} R={e.recall:.3f} F1={e.f1:.3f} | relation P={r.precision:.3f} "
                f"R={r.recall:.3f} F1={r.f1:.3f} | attributes {ok}/{total} | canonical {good}/{seen} | "
                f"{len(self.documents)} documents")

    def as_dict(self) -> dict[str, Any]:
        return {"summary": self.summary(), "documents": [d.as_dict() for d in self.documents],
                "not_canonical": {k: list(v) for k, v in self.not_canonical.items()}}


# --- matching ----------------------------------------------------------------------------------


class _View:
    """The parts of a graph evaluation reads, each computed once."""

    def __init__(self, g: Graph) -> None:
        self.g = g
        self.statements = {st: (g.value(st, RDF.subject), g.value(st, RDF.predicate), g.value(st, RDF.object))
                           for st in g.subjects(RDF.type, RDF.Statement)}
        self.evidenced_somewhere = set(self.statements.values())
        self._classes: dict[Node, frozenset[str]] = {}
        self._labels: dict[Node, frozenset[str]] = {}
        self._names: dict[Node, frozenset[str]] = {}

    def classes(self, e: Node) -> frozenset[str]:
        if e not in self._classes:
            self._classes[e] = frozenset(str(t)[len(_KG):] for t in self.g.objects(e, RDF.type)
                                         if str(t).startswith(_KG))
        return self._classes[e]

    def labels(self, e: Node) -> frozenset[str]:
        """Its preferred label(s), normalised."""
        if e not in self._labels:
            self._labels[e] = frozenset(gold_name(str(v)) for v in self.g.objects(e, RDFS.label))
        return self._labels[e]

    def names(self, e: Node) -> frozenset[str]:
        """All its names, normalised: preferred and alternative labels."""
        if e not in self._names:
            self._names[e] = frozenset(gold_name(str(v)) for p in (RDFS.label, SKOS.altLabel, SKOS.prefLabel)
                                       for v in self.g.objects(e, p))
        return self._names[e]

    def document(self, name: str) -> Node | None:
        """The ``kg:Document`` of a file name: by ``dcterms:identifier`` (the name or its stem), or by an IRI
        ending in the stem."""
        stem = name.rsplit(".", 1)[0]
        for d in sorted(self.g.subjects(RDF.type, KG.Document), key=str):
            ids = {str(v) for v in self.g.objects(d, DCTERMS.identifier)}
            if name in ids or stem in ids or str(d).rstrip("/").endswith(stem):
                return d
        return None

    def named_by(self, d: Node) -> set[Node]:
        """The entities of scored classes that document ``d`` names."""
        g = self.g
        found = set(g.objects(d, KG.mentions))
        for m in g.subjects(PROV.wasDerivedFrom, d):
            if (m, RDF.type, KG.Mention) in g:
                found.update(g.objects(m, KG.mentionOf))
        return {e for e in found if self.classes(e) & SCORED_CLASSES}

    def label(self, e: Node) -> str:
        return str(self.g.value(e, RDFS.label) or e)


def _score_document(v: _View, gold: Gold) -> DocScore:
    d = v.document(gold.document)
    if d is None:
        return DocScore(gold.document, False, PRF(0, 0, len(gold.entities)), PRF(0, 0, len(gold.relations)), 0, 0,
                        missed_entities=tuple(f"{e.cls}:{e.label}" for e in gold.entities),
                        missed_relations=tuple(" ".join(r) for r in gold.relations))
    g = v.g
    named = v.named_by(d)

    def matching(entry: GoldEntity, names_of: Callable[[Node], frozenset[str]]) -> set[Node]:
        return {e for e in named if v.classes(e) & entry.classes and (entry.any_of_class or names_of(e) & entry.names)}

    by_label = [matching(entry, v.labels) for entry in gold.entities]
    claimed_by_label: set[Node] = set().union(*by_label)
    matched: dict[str, set[Node]] = defaultdict(set)  # gold label -> entities
    claimed: set[Node] = set()
    missed: list[str] = []
    attr_ok = attr_total = 0
    attr_misses: list[str] = []
    for entry, hits in zip(gold.entities, by_label, strict=True):
        hits = hits or (matching(entry, v.names) - claimed_by_label)
        if not hits:
            missed.append(f"{entry.cls}:{entry.label}")
            continue
        matched[entry.label] |= hits
        claimed |= hits
        for ok, miss in _attributes(g, entry, hits):
            attr_total += 1
            attr_ok += ok
            if not ok:
                attr_misses.append(miss)
    if gold.date is not None:
        attr_total += 1
        got = sorted(str(x) for x in g.objects(d, DCTERMS.date))
        if gold.date in got:
            attr_ok += 1
        else:
            attr_misses.append(f"document date={gold.date} got {got}")
    allowed = set(claimed)
    for entry in gold.optional:
        allowed |= matching(entry, v.names)
    absent = {gold_name(a) for a in gold.absent}
    absent_found, wrong = [], []
    for e in sorted(named, key=str):
        if v.names(e) & absent:
            absent_found.append(str(e))
        elif e not in allowed:
            wrong.append(f"{'/'.join(sorted(v.classes(e)))}:{v.label(e)}")

    # Relations: a triple counts for this document when one of its evidence statements is derived
    # from it, or when no statement evidences it at all (background knowledge).
    here = {t for st, t in v.statements.items() if (st, PROV.wasDerivedFrom, d) in g}

    def stated(t: tuple[Node, Node, Node]) -> bool:
        return t in g and (t in here or t not in v.evidenced_somewhere)

    def triples(rel: tuple[str, str, str]) -> set[tuple[Node, Node, Node]]:
        subjects = set().union(*(matched.get(alt, set()) for alt in rel[0].split("|")))
        return {(s, URIRef(_KG + rel[1]), o) for s in subjects for o in matched.get(rel[2], set())}

    expected: set[tuple[Node, Node, Node]] = set()
    found_rel, missed_rel = 0, []
    for rel in gold.relations:
        ts = triples(rel)
        expected |= ts
        if any(stated(t) for t in ts):
            found_rel += 1
        else:
            missed_rel.append(" ".join(rel))
    for rel in gold.optional_relations:
        expected |= triples(rel)
    scored_props = {URIRef(_KG + r[1]) for r in gold.relations}
    asserted = set(here)
    for p in scored_props:
        asserted |= {(s, p, o) for s, o in g.subject_objects(p) if (s, p, o) not in v.evidenced_somewhere}
    wrong_rel = [f"{v.label(s)} {str(p)[len(_KG):]} {v.label(o)}" for s, p, o in sorted(asserted, key=str)
                 if p in scored_props and s in claimed and o in claimed and (s, p, o) not in expected]
    iris = {e.label: tuple(sorted(map(str, matched.get(e.label, ())))) for e in gold.entities if not e.any_of_class}
    return DocScore(gold.document, True, PRF(len(gold.entities) - len(missed), len(wrong) + len(absent_found),
                                             len(missed)),
                    PRF(found_rel, len(wrong_rel), len(missed_rel)), attr_ok, attr_total,
                    tuple(missed), tuple(wrong), tuple(absent_found), tuple(missed_rel), tuple(wrong_rel),
                    tuple(attr_misses), iris)


def _attributes(g: Graph, entry: GoldEntity, hits: Iterable[Node]) -> list[tuple[bool, str]]:
    """Whether the matched entities carry each attribute of the gold entry (and what they carry)."""
    out = []
    if entry.position is not None:
        got = {gold_name(str(x)) for e in hits for x in g.objects(e, KG.position)}
        want = gold_name(entry.position)
        out.append((any(want in x for x in got), f"{entry.label} position={entry.position!r} got {sorted(got)}"))
    for name, prop, value in (("date", DCTERMS.date, entry.date), ("ordinal", KG.ordinal, entry.ordinal),
                              ("term", KG.term, entry.term)):
        if value is not None:
            got = {str(x) for e in hits for x in g.objects(e, prop)}
            out.append((str(value) in got, f"{entry.label} {name}={value} got {sorted(got)}"))
    return out


def evaluate(g: Graph, golds: Sequence[Gold] | Path | str) -> Evaluation:
    """Score graph ``g`` against gold annotations (a folder of gold files, or loaded ``Gold`` records).

    >>> from kg.graph import new_graph
    >>> evaluate(new_graph(), [Gold(Path("a.json"), "a.txt", None, (GoldEntity("City", "Hefei"),), ())]).summary_line()
    'entity P=0.000 R=0.000 F1=0.000 | relation P=0.000 R=0.000 F1=0.000 | attributes 0/0 | canonical 0/0 | 1 documents'
    """
    if isinstance(golds, (str, Path)):
        golds = load_gold_dir(Path(golds))
    v = _View(g)
    docs = tuple(_score_document(v, gold) for gold in golds)
    # Canonical: a gold label matched in several documents must resolve to one IRI in all of them.
    seen: dict[str, set[str]] = defaultdict(set)
    for doc in docs:
        for label, found in doc.iris.items():
            seen[label] |= set(found)
    seen = {label: iris for label, iris in seen.items() if iris}
    split = {label: tuple(sorted(iris)) for label, iris in sorted(seen.items()) if len(iris) > 1}
    return Evaluation(docs, split, len(seen))


__all__ = ["evaluate", "Evaluation", "DocScore", "PRF", "Gold", "GoldEntity", "load_gold", "load_gold_dir",
           "gold_name"]
