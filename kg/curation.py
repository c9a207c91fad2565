"""Curation files: corrections a person writes in TOML and ``kg build --curation FILE.toml`` applies
on every rebuild, without touching code.

Five operations, each an array-of-tables entry (``examples/curation.toml`` shows them all):

- ``[[block]] name = "Ti Gong"`` (optional ``class``): no mention with that name is kept; an entity
  left with no mention goes, with its relations.  Applied to the extractions, before resolving.
- ``[[merge]] keep = "A" drop = "B"``: B's mentions, relations and names go to A; B's label and
  alternative labels become alternative labels of A.
- ``[[rename]] entity = "A" label = "New"``: the new preferred label, the old one kept as an
  alternative label; a lasting thing's IRI follows its new label (``kgid:new``).
- ``[[fix_class]] entity = "A" class = "Region"``: the entity's class.
- ``[[relation]] subject = "A" predicate = "pursues" object = "B" note = "..."``: a relation whose
  evidence is the note, derived from the curation file.

An entity is named by its label or an alternative label (compared as the gazetteer compares
names), or by its IRI (``kgid:shanghai``) where a name is ambiguous.  The operations after
``block`` apply in the order they are written.  One that refers to nothing, is ambiguous, or would
give a graph the shapes reject is left out with a warning naming the file and line; a malformed
file is an ``InputError``.  The graph records the file (``graph.to_graph``).

>>> c = parse_curation("c.toml", '[[rename]]\\nentity = "hi-tech self-reliance"\\nlabel = "high-tech self-reliance"\\n')
>>> c.operations[0]
Rename(line=1, start=0, end=77, entity='hi-tech self-reliance', label='high-tech self-reliance')
"""
from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .errors import InputError
from .gazetteer import norm
from .namespaces import KGID, slugify
from .resolve import names_besides
from .types import CuratedRelation, CurationRecord, EntityClass, EntityKey, Extraction, Relation, Resolved

_HELP = "see examples/curation.toml"


@dataclass(frozen=True, slots=True)
class Block:
    """Keep no mention named ``name`` (of class ``cls``, when given)."""

    line: int
    start: int
    end: int
    name: str
    cls: EntityClass | None = None


@dataclass(frozen=True, slots=True)
class Merge:
    """``drop`` becomes part of ``keep``: its names, mentions and relations."""

    line: int
    start: int
    end: int
    keep: str
    drop: str


@dataclass(frozen=True, slots=True)
class Rename:
    """A new preferred label for ``entity``; the old one becomes an alternative label."""

    line: int
    start: int
    end: int
    entity: str
    label: str


@dataclass(frozen=True, slots=True)
class FixClass:
    """Another class for ``entity``."""

    line: int
    start: int
    end: int
    entity: str
    cls: EntityClass


@dataclass(frozen=True, slots=True)
class AddRelation:
    """A relation with ``note`` as its evidence."""

    line: int
    start: int
    end: int
    subject: str
    predicate: Relation
    object: str
    note: str


Operation = Block | Merge | Rename | FixClass | AddRelation


@dataclass(frozen=True, slots=True)
class Curation:
    """A parsed curation file: its path, the SHA-256 of its text, its operations in file order."""

    path: str  # as given: messages name it
    sha256: str
    operations: tuple[Operation, ...]

    @property
    def name(self) -> str:
        """The file name without its folder: what the graph records (the same on every machine)."""
        return Path(self.path).name

    def where(self, op: Operation) -> str:
        return f"{self.path}:{op.line}"


#: Each section: its keys (required, optional) and how an entry becomes an operation.
_SECTIONS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "block": (frozenset({"name"}), frozenset({"class"})),
    "merge": (frozenset({"keep", "drop"}), frozenset()),
    "rename": (frozenset({"entity", "label"}), frozenset()),
    "fix_class": (frozenset({"entity", "class"}), frozenset()),
    "relation": (frozenset({"subject", "predicate", "object", "note"}), frozenset()),
}
_HEADER = re.compile(r"^[ \t]*\[\[[ \t]*([A-Za-z0-9_\-\"']+)[ \t]*\]\]", re.MULTILINE)


def load_curation(path: Path | str) -> Curation:
    """Read and check a curation file; anything malformed is one ``InputError`` line naming it."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read the curation file ({exc.strerror or exc}); give a TOML file") from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: the curation file is not UTF-8 text; save it as UTF-8") from exc
    return parse_curation(str(path), text)


def parse_curation(name: str, text: str) -> Curation:
    """A curation from its text (``name`` is what messages and the graph call it)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{name}: not valid TOML ({exc}); fix the curation file, {_HELP}") from exc
    headers: dict[str, list[tuple[int, int]]] = {}  # section -> (offset, line) of each [[section]]
    for m in _HEADER.finditer(text):
        headers.setdefault(m[1], []).append((m.start(), text.count("\n", 0, m.start()) + 1))
    starts = sorted(offset for spans in headers.values() for offset, _ in spans) + [len(text)]
    ops: list[Operation] = []
    for section, entries in data.items():
        if section not in _SECTIONS:
            raise InputError(f"{name}: unknown section {section!r}; use {', '.join(f'[[{s}]]' for s in _SECTIONS)}, "
                             f"{_HELP}")
        spans = headers.get(section, [])
        if not isinstance(entries, list) or len(spans) != len(entries):
            raise InputError(f"{name}: write each {section} as its own [[{section}]] table, {_HELP}")
        for entry, (offset, line) in zip(entries, spans, strict=True):
            end = next(s for s in starts if s > offset)
            ops.append(_operation(name, section, entry, line, offset, _entry_length(text[offset:end])))
    ops.sort(key=lambda op: op.line)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Curation(name, digest, tuple(ops))


def _entry_length(chunk: str) -> int:
    """The length of an entry's text without the blank and comment lines that follow it (they belong
    to the next entry)."""
    lines = chunk.rstrip().split("\n")
    while len(lines) > 1 and (not lines[-1].strip() or lines[-1].lstrip().startswith("#")):
        lines.pop()
    return len("\n".join(lines).rstrip())


def _operation(name: str, section: str, entry: dict[str, Any], line: int, start: int, length: int) -> Operation:
    where = f"{name}:{line}: [[{section}]]"
    required, optional = _SECTIONS[section]
    missing = sorted(required - entry.keys())
    if missing:
        raise InputError(f"{where} lacks {', '.join(missing)}; {_HELP}")
    unknown = sorted(entry.keys() - required - optional)
    if unknown:
        raise InputError(f"{where} has unknown key {unknown[0]!r}; it takes {', '.join(sorted(required | optional))}")
    for key, value in entry.items():
        if not isinstance(value, str) or not value.strip():
            raise InputError(f"{where}: {key} must be a non-empty string")
    span = (line, start, start + length)
    cls = _class(where, entry["class"]) if "class" in entry else None
    if section == "block":
        return Block(*span, entry["name"], cls)
    if section == "merge":
        return Merge(*span, entry["keep"], entry["drop"])
    if section == "rename":
        return Rename(*span, entry["entity"], " ".join(entry["label"].split()))
    if section == "fix_class":
        assert cls is not None
        return FixClass(*span, entry["entity"], cls)
    predicate = next((r for r in Relation if r.value == entry["predicate"]), None)
    if predicate is None:
        raise InputError(f"{where}: unknown predicate {entry['predicate']!r}; use one of "
                         f"{', '.join(r.value for r in Relation)}")
    return AddRelation(*span, entry["subject"], predicate, entry["object"], " ".join(entry["note"].split()))


def _class(where: str, name: str) -> EntityClass:
    try:
        return EntityClass.named(name)
    except ValueError:
        raise InputError(f"{where}: unknown class {name!r}; use one of "
                         f"{', '.join(c.value for c in EntityClass)}") from None


# --- before resolving: blocked names --------------------------------------------------------------


def block(extractions: Sequence[Extraction], curation: Curation) -> tuple[list[Extraction], list[str]]:
    """Drop the mentions the curation blocks; an entity left with no mention goes with its relations.
    Returns the extractions and one warning per block that matched nothing."""
    blocks = [op for op in curation.operations if isinstance(op, Block)]
    if not blocks:
        return list(extractions), []

    def blocked_by(m_surface: str, cls: EntityClass) -> Block | None:
        key = norm(m_surface)
        return next((b for b in blocks if norm(b.name) == key and b.cls in (None, cls)), None)

    used: set[Block] = set()
    dropped: set[EntityKey] = set()
    kept: set[EntityKey] = set()
    for x in extractions:
        for m in x.mentions:
            b = blocked_by(m.surface, m.entity.cls)
            if b is None:
                kept.add(m.entity)
            else:
                used.add(b)
                dropped.add(m.entity)
    # An entity no mention names (one a rule made from a relation or a label alone) goes when its
    # key or its label is a blocked name.
    for x in extractions:
        named_here = [(i.entity, i.label) for i in x.infos] + [(r.subject, None) for r in x.relations] + [
            (r.object, None) for r in x.relations]
        for k, label in named_here:
            if k in kept or k in dropped:
                continue
            b = blocked_by(k.key, k.cls) or (blocked_by(label, k.cls) if label else None)
            if b is not None:
                used.add(b)
                dropped.add(k)
    gone = dropped - kept
    out = []
    for x in extractions:
        out.append(replace(
            x, mentions=tuple(m for m in x.mentions if blocked_by(m.surface, m.entity.cls) is None),
            relations=tuple(r for r in x.relations if r.subject not in gone and r.object not in gone),
            infos=tuple(i for i in x.infos if i.entity not in gone)))
    warnings = [f"{curation.where(b)}: block {b.name!r} names no mention"
                + (f" of class {b.cls.value}" if b.cls else "") + "; nothing blocked" for b in blocks if b not in used]
    return out, warnings


# --- after resolving: merge, rename, fix a class, add a relation -------------------------------


def _fits(cls: EntityClass, classes: Iterable[str]) -> bool:
    names = set(classes)
    return cls.value in names or cls.parent in names


def _same_kind(a: EntityClass, b: EntityClass) -> bool:
    """Classes one entity may be merged into the other across: the same, two places, two organisations."""
    orgs = {EntityClass.ORGANIZATION, EntityClass.COMMITTEE}
    return a is b or (a.is_place and b.is_place) or (a in orgs and b in orgs)


class _State:
    """The resolved entities as the operations change them, and where merged keys went."""

    def __init__(self, resolved: Resolved) -> None:
        self.entities = dict(resolved.entities)
        self.moved: dict[EntityKey, EntityKey] = {}
        self.relations: list[tuple[EntityKey, Relation, EntityKey]] = sorted(
            {(r.subject, r.predicate, r.object) for x in resolved.extractions for r in x.relations},
            key=lambda t: (t[0].cls.value, t[0].key, t[1].value, t[2].cls.value, t[2].key))
        self.added: list[CuratedRelation] = []

    def find(self, ref: str) -> tuple[EntityKey | None, str]:
        """The entity a reference names, or None and why not."""
        if ref.startswith(("kgid:", str(KGID))):
            slug = ref.removeprefix("kgid:").removeprefix(str(KGID))
            hits = [k for k, e in self.entities.items() if e.slug == slug]
            return (hits[0], "") if hits else (None, f"no entity has the IRI kgid:{slug}")
        key = norm(ref)
        for names_of in (lambda e: (e.label,), lambda e: e.alt_labels):
            hits = sorted((k for k, e in self.entities.items() if any(norm(n) == key for n in names_of(e))),
                          key=lambda k: self.entities[k].slug)
            if len(hits) == 1:
                return hits[0], ""
            if hits:
                iris = ", ".join(f"kgid:{self.entities[k].slug}" for k in hits)
                return None, f"{ref!r} names several entities ({iris}); write the IRI of the one you mean"
        return None, f"no entity is named {ref!r}"

    def relations_of(self, k: EntityKey) -> list[tuple[EntityKey, Relation, EntityKey]]:
        return [t for t in self.relations + [(a.subject, a.predicate, a.object) for a in self.added]
                if k in (self._final(t[0]), self._final(t[2]))]

    def _final(self, k: EntityKey) -> EntityKey:
        while k in self.moved:
            k = self.moved[k]
        return k

    def misfits(self, changed: dict[EntityKey, EntityClass]) -> list[str]:
        """The relations that would leave their domain or range if entities had these classes."""
        def cls(k: EntityKey) -> EntityClass:
            k = self._final(k)
            return changed.get(k, self.entities[k].cls)

        bad = []
        for k in changed:
            for s, p, o in self.relations_of(k):
                if not (_fits(cls(s), p.domain) and _fits(cls(o), p.range)):
                    bad.append(f"{self.entities[self._final(s)].label} {p.value} {self.entities[self._final(o)].label}")
        return sorted(set(bad))


def apply(resolved: Resolved, curation: Curation) -> tuple[Resolved, list[str]]:
    """Apply the merges, renames, class fixes and added relations, in file order; return the
    curated corpus (recording the curation) and one warning per operation left out."""
    st = _State(resolved)
    warnings: list[str] = []
    handlers: dict[type, Callable[[_State, Any], str | None]] = {
        Merge: _merge, Rename: _rename, FixClass: _fix_class, AddRelation: _add_relation}
    for op in curation.operations:
        if isinstance(op, Block):
            continue
        problem = handlers[type(op)](st, op)
        if problem:
            warnings.append(f"{curation.where(op)}: {problem}; not applied")
    exts = tuple(_redirect(x, st._final) for x in resolved.extractions)
    record = CurationRecord(curation.name, curation.sha256,
                            tuple(replace(a, subject=st._final(a.subject), object=st._final(a.object))
                                  for a in st.added))
    return Resolved(st.entities, exts, record), warnings


def _merge(st: _State, op: Merge) -> str | None:
    keep, why = st.find(op.keep)
    if keep is None:
        return f"merge: {why}"
    drop, why = st.find(op.drop)
    if drop is None:
        return f"merge: {why}"
    if keep == drop:
        return f"merge: {op.keep!r} and {op.drop!r} are already one entity"
    a, b = st.entities[keep], st.entities[drop]
    if not _same_kind(a.cls, b.cls):
        return f"merge: {a.label!r} is a {a.cls.value} and {b.label!r} a {b.cls.value}; fix the class of one first"
    alts = names_besides(a.label, [*a.alt_labels, b.label, *b.alt_labels])
    st.entities[keep] = replace(a, alt_labels=alts, date=a.date or b.date,
                                ordinal=a.ordinal if a.ordinal is not None else b.ordinal,
                                term=a.term if a.term is not None else b.term,
                                positions=tuple(sorted({*a.positions, *b.positions})))
    del st.entities[drop]
    st.moved[drop] = keep
    return None


def _rename(st: _State, op: Rename) -> str | None:
    k, why = st.find(op.entity)
    if k is None:
        return f"rename: {why}"
    e = st.entities[k]
    slug = e.slug
    if e.cls not in (EntityClass.MEETING, EntityClass.RESOLUTION):  # events keep the IRI of their key
        wanted = slugify(op.label)
        owners = [o for other, o in st.entities.items() if other != k and o.slug == wanted]
        if any(o.cls is e.cls for o in owners):
            return f"rename: kgid:{wanted} is another {e.cls.value}'s IRI; merge the two instead"
        if owners:  # another class has the slug: as in resolving, this one takes the class after it
            wanted = f"{wanted}-{e.cls.value.lower()}"
            taken = any(o.slug == wanted for other, o in st.entities.items() if other != k)
            slug = e.slug if taken else wanted
        else:
            slug = wanted
    st.entities[k] = replace(e, label=op.label, slug=slug, alt_labels=names_besides(op.label, [*e.alt_labels, e.label]))
    return None


def _fix_class(st: _State, op: FixClass) -> str | None:
    k, why = st.find(op.entity)
    if k is None:
        return f"fix_class: {why}"
    bad = st.misfits({k: op.cls})
    if bad:
        return (f"fix_class: as a {op.cls.value}, {st.entities[k].label!r} would not fit {len(bad)} of its relations "
                f"({bad[0]})")
    st.entities[k] = replace(st.entities[k], cls=op.cls)
    return None


def _add_relation(st: _State, op: AddRelation) -> str | None:
    s, why = st.find(op.subject)
    if s is None:
        return f"relation: subject: {why}"
    o, why = st.find(op.object)
    if o is None:
        return f"relation: object: {why}"
    sc, oc = st.entities[s].cls, st.entities[o].cls
    if not (_fits(sc, op.predicate.domain) and _fits(oc, op.predicate.range)):
        return (f"relation: {op.predicate.value} goes from {' or '.join(op.predicate.domain)} to "
                f"{' or '.join(op.predicate.range)}, not from {sc.value} to {oc.value}")
    st.added.append(CuratedRelation(s, op.predicate, o, op.note, op.start, op.end))
    return None


def _redirect(x: Extraction, final: Callable[[EntityKey], EntityKey]) -> Extraction:
    """An extraction with merged keys pointing at the entity they were merged into (a relation that
    now links an entity to itself is dropped)."""
    mentions = tuple(replace(m, entity=final(m.entity)) for m in x.mentions)
    relations = tuple(replace(r, subject=final(r.subject), object=final(r.object)) for r in x.relations
                      if final(r.subject) != final(r.object))
    infos = tuple(replace(i, entity=final(i.entity)) for i in x.infos)
    return replace(x, mentions=mentions, relations=relations, infos=infos)


__all__ = ["Curation", "load_curation", "parse_curation", "block", "apply", "Block", "Merge", "Rename", "FixClass",
           "AddRelation"]
