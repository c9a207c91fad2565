"""Plain records passed between the stages: no spaCy or rdflib objects.

text -> ``SourceDoc`` (reader) -> ``Extraction`` of ``MentionRec`` / ``RelationRec`` (extract)
-> ``Resolved`` entities and relations with IRIs (resolve) -> rdflib Graph (graph).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum


class EntityClass(str, Enum):
    """The ontology classes an extracted entity can have (their local names)."""

    CITY = "City"
    REGION = "Region"
    COUNTRY = "Country"
    PLACE = "Place"
    ORGANIZATION = "Organization"
    COMMITTEE = "Committee"
    PERSON = "Person"
    MEETING = "Meeting"
    RESOLUTION = "Resolution"
    SECTOR = "Sector"
    SECTOR_GROUP = "SectorGroup"
    STRATEGY = "Strategy"



@dataclass(frozen=True, slots=True)
class SourceDoc:
    """One decoded article. ``text`` is exactly the decoded text (BOM removed)."""

    identifier: str  # the file name
    text: str
    date: dt.date | None = None
    title: str | None = None
    body_start: int = 0  # offset where the article proper starts (after the date prefix)
    encoding: str = "utf-8"
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class EntityKey:
    """What identifies an entity before it has an IRI.

    ``key`` is the canonical name for lasting things (``"integrated circuits"``);
    for events it is a path of parts (``"meeting/cpc-shanghai-municipal-committee/12/3"``).
    """

    cls: EntityClass
    key: str


@dataclass(frozen=True, slots=True)
class MentionRec:
    """A span of the document text that names an entity."""

    entity: EntityKey
    surface: str
    start: int
    end: int
    sentence: str
    rule: str


@dataclass(frozen=True, slots=True)
class RelationRec:
    """A relation candidate with the words that state it."""

    subject: EntityKey
    predicate: str  # local name of a kg: property
    object: EntityKey
    start: int
    end: int
    sentence: str
    rule: str
    evidenced: bool = True  # False for background knowledge (a city in its country)


@dataclass(frozen=True, slots=True)
class EntityInfo:
    """What a document says about one entity beyond its names."""

    entity: EntityKey
    label: str | None = None  # a preferred label the extractor can derive (canonical form)
    date: dt.date | None = None
    ordinal: int | None = None
    term: int | None = None
    positions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything extracted from one document."""

    doc: SourceDoc
    mentions: tuple[MentionRec, ...]
    relations: tuple[RelationRec, ...]
    infos: tuple[EntityInfo, ...] = ()


@dataclass(frozen=True, slots=True)
class Entity:
    """A canonical entity: one IRI slug, one label, its other names and attributes."""

    slug: str
    cls: EntityClass
    label: str
    alt_labels: tuple[str, ...] = ()
    date: dt.date | None = None
    ordinal: int | None = None
    term: int | None = None
    positions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Resolved:
    """The corpus after resolution: entities by key, extractions to attach evidence."""

    entities: dict[EntityKey, Entity] = field(default_factory=dict)
    extractions: tuple[Extraction, ...] = ()
