"""Plain records passed between the stages: no spaCy or rdflib objects.

text -> ``SourceDoc`` (reader) -> ``Extraction`` of ``MentionRec`` / ``RelationRec`` (extract)
-> ``Resolved`` entities and relations with IRIs (resolve) -> rdflib Graph (graph).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum


class EntityClass(str, Enum):
    """The ontology classes an extracted entity can have: ONE TABLE, every other list derives from it.

    Each row is (local name, parent class, gazetteer kinds, slug rank, colour, shape): the parent in
    ``ontology/kg.ttl`` (a test holds the two together), the gazetteer sections whose names are of
    this class, the precedence when two classes claim one IRI slug (lower keeps it), and the colour
    and vis-network shape in the HTML view.  The order of the rows is the order of the legend and
    the statistics, and a class comes before its parent (the first class a node has is its most
    specific).  Adding a class is adding a row (and the rules that find it).

    >>> EntityClass.COMMITTEE.parent, EntityClass.SECTOR.gazetteer_kinds, EntityClass.named("City").color
    ('Organization', ('sector', 'sector_generic'), '#e6194b')
    """

    parent: str | None
    gazetteer_kinds: tuple[str, ...]
    slug_rank: int
    color: str
    shape: str

    def __new__(cls, name: str, parent: str | None, kinds: tuple[str, ...], rank: int, color: str,
                shape: str) -> EntityClass:
        obj = str.__new__(cls, name)
        obj._value_ = name
        obj.parent, obj.gazetteer_kinds, obj.slug_rank, obj.color, obj.shape = parent, kinds, rank, color, shape
        return obj

    #               name            parent          gazetteer kinds                 rank colour     shape
    CITY = ("City", "Place", ("place",), 2, "#e6194b", "dot")
    REGION = ("Region", "Place", ("place",), 1, "#f58231", "dot")
    COUNTRY = ("Country", "Place", ("place",), 0, "#9a6324", "dot")
    PLACE = ("Place", None, (), 3, "#aaaaaa", "dot")
    COMMITTEE = ("Committee", "Organization", ("committee",), 4, "#4363d8", "box")
    ORGANIZATION = ("Organization", None, ("organization",), 5, "#1a8fa8", "box")
    PERSON = ("Person", None, (), 6, "#911eb4", "ellipse")
    MEETING = ("Meeting", None, (), 7, "#3cb44b", "diamond")
    RESOLUTION = ("Resolution", None, (), 8, "#808000", "square")
    SECTOR = ("Sector", None, ("sector", "sector_generic"), 10, "#ffe119", "dot")
    SECTOR_GROUP = ("SectorGroup", None, (), 9, "#bfef45", "hexagon")
    STRATEGY = ("Strategy", None, ("strategy",), 11, "#f032e6", "triangle")

    @classmethod
    def named(cls, name: str) -> EntityClass:
        """The class of a local name (``EntityClass("City")`` at run time; this form type-checks)."""
        for c in cls:
            if c.value == name:
                return c
        raise ValueError(f"no entity class named {name!r}")

    @property
    def is_place(self) -> bool:
        """A place class: Place or one of its subclasses."""
        return self is EntityClass.PLACE or self.parent == EntityClass.PLACE.value

    @classmethod
    def of_kind(cls, kind: str) -> EntityClass | None:
        """The class of a gazetteer kind other than places (whose class the place tables give)."""
        return next((c for c in cls if kind in c.gazetteer_kinds and not c.is_place), None)


class Relation(str, Enum):
    """The ``kg:`` relations between entities (local names), in the order the statistics list them.

    Each row is (local name, classes of the subject, classes of the object), as ``ontology/kg.ttl``
    declares their domains and ranges (a test holds the two together).
    """

    domain: tuple[str, ...]
    range: tuple[str, ...]

    def __new__(cls, name: str, domain: tuple[str, ...], range_: tuple[str, ...]) -> Relation:
        obj = str.__new__(cls, name)
        obj._value_ = name
        obj.domain, obj.range = domain, range_
        return obj

    LOCATED_IN = ("locatedIn", ("Place",), ("Place",))
    GOVERNS = ("governs", ("Organization",), ("Place",))
    PART_OF = ("partOf", ("Organization",), ("Organization",))
    MEMBER_OF = ("memberOf", ("Person",), ("Organization",))
    HELD_BY = ("heldBy", ("Meeting",), ("Organization",))
    ADOPTED_AT = ("adoptedAt", ("Resolution",), ("Meeting",))
    ADOPTED_BY = ("adoptedBy", ("Resolution",), ("Organization",))
    PURSUES = ("pursues", ("Place", "Organization", "Resolution"), ("Strategy",))
    HAS_COMPONENT = ("hasComponent", ("Strategy",), ("Strategy",))
    PRIORITIZES = ("prioritizes", ("Place", "Organization", "Resolution", "Strategy"), ("Sector", "SectorGroup"))
    IN_GROUP = ("inGroup", ("Sector",), ("SectorGroup",))


#: A gazetteer kind (other than places, whose class the place tables give) -> the class of its names.
KIND_CLASS: dict[str, EntityClass] = {k: c for c in EntityClass if not c.is_place for k in c.gazetteer_kinds}


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
    key: str = ""  # the document's IRI segment when its stem alone would clash with another's


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
    predicate: Relation
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
    aliases: tuple[str, ...] = ()  # names the text gives it in other words ("international trade center" of a list)


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything extracted from one document."""

    doc: SourceDoc
    mentions: tuple[MentionRec, ...]
    relations: tuple[RelationRec, ...]
    infos: tuple[EntityInfo, ...] = ()
    warnings: tuple[str, ...] = ()  # what the extraction left out, one line each


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
class CuratedRelation:
    """A relation a curation file adds, with the note that is its evidence and where the file states it."""

    subject: EntityKey
    predicate: Relation
    object: EntityKey
    note: str
    start: int  # character offsets of the entry in the curation file
    end: int


@dataclass(frozen=True, slots=True)
class CurationRecord:
    """What the graph records of a curation file: its name, its SHA-256 and the relations it adds."""

    name: str
    sha256: str
    relations: tuple[CuratedRelation, ...] = ()


@dataclass(frozen=True, slots=True)
class Resolved:
    """The corpus after resolution: entities by key, extractions to attach evidence, and the
    curation applied to them, if any."""

    entities: dict[EntityKey, Entity] = field(default_factory=dict)
    extractions: tuple[Extraction, ...] = ()
    curation: CurationRecord | None = None
