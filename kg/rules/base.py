"""What the rule modules share: candidate records, compiled patterns, the per-document state.

Every regular expression is built from the cue words of ``kg/data/cues.toml``.
"""
from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import IntEnum
from functools import lru_cache
from typing import TypeVar, cast
from collections.abc import Iterable

from spacy.tokens import Span, Token

from ..gazetteer import Lexicon, norm
from ..gazetteer import load as load_lexicon
from ..types import EntityClass as C
from ..types import EntityInfo, EntityKey, Relation, RelationRec, SourceDoc

STOP_LEAD = {"the", "a", "an", "its", "their", "our", "his", "her", "this", "these", "those", "and", "or",
              "of", "with", "to", "in", "for", "on", "as", "such"}
CAP = r"[A-Z][\w'’.-]*"
PLACE = rf"{CAP}(?:[ -]{CAP}){{0,3}}"


#: The named groups every committee pattern has, so that every rule reads them alike.
COMMITTEE_GROUPS = frozenset({"standing", "term", "party", "place", "level"})


def group(m: re.Match[str], name: str) -> str:
    """The text of an optional named group: "" when the group did not take part or the pattern has none.

    >>> group(re.match(r"(?P<a>x)?y", "y"), "a"), group(re.match(r"(?P<a>x)?y", "xy"), "a"), group(re.match("y", "y"), "b")
    ('', 'x', '')
    """
    return m.groupdict().get(name) or ""


def alt(words: Iterable[str]) -> str:
    """An alternation of the words, longest first, each escaped (made once for each list of words:
    rules build expressions from the same cue lists on every sentence).

    >>> print(alt(["a.b", "abc", "d"]))
    a\\.b|abc|d
    """
    return _alt(tuple(words))


@lru_cache(maxsize=1024)
def _alt(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def ordinal_value(word: str, ordinals: dict[str, int]) -> int | None:
    """3 for "third" or "3rd"; None for no ordinal (and for "0th", which counts nothing).

    >>> ordinal_value("Twelfth", {"twelfth": 12}), ordinal_value("21st", {}), ordinal_value("0th", {})
    (12, 21, None)
    """
    w = word.lower()
    if w in ordinals:
        return ordinals[w]
    m = re.fullmatch(r"(\d+)(?:st|nd|rd|th)", w)
    return int(m[1]) or None if m else None


def ordinal_word(n: int) -> str:
    """3 -> 'third'; 12 -> '12th' (words up to twentieth, then digits).

    >>> ordinal_word(3), ordinal_word(12), ordinal_word(22), ordinal_word(0)
    ('third', '12th', '22nd', '0th')
    """
    words = load_lexicon().cues["ordinals"]
    if 1 <= n <= 10:
        return str(next(w for w, v in words.items() if v == n))
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def resolve_weekday(name: str, ref: dt.date) -> dt.date:
    """The most recent ``name``-day on or before ``ref`` (news: "on Monday" is past).

    >>> resolve_weekday("Monday", dt.date(2025, 7, 8)).isoformat()
    '2025-07-07'
    >>> resolve_weekday("Tuesday", dt.date(2023, 7, 4)).isoformat()
    '2023-07-04'
    """
    days = load_lexicon().cues["weekdays"]
    back = (ref.weekday() - days.index(name.lower())) % 7
    return ref - dt.timedelta(days=back)


def lower_first(phrase: str) -> str:
    """Lower-case a phrase unless a word in it is an acronym or a proper noun after the first."""
    words = phrase.split()
    if any(w.isupper() and len(w) > 1 for w in words):
        return phrase
    if words and words[0][:1].isupper() and not any(w[:1].isupper() for w in words[1:]):
        return phrase[:1].lower() + phrase[1:]
    return phrase



class Priority(IntEnum):
    """How a candidate ranks against an overlapping one of the same length (the higher is kept)."""

    MODEL = 1  # the statistical model's entities, learnt names, references ("the city"), concept goals
    PLACE = 2  # place names; list items guessed to be sectors
    NAME = 3  # people, resolution words, "X industry"
    GAZETTEER = 4  # a name of the gazetteer
    PHRASE = 5  # quoted slogans, centre names, goal zones, "the city's Party committee"
    PATTERN = 6  # full names of bodies, groups, plans; centre lists and enumerated components
    STRUCTURE = 7  # meetings of a named body, party congresses, members listed after their group


@dataclass(frozen=True, slots=True)
class Link:
    """A relation the rule that proposes a candidate already knows: ``relate`` emits it, with the
    candidate as subject and its words as evidence, when the target was kept (or is ``implied``:
    named by the candidate itself, as the place of "CPC Hunan Provincial Committee")."""

    relation: Relation
    target: EntityKey
    rule: str
    implied: bool = False


@dataclass(frozen=True, slots=True)
class MeetingParts:
    """What a meeting's name says: the body that holds it (its candidate), ordinal, term, kind, date."""

    body: Cand | None
    ordinal: int | None
    term: int | None
    kind: str  # "plenary session", "session", ...
    date: dt.date | None


@dataclass(frozen=True, slots=True)
class GroupParts:
    """What a sector group's name says besides its number: "three leading industries" ->
    ("leading",), "industries"."""

    mods: tuple[str, ...]
    head: str


@dataclass(slots=True)
class Cand:
    """A candidate mention inside one sentence (offsets absolute in the document).

    The typed fields say what the rule knew: ``place`` and ``party`` for bodies, ``term`` in a
    committee's name, ``weak`` for a common word that names a sector only in a list, ``number``
    of a numbered slogan or group, ``component`` of a numbered strategy, ``position`` (the span of
    a person's apposition), ``meeting`` and ``group`` parts, and the ``links`` to emit.
    """

    key: EntityKey
    start: int
    end: int
    rule: str
    label: str | None = None
    priority: Priority = Priority.MODEL
    nested_ok: bool = False
    score: float = 1.0
    place: EntityKey | None = None
    party: bool = False
    term: int | None = None
    weak: bool = False
    modifier: bool = False  # a weak sector word that modifies a noun: a list never makes it a sector
    number: int | None = None
    component: bool = False
    position: tuple[int, int] | None = None
    meeting: MeetingParts | None = None
    group: GroupParts | None = None
    links: list[Link] = field(default_factory=list)

    @property
    def length(self) -> int:
        return self.end - self.start

    def linked(self, relation: Relation) -> EntityKey | None:
        """The target of this candidate's first link of ``relation``, if any."""
        return next((lk.target for lk in self.links if lk.relation is relation), None)

def standing_committee(key: EntityKey, label: str, start: int, end: int, rule: str = "standing-committee") -> Cand:
    """The standing committee of a party committee, part of it, named by the words at [start, end)."""
    return Cand(EntityKey(C.COMMITTEE, norm(f"standing committee of the {label}")), start, end, rule,
                f"Standing Committee of the {label}", Priority.PATTERN,
                links=[Link(Relation.PART_OF, key, rule, implied=True)])


#: What ``str.lower`` leaves that ``re.IGNORECASE`` takes for an ASCII letter: dotless i, long s, and the
#: combining dot that "İ" lower-cases to after its "i".
_FOLD = str.maketrans({"ı": "i", "ſ": "s", "\u0307": None})


@dataclass(slots=True)
class Sent:
    """One sentence: its document offsets and text, its spaCy span and the gazetteer spans inside it.

    What many rules read of it is made once, on first use: its tokens (``toks``) and where each
    starts in the document, its model entities (``ents``), its lower-cased text (``lower``) and
    the set of its tokens' lower-cased forms (``words``)."""

    start: int
    end: int
    text: str
    span: Span
    gaz: list[Span] = field(default_factory=list)  # the gazetteer ruler's spans inside this sentence
    _toks: list[Token] | None = field(default=None, init=False, repr=False, compare=False)
    _starts: list[int] | None = field(default=None, init=False, repr=False, compare=False)
    _ents: tuple[Span, ...] | None = field(default=None, init=False, repr=False, compare=False)
    _lower: str | None = field(default=None, init=False, repr=False, compare=False)
    _words: frozenset[str] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def toks(self) -> list[Token]:
        """The sentence's tokens (one list, made once: a rule must not change it)."""
        if self._toks is None:
            self._toks = list(self.span)
        return self._toks

    @property
    def starts(self) -> list[int]:
        """The document offset where each token of ``toks`` starts (ascending)."""
        if self._starts is None:
            shift = self.start - self.span.start_char
            self._starts = [shift + t.idx for t in self.toks]
        return self._starts

    @property
    def ents(self) -> tuple[Span, ...]:
        """The model's entities inside the sentence (``span.ents``, made once)."""
        if self._ents is None:
            self._ents = tuple(self.span.ents)
        return self._ents

    @property
    def lower(self) -> str:
        """The sentence's text lower-cased as a case-insensitive expression compares letters: an ASCII
        word it matches anywhere is a substring of this (``str.lower``, and "ı", "ſ" and the dot of "İ"
        folded as ``re.IGNORECASE`` takes them; ``tests/test_registry.py`` checks every character)."""
        if self._lower is None:
            self._lower = self.text.lower().translate(_FOLD)
        return self._lower

    @property
    def words(self) -> frozenset[str]:
        """The lower-cased forms of the sentence's tokens (``Token.lower_``)."""
        if self._words is None:
            self._words = frozenset(t.lower_ for t in self.toks)
        return self._words

    def at(self, char: int) -> int:
        """A character offset of the sentence's spaCy Doc as an offset into the document text."""
        return self.start + char - self.span.start_char

    def tokens(self, a: int, b: int) -> list[Token]:
        """The sentence's tokens that start at document offsets in [a, b)."""
        starts = self.starts
        return self.toks[bisect_left(starts, a):bisect_left(starts, b)]

    def token_from(self, char: int) -> Token | None:
        """The sentence's first token that starts at document offset ``char`` or after it."""
        k = bisect_left(self.starts, char)
        return self.toks[k] if k < len(self.toks) else None

    def token_at(self, char: int) -> Token | None:
        """The sentence's token that starts at document offset ``char``, if one does."""
        k = bisect_left(self.starts, char)
        return self.toks[k] if k < len(self.toks) and self.starts[k] == char else None

    def token_ending(self, char: int) -> Token | None:
        """The sentence's token that ends at document offset ``char``, if one does."""
        return next((t for t, a in zip(self.toks, self.starts) if a + len(t.text) == char), None)


@dataclass(slots=True)
class Listing:
    """An enumeration of items found in a sentence: kind is 'center', 'gerund', 'noun', 'target',
    'sector' or 'bullet' (the bulleted lines under a heading that ends in a colon)."""

    kind: str
    items: list[tuple[int, int]]
    sent: Sent
    index: int  # of the sentence in the document (a bulleted list's: of its heading)
    partial: bool = False  # "including ...", "among them ...": maybe only some of the items
    item_index: tuple[int | None, ...] = ()  # a bulleted list's: the sentence of each item (None: a line not read)



T = TypeVar("T")


#: The list inside a participle's "by" or "with" phrase, before the comma of the list around it:
#: "driven by science, technology and education," (its "and" has no comma before it).
_WORDS3 = r"[\w-]+(?:\s+[\w-]+){0,2}"
_INNER_LIST = re.compile(rf"\b[a-z]+(?:ed|en)\s+(?:by|with)\s+(?:{_WORDS3},\s*)+{_WORDS3}\s+and\s+{_WORDS3}(?=,)")


#: A zone's name with the word of its kind after it: "Nansha District", "Nansha region".
_ZONE_KIND = re.compile(r"(.+?)\s+(?:[Dd]istrict|[Rr]egion|[Aa]rea)")


class Patterns:
    """The cue sets of ``kg/data/cues.toml`` and the regular-expression fragments the rule families
    share, built once per extractor.  Each family compiles its own expressions next to its rules
    (a ``*_patterns`` function) and gets them, compiled once, from ``compiled``."""

    def __init__(self, lex: Lexicon | None = None) -> None:
        self.lex = lex or load_lexicon()
        cues = self.lex.cues
        self.numbers: dict[str, int] = cues["numbers"]
        self.ordinals: dict[str, int] = cues["ordinals"]
        self.weekdays: list[str] = cues["weekdays"]
        self.months: list[str] = cues["months"]
        self.month_abbreviations: list[str] = cues["month_abbreviations"]
        # fragments: a number, an ordinal, the party's name, a committee level
        self.num_rx = alt(self.numbers) + r"|\d+"
        self.ord_rx = alt([*self.ordinals, *(w.title() for w in self.ordinals)]) + r"|\d+(?:st|nd|rd|th)"
        self.party_rx = rf"(?:{alt(cues['party_names'])})(?:\s*\((?:CPC|CCP)\))?"
        self.levels_rx = alt(cues["committee_levels"])
        self.not_places = set(cues["not_places"])
        self.governing_bodies = set(cues["governing_bodies"])
        self.field_nouns: dict[str, str] = cues["field_nouns"]
        self.local_scopes = set(cues["local_center_scopes"])
        self.group_modifiers = set(cues["group_modifiers"])
        self.group_mod_words = {w for phrase in self.group_modifiers for w in phrase.split()}
        self.protected = sorted(cues["protected_phrases"], key=len, reverse=True)
        self.industry_stop = set(cues["industry_stop"])
        self.negative_lemmas = {v.split()[0] for v in cues["negative_verbs"]}
        self.control_verbs = set(cues["control_verbs"])
        self.party_titles = {t.lower() for t in cues["party_titles"]}
        self.org_words = tuple(cues["org_words"])
        self.non_person_words = set(cues["non_person_words"])
        self.byline_prefixes = tuple(cues["byline_prefixes"])
        self.suffix_words = set(cues["place_suffix_words"])
        self.caption_max_words: int = cues["caption_max_words"]
        self._compiled: dict[Callable[[Patterns], object], object] = {}

    def month_number(self, name: str) -> int:
        """1 for "January", "Jan" or "Jan."; raises ValueError for no month."""
        w = name.lower().rstrip(".")
        for k, full in enumerate(self.months):
            if w == full or (len(w) >= 3 and full.startswith(w)):
                return k + 1
        raise ValueError(f"no month named {name!r}")

    def compiled(self, factory: Callable[[Patterns], T]) -> T:
        """The patterns ``factory`` compiles from these cues, compiled on first use."""
        try:  # the rules ask on every sentence: the usual case is one look-up
            return cast(T, self._compiled[factory])
        except KeyError:
            made = self._compiled[factory] = factory(self)
            return made

    def split_list(self, text: str, offset: int) -> list[tuple[int, int]]:
        """Items of an enumeration "a, b, and c" / "a, b and c" as absolute (start, end).

        >>> ex = Patterns.__new__(Patterns); ex.protected = ["science and technology"]
        >>> t = "economy, finance, and science and technology innovation"
        >>> [t[s:e] for s, e in ex.split_list(t, 0)]
        ['economy', 'finance', 'science and technology innovation']
        >>> t = "reform, green and clean production and better governance"
        >>> [t[s:e] for s, e in ex.split_list(t, 0)]
        ['reform', 'green and clean production', 'better governance']
        >>> t = "expanding demand; upgrading industry, old and new; and deepening reform"
        >>> [t[s:e] for s, e in ex.split_list(t, 0)]
        ['expanding demand', 'upgrading industry, old and new', 'deepening reform']
        >>> t = "development driven by science, technology and education, and support for industrial leaders"
        >>> [t[s:e] for s, e in ex.split_list(t, 0)]
        ['development driven by science, technology and education', 'support for industrial leaders']
        """
        masked = text
        for ph in self.protected:
            masked = re.sub(re.escape(ph), lambda m: m[0].replace(" and ", " &&& ").replace(" or ", " ||| "),
                            masked, flags=re.IGNORECASE)
        # "development driven by science, technology and education, and support for ...": the list of
        # a participle's "by" phrase (no comma before its "and") is inside one item of the outer list
        masked = _INNER_LIST.sub(lambda m: m[0].replace(",", "\x00").replace(" and ", " &&& "), masked)
        # semicolons, where the list has them, separate items that may hold commas ("a; b, c; and d")
        segs = [(m.start(), m.end()) for m in re.finditer(r"[^;]+" if ";" in masked else r"[^,]+", masked)]
        parts: list[tuple[int, int]] = list(segs)
        oxford = len(segs) > 1 and re.match(r"\s*(?:and|or)\s", masked[segs[-1][0]:segs[-1][1]]) is not None
        if segs and not oxford:
            # "a, b and c": only the last segment holds two items, split at its first conjunction
            ls, le = segs[-1]
            conj = list(re.finditer(r"\s+(?:and|or|as well as)\s+", masked[ls:le]))
            # "green and clean production and better governance": a one-word left side of the first
            # conjunction qualifies the phrase after it when that phrase runs to another conjunction
            # ("displays and laser and additive manufacturing" splits at the first)
            m = conj[1] if len(conj) > 1 and len(masked[ls:ls + conj[0].start()].split()) == 1 and \
                len(masked[ls + conj[0].end():ls + conj[1].start()].split()) >= 2 else conj[0] if conj else None
            if m:
                parts[-1:] = [(ls, ls + m.start()), (ls + m.end(), le)]
        items = []
        for s, e in parts:
            raw = text[s:e]
            lead = re.match(r"\s*(?:(?:and|or|as well as|the|a|an|its|their)\s+)*", raw)
            s2 = s + (lead.end() if lead else 0)
            e2 = s + len(raw.rstrip())
            if e2 > s2:
                items.append((offset + s2, offset + e2))
        return items



class DocState:
    """The state of one document's extraction, shared by the rule modules: candidates per sentence,
    relations, what is known of each entity, and the helpers every rule uses.  State that only one
    rule family reads lives in that family's own record (``local``)."""

    def __init__(self, ex: Patterns, doc: SourceDoc, sents: list[Sent]) -> None:
        self.ex = ex
        self.lex = ex.lex
        self.doc = doc
        self.text = doc.text
        self.sents = sents
        self.cands: dict[int, list[Cand]] = {i: [] for i in range(len(sents))}
        self.relations: list[RelationRec] = []
        self.infos: dict[EntityKey, EntityInfo] = {}
        self.enums: list[Listing] = []
        self.labels: dict[EntityKey, str] = {}  # the first label proposed for each key
        self.focal: EntityKey | None = None  # the document's subject place (places.choose_focal)
        self.focal_label = ""
        self.focal_committee: EntityKey | None = None
        self.party_key = EntityKey(C.ORGANIZATION, norm(self.lex.cues["party_canonical"]))
        self.event_date: dt.date | None = None  # the date of the event reported (events.find_event_date)
        self._local: dict[type, object] = {}

    def local(self, kind: type[T]) -> T:
        """The document's state private to one rule family (an instance of ``kind``, made on first use)."""
        if kind not in self._local:
            self._local[kind] = kind()
        return cast(T, self._local[kind])

    def add(self, i: int, cand: Cand) -> Cand:
        self.cands[i].append(cand)
        if cand.label:
            self.labels.setdefault(cand.key, cand.label)
        return cand

    def info(self, key: EntityKey, *, label: str | None = None, date: dt.date | None = None,
             ordinal: int | None = None, term: int | None = None, positions: tuple[str, ...] = (),
             aliases: tuple[str, ...] = ()) -> None:
        """Record what the document says of ``key``: the first value given for each attribute
        wins; positions and aliases accumulate."""
        old = self.infos.get(key, EntityInfo(key))
        self.infos[key] = replace(
            old, label=old.label if old.label is not None else label, date=old.date if old.date is not None else date,
            ordinal=old.ordinal if old.ordinal is not None else ordinal,
            term=old.term if old.term is not None else term,
            positions=tuple(dict.fromkeys((*old.positions, *positions))),
            aliases=tuple(dict.fromkeys((*old.aliases, *aliases))))

    def rel(self, s: EntityKey, p: Relation, o: EntityKey, sent: Sent | None, start: int, end: int, rule: str,
            evidenced: bool = True) -> None:
        if s == o:
            return
        self.relations.append(RelationRec(s, p, o, start, end, sent.text if sent else "", rule, evidenced))

    def place_key(self, name: str, cls: str | None = None) -> tuple[EntityKey, str] | None:
        canon = self.lex.canonical("place", name)
        if canon is None and (zone := _ZONE_KIND.fullmatch(name)) is not None:  # "Nansha District", "the Nansha region"
            stem = self.lex.canonical("place", zone[1])  # of a known zone of a city: that zone
            if stem is not None and self.lex.place_class.get(norm(stem)) == C.REGION.value and \
                    self.lex.place_class.get(norm(self.lex.place_parent.get(stem, ""))) == C.CITY.value:
                return EntityKey(C.REGION, norm(stem)), stem
        pcls = self.lex.place_class.get(norm(name)) or cls
        if pcls is None:
            return None
        label = canon or name
        return EntityKey(C.named(pcls), norm(label)), label

    def level_class(self, level: str) -> str | None:
        """The place class a committee level names ("Municipal" -> City, "Provincial" -> Region), from
        the one map of ``cues.toml`` (``level_class``); None for other levels ("District")."""
        cls: str | None = self.lex.cues["level_class"].get(level.lower())
        return cls

    def administrative_parent(self, place_label: str) -> str | None:
        """The place a place is governed from, as the gazetteer says: a macro region is passed over
        (Hebei lies in North China, which lies in China: Hebei's is China; Beijing's is China too)."""
        parent = self.lex.place_parent.get(place_label)
        if parent is not None and parent in self.lex.cues["macro_regions"]:
            parent = self.lex.place_parent.get(parent)
        return parent

    def level_place(self, level: str) -> tuple[EntityKey, str] | None:
        """The place a bare level word refers to: the subject place when its class fits ("the
        provincial government" of a province's article), or the province a subject city lies in
        ("the provincial committee" in a city's article)."""
        want = self.level_class(level)
        if self.focal is None or want is None:
            return None
        if want == self.focal.cls.value:
            return self.focal, self.focal_label
        parent = self.administrative_parent(self.focal_label)
        if want == C.REGION.value and self.focal.cls is C.CITY and parent:
            pk = self.place_key(parent)
            if pk is not None and pk[0].cls is C.REGION:
                return pk
        return None

    def level_of(self, place: EntityKey, place_label: str, level: str | None = None) -> tuple[str, str | None]:
        """The name and the level word of a place's bodies: ("Shanghai", "Municipal"), ("Hunan",
        "Provincial"), ("Guangxi Zhuang", "Autonomous Regional"); a district's keeps ``level`` if any."""
        parent = self.administrative_parent(place_label)
        province = place.cls is C.REGION and parent is not None and self.lex.place_class.get(norm(parent)) == "Country"
        lvl = self.lex.cues["committee_level"].get(place.cls.value) if place.cls is C.CITY or province else None
        if place_label.endswith("Autonomous Region"):
            lvl = "Autonomous Regional"
            place_label = place_label[: -len(" Autonomous Region")]
        lvl = lvl or (level if level and level not in ("City",) else None)
        if lvl and place_label.lower().endswith(" " + lvl.lower()):  # "Luohu District" + "District": said once
            lvl = None
        return place_label, lvl

    def committee_of(self, place: EntityKey, place_label: str, level: str | None) -> tuple[EntityKey, str]:
        """The party committee of a place: its key and label ("CPC Hunan Provincial Committee")."""
        name, lvl = self.level_of(place, place_label, level)
        label = " ".join(x for x in ("CPC", name, lvl, "Committee") if x)
        return EntityKey(C.COMMITTEE, norm(label)), label

    def state_body_of(self, place: EntityKey, place_label: str, kind: str) -> tuple[EntityKey, str]:
        """A state body of a place: "Hunan Provincial People's Government", "Shanghai Municipal People's
        Congress" (a "Provincial Government" or a "government" is its People's Government)."""
        name, lvl = self.level_of(place, place_label)
        if kind.lower().endswith("government"):
            kind = "People's Government"
        label = " ".join(x for x in (name, lvl, kind) if x)
        return EntityKey(C.ORGANIZATION, norm(label)), label

    def any_cand(self, i: int, cls: C, start: int, end: int) -> bool:
        return any(c.start <= start and end <= c.end and (c.key.cls == cls or cls is C.PLACE and
                                                          c.key.cls in (C.CITY, C.REGION, C.COUNTRY, C.PLACE))
                   for c in self.cands[i])

    def trim_item(self, a: int, b: int) -> tuple[int, int]:
        """Drop trailing adverbs ("individually", "also") and clause tails ("to ...", "by 2025") from a list
        item; a participle keeps its "by" ("development driven by innovation")."""
        t = self.text[a:b]
        # "development driven by science": a participle's "by" stays with it
        t = re.split(r"\s+(?:to|so|in order|which|that|with|as (?:the|its|their)|through|among|from)\s+|(?<!ed)(?<!driven)(?<!given)(?<!taken)(?<!proven)(?<!chosen)(?<!written)\s+by\s+", t)[0]
        t = re.sub(r"(?:\s+[a-z]+ly|\s+(?:also|too|still|already|even|now|as)|\s+etc\.?|\s+and so on)+$", "", t).rstrip(" ,")
        return a, a + len(t)

    def clause_end(self, s: Sent, a: int, b: int) -> int:
        """Where the list that starts at ``a`` ends, at most ``b``: before a speaker's tag ("..., Lyu
        added"), a phrase of purpose after a comma ("..., in pursuit of ..."), a finite verb, a
        possessive ("and its ...") or a pronoun ("..., and it is building ..."), a conjunction that opens a
        new noun phrase ("and a ..."), or a dash."""
        speech = alt(self.lex.cues["speech_verbs"])
        attribution = re.search(rf",?\s+(?:according\s+to|(?:the\s+)?(?:officials?|sources?)\s+said|said|says)\b"
                                rf"|,\s+(?:(?-i:[A-Z][\w'’-]+)(?:\s+(?-i:[A-Z][\w'’-]+)){{0,2}}|he|she|they"
                                rf"|the(?:\s+(?-i:[a-z][\w'’-]*)){{1,4}})\s+(?:{speech})\b",
                                self.text[a:b])
        if attribution:  # "..., according to the government", "..., the municipal government said", "..., Lyu added"
            b = a + attribution.start()
        aside = re.search(r"\s+[–—-]\s+|[–—]", self.text[a:b])
        if aside:  # "a, b and c – the groups together being meant to ...": a dash ends the list
            b = a + aside.start()
        toks = s.tokens(a, b)
        named = {t.i for sp in s.gaz for t in sp}  # "biomedicine" is no verb
        run_on = ("like", "including", "as", "especially", "particularly")  # "..., like a", "..., as well as b"
        end = b
        for k, t in enumerate(toks):
            pos = s.at(t.idx)
            nxt = toks[k + 1] if k + 1 < len(toks) else None
            finite = t.pos_ in ("VERB", "AUX") and t.tag_ not in ("VBG", "VBN") and t.i not in named
            purpose = k > 0 and toks[k - 1].text == "," and t.pos_ in ("ADP", "SCONJ") and t.lower_ not in run_on
            # "make a, b and c bigger and stronger": a comparative that qualifies no word after it ends the list
            result = t.tag_ in ("JJR", "RBR") and (nxt is None or nxt.pos_ not in ("NOUN", "PROPN", "ADJ", "NUM"))
            if finite or purpose or result or t.tag_ in ("PRP$", "PRP") or t.lower_ in ("will", "would", "should", "to") or (
                    t.lower_ in ("and", "or") and nxt is not None and nxt.lower_ in ("a", "an", "its", "their")):
                end = pos
                break
        while True:
            trimmed = re.sub(r"(?:,|\s|\band\b|\bor\b)+$", "", self.text[a:end])
            if len(trimmed) == end - a:
                return end
            end = a + len(trimmed)

    def noun_phrase(self, s: Sent, x: int, y: int) -> bool:
        """[x, y) ends in a noun or number ("four functions", "20+8"), not an adjective or verb."""
        toks = [t for t in s.tokens(x, y) if not t.is_punct]
        return bool(toks) and toks[-1].pos_ in ("NOUN", "PROPN", "NUM", "X")

    def nounish(self, s: Sent, x: int, y: int) -> bool:
        """The words in [x, y) of a sentence are a noun phrase: they end in a noun, with no verb and
        no determiner or pronoun inside ("challenges the manufacturing" is no name)."""
        toks = s.tokens(x, y)
        return bool(toks) and toks[-1].pos_ in ("NOUN", "PROPN") and not any(
            t.pos_ in ("VERB", "AUX", "PRON") or t.tag_ in ("DT", "PRP$", "POS") for t in toks[1:]) and \
            toks[0].pos_ not in ("VERB", "AUX")

    def label_of(self, key: EntityKey) -> str:
        """The first label proposed for ``key``, else the one its info gives, else the key."""
        if key in self.labels:
            return self.labels[key]
        info = self.infos.get(key)
        return info.label if info and info.label else key.key
