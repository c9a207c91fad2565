"""The data files under ``kg/data``, loaded once into frozen lookup tables.

>>> lex = load()
>>> lex.place_class["shanghai"], lex.canonical("sector", "integrated circuit")
('City', 'integrated circuits')
"""
from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from .types import KIND_CLASS

_PUNCT = re.compile(r"[^\w&+]+|_")


@lru_cache(maxsize=1 << 16)
def norm(name: str) -> str:
    """The comparison key of a name: Unicode-normalised (NFKC) and case-folded, accents folded,
    centre -> center, no possessive, punctuation and hyphens to spaces, no leading "the", a naive
    singular of each word.  Letters of every script are kept, so names written in Chinese or with
    accents never collapse into one key; a name with no letter or digit keys on itself.  Cached: the
    rules ask for the same names again and again.

    >>> norm("The Integrated-Circuits"), norm("Xi'an"), norm("Ürümqi plan"), norm("粤港澳大湾区")
    ('integrated circuit', 'xi an', 'urumqi plan', '粤港澳大湾区')
    >>> norm("Lǐ Qiáng") != norm("Lù Qiáng"), norm("...") != norm("!!")
    (True, True)
    """
    s = unicodedata.normalize("NFKC", name).casefold().replace("\u2019", "'").replace("centre", "center")
    s = re.sub(r"'s\b", "", s)
    s = "".join(ch for ch in unicodedata.normalize("NFKD", s) if not unicodedata.combining(ch))
    s = _PUNCT.sub(" ", s).strip()
    s = re.sub(r"^the ", "", s)
    words = []
    for w in s.split():
        if len(w) > 4 and w.endswith("ies"):
            w = w[:-3] + "y"
        elif len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        words.append(w)
    return " ".join(words) or unicodedata.normalize("NFKC", name).strip() or name


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Canonical names by kind, their aliases, place classes and parents, and cue words."""

    canon: dict[str, dict[str, str]]  # kind -> norm(alias or name) -> canonical name
    place_class: dict[str, str]  # norm(place name or alias) -> City / Region / Country
    place_parent: dict[str, str]  # canonical place -> canonical parent place
    surface: dict[str, dict[str, str]]  # kind -> surface form as written -> canonical name
    cues: dict[str, Any]

    def canonical(self, kind: str, name: str) -> str | None:
        """The canonical name of ``name`` among the ``kind`` entries, or None."""
        return self.canon.get(kind, {}).get(norm(name))


def _read(name: str) -> dict[str, Any]:
    return tomllib.loads(resources.files("kg").joinpath("data").joinpath(name).read_text("utf-8"))


@lru_cache(maxsize=1)
def load() -> Lexicon:
    """Load gazetteer.toml and cues.toml (cached)."""
    gaz = _read("gazetteer.toml")
    cues = _read("cues.toml")
    canon: dict[str, dict[str, str]] = {}
    surfaces: dict[str, dict[str, str]] = {}
    place_class: dict[str, str] = {}
    parent: dict[str, str] = {}

    def add(kind: str, name: str, aliases: list[str]) -> None:
        table = canon.setdefault(kind, {})
        surf = surfaces.setdefault(kind, {})
        for form in (name, *aliases):
            table.setdefault(norm(form), name)
            surf.setdefault(form, name)

    for name, aliases in gaz["country"].items():
        add("place", name, aliases)
        place_class[norm(name)] = "Country"
        for a in aliases:
            place_class[norm(a)] = "Country"
    for cls, section in (("City", "city"), ("Region", "region")):
        for name, within in gaz[section].items():
            add("place", name, [])
            place_class[norm(name)] = cls
            parent[name] = within
    for alias, name in gaz["region_aliases"].items():
        add("place", name, [alias])
        place_class[norm(alias)] = place_class[norm(name)]
    for kind in KIND_CLASS:  # the gazetteer kinds of the class table, other than places
        for name, aliases in gaz[kind].items():
            add(kind, name, aliases)
    return Lexicon(canon=canon, place_class=place_class, place_parent=parent, surface=surfaces, cues=cues)
