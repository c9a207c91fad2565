"""spaCy Doc -> mentions and relation candidates (``Extraction``).

Rules, in the order ``Extractor.extract`` runs them on one document:

1. paragraphs: the lead (after the date prefix) and every line; photo credits,
   captions and bylines (short lines without sentence punctuation) are skipped;
2. places: gazetteer names, suffix patterns ("X New Area"), the model's GPEs;
   the document's subject place is the first city or region of the lead, else the
   most named one; "the city" / "the province" refer to it;
3. committees: party-committee name patterns ("12th CPC Shanghai Committee",
   "Shanghai Committee of the Communist Party of China", "the city's Party committee"),
   gazetteer committees and organizations, the model's ORGs that carry an org word;
4. meetings ("third plenary meeting of the 12th ... Committee") and resolutions;
5. people and their positions (apposition, titles);
6. strategies: gazetteer, quoted slogans, "global center for X, Y and Z";
   numbered strategies ("four functions") get the enumeration of as many items;
7. sector groups with their member lists, sectors from the gazetteer and from lists;
8. relations: committee governs / partOf, meeting heldBy, resolution adoptedAt /
   adoptedBy, subject pursues / prioritizes, inGroup, hasComponent, memberOf, and
   background locatedIn from the gazetteer's geography (unevidenced).

Every regular expression is built from the cue words of ``kg/data/cues.toml``.
"""
from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from spacy.language import Language
from spacy.tokens import Span

from .gazetteer import Lexicon, norm
from .gazetteer import load as load_lexicon
from .nlp import CHUNK_CHARS, SPANS_KEY
from .types import EntityClass as C
from .types import EntityInfo, EntityKey, Extraction, MentionRec, RelationRec, SourceDoc

_KIND_CLASS = {"organization": C.ORGANIZATION, "committee": C.COMMITTEE, "sector": C.SECTOR,
               "sector_generic": C.SECTOR, "strategy": C.STRATEGY}
_STOP_LEAD = {"the", "a", "an", "its", "their", "our", "his", "her", "this", "these", "those", "and", "or",
              "of", "with", "to", "in", "for", "on", "as", "such"}
_CAP = r"[A-Z][\w'’.-]*"
_PLACE = rf"{_CAP}(?:[ -]{_CAP}){{0,3}}"


def _alt(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _ordinal_value(word: str, ordinals: dict[str, int]) -> int | None:
    w = word.lower()
    if w in ordinals:
        return ordinals[w]
    m = re.fullmatch(r"(\d+)(?:st|nd|rd|th)", w)
    return int(m[1]) if m else None


def ordinal_word(n: int) -> str:
    """3 -> 'third'; 12 -> '12th' (words up to twentieth, then digits).

    >>> ordinal_word(3), ordinal_word(12), ordinal_word(22)
    ('third', '12th', '22nd')
    """
    words = load_lexicon().cues["ordinals"]
    if n <= 10:
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


@dataclass(slots=True)
class _Cand:
    """A candidate mention inside one sentence (offsets absolute in the document)."""

    key: EntityKey
    start: int
    end: int
    rule: str
    label: str | None = None
    priority: int = 0
    nested_ok: bool = False
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass(slots=True)
class _Sent:
    start: int
    end: int
    text: str
    span: Span
    gaz: list[Span] = field(default_factory=list)  # the gazetteer ruler's spans inside this sentence


@dataclass(slots=True)
class _Enum:
    """An enumeration of items found in a sentence: kind is 'center', 'gerund' or 'noun'."""

    kind: str
    items: list[tuple[int, int]]
    sent: _Sent
    index: int  # of the sentence in the document


class Extractor:
    """Runs the rules over documents with one shared spaCy pipeline."""

    def __init__(self, nlp: Language, lex: Lexicon | None = None) -> None:
        self.nlp = nlp
        self.lex = lex or load_lexicon()
        cues = self.lex.cues
        self.numbers: dict[str, int] = cues["numbers"]
        self.ordinals: dict[str, int] = cues["ordinals"]
        self.weekdays: list[str] = cues["weekdays"]
        self.months: list[str] = cues["months"]
        num = _alt(self.numbers) + r"|\d+"
        ordw = _alt(self.ordinals) + r"|\d+(?:st|nd|rd|th)"
        party = rf"(?:{_alt(cues['party_names'])})(?:\s*\((?:CPC|CCP)\))?"
        levels = _alt(cues["committee_levels"])
        self.not_places = set(cues["not_places"])
        # committee names
        self.re_committees = [
            re.compile(rf"\b(?:[Tt]he\s+)?(?:(?P<term>{ordw})\s+)?(?P<party>{party})\s+"
                       rf"(?P<place>{_PLACE}?)\s+(?:(?P<level>{levels})\s+)?(?:Party\s+)?[Cc]ommittee\b"),
            re.compile(rf"\b(?:[Tt]he\s+)?(?:(?P<term>{ordw})\s+)?(?P<place>{_PLACE}?)\s+"
                       rf"(?:(?P<level>{levels})\s+)?(?:Party\s+)?Committee\s+of\s+the\s+(?P<party>{party})\b"),
            re.compile(rf"\b(?:[Tt]he\s+)?(?:(?P<term>{ordw})\s+)?(?P<place>{_PLACE}?)\s+"
                       rf"(?:(?P<level>{levels})\s+)?Party\s+[Cc]ommittee\b"),
            re.compile(rf"\b(?:[Tt]he\s+)?(?:(?P<term>{ordw})\s+)?(?:(?P<level>municipal|provincial|regional)\s+)?"
                       rf"(?P<party>CPC\s+)?Party\s+[Cc]ommittee\s+of\s+(?P<place>{_PLACE})"),
        ]
        self.re_state_body = re.compile(
            rf"\b(?:[Tt]he\s+)?(?:(?P<term>{ordw})\s+)?(?P<place>{_PLACE}?)\s+(?:(?P<level>{levels})\s+)?"
            rf"(?P<kind>{_alt(cues['state_bodies'])})\b")
        self.governing_bodies = set(cues["governing_bodies"])
        subj_words = _alt(cues["subject_place_words"])
        self.re_subject_committee = re.compile(
            rf"\b[Tt]he\s+(?:(?P<ref>{subj_words})(?:'s|’s)\s+|(?P<level>municipal|provincial|regional)\s+)"
            rf"(?:CPC\s+|Communist\s+Party\s+)?Party\s+[Cc]ommittee\b")
        self.re_subject_place = re.compile(rf"\b[Tt]he\s+(?P<ref>{subj_words})\b(?!\s+(?:of|government|council))")
        # meetings
        kinds = _alt(cues["meeting_kinds"])
        self.re_meeting = re.compile(
            rf"\b(?:(?:[Tt]he|[Aa]n?|[Ii]ts)\s+)?(?:(?P<ord>{ordw})\s+)?(?P<kind>{kinds}|session)\b"
            rf"(?P<of>\s+of\s+the\s+(?:(?P<term>{ordw})\s+)?)?", re.IGNORECASE)  # "Third Plenary Session"
        # resolutions and plans
        self.re_resolution = re.compile(
            rf"\b(?:[Tt]he|[Aa]n?|[Ii]ts)\s+(?:(?:[\w-]+)\s+)?(?P<kind>{_alt(cues['resolution_words'])})(?![\w-])",
            re.IGNORECASE)  # not "decision-making"
        self.re_named_plan = re.compile(r"\b(?:[Tt]he\s+)?(?P<name>(?:\d+(?:st|nd|rd|th)\s+)?Five-Year\s+Plan"
                                        r"(?:\s+\(\d{4}-\d{2,4}\))?)")
        self.adoption_verbs = tuple(cues["adoption_verbs"])  # cue the sentence that dates the event
        # strategies
        self.re_quote = re.compile(r"[\"“]([^\"“”\n]{2,80}?)[\"”]")
        scopes = _alt(cues["center_scopes"])
        heads = _alt(cues["center_heads"])
        self.re_center_for = re.compile(
            rf"\b(?:(?P<scope>{scopes})\s+)(?P<head>{heads})s?\s+(?:for|of)\s+(?P<list>[^.;:()\"“”]+)")
        self.re_center_pre = re.compile(
            rf"\b(?P<scope>{scopes})\s+(?P<field>(?:[A-Za-z][\w-]*\s+){{1,5}}?)(?P<head>{heads})s?\b")
        self.field_nouns: dict[str, str] = cues["field_nouns"]
        self.local_scopes = set(cues["local_center_scopes"])
        zones = _alt(cues["goal_zones"])
        self.re_zone = re.compile(
            rf"\b(?:a|an|the)\s+(?P<zone>(?:[a-z][\w-]*\s+){{0,3}}?(?:{zones})"
            rf"(?:\s+(?:of|for)\s+[A-Za-z][\w-]*(?:\s+(?:with\s+)?[A-Za-z][\w-]*){{0,5}}?)?)(?=\s*(?:[,.;:]|and\b|by\b|in\b|$))")
        # sector groups
        ghead = _alt(cues["group_heads"])
        self.group_modifiers = set(cues["group_modifiers"])
        self.group_mod_words = {w for phrase in self.group_modifiers for w in phrase.split()}
        self.re_group = re.compile(rf"\b(?P<head>{ghead})\b")
        self.re_group_list = re.compile(
            rf"\s*\((?P<paren>[^()]+)\)|,?\s+(?:{_alt(cues['list_openers'])})\s+(?P<tail>[^.;()]+)"
            rf"|\s*:\s*(?P<colon>[^.;()]+)|\s*[—–]\s*(?P<dash>[^.;()—–]+)")
        self.re_number = re.compile(rf"^(?:{num})$", re.IGNORECASE)
        self.re_industry = re.compile(r"\b(?P<x>[a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,2})\s+(?P<head>industry|sector)\b")
        self.protected = sorted(cues["protected_phrases"], key=len, reverse=True)
        self.industry_stop = set(cues["industry_stop"])
        self.negative_lemmas = {v.split()[0] for v in cues["negative_verbs"]}
        # people
        self.re_title = re.compile(rf"(?:(?P<place>{_CAP})\s+)?(?P<title>{_alt(cues['titles'])})\s+$")
        self.party_titles = {t.lower() for t in cues["party_titles"]}
        pos_words = _alt(cues["position_words"])
        self.re_apposition = re.compile(
            rf"^,\s*(?:who\s+is\s+(?:also\s+)?|also\s+)?(?P<pos>(?:the\s+)?(?:(?:[A-Za-z-]+)\s+){{0,2}}?"
            rf"(?:{pos_words})\b[^,;.()]*)", re.IGNORECASE)
        self.org_words = tuple(cues["org_words"])
        # dates
        self.re_weekday = re.compile(rf"\b(?P<day>{_alt(w.title() for w in self.weekdays)})\b")
        self.re_monthday = re.compile(rf"\b(?P<month>{_alt(m.title() for m in self.months)})\s+(?P<day>\d{{1,2}})\b"
                                      rf"(?:,?\s+(?P<year>\d{{4}}))?")
        self.byline_prefixes = tuple(cues["byline_prefixes"])
        self.suffix_words = set(cues["place_suffix_words"])
        self.caption_max_words: int = cues["caption_max_words"]

    # ------------------------------------------------------------------ text
    def paragraphs(self, doc: SourceDoc) -> list[tuple[int, int]]:
        """(start, end) of every line worth reading, cut to spaCy-sized chunks."""
        out: list[tuple[int, int]] = []
        text = doc.text
        pos = doc.body_start
        for m in re.finditer(r"[^\r\n]+", text[pos:]):
            s, e = pos + m.start(), pos + m.end()
            line = text[s:e].strip()
            if not line or self._is_caption(line):
                continue
            s += len(text[s:e]) - len(text[s:e].lstrip())
            e -= len(text[s:e]) - len(text[s:e].rstrip())
            out.extend(_chunks(text, s, e, CHUNK_CHARS))
        return out

    def _is_caption(self, line: str) -> bool:
        if line.startswith(self.byline_prefixes):
            return True
        words = line.split()
        return len(words) <= self.caption_max_words and not re.search(r"[.!?:;\"”]$", line)

    # ------------------------------------------------------------------ main
    def extract(self, doc: SourceDoc) -> Extraction:
        """Run every rule over one document."""
        paras = self.paragraphs(doc)
        sents: list[_Sent] = []
        for (start, _end), sdoc in zip(paras, self.nlp.pipe(doc.text[s:e] for s, e in paras), strict=True):
            para_sents = [sp for sp in sdoc.sents]
            starts = [sp.start for sp in para_sents]
            gaz: list[list[Span]] = [[] for _ in para_sents]
            for sp in sdoc.spans[SPANS_KEY]:
                k = bisect_right(starts, sp.start) - 1
                if k >= 0 and sp.end <= para_sents[k].end:
                    gaz[k].append(sp)
            for sp, spans in zip(para_sents, gaz, strict=True):
                if sp.text.strip():
                    sents.append(_Sent(start + sp.start_char, start + sp.end_char, sp.text, sp, spans))
        return _DocRun(self, doc, sents).run()

    # ------------------------------------------------------------------ lists
    def split_list(self, text: str, offset: int) -> list[tuple[int, int]]:
        """Items of an enumeration "a, b, and c" / "a, b and c" as absolute (start, end).

        >>> ex = Extractor.__new__(Extractor); ex.protected = ["science and technology"]
        >>> t = "economy, finance, and science and technology innovation"
        >>> [t[s:e] for s, e in ex.split_list(t, 0)]
        ['economy', 'finance', 'science and technology innovation']
        """
        masked = text
        for ph in self.protected:
            masked = re.sub(re.escape(ph), lambda m: m[0].replace(" and ", " &&& ").replace(" or ", " ||| "),
                            masked, flags=re.IGNORECASE)
        segs = [(m.start(), m.end()) for m in re.finditer(r"[^,]+", masked)]
        parts: list[tuple[int, int]] = list(segs)
        oxford = len(segs) > 1 and re.match(r"\s*(?:and|or)\s", masked[segs[-1][0]:segs[-1][1]]) is not None
        if segs and not oxford:
            # "a, b and c": only the last segment holds two items, split at its first conjunction
            ls, le = segs[-1]
            m = re.search(r"\s+(?:and|or|as well as)\s+", masked[ls:le])
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


def _chunks(text: str, s: int, e: int, size: int) -> Iterator[tuple[int, int]]:
    """Cut [s, e) into pieces of at most ``size`` characters at sentence ends where possible."""
    while e - s > size:
        cut = max(text.rfind(". ", s, s + size), text.rfind("\n", s, s + size))
        cut = cut + 1 if cut > s else s + size
        yield s, cut
        s = cut
        while s < e and text[s].isspace():
            s += 1
    if e > s:
        yield s, e


class _DocRun:
    """The state of one document's extraction."""

    def __init__(self, ex: Extractor, doc: SourceDoc, sents: list[_Sent]) -> None:
        self.ex = ex
        self.lex = ex.lex
        self.doc = doc
        self.text = doc.text
        self.sents = sents
        self.cands: dict[int, list[_Cand]] = {i: [] for i in range(len(sents))}
        self.relations: list[RelationRec] = []
        self.infos: dict[EntityKey, EntityInfo] = {}
        self.enums: list[_Enum] = []
        self.bare_groups: list[tuple[int, _Cand]] = []
        self.labels: dict[EntityKey, str] = {}  # the first label proposed for each key
        self.meeting_body: dict[EntityKey, EntityKey] = {}
        self.focal: EntityKey | None = None
        self.focal_committee: EntityKey | None = None

    # ---------------------------------------------------------------- helpers
    def add(self, i: int, cand: _Cand) -> _Cand:
        self.cands[i].append(cand)
        if cand.label:
            self.labels.setdefault(cand.key, cand.label)
        return cand

    def info(self, key: EntityKey, **kw: object) -> None:
        old = self.infos.get(key, EntityInfo(key))
        changes: dict[str, Any] = {}
        for k, v in kw.items():
            if k == "positions":
                changes[k] = tuple(dict.fromkeys((*old.positions, *v)))  # type: ignore[misc]
            elif getattr(old, k) is None:
                changes[k] = v
        self.infos[key] = replace(old, **changes)

    def rel(self, s: EntityKey, p: str, o: EntityKey, sent: _Sent | None, start: int, end: int, rule: str,
            evidenced: bool = True) -> None:
        if s == o:
            return
        self.relations.append(RelationRec(s, p, o, start, end, sent.text if sent else "", rule, evidenced))

    def place_key(self, name: str, cls: str | None = None) -> tuple[EntityKey, str] | None:
        canon = self.lex.canonical("place", name)
        pcls = self.lex.place_class.get(norm(name)) or cls
        if pcls is None:
            return None
        label = canon or name
        return EntityKey(C(pcls), norm(label)), label

    def committee_of(self, place: EntityKey, place_label: str, level: str | None) -> tuple[EntityKey, str]:
        parent = self.lex.place_parent.get(place_label)
        province = place.cls is C.REGION and parent is not None and self.lex.place_class.get(norm(parent)) == "Country"
        lvl = self.lex.cues["committee_level"].get(place.cls.value) if place.cls is C.CITY or province else None
        if place_label.endswith("Autonomous Region"):
            lvl = "Autonomous Regional"
            place_label = place_label[: -len(" Autonomous Region")]
        lvl = lvl or (level if level and level not in ("City",) else None)
        label = " ".join(x for x in ("CPC", place_label, lvl, "Committee") if x)
        return EntityKey(C.COMMITTEE, norm(label)), label

    # ---------------------------------------------------------------- run
    def run(self) -> Extraction:
        for i, s in enumerate(self.sents):
            self.places(i, s)
        self.choose_focal()
        party_key = EntityKey(C.ORGANIZATION, norm(self.lex.cues["party_canonical"]))
        self.party_key = party_key
        for i, s in enumerate(self.sents):
            self.subject_refs(i, s)
            self.committees(i, s)
            self.state_bodies(i, s)
            self.gazetteer_things(i, s)
            self.organizations(i, s)
        self.event_date = self.find_event_date()
        for i, s in enumerate(self.sents):
            self.meetings(i, s)
        self.resolve_meetings()
        for i, s in enumerate(self.sents):
            self.resolutions(i, s)
            self.people(i, s)
            self.strategies(i, s)
            self.groups(i, s)
            self.industry_names(i, s)
            self.enumerations(i, s)
            self.colon_lists(i, s)
        self.numbered_strategies()
        self.sector_lists()
        self.resolve_bare_groups()
        self.numbered_groups()
        kept = self.select()
        self.relate(kept)
        mentions = tuple(
            MentionRec(c.key, self.text[c.start:c.end], c.start, c.end, self.sents[i].text, c.rule)
            for i, c in kept)
        for _i, c in kept:
            if c.label:
                self.info(c.key, label=c.label)
        return Extraction(self.doc, mentions, tuple(self.relations), tuple(self.infos.values()))

    # ---------------------------------------------------------------- places
    def places(self, i: int, s: _Sent) -> None:
        for sp in s.gaz:
            st, en = s.start + sp.start_char - s.span.start_char, s.start + sp.end_char - s.span.start_char
            if sp.label_ == "place":
                pk = self.place_key(sp.id_)
                if pk:
                    self.add(i, _Cand(pk[0], st, en, "gazetteer-place", pk[1], priority=2, nested_ok=True))
            elif sp.label_ == "place_suffix":
                name = sp.text
                if name.split()[0] in ("The", "A", "An"):
                    continue
                if all(w.lower() in self.ex.suffix_words for w in re.findall(r"[\w-]+", name)):
                    continue  # "Pilot Free Trade Zone" alone names no place
                stem = re.sub(r"\s+(?:[Pp]rovince|City)$", "", name)
                pk = self.place_key(stem, None) if stem != name else None
                pk = pk or self.place_key(name, sp.id_)
                if pk:
                    self.add(i, _Cand(pk[0], st, en, "place-suffix", pk[1], priority=2, nested_ok=True))
        for ent in s.span.ents:
            if ent.label_ not in ("GPE", "LOC"):
                continue
            name = re.sub(r"^(?:the|The)\s+", "", ent.text)
            if not name or not name[0].isupper() or name in self.ex.not_places:
                continue
            st = s.start + ent.end_char - s.span.start_char - len(name)
            en = s.start + ent.end_char - s.span.start_char
            pk = self.place_key(name, "Place")
            if pk and pk[0].cls is C.PLACE and any(w in name for w in self.ex.org_words):
                continue
            if pk:
                self.add(i, _Cand(pk[0], st, en, "ner-place", pk[1], priority=1, nested_ok=True))

    def choose_focal(self) -> None:
        counts: Counter[EntityKey] = Counter()
        first: dict[EntityKey, int] = {}
        labels: dict[EntityKey, str] = {}
        lead_end = self.sents[0].end if self.sents else 0
        lead_pick: EntityKey | None = None
        known = any(c.key.cls in (C.CITY, C.REGION) for cs in self.cands.values() for c in cs)
        focal_classes = (C.CITY, C.REGION) if known else (C.PLACE,)
        for i, cs in self.cands.items():
            for c in cs:
                if c.key.cls in focal_classes:
                    counts[c.key] += 1
                    first.setdefault(c.key, c.start)
                    labels[c.key] = c.label or self.text[c.start:c.end]
                    if lead_pick is None and c.end <= lead_end and i == 0:
                        lead_pick = c.key
        if lead_pick is None and self.sents:  # a national article: the country its lead names
            lead_end0 = self.sents[0].end
            lead_pick = next((c.key for c in self.cands[0] if c.key.cls is C.COUNTRY and c.end <= lead_end0), None)
            if lead_pick is not None:
                labels[lead_pick] = next(c.label or "" for c in self.cands[0] if c.key == lead_pick)
        if lead_pick is None and counts:
            lead_pick = min(counts, key=lambda k: (-counts[k], first[k]))
        self.focal = lead_pick
        if lead_pick is not None:
            self.focal_label = labels[lead_pick]

    def subject_refs(self, i: int, s: _Sent) -> None:
        if self.focal is None:
            return
        words = self.lex.cues["subject_place_words"]
        for m in self.ex.re_subject_place.finditer(s.text):
            if words[m["ref"].lower()] == self.focal.cls.value:
                self.add(i, _Cand(self.focal, s.start + m.start(), s.start + m.end(), "subject-reference",
                                  self.focal_label, priority=1))
        for m in self.ex.re_subject_committee.finditer(s.text):
            ref = (m["ref"] or "").lower()
            lvl = {"municipal": "City", "provincial": "Region", "regional": "Region"}.get((m["level"] or "").lower())
            want = words.get(ref) if ref else lvl
            if want != self.focal.cls.value:
                continue
            key, label = self.committee_of(self.focal, self.focal_label, None)
            self.focal_committee = self.focal_committee or key
            self.add(i, _Cand(key, s.start + m.start(), s.start + m.end(), "subject-committee", label,
                              priority=5, extra={"place": self.focal, "party": True}))

    # ---------------------------------------------------------------- committees
    def committees(self, i: int, s: _Sent) -> None:
        for rx in self.ex.re_committees:
            for m in rx.finditer(s.text):
                place = m["place"]
                if not place or place in self.ex.not_places or place.split()[0] in self.ex.not_places:
                    continue
                if place.split()[-1] in ("Central", "Standing") or place.split()[0] in ("The", "A"):
                    continue
                pk = self.place_key(place, None)
                if pk is None:
                    if not self.any_cand(i, C.PLACE, s.start + m.start("place"), s.start + m.end("place")):
                        continue
                    pk = self.place_key(place, "City" if m["level"] == "Municipal" else
                                        "Region" if m["level"] == "Provincial" else "Place")
                    assert pk is not None
                key, label = self.committee_of(pk[0], pk[1], m["level"])
                start = s.start + m.start()
                if self.text[start:start + 4].lower() == "the ":
                    start += 4
                term = _ordinal_value(m["term"], self.ex.ordinals) if m["term"] else None
                self.add(i, _Cand(key, start, s.start + m.end(), "committee-name", label, priority=6, nested_ok=True,
                                  extra={"place": pk[0], "party": bool(m["party"]) or "Party" in m[0],
                                         "term": term}))
                if self.focal == pk[0]:
                    self.focal_committee = self.focal_committee or key

    def state_bodies(self, i: int, s: _Sent) -> None:
        """"the 16th Shanghai Municipal People's Congress", "the Jiangsu Provincial People's Government"."""
        for m in self.ex.re_state_body.finditer(s.text):
            pk = self.place_key(m["place"]) if m["place"] else None
            if pk is None or pk[0].cls not in (C.CITY, C.REGION):
                continue
            lvl = self.lex.cues["committee_level"][pk[0].cls.value]
            label = f"{pk[1]} {lvl} {m['kind']}"
            start = s.start + (m.start("term") if m["term"] else m.start("place"))
            self.add(i, _Cand(EntityKey(C.ORGANIZATION, norm(label)), start, s.start + m.end(), "state-body", label,
                              priority=6, nested_ok=True,
                              extra={"place": pk[0], "governs": m["kind"] in self.ex.governing_bodies,
                                     "term": _ordinal_value(m["term"], self.ex.ordinals) if m["term"] else None}))

    def any_cand(self, i: int, cls: C, start: int, end: int) -> bool:
        return any(c.start <= start and end <= c.end and (c.key.cls == cls or cls is C.PLACE and
                                                          c.key.cls in (C.CITY, C.REGION, C.COUNTRY, C.PLACE))
                   for c in self.cands[i])

    def gazetteer_things(self, i: int, s: _Sent) -> None:
        for sp in s.gaz:
            if sp.label_ not in _KIND_CLASS:
                continue
            cls = _KIND_CLASS[sp.label_]
            st, en = s.start + sp.start_char - s.span.start_char, s.start + sp.end_char - s.span.start_char
            key = EntityKey(cls, norm(sp.id_))
            extra: dict[str, object] = {}
            if sp.label_ == "sector_generic":
                after = self.text[en:en + 20].lower()
                extra["weak"] = not re.match(r"\s+(?:industry|industries|sector|sectors)\b", after)
            if cls in (C.COMMITTEE,) and any(p in sp.id_ for p in self.lex.cues["party_names"]):
                extra["party"] = True
            nested = cls in (C.ORGANIZATION, C.COMMITTEE)
            self.add(i, _Cand(key, st, en, f"gazetteer-{sp.label_.replace('_', '-')}", sp.id_, priority=4,
                              nested_ok=nested, extra=extra))

    def organizations(self, i: int, s: _Sent) -> None:
        for ent in s.span.ents:
            if ent.label_ != "ORG":
                continue
            name = re.sub(r"^(?:the|The)\s+", "", ent.text).strip()
            words = name.split()
            if len(words) < 2 or not any(w.strip(".,") in self.ex.org_words for w in words):
                continue
            if not all(w[0].isupper() or w in ("of", "and", "for", "the", "on") for w in words):
                continue
            if words[-1] == "Party" and self.place_key(" ".join(words[:-1])) is not None:
                continue  # "Shanghai Party" of "Shanghai Party Secretary": a title, not a body
            en = s.start + ent.end_char - s.span.start_char
            st = en - len(name)
            cls = C.COMMITTEE if words[-1] in ("Committee", "Commission") else C.ORGANIZATION
            canon = self.lex.canonical("organization", name) or self.lex.canonical("committee", name)
            self.add(i, _Cand(EntityKey(cls, norm(canon or name)), st, en, "ner-organization", canon or name,
                              priority=1))

    # ---------------------------------------------------------------- dates
    def date_in(self, text: str) -> dt.date | None:
        ref = self.doc.date
        if ref is None:
            return None
        m = self.ex.re_weekday.search(text)
        if m:
            return resolve_weekday(m["day"], ref)
        m = self.ex.re_monthday.search(text)
        if m:
            month = self.ex.months.index(m["month"].lower()) + 1
            year = int(m["year"]) if m["year"] else ref.year
            try:
                d = dt.date(year, month, int(m["day"]))
            except ValueError:
                return None
            if not m["year"] and d > ref + dt.timedelta(days=31):
                d = d.replace(year=year - 1)
            return d
        return None

    def find_event_date(self) -> dt.date | None:
        """The date of the event the article reports: a weekday or date in a sentence
        that names a committee, meeting or resolution; else the article's date."""
        cue = re.compile(rf"(?:{_alt(self.lex.cues['resolution_words'])}|plenary|session|meeting|congress|"
                         rf"[Cc]ommittee|{'|'.join(self.ex.adoption_verbs)})", re.IGNORECASE)
        for s in self.sents:
            if cue.search(s.text):
                d = self.date_in(s.text)
                if d:
                    return d
        if self.sents:  # "..., the city's top Party body said on Wednesday."
            d = self.date_in(self.sents[0].text)
            if d:
                return d
        return self.doc.date

    # ---------------------------------------------------------------- meetings
    def meetings(self, i: int, s: _Sent) -> None:
        for m in self.ex.re_meeting.finditer(s.text):
            start = s.start + m.start()
            if self.text[start:start + 4].lower() in ("the ", "its "):
                start += 4
            elif self.text[start:start + 2].lower() == "a ":
                start += 2
            elif self.text[start:start + 3].lower() == "an ":
                start += 3
            end = s.start + m.end("kind")
            body: _Cand | None = None
            own_term = None
            if m["of"]:
                at = s.start + m.end()
                starts = {at, at - 4} | ({s.start + m.start("term")} if m["term"] else set())
                body = next((c for c in self.cands[i] if c.start in starts and self.holds_meetings(c)), None)
                if body is not None:
                    end = body.end
                    own_term = _ordinal_value(m["term"], self.ex.ordinals) if m["term"] else None
            if body is None and m["kind"] == "session":
                continue  # "session" alone is a meeting only as "session of the <body>"
            if body is None:
                body = next((c for c in self.cands[i] if c.key.cls is C.COMMITTEE and c.extra.get("place")), None)
            ordinal = _ordinal_value(m["ord"], self.ex.ordinals) if m["ord"] else None
            term = (body.extra.get("term") if body is not None else None) or own_term
            self.add(i, _Cand(EntityKey(C.MEETING, ""), start, end, "meeting-name", priority=7,
                              extra={"body": body, "ordinal": ordinal, "term": term, "kind": m["kind"],
                                     "date": self.date_in(s.text), "sent": i}))

    @staticmethod
    def holds_meetings(c: _Cand) -> bool:
        """Committees hold meetings; so do state bodies of a place (a people's congress)."""
        return c.key.cls is C.COMMITTEE or (c.key.cls is C.ORGANIZATION and c.extra.get("place") is not None)

    def resolve_meetings(self) -> None:
        """Give every meeting mention its event key: body + term + ordinal, or body + date.
        A bare "the plenary session" joins the doc's meeting of the same body."""
        self.meeting_keys: list[EntityKey] = []
        full: dict[EntityKey, EntityKey] = {}  # body -> meeting with an ordinal
        pending: list[tuple[int, _Cand]] = []
        for i, cs in self.cands.items():
            for c in cs:
                if c.key.cls is C.MEETING:
                    pending.append((i, c))
        pending.sort(key=lambda ic: (ic[1].extra["ordinal"] is None, ic[1].start))
        for i, c in pending:
            body: _Cand | None = c.extra["body"]  # type: ignore[assignment]
            body_key = body.key if body is not None else self.focal_committee
            if body_key is None:
                self.cands[i].remove(c)
                continue
            ordinal, term = c.extra["ordinal"], c.extra["term"]
            date = c.extra["date"]
            assert date is None or isinstance(date, dt.date)
            if ordinal is None and body_key in full and term in (None, self.infos[full[body_key]].term):
                c.key = full[body_key]
                continue
            date = date or self.event_date
            slug = _slug(body_key.key) + ("/session" if c.extra["kind"] == "session" else "")
            if ordinal is not None:
                parts = ["meeting", slug, str(term or 0), str(ordinal)]
            else:
                parts = ["meeting", slug] + ([str(term)] if term else []) + [date.isoformat() if date else "undated"]
            key = EntityKey(C.MEETING, "/".join(parts))
            c.key = key
            body_label = self.committee_short(body, body_key)
            kind = "session of the" if c.extra["kind"] == "session" else "plenary session of the"
            label = " ".join(x for x in (
                ordinal_word(ordinal) if isinstance(ordinal, int) else None, kind,
                ordinal_word(term) if isinstance(term, int) else None, body_label) if x)
            if ordinal is not None:
                full.setdefault(body_key, key)
            self.info(key, label=label, ordinal=ordinal, term=term, date=date)
            c.extra["body_key"] = body_key
            self.meeting_body.setdefault(key, body_key)
            if key not in self.meeting_keys:
                self.meeting_keys.append(key)

    def committee_short(self, body: _Cand | None, body_key: EntityKey) -> str:
        """"CPC Shanghai Committee" for the CPC Shanghai Municipal Committee, as meetings are named."""
        label = body.label if body is not None and body.label else self.committee_label(body_key)
        for lvl in self.lex.cues["committee_levels"]:
            label = label.replace(f" {lvl} Committee", " Committee")
        return label

    def committee_label(self, key: EntityKey) -> str:
        return self.labels.get(key, key.key)

    # ---------------------------------------------------------------- resolutions
    def resolutions(self, i: int, s: _Sent) -> None:
        for m in self.ex.re_named_plan.finditer(s.text):
            name = m["name"]
            key = EntityKey(C.RESOLUTION, "resolution/" + _slug(norm(name)))
            self.info(key, label=name)
            self.add(i, _Cand(key, s.start + m.start("name"), s.start + m.end("name"), "named-plan", name,
                              priority=6))
        for m in self.ex.re_resolution.finditer(s.text):
            kind = m["kind"].lower()
            body, meeting = self.adopter(i, s.start + m.start("kind"))
            date = self.date_in(s.text) or self.event_date
            if meeting is not None:
                key = EntityKey(C.RESOLUTION, "resolution/" + meeting.key.split("/", 1)[1])
                label_of = self.infos[meeting].label
            elif body is not None:
                key = EntityKey(C.RESOLUTION, "/".join(
                    ["resolution", _slug(body.key), date.isoformat() if date else "undated"]))
                label_of = self.committee_label(body)
            else:
                continue
            self.info(key, label=f"{kind} of the {label_of}", date=date)
            st = s.start + m.start("kind")
            self.add(i, _Cand(key, st, s.start + m.end("kind"), "resolution", priority=3,
                              extra={"body": body, "meeting": meeting}))

    def adopter(self, i: int, at: int) -> tuple[EntityKey | None, EntityKey | None]:
        """The body and meeting that adopt a resolution named at ``at`` in sentence ``i``: a meeting
        of that sentence (the local committee's first, else the nearest before the word), else the
        meeting of a committee named in the sentence or of the subject's committee; else that
        committee alone."""
        local = next((c.key for c in self.cands[i] if c.key.cls is C.COMMITTEE and c.extra.get("place")), None)
        here = [c for c in self.cands[i] if c.key.cls is C.MEETING and c.key in self.meeting_body]
        if here:  # a meeting of the sentence: the local body's, else the nearest before the word
            best = min(here, key=lambda c: (self.meeting_body[c.key] not in (local, self.focal_committee),
                                            c.start > at, abs(at - c.end)))
            return self.meeting_body[best.key], best.key
        for body in (local, self.focal_committee):  # a local body's meeting, never, say, a central plenum
            mk = next((k for k in self.meeting_keys if body is not None and self.meeting_body[k] == body), None)
            if mk is not None:
                return body, mk
        return local or self.focal_committee, None

    # ---------------------------------------------------------------- people
    def people(self, i: int, s: _Sent) -> None:
        for ent in s.span.ents:
            if ent.label_ != "PERSON":
                continue
            name = ent.text.strip()
            words = name.split()
            if not 2 <= len(words) <= 4 or not all(w[0].isupper() for w in words):
                continue
            if norm(name) in self.lex.place_class or any(w in self.ex.org_words for w in words):
                continue
            if any(w.lower() in self.ex.weekdays or w.lower() in self.ex.months for w in words):
                continue
            st = s.start + ent.start_char - s.span.start_char
            en = st + len(name)
            key = EntityKey(C.PERSON, norm(name))
            positions: list[str] = []
            before = self.text[max(s.start, st - 40):st]
            tm = self.ex.re_title.search(before)
            if tm:
                positions.append(tm[0].strip())
                pk = self.place_key(tm["place"]) if tm["place"] else None
                if pk and pk[0].cls in (C.CITY, C.REGION) and tm["title"].lower() in self.ex.party_titles:
                    committee, label = self.committee_of(pk[0], pk[1], None)
                    self.info(committee, label=label)
                    self.rel(key, "memberOf", committee, s, st - len(tm[0]), en, "party-title")
            after = self.text[en:s.end]
            am = self.ex.re_apposition.match(after)
            pos_span = None
            if am:
                pos = am["pos"].strip()
                positions.append(re.sub(r"^(?:the|a|an)\s+", "", pos))
                pos_span = (en + am.start("pos"), en + am.start("pos") + len(pos))
                pm = re.match(rf"(?:the\s+)?(?:{_alt(self.ex.party_titles)})\s+of\s+(?P<place>{_PLACE})",
                              pos, re.IGNORECASE)
                pk = self.place_key(re.sub(r"\s+[Pp]rovince$", "", pm["place"])) if pm else None
                if pk and pk[0].cls in (C.CITY, C.REGION):  # "Party secretary of Hainan province"
                    committee, clabel = self.committee_of(pk[0], pk[1], None)
                    self.info(committee, label=clabel)
                    self.rel(key, "memberOf", committee, s, st, pos_span[1], "party-title")
            self.info(key, positions=tuple(positions))
            self.add(i, _Cand(key, st, en, "ner-person", name, priority=3,
                              extra={"pos_span": pos_span}))

    # ---------------------------------------------------------------- strategies
    def strategies(self, i: int, s: _Sent) -> None:
        for m in self.ex.re_quote.finditer(s.text):
            phrase = m[1].strip()
            words = phrase.split()
            if not 1 <= len(words) <= 6 or re.search(r"[.!?,;:]$", phrase):
                continue
            if self.lex.canonical("sector", phrase) or self.lex.canonical("place", phrase):
                continue
            canon = self.lex.canonical("strategy", phrase)
            st = s.start + m.start(1)
            if canon is None and not self.noun_phrase(s, st, st + len(phrase)):
                continue  # a quoted fragment of speech ("very important"), not a name
            label = canon or _lower_first(phrase)
            self.add(i, _Cand(EntityKey(C.STRATEGY, norm(label)), st, st + len(phrase), "quoted-strategy",
                              label, priority=5, extra={"number": self.ex.numbers.get(words[0].lower())}))
        for m in self.ex.re_center_for.finditer(s.text):
            a0 = s.start + m.start("list")
            raw_items = self.ex.split_list(self.text[a0:self.clause_end(s, a0, s.start + m.end("list"))], a0)
            items: list[tuple[int, int]] = []
            for a, b in raw_items:
                if n_items := len(items):
                    gap = self.text[raw_items[n_items - 1][1]:a]
                    if re.search(r"\b(?:a|an|the)\s*$", gap):  # "... and a pioneering zone": a new noun phrase
                        break
                a, b = self.trim_item(a, b)
                if b <= a or len(self.text[a:b].split()) > 5:
                    break
                items.append((a, b))
            if not items:
                continue
            for n, (a, b) in enumerate(items):
                label = self.center_label(self.text[a:b], m["scope"], m["head"])
                st = s.start + m.start() if n == 0 else a
                self.add(i, _Cand(EntityKey(C.STRATEGY, norm(label)), st, b, "center-list", label, priority=6))
            self.enums.append(_Enum("center", items, s, i))
        for m in self.ex.re_zone.finditer(s.text):
            label = _lower_first(m["zone"].strip())
            label = self.lex.canonical("strategy", label) or label
            st = s.start + m.start("zone")
            self.add(i, _Cand(EntityKey(C.STRATEGY, norm(label)), st, st + len(m["zone"].rstrip()), "zone-goal",
                              label, priority=5))
        for m in self.ex.re_center_pre.finditer(s.text):
            field_ = m["field"].strip()
            fw = field_.lower().split()
            if fw[0] in _STOP_LEAD or fw[-1] in _STOP_LEAD or {"the", "a", "an", "its"} & set(fw) \
                    or field_.lower() in ("center", "centre"):
                continue
            label = self.center_label(field_, m["scope"], m["head"])
            self.add(i, _Cand(EntityKey(C.STRATEGY, norm(label)), s.start + m.start(), s.start + m.end(),
                              "center-name", label, priority=5))

    def center_label(self, field_: str, scope: str = "global", head: str = "center") -> str:
        """"international financial center" -> "global center for finance"; a national or regional
        one keeps its scope and head ("national hub for optoelectronic information")."""
        words = field_.split()
        words[-1] = self.ex.field_nouns.get(words[-1].lower(), words[-1])
        if len(words) == 1:
            words[0] = self.ex.field_nouns.get(words[0].lower(), words[0])
        field_ = " ".join(words).lower()
        if scope.lower() in self.ex.local_scopes:
            return f"{scope.lower()} {head.lower().replace('centre', 'center')} for {field_}"
        label = "global center for " + field_
        return self.lex.canonical("strategy", label) or label

    def trim_item(self, a: int, b: int) -> tuple[int, int]:
        """Drop trailing adverbs ("individually") and clause tails ("to ...") from a list item."""
        t = self.text[a:b]
        t = re.split(r"\s+(?:to|so|in order|which|that|by|with|as the|through|among|from)\s+", t)[0]
        t = re.sub(r"(?:\s+[a-z]+ly|\s+etc\.?|\s+and so on)+$", "", t).rstrip(" ,")
        return a, a + len(t)

    # ---------------------------------------------------------------- groups and sectors
    def group_name(self, before: str) -> tuple[str | None, list[str]] | None:
        """The number and modifiers that stand before a group head: "... its three leading" ->
        ("three", ["leading"]); None when the words before do not name a group."""
        words = before.split()[-5:]
        for k in range(len(words) - 1, -1, -1):  # a number word close before the head
            if self.ex.re_number.match(words[k]):
                mods = words[k + 1:]
                if len(mods) <= 3 and not any(w.lower() in _STOP_LEAD for w in mods):
                    return words[k].lower(), mods
                break
        mods = []
        for w in reversed(words):
            if w in self.group_mod_words or (w == "and" and mods and mods[0] != "and"):
                mods.insert(0, w)
            else:
                break
        while mods and mods[0] == "and":
            mods.pop(0)
        return (None, mods) if mods else None

    def groups(self, i: int, s: _Sent) -> None:
        for m in self.ex.re_group.finditer(s.text):
            found = self.group_name(s.text[: m.start("head")])
            if found is None and " " in m["head"]:  # "emerging industries" names a group by itself
                found = (None, [])
            if found is None:
                continue
            num, mods = found
            if num is not None and num.isdigit() and int(num) > 20:
                continue
            head = m["head"]
            label = " ".join([*([num] if num else []), *mods, head])
            words = [num, *mods] if num else mods
            gstart = s.start + m.start("head") - sum(len(w) + 1 for w in words)
            gend = s.start + m.end("head")
            gkey = EntityKey(C.SECTOR_GROUP, norm(label))
            self.add(i, _Cand(gkey, gstart, gend, "sector-group", label, priority=6,
                              extra={"number": self.ex.numbers.get((num or "").lower()) or
                                     (int(num) if num and num.isdigit() else None), "mods": tuple(mods),
                                     "head": head}))
            lm = self.ex.re_group_list.match(s.text, m.end())
            if lm is None:
                if num is None:
                    self.bare_groups.append((i, self.cands[i][-1]))
                continue
            lst = next(g for g in ("paren", "tail", "colon", "dash") if lm[g])
            a0 = s.start + lm.start(lst)
            b0 = a0 + len(lm[lst]) if lst == "paren" else self.clause_end(s, a0, s.start + lm.end(lst))
            items = self.ex.split_list(self.text[a0:b0], a0)
            items = [self.trim_item(a, b) for a, b in items]
            for a, b in items:
                name = self.text[a:b]
                if not name or len(name.split()) > 5 or name.lower().startswith(("other", "more")):
                    continue
                label_i = self.sector_label(name)
                self.add(i, _Cand(EntityKey(C.SECTOR, norm(label_i)), a, b, "group-member", label_i,
                                  priority=7, extra={"group": gkey}))

    def sector_label(self, name: str) -> str:
        """The canonical name of a sector list item; "X and Y" where both name one sector is it."""
        def canon(x: str) -> str | None:
            return self.lex.canonical("sector", x) or self.lex.canonical("sector_generic", x)
        found = canon(name)
        if found is None:
            halves = {canon(h) for h in re.split(r"\s+and\s+", name)}
            if len(halves) == 1 and None not in halves:
                found = halves.pop()
        return found or name

    def clause_end(self, s: _Sent, a: int, b: int) -> int:
        """Where the list that starts at ``a`` ends, at most ``b``: before a finite verb, a
        possessive ("and its ..."), or a conjunction that opens a new noun phrase ("and a ...")."""
        toks = [t for t in s.span if a <= s.start + t.idx - s.span.start_char < b]
        named = {t.i for sp in s.gaz for t in sp}  # "biomedicine" is no verb
        end = b
        for k, t in enumerate(toks):
            pos = s.start + t.idx - s.span.start_char
            nxt = toks[k + 1] if k + 1 < len(toks) else None
            finite = t.pos_ in ("VERB", "AUX") and t.tag_ not in ("VBG", "VBN") and t.i not in named
            if finite or t.tag_ == "PRP$" or t.lower_ in ("will", "would", "should", "to") or (
                    t.lower_ in ("and", "or") and nxt is not None and nxt.lower_ in ("a", "an", "its", "their")):
                end = pos
                break
        while True:
            trimmed = re.sub(r"(?:,|\s|\band\b|\bor\b)+$", "", self.text[a:end])
            if len(trimmed) == end - a:
                return end
            end = a + len(trimmed)

    @property
    def group_mod_words(self) -> set[str]:
        return self.ex.group_mod_words

    def resolve_bare_groups(self) -> None:
        """"leading industries" without a number or a list names the document's "three leading
        industries" if it has one; on its own it is too vague to be a group."""
        listed = [c for cs in self.cands.values() for c in cs
                  if c.key.cls is C.SECTOR_GROUP and all(c is not b for _, b in self.bare_groups)]
        for i, c in self.bare_groups:
            same = [g for g in listed if g.extra["head"] == c.extra["head"] and g.extra["mods"] == c.extra["mods"]]
            if same:
                c.key, c.label = same[0].key, same[0].label
            else:
                self.cands[i].remove(c)

    def enumerations(self, i: int, s: _Sent) -> None:
        """Gerund enumerations ("in allocating ..., initiating ... and pioneering ...")."""
        toks = list(s.span)
        for k, tok in enumerate(toks[:-1]):
            nxt = toks[k + 1]
            if tok.lower_ not in ("in", "on", "of", ":", "as") or not nxt.text.endswith("ing"):
                continue
            a = s.start + nxt.idx - s.span.start_char
            b = s.end
            tail = self.text[a:b]
            cut = re.search(r"[.;!?]\s*$|[;:]", tail)
            if cut:
                tail = tail[:cut.start()]
            items = self.ex.split_list(tail, a)
            items = [self.trim_item(x, y) for x, y in items]
            if len(items) >= 3 and all(re.match(r"[a-z]+ing\b", self.text[x:y]) for x, y in items):
                self.enums.append(_Enum("gerund", items, s, i))
                return

    def colon_lists(self, i: int, s: _Sent) -> None:
        """An enumeration after a colon ("... the 'four centers': a, b, c and d")."""
        k = s.text.find(":")
        if k == -1:
            return
        a = s.start + k + 1
        tail = self.text[a:s.end].rstrip(" .;")
        items = [self.trim_item(x, y) for x, y in self.ex.split_list(tail, a)]
        if len(items) >= 2 and all(1 <= len(self.text[x:y].split()) <= 6 for x, y in items):
            self.enums.append(_Enum("noun", items, s, i))

    def numbered_groups(self) -> None:
        """"four leading industries" with no list of its own + a list of four sectors elsewhere."""
        groups = [(i, c) for i, cs in sorted(self.cands.items()) for c in cs
                  if c.key.cls is C.SECTOR_GROUP and c.extra.get("number")]
        with_members = {c.extra.get("group") for cs in self.cands.values() for c in cs if c.key.cls is C.SECTOR}
        used: set[int] = set()
        for _i, g in groups:
            if g.key in with_members:
                continue
            fits = [k for k, e in enumerate(self.enums) if e.kind == "sector" and len(e.items) == g.extra["number"]
                    and k not in used]
            if len(fits) != 1:
                continue  # none, or ambiguous
            used.add(fits[0])
            with_members.add(g.key)
            e = self.enums[fits[0]]
            for a, b in e.items:
                for c in self.cands[e.index]:
                    if c.key.cls is C.SECTOR and a <= c.start and c.end <= b:
                        self.rel(c.key, "inGroup", g.key, e.sent, c.start, c.end, "numbered-group-list")

    def numbered_strategies(self) -> None:
        """"four functions" + an enumeration of four items -> four component strategies."""
        used: set[int] = set()
        done: set[EntityKey] = set()
        for i, cs in sorted(self.cands.items()):
            for c in list(cs):
                n = c.extra.get("number")
                if c.key.cls is not C.STRATEGY or not n or c.key in done:
                    continue
                head = norm(c.label or "").split()[-1]
                best = None
                for k, e in enumerate(self.enums):
                    if k in used or len(e.items) != n:
                        continue
                    fits = ((e.kind == "center" and head in self.lex.cues["center_heads"]) or e.kind == "gerund"
                            or (e.kind == "noun" and all(head in norm(self.text[a:b]).split() for a, b in e.items)))
                    if fits and (best is None or (e.kind != "gerund") > (self.enums[best].kind != "gerund")):
                        best = k
                if best is None:
                    continue
                used.add(best)
                done.add(c.key)
                e = self.enums[best]
                si = e.index
                for a, b in e.items:
                    name = self.text[a:b]
                    if e.kind == "center":
                        label = self.center_label(name)
                    else:
                        label = self.lex.canonical("strategy", name) or name
                    ckey = EntityKey(C.STRATEGY, norm(label))
                    if e.kind != "center":
                        self.add(si, _Cand(ckey, a, b, "enumerated-component", label, priority=6))
                    for other in self.cands[si]:
                        if other.key == ckey:
                            other.extra["component"] = True
                    self.rel(c.key, "hasComponent", ckey, e.sent, a, b, f"numbered-{e.kind}-enumeration")

    def sector_lists(self) -> None:
        """A list that names a known sector and another sector names sectors in its other items
        too ("tourism, modern services, high-tech industries and tropical agriculture")."""
        breaker = re.compile(r"[.;:()]|\b(?:to|will|would|should|and promote|with|while|as well as)\b")
        for i, s in enumerate(self.sents):
            known = sorted((c for c in self.cands[i] if c.key.cls is C.SECTOR), key=lambda c: c.start)
            runs: list[list[_Cand]] = []
            for c in known:  # consecutive sectors with only list separators and items between them
                if runs and not breaker.search(self.text[runs[-1][-1].end:c.start]):
                    runs[-1].append(c)
                else:
                    runs.append([c])
            for run in runs:
                if len(run) < 2 or all(c.extra.get("weak") for c in run):
                    continue
                a = run[0].start
                b = self.clause_end(s, run[-1].end, s.end)  # the list may go on past the last known sector
                listed = [self.trim_item(x, y) for x, y in self.ex.split_list(self.text[a:b], a)]
                self.enums.append(_Enum("sector", listed, s, i))
                for x, y in listed:
                    inside = [c for c in self.cands[i] if c.key.cls is C.SECTOR and c.start < y and x < c.end]
                    if inside and not all(c.extra.get("weak") and c.length < y - x for c in inside):
                        for c in inside:
                            c.extra["weak"] = False
                        continue
                    name = self.text[x:y]
                    if 1 <= len(name.split()) <= 3 and name[:1].islower() and self.nounish(s, x, y):
                        self.add(i, _Cand(EntityKey(C.SECTOR, norm(name)), x, y, "sector-list", name, priority=2))

    def industry_names(self, i: int, s: _Sent) -> None:
        """"the seed industry", "its automobile industry": a sector named before "industry"."""
        for m in self.ex.re_industry.finditer(s.text):
            head = next((t for t in s.span if t.idx - s.span.start_char == m.start("head")), None)
            if head is not None and head.dep_ == "compound":
                continue  # "industry development": industry is no head noun here
            words = m["x"].split()
            y = s.start + m.end("x")
            x = None
            for k in range(len(words)):  # the longest run of words before "industry" that is a name
                w = words[k:]
                if w[0] in _STOP_LEAD or w[0] in self.ex.industry_stop or w[0] in self.group_mod_words:
                    continue
                if self.nounish(s, y - len(" ".join(w)), y):
                    x = y - len(" ".join(w))
                    break
            if x is None:
                continue
            name = self.text[x:y]
            canon = self.lex.canonical("sector", name) or self.lex.canonical("sector_generic", name)
            label = canon or f"{name} industry"
            self.add(i, _Cand(EntityKey(C.SECTOR, norm(label)), x, s.start + m.end(), "industry-name", label,
                              priority=3))

    def noun_phrase(self, s: _Sent, x: int, y: int) -> bool:
        """[x, y) ends in a noun or number ("four functions", "20+8"), not an adjective or verb."""
        toks = [t for t in s.span if x <= s.start + t.idx - s.span.start_char < y and not t.is_punct]
        return bool(toks) and toks[-1].pos_ in ("NOUN", "PROPN", "NUM", "X")

    def nounish(self, s: _Sent, x: int, y: int) -> bool:
        """The words in [x, y) of a sentence are a noun phrase: they end in a noun, with no verb."""
        toks = [t for t in s.span if x <= s.start + t.idx - s.span.start_char < y]
        return bool(toks) and toks[-1].pos_ in ("NOUN", "PROPN") and not any(t.pos_ in ("VERB", "AUX") for t in toks)

    # ---------------------------------------------------------------- selection
    def select(self) -> list[tuple[int, _Cand]]:
        """Keep the longest, then highest-priority, candidates that do not overlap; an
        organization or place may sit inside a longer name."""
        kept: list[tuple[int, _Cand]] = []
        for i in sorted(self.cands):
            chosen: list[_Cand] = []
            seen: set[tuple[EntityKey, int, int]] = set()
            for c in sorted(self.cands[i], key=lambda c: (-c.length, -c.priority, c.start, c.key.cls.value)):
                if c.key.cls is C.SECTOR and c.extra.get("weak"):
                    continue
                if (c.key, c.start, c.end) in seen:
                    continue
                clash = [o for o in chosen if o.start < c.end and c.start < o.end]
                if clash and not (c.nested_ok and all(o.start <= c.start and c.end <= o.end and
                                                      self.may_nest(c, o) for o in clash)):
                    continue
                chosen.append(c)
                seen.add((c.key, c.start, c.end))
            kept.extend((i, c) for c in sorted(chosen, key=lambda c: (c.start, c.end, c.key.cls.value)))
        return kept

    @staticmethod
    def may_nest(inner: _Cand, outer: _Cand) -> bool:
        """An organization may sit inside a committee or meeting name ("CPC" in "CPC Central
        Committee"); a place only where it is the committee's own place ("Shanghai", not the
        "China" of "Communist Party of China")."""
        if outer.key.cls not in (C.COMMITTEE, C.MEETING, C.ORGANIZATION) or inner.key == outer.key:
            return False
        if inner.key.cls in (C.ORGANIZATION, C.COMMITTEE):
            return True
        body = outer.extra.get("body") if outer.key.cls is C.MEETING else outer
        return isinstance(body, _Cand) and body.extra.get("place") == inner.key

    # ---------------------------------------------------------------- relations
    def relate(self, kept: list[tuple[int, _Cand]]) -> None:
        keys = {c.key for _, c in kept}
        self.kept_by_sent: dict[int, list[_Cand]] = {}
        for j, o in kept:
            self.kept_by_sent.setdefault(j, []).append(o)
        subject = self.focal if self.focal in keys else None
        if subject is None:
            subject = self.focal_committee if self.focal_committee in keys else None
        if subject is None:
            subject = next((c.key for _, c in kept if c.key.cls is C.RESOLUTION), None)
        components = {c.key for _, c in kept if c.extra.get("component")}
        party_mentioned = self.party_key in keys
        seen_rel: set[tuple[EntityKey, str, EntityKey]] = set()
        orig = self.relations
        self.relations = []

        def once(s_: EntityKey, p: str, o: EntityKey, sent: _Sent, a: int, b: int, rule: str) -> None:
            if (s_, p, o) not in seen_rel:
                seen_rel.add((s_, p, o))
                self.rel(s_, p, o, sent, a, b, rule)

        for r in orig:  # relations found before selection; an end may be implied, not named (a title's committee)
            if r.subject in keys and (r.object in keys or r.rule == "party-title"):
                once(r.subject, r.predicate, r.object, _Sent(0, 0, r.sentence, None), r.start, r.end,  # type: ignore[arg-type]
                     r.rule)
        for i, c in kept:
            s = self.sents[i]
            cls = c.key.cls
            if cls is C.COMMITTEE:
                place = c.extra.get("place")
                if isinstance(place, EntityKey):
                    once(c.key, "governs", place, s, c.start, c.end, "committee-name")
                    if place not in keys:
                        self.info(place, label=self.place_label(place))
                inner = [o for o in self.kept_by_sent[i] if o is not c and o.key.cls is C.COMMITTEE
                         and c.start < o.start and o.end <= c.end]
                if inner:  # "Political Bureau of the CPC Central Committee" is part of the latter
                    o = max(inner, key=lambda o: o.length)
                    once(c.key, "partOf", o.key, s, c.start, c.end, "committee-name")
                elif c.extra.get("party") and party_mentioned:
                    once(c.key, "partOf", self.party_key, s, c.start, c.end, "committee-name")
            elif cls is C.ORGANIZATION and c.extra.get("governs") and isinstance(c.extra.get("place"), EntityKey):
                once(c.key, "governs", c.extra["place"], s, c.start, c.end, "state-body")  # type: ignore[arg-type]
            elif cls is C.MEETING:
                body = c.extra.get("body_key")
                if isinstance(body, EntityKey) and body in keys:
                    once(c.key, "heldBy", body, s, c.start, c.end, "meeting-name")
            elif cls is C.RESOLUTION:
                body, meeting = c.extra.get("body"), c.extra.get("meeting")
                if isinstance(meeting, EntityKey) and meeting in keys:
                    once(c.key, "adoptedAt", meeting, s, c.start, c.end, "resolution-adopted")
                if isinstance(body, EntityKey) and body in keys:
                    once(c.key, "adoptedBy", body, s, c.start, c.end, "resolution-adopted")
            elif cls is C.PERSON:
                span = c.extra.get("pos_span")
                if isinstance(span, tuple):
                    orgs = [o for o in self.kept_by_sent[i] if o.key.cls in (C.COMMITTEE, C.ORGANIZATION)
                            and span[0] <= o.start < span[1]]
                    for o in orgs:
                        if not any(x is not o and x.start <= o.start and o.end <= x.end for x in orgs):
                            once(c.key, "memberOf", o.key, s, c.start, span[1], "person-position")
            elif cls is C.STRATEGY and c.key not in components:
                for who in self.local_subjects(i, c) or ([subject] if subject else []):
                    once(who, "pursues", c.key, s, c.start, c.end, "subject-pursues")
            elif cls in (C.SECTOR, C.SECTOR_GROUP):
                if self.curbed(s, c):
                    continue
                for who in self.local_subjects(i, c) or ([subject] if subject else []):
                    once(who, "prioritizes", c.key, s, c.start, c.end, "subject-prioritizes")
                group = c.extra.get("group")
                if isinstance(group, EntityKey) and group in keys:
                    once(c.key, "inGroup", group, s, c.start, c.end, "group-member")
        # background geography: every place named lies in each of its gazetteer ancestors (kg:locatedIn
        # is transitive; the closure is asserted so that simple queries need no property paths)
        for key in sorted({k for k in keys if k.cls in (C.CITY, C.REGION)}, key=lambda k: k.key):
            label = self.place_label(key)
            seen = {key}
            while (parent_name := self.lex.place_parent.get(label)) and (pk := self.place_key(parent_name)):
                if pk[0] in seen:
                    break
                seen.add(pk[0])
                self.info(pk[0], label=pk[1])
                self.relations.append(RelationRec(key, "locatedIn", pk[0], 0, 0, "", "gazetteer-geography",
                                                  evidenced=False))
                label = pk[1]

    def curbed(self, s: _Sent, c: _Cand) -> bool:
        """The verb that governs the sector is one of curbing ("phase out steel", "cut coal")."""
        tok = next((t for t in s.span if s.start + t.idx - s.span.start_char >= c.start), None)
        while tok is not None and tok.pos_ not in ("VERB", "AUX") and tok.head.i != tok.i:
            tok = tok.head  # spaCy makes a new Token on each access: compare indices, not identity
        return tok is not None and tok.lemma_.lower() in self.ex.negative_lemmas

    def place_label(self, key: EntityKey) -> str:
        if key in self.labels:
            return self.labels[key]
        info = self.infos.get(key)
        return info.label if info and info.label else key.key

    def local_subjects(self, i: int, c: _Cand) -> list[EntityKey]:
        """Places other than the document's subject that are the grammatical subject of the verb that
        governs ``c`` ("Hefei will focus on quantum technology", "Chengdu and Xi'an will expand ..."),
        or its possessor ("Jiangsu's biomedicine industry")."""
        s = self.sents[i]
        tok = next((t for t in s.span if s.start + t.idx - s.span.start_char >= c.start), None)
        subjects = []
        for _ in range(40):  # walk up to the nearest verb with a subject (or a possessor on the way)
            if tok is None:
                break
            found = [t for t in tok.children if t.dep_ in ("nsubj", "nsubjpass")
                     or (t.dep_ == "poss" and t.pos_ == "PROPN")]  # "Jiangsu's", not "their"
            if found:
                subjects = [found[0], *found[0].conjuncts]
                break
            if tok.head.i == tok.i:
                break
            tok = tok.head
        places = []
        for t in subjects:
            for st in [t, *(x for x in t.subtree if x.dep_ == "compound")]:
                at = s.start + st.idx - s.span.start_char
                o = next((o for o in self.kept_by_sent.get(i, ()) if o.start <= at < o.end
                          and o.key.cls in (C.CITY, C.REGION, C.COUNTRY)), None)
                if o is not None and o.key != self.focal and o.key not in places:
                    places.append(o.key)
        return places


def _slug(key: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-")


def _lower_first(phrase: str) -> str:
    """Lower-case a phrase unless a word in it is an acronym or a proper noun after the first."""
    words = phrase.split()
    if any(w.isupper() and len(w) > 1 for w in words):
        return phrase
    if words and words[0][:1].isupper() and not any(w[:1].isupper() for w in words[1:]):
        return phrase[:1].lower() + phrase[1:]
    return phrase


__all__ = ["Extractor", "resolve_weekday", "ordinal_word"]
