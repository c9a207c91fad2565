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
from collections.abc import Sequence

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


def resolve(extractions: Sequence[Extraction], lex: Lexicon | None = None) -> Resolved:
    """Merge the extractions of a corpus into canonical entities."""
    lex = lex or load()
    exts = tuple(sorted(extractions, key=lambda x: x.doc.identifier))
    labels: dict[EntityKey, Counter[str]] = defaultdict(Counter)
    surfaces: dict[EntityKey, set[str]] = defaultdict(set)
    dates: dict[EntityKey, list[dt.date]] = defaultdict(list)
    ordinals: dict[EntityKey, list[int]] = defaultdict(list)
    terms: dict[EntityKey, list[int]] = defaultdict(list)
    positions: dict[EntityKey, set[str]] = defaultdict(set)
    for x in exts:
        for info in x.infos:
            k = info.entity
            labels[k]  # noqa: B018 - make sure the key exists
            if info.label:
                labels[k][info.label] += 1
            if info.date:
                dates[k].append(info.date)
            if info.ordinal is not None:
                ordinals[k].append(info.ordinal)
            if info.term is not None:
                terms[k].append(info.term)
            positions[k].update(info.positions)
        for m in x.mentions:
            labels[m.entity]  # noqa: B018
            if m.rule not in REFERENCE_RULES:
                surface = " ".join(m.surface.split())
                if surface.startswith(("The ", "A ", "An ")):  # capitalised only as a sentence starts
                    surface = surface[0].lower() + surface[1:]
                surfaces[m.entity].add(surface)
        for r in x.relations:
            labels[r.subject]  # noqa: B018
            labels[r.object]  # noqa: B018
    entities: dict[EntityKey, Entity] = {}
    taken: dict[str, tuple[C, str]] = {}
    for key in sorted(labels, key=lambda k: (k.cls.slug_rank, k.key)):
        counts = labels[key]
        canon = sorted(lab for lab in counts if _is_canonical(lex, key.cls, lab))
        if canon:
            label = canon[0]
        elif counts:
            label = min(counts, key=lambda lab: (-counts[lab], lab))
        else:
            label = min(surfaces[key]) if surfaces[key] else key.key
        if key.cls in (C.MEETING, C.RESOLUTION):
            slug = _event_slug(key.key)
        else:
            slug = slugify(label)
        if slug in taken and taken[slug][0] != key.cls:  # the class of lower slug rank keeps the slug
            slug = f"{slug}-{key.cls.value.lower()}"
        if slug in taken and taken[slug] != (key.cls, key.key):  # two names of one class, one slug
            slug = f"{slug}-{hashlib.sha1(key.key.encode('utf-8')).hexdigest()[:6]}"
        taken.setdefault(slug, (key.cls, key.key))
        seen_norm = {label.lower()}
        alts = []
        for s in sorted(surfaces[key]):
            if s.lower() not in seen_norm:
                seen_norm.add(s.lower())
                alts.append(s)
        entities[key] = Entity(
            slug=slug, cls=key.cls, label=label, alt_labels=tuple(alts),
            date=min(dates[key]) if dates[key] else None,
            ordinal=Counter(ordinals[key]).most_common(1)[0][0] if ordinals[key] else None,
            term=Counter(terms[key]).most_common(1)[0][0] if terms[key] else None,
            positions=tuple(sorted(positions[key])))
    return Resolved(entities=entities, extractions=exts)


__all__ = ["resolve", "slugify", "norm"]
