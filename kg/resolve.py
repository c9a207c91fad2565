"""Mentions -> canonical entities with stable, readable IRI slugs and their aliases.

Lasting things are merged by their normalised name (the extractor's key); events
keep the path key the extractor gave them (body, term and ordinal or date).  The
label and slug never depend on the order documents are read in: the gazetteer's
canonical name wins, else the most frequent form, ties broken alphabetically.

The slug rule: a lasting thing's IRI is ``kgid:`` + ``slugify`` of its label, the label as
written (plurals kept: ``integrated-circuits``, ``five-centers``); an event's is its path key,
each part slugified. Two lasting things whose labels give one slug are told apart by the class
of the second (``-region``) or, within one class, by a short hash of its key.

>>> from kg.types import EntityKey, EntityClass
>>> slugify("CPC Shanghai Municipal Committee"), slugify("Xi'an <bad> \\"name\\"")
('cpc-shanghai-municipal-committee', 'xi-an-bad-name')
"""
from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from .gazetteer import Lexicon, load, norm
from .namespaces import slugify
from .types import EntityClass as C
from .types import Entity, EntityKey, Extraction, Resolved

#: Rules whose surface text is a reference ("the city"), not a name: not kept as altLabels.
REFERENCE_RULES = frozenset({"subject-reference"})


def _event_slug(key: str) -> str:
    return "/".join(slugify(part) for part in key.split("/"))


def _is_canonical(lex: Lexicon, cls: C, label: str) -> bool:
    return any(lex.canonical(kind, label) == label for kind in cls.gazetteer_kinds)


#: Where a value was first seen: the document's file name, IRI segment and arrival, and the place
#: of the ``EntityInfo`` in it.
Rank = tuple[str, str, int, int]


class Corpus:
    """What resolution needs of a corpus, gathered one document at a time: per entity the counts of
    its preferred labels, its surface forms, its earliest date, the ordinals, terms and positions
    documents give it, and nothing else (no mention, sentence or relation is kept), so that a store
    build can drop each extraction once it is added.

    The result never depends on the order the documents are added in: an ordinal or term that as
    many documents give as another wins if the first document (by file name, then IRI segment)
    gives it first, as if the documents were added sorted by name.

    >>> from kg.types import EntityInfo, SourceDoc
    >>> k = EntityKey(C.MEETING, "meeting/x/12/3")
    >>> def doc(name, *terms): return Extraction(SourceDoc(name, ""), (), (), tuple(EntityInfo(k, term=t) for t in terms))
    >>> one, two = Corpus(), Corpus()
    >>> for x in (doc("a.txt", 12, 11), doc("b.txt", 11, 12)): one.add(x)
    >>> for x in (doc("b.txt", 11, 12), doc("a.txt", 12, 11)): two.add(x)
    >>> one.entities()[k].term == two.entities()[k].term == 12
    True
    """

    def __init__(self) -> None:
        self.labels: dict[EntityKey, Counter[str]] = {}
        self.surfaces: dict[EntityKey, set[str]] = defaultdict(set)
        self.dates: dict[EntityKey, dt.date] = {}
        self.ordinals: dict[EntityKey, dict[int, tuple[int, Rank]]] = defaultdict(dict)  # value: (count, first)
        self.terms: dict[EntityKey, dict[int, tuple[int, Rank]]] = defaultdict(dict)
        self.positions: dict[EntityKey, set[str]] = defaultdict(set)
        self.documents = 0
        self._keys: dict[EntityKey, EntityKey] = {}

    def key(self, k: EntityKey) -> EntityKey:
        """The one ``EntityKey`` object the corpus keeps for a key equal to ``k`` (the documents'
        keys are equal but distinct objects: keeping one of them saves the memory of the others)."""
        return self._keys.setdefault(k, k)

    def add(self, x: Extraction) -> None:
        """Gather what one document says about its entities."""
        self.documents += 1
        rank = (x.doc.identifier, x.doc.key, self.documents)
        key, labels = self.key, self.labels
        for seq, info in enumerate(x.infos):
            k = key(info.entity)
            counts = labels.get(k)
            if counts is None:
                counts = labels[k] = Counter()
            if info.label:
                counts[info.label] += 1
            if info.date and (k not in self.dates or info.date < self.dates[k]):
                self.dates[k] = info.date
            if info.ordinal is not None:
                _seen(self.ordinals[k], info.ordinal, (*rank, seq))
            if info.term is not None:
                _seen(self.terms[k], info.term, (*rank, seq))
            if info.positions:
                self.positions[k].update(info.positions)
            if info.aliases:
                self.surfaces[k].update(info.aliases)
        for m in x.mentions:
            k = key(m.entity)
            if k not in labels:
                labels[k] = Counter()
            if m.rule not in REFERENCE_RULES:
                surface = " ".join(m.surface.split())
                if surface.startswith(("The ", "A ", "An ")):  # capitalised only as a sentence starts
                    surface = surface[0].lower() + surface[1:]
                self.surfaces[k].add(surface)
        for r in x.relations:
            for k in (key(r.subject), key(r.object)):
                if k not in labels:
                    labels[k] = Counter()

    def entities(self, lex: Lexicon | None = None) -> dict[EntityKey, Entity]:
        """The canonical entity of every key the documents name."""
        lex = lex or load()
        entities: dict[EntityKey, Entity] = {}
        taken: dict[str, tuple[C, str]] = {}
        for key in sorted(self.labels, key=lambda k: (k.cls.slug_rank, k.key)):
            counts = self.labels[key]
            surfaces = self.surfaces.get(key, set())
            canon = sorted(lab for lab in counts if _is_canonical(lex, key.cls, lab))
            if canon:
                label = canon[0]
            elif counts:
                label = min(counts, key=lambda lab: (-counts[lab], lab))
            else:
                label = min(surfaces) if surfaces else key.key
            if key.cls in (C.MEETING, C.RESOLUTION):
                slug = _event_slug(key.key)
            else:
                slug = slugify(label)
            if slug in taken and taken[slug][0] != key.cls:  # the class of lower slug rank keeps the slug
                slug = f"{slug}-{key.cls.value.lower()}"
            if slug in taken and taken[slug] != (key.cls, key.key):  # two names of one class, one slug
                slug = f"{slug}-{hashlib.sha1(key.key.encode('utf-8')).hexdigest()[:6]}"
            taken.setdefault(slug, (key.cls, key.key))
            entities[key] = Entity(
                slug=slug, cls=key.cls, label=label, alt_labels=names_besides(label, surfaces), date=self.dates.get(key),
                ordinal=_most_common(self.ordinals.get(key)), term=_most_common(self.terms.get(key)),
                positions=tuple(sorted(self.positions.get(key, ()))))
        return entities


def _seen(values: dict[int, tuple[int, Rank]], value: int, rank: Rank) -> None:
    """Count ``value`` once more and keep the earliest ``rank`` it was seen at."""
    seen = values.get(value)
    values[value] = (1, rank) if seen is None else (seen[0] + 1, min(seen[1], rank))


def _most_common(values: dict[int, tuple[int, Rank]] | None) -> int | None:
    """The value seen most often; of two seen as often, the one seen first (what ``Counter.most_common``
    gives of the values in the order of the documents sorted by name)."""
    if not values:
        return None
    return min(values, key=lambda v: (-values[v][0], values[v][1]))


def resolve(extractions: Sequence[Extraction], lex: Lexicon | None = None) -> Resolved:
    """Merge the extractions of a corpus into canonical entities."""
    exts = tuple(sorted(extractions, key=lambda x: x.doc.identifier))
    corpus = Corpus()
    for x in exts:
        corpus.add(x)
    return Resolved(entities=corpus.entities(lex), extractions=exts)



def names_besides(label: str, names: Iterable[str]) -> tuple[str, ...]:
    """The names other than ``label``, each once (case-insensitively, the first in sorted order), sorted.

    >>> names_besides("Shanghai", ["shanghai", "Shanghai City", "SH", "shanghai city"])
    ('SH', 'Shanghai City')
    """
    seen = {label.lower()}
    out = []
    for n in sorted(names):
        if n.lower() not in seen:
            seen.add(n.lower())
            out.append(n)
    return tuple(out)

__all__ = ["Corpus", "resolve", "slugify", "norm"]
