"""Bodies and people: party committees, state bodies, gazetteer organisations, the model's ORGs, people and positions."""
from __future__ import annotations

import re

from ..gazetteer import norm
from ..namespaces import slugify as slug
from ..types import EntityClass as C
from ..types import EntityKey, Relation
from dataclasses import dataclass, field

from ..types import KIND_CLASS
from .events import date_in
from .base import CAP, COMMITTEE_GROUPS, standing_committee, PLACE, Cand, Patterns, Link, Priority, DocState, Sent, alt, group, ordinal_value


@dataclass(frozen=True, slots=True)
class BodyPatterns:
    """The expressions of the bodies and people rules."""

    committees: tuple[re.Pattern[str], ...]  # each with exactly the groups COMMITTEE_GROUPS
    committee_words: tuple[str, ...]  # a text holds none of them: no committee pattern matches in it
    state_body: re.Pattern[str]
    state_body_of: re.Pattern[str]  # "People's Government of Henan Province", "the Shanxi government"
    sub_body: re.Pattern[str]  # "General Office of the " before a body's name
    title: re.Pattern[str]  # a title just before a name: "Party Secretary "
    apposition: re.Pattern[str]  # ", secretary of the CPC ... Committee"
    elected: re.Pattern[str]  # "(and Y) were elected deputy Party secretaries", "was appointed mayor of ..."


def body_patterns(ex: Patterns) -> BodyPatterns:
    """Compile the committee, state-body, title and apposition patterns from the cue words."""
    cues = ex.lex.cues
    ordw, party, levels = ex.ord_rx, ex.party_rx, ex.levels_rx
    # "Jinan municipal Party committee": the level word may be written in lower case before "Party"/"CPC"
    levels_lc = rf"{levels}|municipal|provincial|regional|{alt(cues['lower_committee_levels'])}"
    # "Standing Committee of the ..." before any committee name names its standing committee
    standing = r"(?:(?P<standing>\b[Ss]tanding\s+[Cc]ommittee\s+of\s+(?:the\s+)?))?"
    committees = (
        re.compile(rf"{standing}\b(?:[Tt]he\s+)?(?:(?P<term>{ordw})\s+)?(?P<party>{party})\s+"
                   rf"(?P<place>{PLACE}?)\s+(?:(?P<level>{levels_lc})\s+)?(?:Party\s+)?[Cc]ommittee\b"),
        # "the second Lianhe county committee of the CPC": the level and "committee" may be in lower case
        re.compile(rf"{standing}\b(?:[Tt]he\s+)?(?:(?P<term>{ordw})\s+)?(?P<place>{PLACE}?)\s+"
                   rf"(?:(?P<level>{levels_lc})\s+)?(?:[Pp]arty\s+)?[Cc]ommittee\s+of\s+the\s+(?P<party>{party})\b"),
        re.compile(rf"{standing}\b(?:[Tt]he\s+)?(?:(?P<term>{ordw})\s+)?(?P<place>{PLACE}?)\s+"
                   rf"(?:(?P<level>{levels_lc})\s+)?(?P<party>Party)\s+[Cc]ommittee\b"),
        # "12th Shanxi CPC Committee"
        re.compile(rf"{standing}\b(?:[Tt]he\s+)?(?:(?P<term>{ordw})\s+)?(?P<place>{PLACE}?)\s+"
                   rf"(?:(?P<level>{levels_lc})\s+)?(?P<party>CPC|CCP)\s+[Cc]ommittee\b"),
        # "the Sichuan Provincial Committee": a provincial or municipal committee is the party's (not the CPPCC's)
        re.compile(rf"{standing}\b(?:[Tt]he\s+)?(?:(?P<term>{ordw})\s+)?(?P<place>{PLACE}?)\s+"
                   rf"(?P<party>(?P<level>Provincial|Municipal|Autonomous\s+Regional|Regional))\s+Committee\b"
                   rf"(?!\s+of\s+(?:the\s+)?(?:CPPCC|Chinese\s+People's\s+Political))"),
        # "the Party committee of Tianjin", "CPC Committee of Dalian", "CPC Standing Committee of Liaoning Province"
        re.compile(rf"\b(?:[Tt]he\s+)?(?:(?P<term>{ordw})\s+)?(?:(?P<level>municipal|provincial|regional)\s+)?"
                   rf"(?P<party>CPC\s+Party|CPC|CCP|Party)\s+(?P<standing>Standing\s+)?[Cc]ommittee\s+of\s+"
                   rf"(?P<place>{PLACE})"),
        # "the Ninth Committee of the Tibet Autonomous Region of the Communist Party of China"
        re.compile(rf"{standing}\b(?:[Tt]he\s+)?(?:(?P<term>{ordw})\s+)?(?:(?P<level>{levels})\s+)?Committee\s+of\s+"
                   rf"(?:the\s+)?(?P<place>{PLACE})\s+of\s+the\s+(?P<party>{party})\b"),
        # "secretary of the CPC Shenyang": the party and a place, with no "Committee", after "of"
        re.compile(rf"(?<=\bof\s)(?:the\s+)?(?P<party>CPC|CCP)\s+(?P<place>{CAP})\b(?!\s+(?:[A-Z(]|[Cc]ommittee))"
                   rf"(?P<standing>)(?P<term>)(?P<level>)"),
    )
    # every committee pattern needs "committee" (either case of its first letter) or, for "secretary of
    # the CPC Shenyang", the party's abbreviation: a sentence with none of them is spared the patterns
    committee_words = ("ommittee", "CPC", "CCP")
    for rx in committees:
        if set(rx.groupindex) != COMMITTEE_GROUPS:
            raise ValueError(f"committee pattern {rx.pattern!r} must have exactly the groups {COMMITTEE_GROUPS}")
        if not any(w in rx.pattern for w in committee_words):
            raise ValueError(f"committee pattern {rx.pattern!r} must need one of the words {committee_words}")
    pos_words = alt(cues["position_words"])
    plural_pos = alt([*cues["position_words"], *(w[:-1] + "ies" if w.endswith("y") else w + "s" for w in cues["position_words"])])
    return BodyPatterns(
        committees=committees,
        committee_words=committee_words,
        state_body=re.compile(
            rf"\b(?:[Tt]he\s+)?(?:(?P<term>{ordw})\s+)?(?P<place>{PLACE}?)\s+(?:(?P<level>{levels})\s+)?"
            rf"(?P<kind>{alt(cues['state_bodies'])})\b"),
        state_body_of=re.compile(
            rf"\b(?:(?P<kind>People's Government|People's Congress)\s+of\s+(?:the\s+)?(?P<place>{PLACE}?)"
            rf"(?:\s+(?:Province|Municipality|City))?\b(?!\s+[A-Z])"
            rf"|(?P<place2>{PLACE}?)\s+(?P<kind2>government)\b)"),
        sub_body=re.compile(
            rf"\b(?P<sub>(?:[A-Z][\w'-]*\s+(?:and\s+)?){{0,4}}(?:{alt(cues['sub_body_heads'])}))\s+of\s+(?:the\s+)?$"),
        title=re.compile(rf"(?:(?P<place>{CAP})\s+)?(?P<title>{alt(cues['titles'])})\s+$"),
        # ", general secretary of the Communist Party of China (CPC) Central Committee, Chinese president
        # and chairman of ...": an abbreviation in brackets and further positions after a comma belong to it
        apposition=re.compile(
            rf"^,\s*(?:who\s+is\s+(?:also\s+)?|also\s+)?(?P<pos>(?:the\s+|an?\s+)?(?:(?:[A-Za-z-]+(?:['’]s)?)\s+){{0,2}}?"
            rf"(?:{pos_words})\b{_POS_TEXT}(?:,\s*(?:and\s+)?(?:[A-Za-z-]+\s+){{0,2}}?(?:{pos_words})\b{_POS_TEXT})*)",
            re.IGNORECASE),
        elected=re.compile(
            rf"^(?:\s*,\s*{_NAME})*(?:\s*,?\s+and\s+{_NAME})?\s+(?P<aux>was|were|has\s+been|have\s+been)\s+"
            rf"(?:re-?)?(?:elected|appointed|named)(?:\s+(?:at|during)\s+the\s+[^,.;]{{1,60}}?)?\s+(?:as\s+)?"
            rf"(?P<pos>(?:the\s+|an?\s+)?(?:(?:[A-Za-z-]+)\s+){{0,2}}?(?:{plural_pos})\b{_POS_TEXT})", re.IGNORECASE),
    )


#: The words of a position up to its end: anything but a clause mark, with an abbreviation in brackets.
_POS_TEXT = r"(?:[^,;.()]|\((?-i:[A-Z]{2,6})\)|" + \
    r",\s+(?=(?-i:[A-Z])[\w'’-]*(?:\s+(?-i:[A-Z])[\w'’-]*)*(?:,\s+(?-i:[A-Z])[\w'’-]*(?:\s+(?-i:[A-Z])[\w'’-]*)*)*,?\s+and\s+(?-i:[A-Z])))*"
#: Another person's name in a coordination of people ("Lan Fo'an and Shang Liguang were elected ...").
_NAME = r"(?-i:[A-Z])[\w'’-]*(?:\s+(?-i:[A-Z])[\w'’-]*){0,2}"
#: The level words that open a body's name without its place ("Municipal Bureau of ...").
_LEVEL_WORDS = frozenset({"Municipal", "Provincial", "Regional"})
#: A body's name whose "of" part is a list of capitalised words with commas ("Bureau of Culture, Tourism,
#: Radio, Television and Sports"): the words from "of" to the list's last item.
_CAP_WORDS = r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*"
_OF_LIST = re.compile(rf"\bof\s+(?:the\s+)?{_CAP_WORDS}(?:,\s+{_CAP_WORDS})+,?\s+and\s+{_CAP_WORDS}")

#: What continues an organization's name after a gazetteer name ("State Council| Information Office").
_LONGER_NAME = re.compile(r"\s+(?:[A-Z][\w'-]*\s+){0,2}(?:Office|Bureau|Department|Administration|Commission|Center|Centre)\b")
#: "of <Capitalised words>" after a body's head word ("Bureau of Statistics").
_OF_NAME = re.compile(r"\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w'-]*(?:\s+(?:and\s+)?[A-Z][\w'-]*){0,4}")

#: Words that make no name of a body by themselves ("the Provincial Government", "Standing Committee").
GENERIC_BODY_WORDS = frozenset({"Standing", "Committee", "Provincial", "Municipal", "Regional", "Government", "People's",
                                "Congress", "Party", "Central", "National", "City", "Local", "State"})


@dataclass(slots=True)
class CommitteeMatches:
    """The committee patterns' matches in each sentence of a document, by the sentence's start: two rules
    read them (``places.learn_places`` and ``committees``)."""

    by_sentence: dict[int, list[re.Match[str]]] = field(default_factory=dict)


def committee_matches(run: DocState, s: Sent) -> list[re.Match[str]]:
    """The matches of each committee pattern in sentence ``s``, pattern by pattern (found once per
    document); none in a sentence without any of the ``committee_words`` the patterns need, which
    spares most sentences the dozen expressions."""
    found = run.local(CommitteeMatches).by_sentence
    if s.start not in found:
        bp = run.ex.compiled(body_patterns)
        found[s.start] = [m for rx in bp.committees for m in rx.finditer(s.text)] \
            if any(w in s.text for w in bp.committee_words) else []
    return found[s.start]


def committees(run: DocState, i: int, s: Sent) -> None:
    """Party committees by name ("12th CPC Shanghai Committee", "Shanghai Committee of the Communist
    Party of China", "Hunan Provincial Party Committee", "the Party committee of Tianjin", "secretary
    of the CPC Shenyang"): the committee of the named place, which it governs; its term, when named,
    belongs to its meetings.
    "The Standing Committee" alone, in a sentence about no congress, is the standing committee of the
    document's committee."""
    for m in committee_matches(run, s):
        place = re.sub(r"^(?:(?:CPC|CCP|Communist|Party|of|China|Chinese)\s+)+", "", group(m, "place"))
        if not place or place in run.ex.not_places or place.split()[0] in run.ex.not_places:
            continue
        if place.split()[-1] in ("Central", "Standing") or place.split()[0] in ("The", "A"):
            continue
        place = re.sub(r"\s+(?:Province|Municipality|City)$", "", place) or place
        level = group(m, "level")
        lower = level in run.lex.cues["lower_committee_levels"] or level in ("municipal", "provincial", "regional")
        if lower:
            level = level.title()  # "Lianhe county committee": the CPC Lianhe County Committee
        pk = run.place_key(place, None)
        if pk is None and level in ("District", "County"):
            # "the Meixi district committee": the district the text names ("Meixi district"), a region
            named = next((c for c in run.cands[i] if c.key.cls in (C.REGION, C.PLACE) and c.start == s.start + m.start("place")
                          and run.text[c.start:c.end].lower() == f"{place} {level}".lower()), None)
            pk = (named.key, named.label or place) if named is not None and named.key.cls is C.REGION else \
                run.place_key(place, C.REGION.value) if named is not None or run.any_cand(
                    i, C.PLACE, s.start + m.start("place"), s.start + m.end("place")) else None
            if pk is None:
                continue
        if pk is None:
            if not run.any_cand(i, C.PLACE, s.start + m.start("place"), s.start + m.end("place")):
                continue
            pk = run.place_key(place, run.level_class(level) or "Place")
            assert pk is not None
        key, label = run.committee_of(pk[0], place if lower and pk[1] != place else pk[1], level or None)
        start, end = s.start + m.start(), s.start + m.end()
        standing = group(m, "standing")
        if standing and m.start("standing") == m.start():  # "Standing Committee of the <committee>"
            start += len(standing)
        if run.text[start:start + 4].lower() == "the ":
            start += 4
        term = ordinal_value(group(m, "term"), run.ex.ordinals) if group(m, "term") else None
        if standing:
            sstart = s.start + m.start() + (4 if m[0][:4].lower() == "the " else 0)
            run.add(i, standing_committee(key, label, sstart, end))
            run.info(key, label=label)
            if m.start("standing") != m.start():  # "CPC Standing Committee of Liaoning" names the committee too
                run.add(i, Cand(key, s.start + m.start("standing"), end, "committee-name", label, Priority.PATTERN,
                                nested_ok=True, place=pk[0], party=True,
                                links=[Link(Relation.GOVERNS, pk[0], "committee-name", implied=True)]))
                continue
        run.add(i, Cand(key, start, end, "committee-name", label, Priority.PATTERN, nested_ok=True,
                        place=pk[0], party=bool(group(m, "party")) or "Party" in m[0], term=term,
                        links=[Link(Relation.GOVERNS, pk[0], "committee-name", implied=True)]))
        if run.focal == pk[0]:
            run.focal_committee = run.focal_committee or key
    # "on behalf of the Standing Committee": the standing committee of the document's party committee
    if run.focal_committee is not None and not re.search(r"People's\s+Congress|\bNPC\b|CPPCC", s.text):
        for m in re.finditer(r"\b[Tt]he\s+(?P<sc>Standing\s+Committee)\b(?!\s+of\b)", s.text):
            st = s.start + m.start("sc")
            if not any(c.start <= st < c.end for c in run.cands[i] if c.key.cls is C.COMMITTEE):
                fk = run.focal_committee
                run.add(i, standing_committee(fk, run.label_of(fk), st, s.start + m.end()))


#: A local committee of the political advisory body: "the CPPCC Jiaxing Municipal Committee", "Jiaxing
#: Municipal Committee of the Chinese People's Political Consultative Conference (CPPCC)".
_ADVISORY = re.compile(
    rf"\bCPPCC\s+(?P<place1>{CAP})\s+(?:(?P<level1>Provincial|Municipal|District|County)\s+)?Committee\b"
    rf"|\b(?P<place2>{CAP})\s+(?:(?P<level2>Provincial|Municipal|District|County)\s+)?Committee\s+of\s+the\s+"
    rf"(?:Chinese\s+People's\s+Political\s+Consultative\s+Conference(?:\s+\(CPPCC\))?|CPPCC)")


def advisory_committees(run: DocState, i: int, s: Sent) -> None:
    """A city's or province's committee of the CPPCC, the political advisory body: a committee (not a
    party committee, nor a meeting though its long name ends in "Conference"), "CPPCC <place> <level>
    Committee"."""
    for m in _ADVISORY.finditer(s.text):
        place = m["place1"] or m["place2"]
        pk = run.place_key(place, None)
        if pk is None:
            continue
        name, level = run.level_of(pk[0], pk[1], m["level1"] or m["level2"])  # "the CPPCC Shanghai Committee": Municipal
        label = " ".join(x for x in ("CPPCC", name, level, "Committee") if x)
        run.add(i, Cand(EntityKey(C.COMMITTEE, norm(label)), s.start + m.start(), s.start + m.end(),
                        "advisory-committee", label, Priority.STRUCTURE, nested_ok=True, place=pk[0]))


def state_bodies(run: DocState, i: int, s: Sent) -> None:
    """"the 16th Shanghai Municipal People's Congress", "the Jiangsu Provincial People's Government"."""
    for m in run.ex.compiled(body_patterns).state_body.finditer(s.text):
        pk = run.place_key(m["place"]) if m["place"] else None
        if pk is None and m["place"] and m["level"] in ("District", "County"):
            pk = named_zone(run, m["place"], m["level"])  # "Longgang District People's Government"
        if pk is None or pk[0].cls not in (C.CITY, C.REGION):
            continue
        start = s.start + (m.start("term") if m["term"] else m.start("place"))
        add_state_body(run, i, s, pk, m["kind"], start, s.start + m.end(),
                       ordinal_value(m["term"], run.ex.ordinals) if m["term"] else None)
    for m in run.ex.compiled(body_patterns).state_body_of.finditer(s.text):
        name = m["place"] or m["place2"]
        name = re.sub(r"^(?:The|the)\s+", "", name or "")
        pk = run.place_key(name) if name else None
        if pk is None or pk[0].cls not in (C.CITY, C.REGION):
            continue
        kind = m["kind"] or m["kind2"]
        start = s.start + (m.start("kind") if m["kind"] else m.start("place2") + (len(m["place2"]) - len(name)))
        add_state_body(run, i, s, pk, kind, start, s.start + m.end(), None)


def named_zone(run: DocState, place: str, level: str) -> tuple[EntityKey, str] | None:
    """A district or county the gazetteer does not know but the document names as a region ("Longgang
    district" found by its suffix): its key, and its name with the level as a body's name writes it."""
    want = norm(f"{place} {level}")
    return next(((c.key, f"{place} {level.title()}") for cs in run.cands.values() for c in cs
                 if c.key.cls is C.REGION and c.key.key == want), None)


def add_state_body(run: DocState, i: int, s: Sent, pk: tuple[EntityKey, str], kind: str, start: int, end: int,
                   term: int | None) -> None:
    """Propose the state body ``kind`` of the place ``pk`` at [start, end), and the office of it that
    the words before may name ("General Office of the ...", partOf the body)."""
    key, label = run.state_body_of(pk[0], pk[1], kind)
    governs = kind.lower().endswith("government")
    run.add(i, Cand(key, start, end, "state-body", label, Priority.PATTERN, nested_ok=True, place=pk[0], term=term,
                    links=[Link(Relation.GOVERNS, pk[0], "state-body", implied=True)] if governs else []))
    sm = run.ex.compiled(body_patterns).sub_body.search(run.text[s.start:start])
    if sm is not None:
        sub = re.sub(r"^The\s+", "", sm["sub"])
        sub_label = f"{sub} of the {run.text[start:end]}"
        sub_start = s.start + sm.start("sub") + len(sm["sub"]) - len(sub)
        run.add(i, Cand(EntityKey(C.ORGANIZATION, norm(sub_label)), sub_start, end, "sub-body", sub_label,
                        Priority.PATTERN, links=[Link(Relation.PART_OF, key, "sub-body")]))


#: A body named in lower case after its place: "the Hainan bureau of international economic development",
#: "the Jiangsu provincial department of commerce".
_LOWER_BODY = re.compile(rf"(?<![\w-])(?P<place>{PLACE})\s+(?:(?:provincial|municipal|city|district|county)\s+)?"
                         r"(?:(?!and\b)[a-z][\w-]*\s+(?:and\s+)?){0,4}?(?P<head>bureau|commission|department|administration)"
                         r"(?P<of>\s+(?:of|for)(?:\s+(?:and\s+)?[a-z][\w-]*){1,5})?\b")


def lower_case_bodies(run: DocState, i: int, s: Sent) -> None:
    """A state body named in lower case after its place ("the Hainan bureau of international economic
    development", "the Jiangsu provincial department of commerce"): an organization, its words as
    written; the "of" part ends at the last noun."""
    for m in _LOWER_BODY.finditer(s.text):
        pk = run.place_key(m["place"])
        if pk is None or pk[0].cls not in (C.CITY, C.REGION):
            continue
        end = s.start + m.end("head")
        if m["of"]:
            toks = s.tokens(s.start + m.start("of"), s.start + m.end("of"))
            nouns = [t for t in toks[1:] if t.pos_ in ("NOUN", "PROPN") and not any(
                x.pos_ in ("VERB", "AUX", "ADP", "PRON", "DET") for x in toks[1:toks.index(t)] if x.lower_ != "and")]
            if nouns:
                end = s.at(nouns[-1].idx) + len(nouns[-1].text)
        st = s.start + m.start("place")
        label = run.text[st:end]
        run.add(i, Cand(EntityKey(C.ORGANIZATION, norm(label)), st, end, "lower-case-body", label, Priority.NAME))


def gazetteer_things(run: DocState, i: int, s: Sent) -> None:
    """Organizations, committees, sectors and strategies the gazetteer names; a common sector word
    ("steel") is weak unless "industry" follows or a list of sectors takes it in; a strategy's words
    used as a verb with its object ("opening up new prospects") name none."""
    for sp in s.gaz:
        if sp.label_ not in KIND_CLASS:
            continue
        cls = KIND_CLASS[sp.label_]
        st, en = s.at(sp.start_char), s.at(sp.end_char)
        key = EntityKey(cls, norm(sp.id_))
        weak = sp.label_ == "sector_generic" and not re.match(
            r"\s+(?:industry|industries|sector|sectors)\b", run.text[en:en + 20].lower())
        # "electricity capacity", "graphite new materials": a common sector word that modifies a noun is
        # no sector of its own, though it still shows where a list of sectors is
        modifier = weak and sp.end < len(sp.doc) and sp.doc[sp.end].pos_ in ("NOUN", "ADJ") \
            and sp.doc[sp.end].idx == sp.end_char + 1 and sp.doc[sp.end].text.islower() \
            and sp.doc[sp.end].lower_ not in run.lex.cues["sector_activity_nouns"]
        party = cls is C.COMMITTEE and any(p in sp.id_ for p in run.lex.cues["party_names"])
        nested = cls in (C.ORGANIZATION, C.COMMITTEE, C.STRATEGY)
        if cls is not C.STRATEGY and nested and _LONGER_NAME.match(run.text, en):
            continue  # "State Council" of "State Council Information Office": part of a longer name
        if cls is C.STRATEGY and sp[0].pos_ == "VERB" and any(
                c.dep_ == "dobj" and not sp.start <= c.i < sp.end for c in sp[0].children):
            continue  # "opening up new prospects": a verb with its object, not the strategy "opening up"
        run.add(i, Cand(key, st, en, f"gazetteer-{sp.label_.replace('_', '-')}", sp.id_, Priority.GAZETTEER,
                        nested_ok=nested, weak=weak, party=party, modifier=modifier))


#: Labels besides ORG the model gives a named conference or forum.
_EVENT_LABELS = frozenset({"EVENT", "FAC", "WORK_OF_ART"})


def organizations(run: DocState, i: int, s: Sent) -> None:
    """The model's ORG entities that carry an organization word and are capitalised throughout; one
    named after a zone and an administration word ("the Yantai Free Port Zone Administration
    Committee") governs the zone.  A name's "of" part may be a list with commas ("the Municipal
    Bureau of Culture, Tourism, Radio, Television and Sports"), and a name opened by a level word is
    the body of the place the level refers to ("Huaihua Municipal Bureau of ...").  One whose last
    word is an event's ("Conference", "Forum") is a meeting, with the ordinal before it ("the 5th
    Hunan Tourism Development Conference") or the year after it."""
    for ent in s.ents:
        if ent.label_ != "ORG" and not (ent.label_ in _EVENT_LABELS and ent.text.split()[-1] in run.lex.cues["event_names"]):
            continue  # the model reads a named conference as an event or a building too
        text = ent.text.strip()
        lead = re.match(r"(?:the|The)\s+", text)
        st = s.at(ent.start_char) + len(ent.text) - len(ent.text.lstrip()) + (lead.end() if lead else 0)
        name = text[lead.end() if lead else 0:].rstrip(",")
        w0 = max(s.start, st - 40)
        both = re.search(r"\b[Tt]he\s+(?P<first>[A-Z][a-z]+)\s+and\s+$", run.text[w0:st])
        if both and not lead and run.place_key(both["first"]) is None and both["first"] not in run.ex.org_words:
            # "the Supervisory and Judicial Committee": the model leaves out the first of two coordinated words
            name, st = f"{both['first']} and {name}", w0 + both.start("first")
        nth0 = re.match(rf"(?:{run.ex.ord_rx})\s+(?=[A-Z])", name)
        if nth0 and name.split()[-1] in run.lex.cues["event_names"]:  # "the 3rd Guangxi Tourism Development Conference": the ordinal is read back below
            name, st = name[nth0.end():], st + nth0.end()
        of = _OF_LIST.match(run.text, st + name.index(" of ") + 1, s.end) if " of " in name else None
        if of is not None and of.end() > st + len(name):  # "Bureau of Culture, Tourism," + " Radio, ... and Sports"
            name = run.text[st:of.end()]
        words = name.split()
        if len(words) < 2 or not (any(w.strip(".,") in run.ex.org_words for w in words)
                                  or words[-1] in run.lex.cues["event_names"]):  # "the China International Import Expo"
            continue
        if any(c.rule in ("committee-name", "advisory-committee") and c.start <= st and st + len(name) <= c.end
               for c in run.cands[i]):
            continue  # "Ninth Committee of the Tibet Autonomous Region" of a committee's long name
        if not all(w[0].isupper() or w in ("of", "and", "for", "the", "on") for w in words):
            continue
        if words[-1] in ("of", "and", "for", "the", "on"):
            continue  # a name cut short by the model: "People's Government of"
        if all(w.strip(".,") in GENERIC_BODY_WORDS for w in words):
            continue  # "Standing Committee", "Provincial Government": a reference, not a name
        if words[-1] == "Party" and run.place_key(" ".join(words[:-1])) is not None:
            continue  # "Shanghai Party" of "Shanghai Party Secretary": a title, not a body
        if words[-1] == "Congress" and any(w in ("Party", *run.lex.cues["party_names"]) for w in words):
            continue  # "the Hubei Provincial Party Congress": a party congress is a meeting, not a body
        en = st + len(name)
        more = _OF_NAME.match(run.text, en, s.end)  # "Shaanxi Provincial Bureau" + " of Statistics"
        if more and words[-1] in run.ex.org_words:
            name, en = name + more[0], en + len(more[0])
            words = name.split()
        if words[-1] in run.lex.cues["event_names"]:  # "the Central Economic Work Conference": an event
            year = re.match(r"\s+(\d{4})\b", run.text[en:en + 6])  # "... Conference 2024"
            if year:
                name, en = f"{name} {year[1]}", en + year.end()
            nth = re.search(rf"\b(?P<ord>{run.ex.ord_rx})\s+$", run.text[max(s.start, st - 20):st])
            ordinal = ordinal_value(nth["ord"], run.ex.ordinals) if nth else None
            if nth and ordinal:  # "the 5th Hunan Tourism Development Conference": its ordinal is part of its name
                name, st = f"{nth['ord']} {name}", st - len(nth[0])
            event = EntityKey(C.MEETING, "meeting/" + slug(norm(name)))
            # "the Nanyang Municipal Party Committee Economic Work Conference": held by the committee its name opens with
            holder = next((c for c in run.cands[i] if c.key.cls is C.COMMITTEE and c.place is not None
                           and st <= c.start and c.end < en and not run.text[st:c.start].strip(" ")), None)
            run.add(i, Cand(event, st, en, "named-event", name, Priority.MODEL,
                            links=[Link(Relation.HELD_BY, holder.key, "event-holder")] if holder else []))
            held = re.search(r"\b(?:held|opened|convened|closed|took place|kicked off)\b", s.text)
            run.info(event, label=name, date=date_in(run, s.text) if held else None, ordinal=ordinal)
            continue
        sc = re.match(r"Standing\s+Committee\s+of\s+(?:the\s+)?", name)
        if sc and any(w.strip(".,") in run.ex.org_words for w in name[sc.end():].split()) and \
                not (run.lex.canonical("organization", name) or run.lex.canonical("committee", name)) and \
                not any(c.key.cls is C.COMMITTEE and c.start < en and st + sc.end() < c.end for c in run.cands[i]):
            # "the Standing Committee of the Sichuan Provincial Commission for Discipline Inspection": that
            # commission, and its standing committee
            inner = name[sc.end():]
            ikey = EntityKey(C.COMMITTEE if inner.split()[-1] in ("Committee", "Commission") else C.ORGANIZATION, norm(inner))
            run.add(i, Cand(ikey, st + sc.end(), en, "ner-organization", inner, Priority.MODEL, nested_ok=True))
            run.info(ikey, label=inner)
            run.add(i, standing_committee(ikey, inner, st, en, "ner-organization"))
            continue
        cls = C.COMMITTEE if words[-1] in ("Committee", "Commission") else C.ORGANIZATION
        canon = run.lex.canonical("organization", name) or run.lex.canonical("committee", name)
        label = canon or name
        pk = run.level_place(words[0]) if canon is None and words[0] in _LEVEL_WORDS else None
        if pk is not None:  # "the Municipal Bureau of ..." of Huaihua's article: "Huaihua Municipal Bureau of ..."
            label = f"{run.level_of(pk[0], pk[1])[0]} {name}"
        zone = administered_zone(run, i, st, en)
        run.add(i, Cand(EntityKey(cls, norm(label)), st, en, "ner-organization", label,
                        Priority.MODEL, place=zone,
                        links=[Link(Relation.GOVERNS, zone, "zone-administration")] if zone else []))


def administered_zone(run: DocState, i: int, st: int, en: int) -> EntityKey | None:
    """The zone a body at [st, en) administers when its name is the zone's name and an administration
    word ("the Yantai Free Port Zone Administration Committee", "... Management Committee"): the
    zone's place candidate must start the name."""
    words = alt(run.lex.cues["administration_bodies"])
    for c in run.cands[i]:
        if c.start == st and c.end < en and c.key.cls in (C.REGION, C.PLACE) and \
                re.fullmatch(rf"\s+(?:{words})", run.text[c.end:en]):
            return c.key
    return None


def credit_line(run: DocState, s: Sent, st: int, en: int) -> bool:
    """The name at [st, en) stands in a byline or credit: "By X and Y", "(Reporters X, Y)",
    "Photo by X", "X / For China Daily", "X (Xinhua)"."""
    before = run.text[max(s.start, st - 60):st]
    after = run.text[en:min(s.end, en + 30)]
    names = r"(?:[A-Z][\w'-]+\s+[A-Z][\w'-]+(?:\s*,\s*|\s+and\s+))*"
    if re.search(rf"(?:\bBy|\b[Rr]eporters?|\b[Cc]orrespondents?|\b[Ee]ditors?|\b[Pp]hoto(?:graph)?s?"
                 rf"(?:\s+by)?)\s*[:/]?\s*{names}$", before):
        return True
    return re.match(r"\s*(?:/\s*(?:For\s+)?[A-Z]|\((?:Xinhua|China Daily|CGTN|Global Times|CNS|IC|VCG)\))",
                    after) is not None


def place_words(run: DocState) -> frozenset[str]:
    """The names of the places the document names outside the model's persons, without their kind
    ("Chongchuan" of "Chongchuan district"): one word of a person's name is never one of them."""
    cache = run.local(_PlaceWords)
    if cache.words is None:
        kinds = re.compile(r"\s+(?:district|county|city|province|municipality|region)$", re.IGNORECASE)
        persons = [(s.at(e.start_char), s.at(e.end_char)) for s in run.sents for e in s.ents if e.label_ == "PERSON"]
        cache.words = frozenset(kinds.sub("", run.text[c.start:c.end]) for cs in run.cands.values() for c in cs
                                if c.key.cls in (C.CITY, C.REGION, C.COUNTRY) and c.rule != "subject-reference"
                                and not any(a <= c.start and c.end <= b for a, b in persons))  # not "Chen Jining"
    return cache.words


@dataclass(slots=True)
class _PlaceWords:
    words: frozenset[str] | None = None


def party_member(run: DocState, person: EntityKey, place: tuple[EntityKey, str], s: Sent, a: int, b: int) -> None:
    """``person`` holds a party title of ``place`` (key, label), stated at [a, b): a member of its committee."""
    committee, label = run.committee_of(place[0], place[1], None)
    run.info(committee, label=label)
    run.rel(person, Relation.MEMBER_OF, committee, s, a, b, "party-title")


def government_member(run: DocState, person: EntityKey, place: tuple[EntityKey, str], s: Sent, a: int, b: int) -> None:
    """``person`` holds a government title of ``place`` ("acting governor of Shanxi", "Jiaxing's mayor"),
    stated at [a, b): a member of its People's Government, when the document names that government
    (the relation is kept only if its object is)."""
    gov, _label = run.state_body_of(place[0], place[1], "People's Government")
    run.rel(person, Relation.MEMBER_OF, gov, s, a, b, "government-title")


def government_place(run: DocState, pos: str) -> tuple[EntityKey, str] | None:
    """The place whose government a position's words name by a government title: "acting governor of
    Shanxi", "vice mayor of Yantai city", "Jiaxing's acting mayor"; None for any other position."""
    titles = alt(run.lex.cues["government_titles"])
    refs = alt(run.lex.cues["subject_place_words"])
    pos = pos.strip()
    m = re.fullmatch(rf"(?:the\s+)?(?P<title>(?i:{titles}|head))\s+of\s+(?:the\s+)?(?:(?P<ref>(?i:{refs}))|(?P<place>{PLACE})"
                     rf"(?:\s+(?P<level>(?i:province|city|municipality|district|county)))?)", pos) or re.fullmatch(
        rf"(?:the\s+)?(?:(?P<place>{PLACE})|(?i:the\s+)?(?P<ref>(?i:{refs})))['’]s\s+(?P<title>(?i:{titles}))", pos) or \
        re.fullmatch(rf"(?:the\s+)?(?P<title>(?i:{titles}))(?P<place>)(?P<ref>)", pos)
    if m is None:
        return None
    level = m.groupdict().get("level") or next((w for w in ("district", "county") if w in m["title"].lower()), None)
    if m["title"].lower() == "head" and level not in ("district", "county"):
        return None  # "head of the bureau": only a district's or a county's head heads its government
    if m["place"]:
        pk = run.place_key(m["place"]) or (named_zone(run, m["place"], level) if level in ("district", "county") else None)
        return pk if pk is not None and pk[0].cls in (C.CITY, C.REGION) else None
    # "acting mayor Zhang Xin", "the city's mayor": the subject place's, when the title fits its class
    want = C.CITY if "mayor" in m["title"].lower() else C.REGION
    if run.focal is None or run.focal.cls is not want or m["ref"] and run.lex.cues["subject_place_words"].get(
            m["ref"].lower()) != want.value:
        return None
    return run.focal, run.focal_label


def people(run: DocState, i: int, s: Sent) -> None:
    """The model's PERSON entities that look like names, with positions from a title before them
    ("Party Secretary Chen Jining") or an apposition after ("Yin Li, secretary of ..."); a party
    title of a place makes the person a member of that place's committee."""
    for ent in s.ents:
        if ent.label_ != "PERSON":
            continue
        name = ent.text.strip()
        words = name.split()
        if not 2 <= len(words) <= 4 or not all(w[0].isupper() for w in words):
            continue
        if norm(name) in run.lex.place_class or any(w in run.ex.org_words for w in words):
            continue
        if any(w in run.ex.non_person_words for w in words[1:]):  # "Zhangjiang Science City", "... Bay Sci-tech"
            continue
        if any(w.lower() in run.ex.weekdays or w.lower() in run.ex.months for w in words):
            continue
        if credit_line(run, s, s.at(ent.start_char), s.at(ent.end_char)):
            continue  # a byline or a photo credit names the writer, not a person of the story
        if any(w.rstrip("'’s") in place_words(run) for w in words):
            continue  # "Resilient Chongchuan" of a headline: a place the article names, with an epithet
        st = s.at(ent.start_char)
        en = st + len(name)
        key = EntityKey(C.PERSON, norm(name))
        positions: list[str] = []
        before = run.text[max(s.start, st - 40):st]
        tm = run.ex.compiled(body_patterns).title.search(before)
        if tm:
            positions.append(tm[0].strip())
            pk = run.place_key(tm["place"]) if tm["place"] else None
            if pk is None and run.focal is not None and re.search(  # "the city's Party chief Chen Jining"
                    rf"\b[Tt]he\s+(?:{alt(run.lex.cues['subject_place_words'])})(?:'s|’s)\s+$", before[: tm.start("title")]):
                pk = (run.focal, run.focal_label)
            if pk and pk[0].cls in (C.CITY, C.REGION) and tm["title"].lower() in run.ex.party_titles:
                party_member(run, key, pk, s, st - len(tm[0]), en)
        gm = re.search(rf"(?:^|\s)(?P<pos>(?:(?:[Tt]he\s+)?{PLACE}['’]s\s+)?(?i:{alt(run.lex.cues['government_titles'])}))\s+$", before)
        named = re.search(rf"(?P<place>{PLACE})\s+$", before[: gm.start("pos")]) if gm else None
        if named and run.place_key(named["place"]) is not None:  # "Beijing Mayor Yin Yong": Beijing's mayor
            gm = re.search(rf"(?P<pos>(?P<place>{PLACE})\s+(?P<title>(?i:{alt(run.lex.cues['government_titles'])})))\s+$", before)
            gpk = government_place(run, f"{gm['place']}'s {gm['title']}") if gm else None
        else:
            gpk = government_place(run, gm["pos"]) if gm else None
        if gm and gpk:  # "Jiaxing's acting mayor Li Jun"
            government_member(run, key, gpk, s, st - len(before) + gm.start("pos"), en)
        after = run.text[en:s.end]
        am = run.ex.compiled(body_patterns).apposition.match(after)
        em = None if am else run.ex.compiled(body_patterns).elected.match(after)
        pos_span = None
        if em:  # "Lan Fo'an and Shang Liguang were elected deputy Party secretaries": one position each
            pos = re.split(r"\s+(?:at|during|on|in|from|since|for)\s+", em["pos"].strip())[0]  # "... at the session"
            written = re.sub(r"^(?:the|a|an)\s+", "", pos)
            if em["aux"].lower() in ("were", "have been"):
                written = re.sub(r"ies\b", "y", written, count=1) if re.search(r"\w+ies\b", written.split(" of ")[0]) \
                    else re.sub(r"(\w)s\b", r"\1", written, count=1)
            positions.append(written)
            pos_span = (en + em.start("pos"), en + em.start("pos") + len(pos))
            if not any(o.key.cls in (C.COMMITTEE, C.ORGANIZATION) and pos_span[0] <= o.start < pos_span[1]
                       for o in run.cands[i]) and run.focal is not None and run.focal.cls in (C.CITY, C.REGION) and \
                    re.fullmatch(rf"(?:deputy\s+|executive\s+deputy\s+)?(?:{alt(run.ex.party_titles)})", written, re.IGNORECASE):
                party_member(run, key, (run.focal, run.focal_label), s, st, pos_span[1])  # no body named: the subject's
        if am:
            pos = am["pos"].strip()
            positions.append(re.sub(r"^(?:the|a|an)\s+", "", pos))
            pos_span = (en + am.start("pos"), en + am.start("pos") + len(pos))
            pm = re.match(rf"(?:the\s+)?(?:{alt(run.ex.party_titles)})\s+of\s+(?P<place>{PLACE})",
                          pos, re.IGNORECASE) or re.match(  # "Luohu's Party chief"
                rf"(?:the\s+)?(?P<place>{PLACE})['’]s\s+(?i:{alt(run.ex.party_titles)})$", pos)
            pk = run.place_key(re.sub(r"\s+[Pp]rovince$", "", pm["place"])) if pm else None
            if pk is None and pm and run.focal is not None and run.focal_label.split()[0] == pm["place"]:
                pk = (run.focal, run.focal_label)  # "Luohu's" of an article about Luohu District
            if pk and pk[0].cls in (C.CITY, C.REGION):  # "Party secretary of Hainan province"
                party_member(run, key, pk, s, st, pos_span[1])
            # "Jin Xiangjun, acting governor of Shanxi", "X, deputy secretary of the municipal Party committee and mayor"
            gpk = next((g for part in re.split(r",\s*(?:and\s+)?|\s+and\s+", pos) if (g := government_place(run, part))), None)
            if gpk:
                government_member(run, key, gpk, s, st, pos_span[1])
        run.info(key, positions=tuple(positions))
        run.add(i, Cand(key, st, en, "ner-person", name, Priority.NAME, position=pos_span))
    listed_people(run, i, s)


#: A name of two words as Chinese names are written in English ("Hong Qing", "Chen Min'er").
_PERSON_NAME = re.compile(r"[A-Z][a-z]+(?:['’-][a-z]+)?\s+[A-Z][a-z]+(?:['’-][a-z]+)?")


def listed_people(run: DocState, i: int, s: Sent) -> None:
    """A name the model missed in a list of names it tagged ("Tian Jinchen, Hong Qing, Feng Tao, ... and
    Kang Fang, members of the presidium"): in a run of three or more comma-separated names, two of them
    people the model found, every other item shaped like a name, and no place, is a person too."""
    found = {(s.at(e.start_char), s.at(e.start_char) + len(e.text.strip())) for e in s.ents if e.label_ == "PERSON"}
    if len(found) < 2:
        return
    items = [(s.start + m.start(1), s.start + m.end(1)) for m in
             re.finditer(r"(?:^|,\s*(?:and\s+)?|\s+and\s+)([^,]+?)(?=\s*,|\s+and\s|$)", s.text)]
    run_: list[tuple[int, int]] = []
    for a, b in [*items, (-1, -1)]:
        if a >= 0 and _PERSON_NAME.fullmatch(run.text[a:b]) and run.place_key(run.text[a:b]) is None:
            run_.append((a, b))
            continue
        if len(run_) >= 3 and sum(x in found for x in run_) >= 2:
            for x, y in run_:
                if (x, y) not in found and not run.any_cand(i, C.PERSON, x, y) and not credit_line(run, s, x, y):
                    name = run.text[x:y]
                    run.add(i, Cand(EntityKey(C.PERSON, norm(name)), x, y, "person-list", name, Priority.NAME))
        run_ = []



#: A place's party commission for discipline inspection named after its place: "the 12th Committee for
#: Discipline Inspection of Zibo City", "the CPC Discipline Inspection Commission of Zibo city".
_DISCIPLINE = re.compile(rf"\b(?:CPC\s+|Communist\s+Party\s+)?(?:Discipline\s+Inspection\s+Commission|(?:Commission|Committee)"
                         rf"\s+for\s+Discipline\s+Inspection)\s+of\s+(?:the\s+)?(?P<place>{PLACE}?)"
                         rf"(?:\s+(?:[Cc]ity|[Pp]rovince|[Cc]ounty|[Dd]istrict))?\b")


def discipline_commissions(run: DocState, i: int, s: Sent) -> None:
    """A place's commission for discipline inspection named after the place ("the 13th CPC Discipline
    Inspection Commission of Zibo city"): the committee "<place> <level> Commission for Discipline
    Inspection", a part of the party, without the term its ordinal gives."""
    for m in _DISCIPLINE.finditer(s.text):
        pk = run.place_key(m["place"])
        if pk is None or pk[0].cls not in (C.CITY, C.REGION):
            continue
        name, lvl = run.level_of(pk[0], pk[1])
        label = " ".join(x for x in (name, lvl, "Commission for Discipline Inspection") if x)
        run.info(run.party_key, label=run.lex.cues["party_canonical"])
        run.add(i, Cand(EntityKey(C.COMMITTEE, norm(label)), s.start + m.start(), s.start + m.end(),
                        "discipline-commission", label, Priority.STRUCTURE,
                        links=[Link(Relation.PART_OF, run.party_key, "discipline-commission", implied=True)]))
