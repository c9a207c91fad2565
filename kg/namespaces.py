"""The kg ontology as an rdflib ``DefinedNamespace``: a typo in a term is an error.

``ontology/kg.ttl`` is the source of truth; a test checks the two agree.

>>> str(KG.City)
'https://w3id.org/policykg/ontology#City'
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from enum import Enum

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

KGID = Namespace("https://w3id.org/policykg/id/")


class KG(DefinedNamespace):
    """Classes and properties of https://w3id.org/policykg/ontology#."""

    _NS = Namespace("https://w3id.org/policykg/ontology#")
    _fail = True

    # classes
    Document: URIRef
    Mention: URIRef
    Place: URIRef
    City: URIRef
    Region: URIRef
    Country: URIRef
    Organization: URIRef
    Committee: URIRef
    Person: URIRef
    Meeting: URIRef
    Resolution: URIRef
    Sector: URIRef
    SectorGroup: URIRef
    Strategy: URIRef
    # relations between entities
    locatedIn: URIRef
    governs: URIRef
    partOf: URIRef
    memberOf: URIRef
    heldBy: URIRef
    adoptedAt: URIRef
    adoptedBy: URIRef
    pursues: URIRef
    hasComponent: URIRef
    prioritizes: URIRef
    inGroup: URIRef
    mentions: URIRef
    mentionOf: URIRef
    # literals
    sentence: URIRef
    start: URIRef
    end: URIRef
    rule: URIRef
    ordinal: URIRef
    term: URIRef
    position: URIRef
    encoding: URIRef


def term(name: str | Enum) -> URIRef:
    """The IRI of a kg term named at run time (a local name or a ``Relation``); an unknown name
    raises ``AttributeError``.

    >>> str(term("prioritizes")).rsplit("#", 1)[1]
    'prioritizes'
    """
    value: URIRef = getattr(KG, name.value if isinstance(name, Enum) else name)
    return value


def slugify(text: str) -> str:
    """A readable IRI segment: ASCII letters, digits and hyphens only (a hash when none are left).
    The one slug function: event keys are made of slugified parts, IRIs of slugified names.
    Words keep their form (plurals stay plural); accents are dropped, a possessive ``'s`` joins its
    word, and every other run of other characters is one hyphen.

    >>> slugify("CPC Shanghai Municipal Committee"), slugify("Xi'an <bad> \\"name\\"")
    ('cpc-shanghai-municipal-committee', 'xi-an-bad-name')
    >>> slugify("Integrated circuits"), slugify("National People's Congress"), slugify("Ürümqi")
    ('integrated-circuits', 'national-peoples-congress', 'urumqi')
    """
    text = re.sub(r"['\u2019]s\b", "s", text)
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")
    return slug[:120].rstrip("-") or "x" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]
