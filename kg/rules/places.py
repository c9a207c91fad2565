"""Places: gazetteer names, suffix patterns, the model's GPEs; the document's subject; "the city"."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..gazetteer import norm
from ..types import EntityClass as C
from ..types import EntityKey, Relation
from .base import PLACE, Cand, DocState, Link, Patterns, Priority, Sent, alt, group, ordinal_value, standing_committee
from .bodies import committee_matches


@dataclass(frozen=True, slots=True)
class SubjectPatterns:
    """References to the document's subject: "the city", "the city's Party committee"."""

    place: re.Pattern[str]
    committee: re.Pattern[str]
    body: re.Pattern[str]  # "the provincial people's congress", "the municipal government", "... commission"
    zone_list: re.Pattern[str]  # "the Xixian, Qujiang and Hi-tech development zones"


#: One name of a shared-head list of zones: capitalised words ("Xixian", "Hi-tech", "Nansha New").
_ZONE_NAME = r"(?-i:[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2})"


def subject_patterns(ex: Patterns) -> SubjectPatterns:
    """Compile the subject-reference patterns from the cue words."""
    subj_words = alt(ex.lex.cues["subject_place_words"])
    return SubjectPatterns(
        place=re.compile(rf"\b[Tt]he\s+(?P<ref>{subj_words})\b(?!\s+(?:of|government|council))"),
        committee=re.compile(
            rf"(?P<standing>\b[Ss]tanding\s+[Cc]ommittee\s+of\s+)?"
            rf"\b[Tt]he\s+(?:(?P<ref>{subj_words})(?:'s|’s)\s+|(?:(?P<term>{ex.ord_rx})\s+)?(?P<level>[Mm]unicipal|[Pp]rovincial|[Rr]egional)\s+)"
            rf"(?:(?:(?:CPC\s+|Communist\s+Party\s+)?Party|CPC)\s+[Cc]ommittee|[Cc]ommittee\s+of\s+the\s+(?:CPC|Communist\s+Party"
            rf"\s+of\s+China)(?:\s+\(CPC\))?)\b"),
        body=re.compile(
            r"\b(?:[Tt]he\s+|(?<=\s))(?P<level>[Pp]rovincial|[Mm]unicipal|[Rr]egional)\s+(?:(?P<kind>[Pp]eople's\s+[Cc]ongress|"
            r"(?:[Pp]eople's\s+)?[Gg]overnment)|(?P<office>(?:(?!and\b)[a-z][\w-]*\s+(?:and\s+)?){0,4}"
            r"(?:commission|bureau|department|administration)(?:\s+of\s+[a-z]+(?:\s+and\s+[a-z]+)?"
            r"|\s+for\s+[a-z]+(?:\s+(?:inspection|supervision|affairs))?)?))\b"),  # "commission for discipline inspection"
        zone_list=re.compile(
            rf"(?P<names>{_ZONE_NAME}(?:\s*,\s*{_ZONE_NAME})*\s*,?\s+and\s+{_ZONE_NAME})\s+"
            rf"(?P<kind>(?:{alt(ex.lex.cues['zone_kinds'])})\s+)(?P<head>{alt(ex.lex.cues['zone_heads'])})s\b",
            re.IGNORECASE))


def currency_after(run: DocState, end: int) -> bool:
    """The place name that ends at ``end`` names a currency ("U.S. dollars", "Hong Kong dollars")."""
    return re.match(r"\s*(?:dollars?|cents?)\b", run.text[end:end + 12]) is not None


def in_publication(run: DocState, end: int) -> bool:
    """The place name that ends at ``end`` opens a publication's name ("America Commercial News",
    "China Daily", "the Baotou Daily Digital Newspaper")."""
    heads = alt(run.lex.cues["publication_heads"])
    return re.match(rf"(?:\s+[A-Z][\w'’-]*){{0,2}}?\s+(?:{heads})\b", run.text[end:end + 60]) is not None


def in_person_name(run: DocState, s: Sent, st: int, en: int) -> bool:
    """The place name at [st, en) is the given name of a person the model finds ("Ziyang" of the
    reporter "Zhang Ziyang"): it follows the surname inside the person's name."""
    for e in s.ents:
        a, b = s.at(e.start_char), s.at(e.end_char)
        if e.label_ == "PERSON" and a < st and en <= b and run.place_key(run.text[a:st].split()[0]) is None:
            return True
    return False


def in_route_name(run: DocState, st: int, en: int) -> bool:
    """The place name at [st, en) is one end of a route's name ("the Nanyang-Xinyang-Lu'an High-speed
    Railway", "the Baoji–Lanzhou line"): places joined by hyphens before a route word name the route."""
    name = r"[A-Z][\w'’]*"
    before = re.search(rf"(?:{name}[-–])+$", run.text[max(0, st - 60):st])
    after = re.match(rf"(?:[-–]{name})*", run.text[en:en + 60])
    if before is None and not (after and after[0]):
        return False  # a lone place: "the Chengdu railway hub" names the city
    end = en + (len(after[0]) if after else 0)
    routes = alt(run.lex.cues["route_words"])
    return re.match(rf"\s+(?:(?:[Hh]igh-speed|[Ii]ntercity|[Hh]eavy-haul)\s+)?(?:{routes})\b", run.text[end:end + 40]) is not None


def in_place_chain(run: DocState, st: int, en: int) -> bool:
    """The place name at [st, en) is joined by hyphens to other place names ("the Beijing-Tianjin
    area", "the Tibet-Sichuan section", "the Chengdu-Chongqing circle"): the chain names an area or
    a stretch between the places, not one of them. Every name of the chain must be a place ("the
    China-ASEAN Expo" still names China)."""
    name = r"[A-Z][\w'’]*"
    before = re.search(rf"(?:{name}[-–])+$", run.text[max(0, st - 60):st])
    after = re.match(rf"(?:[-–]{name})*", run.text[en:en + 60])
    if before is None and not (after and after[0]):
        return False
    others = re.findall(name, (before[0] if before else "") + (after[0] if after else ""))
    return all(run.place_key(o) is not None for o in others)


def gazetteer_places(run: DocState, i: int, s: Sent) -> None:
    """Places the gazetteer names, and names with a place suffix ("Lingang Special Area",
    "Hainan Province"), typed by the gazetteer or the suffix."""
    for sp in s.gaz:
        st, en = s.at(sp.start_char), s.at(sp.end_char)
        if sp.label_ == "place":
            if currency_after(run, en) or in_publication(run, en) or in_person_name(run, s, st, en) \
                    or in_route_name(run, st, en) or in_place_chain(run, st, en):
                continue
            pk = run.place_key(sp.id_)
            if pk:
                run.add(i, Cand(pk[0], st, en, "gazetteer-place", pk[1], Priority.PLACE, nested_ok=True))
        elif sp.label_ == "place_suffix":
            name = sp.text
            first = name.split()[0]
            if first in ("The", "A", "An"):
                continue
            if first in ("In", "At", "From", "For", "On", "By", "To", "With", "Across", "Under"):
                st += len(first) + 1  # "In Tianfu New Area, ...": the sentence's first word is no part of the name
                name = run.text[st:en]
            if all(w.lower() in run.ex.suffix_words for w in re.findall(r"[\w-]+", name)):
                continue  # "Pilot Free Trade Zone" alone names no place
            if name.split()[0] in run.ex.not_places and len(name.split()) <= 2:
                continue  # "Chinese province", "Central Province": a word of kind, no name
            stem = re.sub(r"\s+(?:[Pp]rovince|City)$", "", name)
            pk = run.place_key(stem, None) if stem != name else None
            pk = pk or run.place_key(name, sp.id_)
            if pk:
                run.add(i, Cand(pk[0], st, en, "place-suffix", pk[1], Priority.PLACE, nested_ok=True))


def zone_lists(run: DocState, i: int, s: Sent) -> None:
    """Zones that share their head: "the Xixian, Qujiang and Hi-tech development zones" are three
    regions, "Xixian development zone", "Qujiang development zone" and "Hi-tech development zone"."""
    for m in run.ex.compiled(subject_patterns).zone_list.finditer(s.text):
        suffix = " ".join((m["kind"] + m["head"]).split())
        a0 = s.start + m.start("names")
        for a, b in run.ex.split_list(run.text[a0:s.start + m.end("names")], a0):
            name = re.sub(r"^(?:[Tt]he)\s+", "", run.text[a:b])
            if not name or name in run.ex.not_places:
                continue
            pk = run.place_key(f"{name} {suffix}", C.REGION.value)
            if pk is not None:
                run.add(i, Cand(pk[0], b - len(name), b, "zone-list", pk[1], Priority.PATTERN))


def ner_places(run: DocState, i: int, s: Sent) -> None:
    """The model's GPE and LOC entities, as places of unknown level unless the gazetteer knows them;
    one with commas ("Hunan, Hubei" of a list of provinces) is a place per item."""
    for ent in s.ents:
        if ent.label_ not in ("GPE", "LOC"):
            continue
        text = re.sub(r"^(?:the|The)\s+", "", ent.text)
        name = re.sub(r"(?:'s|’s)$", "", text)  # "Northeast China's"
        if not name or not name[0].isupper() or name in run.ex.not_places:
            continue
        if currency_after(run, s.at(ent.end_char)) or in_publication(run, s.at(ent.end_char)):
            continue
        en = s.at(ent.end_char) - (len(text) - len(name))
        st = en - len(name)
        # "Hunan, Hubei" of "(Hunan, Hubei, Chongqing, ...)": the model joins list items; each is a place
        parts = [(st + m.start(), st + m.end()) for m in re.finditer(r"[^,]+", name)] if "," in name else [(st, en)]
        for a, b in parts:
            lead = len(run.text[a:b]) - len(run.text[a:b].lstrip())
            a += lead + (4 if re.match(r"and\s", run.text[a + lead:b]) else 0)
            part = run.text[a:b].rstrip()
            if not part or not part[0].isupper() or part in run.ex.not_places or in_place_chain(run, a, a + len(part)):
                continue
            pk = run.place_key(part, "Place")
            if pk and pk[0].cls is C.PLACE and any(w in part for w in run.ex.org_words):
                continue
            if pk:
                run.add(i, Cand(pk[0], a, a + len(part), "ner-place", pk[1], Priority.MODEL, nested_ok=True))


def learn_places(run: DocState) -> None:
    """A place missing from the gazetteer is learnt from a committee named after it: "CPC Zibo
    Municipal Committee" makes Zibo a city (a provincial one, a region), or from an apposition: "Laizhou,
    a county-level city under Yantai" is a city that lies in Yantai ("Longkou city", "Longkou in
    Yantai" too); every mention of the name in the document counts."""
    learnt: dict[str, tuple[EntityKey, str]] = {}
    for s in run.sents:
        for m in committee_matches(run, s):
            name, cls = group(m, "place"), run.level_class(group(m, "level"))
            if (not name or cls is None or name in run.ex.not_places
                    or run.place_key(name) is not None or name.split()[0] in ("The", "A")):
                continue
            pk = run.place_key(name, cls)
            if pk is not None:
                learnt.setdefault(name, pk)
    for name, (key, label) in sorted(learnt_cities(run).items()):
        learnt.setdefault(name, (key, label))
    short = zone_short_names(run)
    for name, (key, label) in sorted(learnt.items()):
        rx_name = re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])")
        for i, s in enumerate(run.sents):
            for m in rx_name.finditer(s.text):
                run.add(i, Cand(key, s.start + m.start(), s.start + m.end(), "learnt-place", label, Priority.MODEL,
                                nested_ok=True))
    for name, (key, label) in sorted(short.items()):
        if name in learnt:
            continue
        rx_short = re.compile(rf"(?<![\w'’-]){re.escape(name)}(?![\w'’-])(?!\s+[A-Z])")
        for i, s in enumerate(run.sents):
            for m in rx_short.finditer(s.text):
                run.add(i, Cand(key, s.start + m.start(), s.start + m.end(), "zone-short-name", label, Priority.PLACE,
                                nested_ok=True))


def zone_short_names(run: DocState) -> dict[str, tuple[EntityKey, str]]:
    """A zone the document names in full ("Liangjiang New Area", "Lingang Special Area") is then
    called by the first word of its name alone ("Liangjiang will speed up ..."), when that word is
    no place of its own ("Kashgar" of "Kashgar Economic Development Zone" is the city) and names one
    zone of the document only."""
    found: dict[str, set[tuple[EntityKey, str]]] = {}
    heads = re.compile(rf"\s(?:{alt(run.lex.cues['zone_name_heads'])})$", re.IGNORECASE)
    for cs in run.cands.values():
        for c in cs:
            if c.key.cls is not C.REGION:
                continue
            words = (c.label or run.text[c.start:c.end]).split()
            if len(words) < 2 or not heads.search(" ".join(words)) or not re.fullmatch(r"[A-Z][a-z]+", words[0]) \
                    or not all(w.lower() in run.ex.suffix_words for w in words[1:]):
                continue
            if run.place_key(words[0]) is not None or words[0] in run.ex.not_places \
                    or words[0].lower() in run.ex.suffix_words:  # "Pilot Free Trade Zone": no name of its own
                continue
            found.setdefault(words[0], set()).add((c.key, c.label or run.text[c.start:c.end]))
    return {name: next(iter(keys)) for name, keys in found.items() if len({k for k, _ in keys}) == 1}


def learnt_cities(run: DocState) -> dict[str, tuple[EntityKey, str]]:
    """Cities the gazetteer does not know, learnt from how the article calls them: "Laizhou, a
    county-level city under Yantai" (which it lies in), or "Longkou city" for a name the model takes
    for a place; such a city named "in" a known city or province ("Longkou in Yantai") lies in it."""
    cues = run.lex.cues
    kinds, within = alt(cues["city_kinds"]), alt(cues["city_within"])
    apposition = re.compile(rf"(?<![\w-])(?P<name>{PLACE}),\s+an?\s+(?:{kinds})\s+(?:{within})\s+(?:the\s+)?"
                            rf"(?P<parent>{PLACE})")
    suffixed = re.compile(rf"(?<![\w-])(?P<name>{PLACE})\s+(?:{kinds})\b")
    modelled = {run.text[c.start:c.end] for cs in run.cands.values() for c in cs if c.key.cls is C.PLACE}
    found: dict[str, tuple[EntityKey, str]] = {}
    parents: list[tuple[int, Sent, int, int, str, EntityKey]] = []

    def unknown(name: str) -> bool:
        return (run.place_key(name) is None and name not in run.ex.not_places
                and name.split()[0] not in ("The", "A", "An", "In", "At", "Its"))

    for i, s in enumerate(run.sents):
        if not any(k in s.text for k in cues["city_kinds"]):
            continue  # both expressions spell a kind of city out
        for m in apposition.finditer(s.text):
            pk = run.place_key(m["parent"])
            if unknown(m["name"]) and pk is not None and pk[0].cls in (C.CITY, C.REGION):
                found.setdefault(m["name"], (EntityKey(C.CITY, norm(m["name"])), m["name"]))
                parents.append((i, s, s.start + m.start(), s.start + m.end(), m["name"], pk[0]))
        for m in suffixed.finditer(s.text):
            if unknown(m["name"]) and m["name"] in modelled:
                found.setdefault(m["name"], (EntityKey(C.CITY, norm(m["name"])), m["name"]))
    for i, s in enumerate(run.sents):
        for name in found:
            for m in re.finditer(rf"(?<![\w-]){re.escape(name)}\s+in\s+(?P<parent>{PLACE})", s.text):
                pk = run.place_key(m["parent"])
                if pk is not None and pk[0].cls in (C.CITY, C.REGION):
                    parents.append((i, s, s.start + m.start(), s.start + m.end(), name, pk[0]))
    for i, s, a, b, name, parent in parents:
        run.rel(found[name][0], Relation.LOCATED_IN, parent, s, a, b, "city-apposition")
    return found


def choose_focal(run: DocState) -> None:
    """The document's subject place: the first city or region of the lead, else the country the
    lead names, else the most named place."""
    counts: Counter[EntityKey] = Counter()
    first: dict[EntityKey, int] = {}
    labels: dict[EntityKey, str] = {}
    lead_end = run.sents[0].end if run.sents else 0
    lead_pick: EntityKey | None = None
    known = any(c.key.cls in (C.CITY, C.REGION) for cs in run.cands.values() for c in cs)
    focal_classes = (C.CITY, C.REGION) if known else (C.PLACE,)
    for i, cs in run.cands.items():
        for c in cs:
            if c.key.cls in focal_classes:
                counts[c.key] += 1
                first.setdefault(c.key, c.start)
                labels[c.key] = c.label or run.text[c.start:c.end]
                if lead_pick is None and c.end <= lead_end and i == 0:
                    lead_pick = c.key
    if lead_pick is None and run.sents:  # a national article: the country its lead names
        lead_end0 = run.sents[0].end
        lead_pick = next((c.key for c in run.cands[0] if c.key.cls is C.COUNTRY and c.end <= lead_end0), None)
        if lead_pick is not None:
            labels[lead_pick] = next(c.label or "" for c in run.cands[0] if c.key == lead_pick)
    if lead_pick is None and counts:
        lead_pick = min(counts, key=lambda k: (-counts[k], first[k]))
    run.focal = lead_pick
    if lead_pick is not None:
        run.focal_label = labels[lead_pick]


def subject_places(run: DocState, i: int, s: Sent) -> None:
    """"the city", "the province": a reference to the document's subject place when the word fits its
    class; else "the province" of a city's article is the province the city lies in, and "the city" of
    a province's article the city named last in this sentence or the one before ("visited Chengdu and
    urged the city to ...")."""
    if run.focal is None:
        return
    words = run.lex.cues["subject_place_words"]
    for m in run.ex.compiled(subject_patterns).place.finditer(s.text):
        want = words[m["ref"].lower()]
        st = s.start + m.start()
        if want == run.focal.cls.value:
            # "Guangdong's work report said the province will ...": the one place of that class the sentence
            # names before the word, when it is not the document's own
            others = {c.key: c for c in run.cands[i] if c.key.cls.value == want and c.end <= st and c.rule != "subject-reference"}
            if len(others) == 1 and run.focal not in others:
                other = next(iter(others.values()))
                run.add(i, Cand(other.key, st, s.start + m.end(), "subject-reference", run.label_of(other.key), Priority.MODEL))
                continue
            run.add(i, Cand(run.focal, st, s.start + m.end(), "subject-reference", run.focal_label, Priority.MODEL))
            continue
        pk = run.level_place("provincial") if want == C.REGION.value and run.focal.cls is C.CITY else None
        if want == C.CITY.value and run.focal.cls is C.REGION:
            named = [c for j in (i - 1, i) if j >= 0 for c in run.cands[j] if c.key.cls is C.CITY and c.end <= st]
            pk = (named[-1].key, run.label_of(named[-1].key)) if named else None
        if pk is not None:
            run.add(i, Cand(pk[0], st, s.start + m.end(), "subject-reference", pk[1], Priority.MODEL))


def subject_committees(run: DocState, i: int, s: Sent) -> None:
    """"the city's Party committee", "the provincial Party committee", "the 12th Provincial Committee of
    the CPC" (its term): the committee of the subject place, or of its province (and "the Standing
    Committee of the Municipal Party Committee" its standing committee)."""
    if run.focal is None:
        return
    words = run.lex.cues["subject_place_words"]
    for m in run.ex.compiled(subject_patterns).committee.finditer(s.text):
        ref = (m["ref"] or "").lower()
        pk = ((run.focal, run.focal_label) if words.get(ref) == run.focal.cls.value else None) if ref \
            else run.level_place(m["level"] or "")
        if pk is None:
            continue
        key, label = run.committee_of(pk[0], pk[1], None)
        if pk[0] == run.focal:
            run.focal_committee = run.focal_committee or key
        start = s.start + (m.end("standing") if m["standing"] else m.start())
        term = ordinal_value(m["term"], run.ex.ordinals) if m["term"] else None  # "the 12th Provincial Committee"
        run.add(i, Cand(key, start, s.start + m.end(), "subject-committee", label,
                        Priority.PHRASE, place=pk[0], party=True, nested_ok=bool(m["standing"]), term=term,
                        links=[Link(Relation.GOVERNS, pk[0], "committee-name", implied=True)]))
        if m["standing"]:  # "the Standing Committee of the Municipal Party Committee"
            run.info(key, label=label)
            run.add(i, standing_committee(key, label, s.start + m.start(), s.start + m.end(), "subject-standing-committee"))
    for m in _BARE_PARTY_COMMITTEE.finditer(s.text):  # "reviews by the Communist Party Committee": the place's
        pk = run.level_place(m["level"]) if m["level"] else (run.focal, run.focal_label)
        if pk is None or pk[0].cls not in (C.CITY, C.REGION):
            continue
        key, label = run.committee_of(pk[0], pk[1], None)
        run.add(i, Cand(key, s.start + m.start() + 4, s.start + m.end(), "subject-committee", label, Priority.PHRASE,
                        place=pk[0], party=True, links=[Link(Relation.GOVERNS, pk[0], "committee-name", implied=True)]))
    for m in _LEVEL_STANDING.finditer(s.text):  # "the Municipal Standing Committee", "the provincial Party standing committee"
        pk = run.level_place(m["level"])
        if pk is None:
            continue
        key, label = run.committee_of(pk[0], pk[1], None)
        run.info(key, label=label)
        run.add(i, standing_committee(key, label, s.start + m.start("level"), s.start + m.end(), "subject-standing-committee"))


#: The party committee named by the party alone: "the Communist Party Committee", "the CPC Committee".
_BARE_PARTY_COMMITTEE = re.compile(r"\b[Tt]he\s+(?:(?P<level>[Mm]unicipal|[Pp]rovincial|[Rr]egional)\s+)?"
                                   r"(?:Communist\s+Party|CPC)\s+Committee\b(?!\s+(?:of|for)\b)")


#: The standing committee of a level's party committee, named by the level alone.
_LEVEL_STANDING = re.compile(r"\b[Tt]he\s+(?P<level>[Mm]unicipal|[Pp]rovincial|[Rr]egional)\s+(?:(?:CPC|Party)\s+)?"
                             r"[Ss]tanding\s+[Cc]ommittee\b(?!\s+of\b)")



def subject_bodies(run: DocState, i: int, s: Sent) -> None:
    """"the provincial people's congress", "the municipal government", "the provincial development and
    reform commission": a body of the place the level refers to (the subject place, or the province
    of a subject city); a government governs its place."""
    for m in run.ex.compiled(subject_patterns).body.finditer(s.text):
        named = re.search(r"([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?)\s+$", s.text[:m.start("level")])
        pk = run.place_key(named[1]) if named else None
        if named is not None and pk is not None and run.level_class(m["level"]) == pk[0].cls.value:
            start = s.start + named.start(1)  # "the Jilin provincial government": the named place's body
        elif pk is not None:
            continue  # "the Changchun provincial ...": no body of a place of that level
        else:
            pk = run.level_place(m["level"])
            if pk is None:
                continue
            start = s.start + m.start("level")
        if m["kind"]:
            key, label = run.state_body_of(pk[0], pk[1], m["kind"].replace("people's", "People's").title()
                                           .replace("People'S", "People's"))
            governs = "government" in m["kind"].lower()
            run.add(i, Cand(key, start, s.start + m.end(), "subject-body", label, Priority.PHRASE, place=pk[0],
                            nested_ok=True,
                            links=[Link(Relation.GOVERNS, pk[0], "subject-body", implied=True)] if governs else []))
        else:
            name, lvl = run.level_of(pk[0], pk[1])
            office = " ".join(w if w in ("and", "of", "for") else w[:1].upper() + w[1:] for w in m["office"].split())
            label = " ".join(x for x in (name, lvl, office) if x)
            run.add(i, Cand(EntityKey(C.ORGANIZATION, norm(label)), start, s.start + m.end(), "subject-body", label,
                            Priority.PHRASE))



def gazetteer_ancestors(run: DocState, label: str) -> set[str]:
    """The places the gazetteer puts the place ``label`` in, transitively."""
    out: set[str] = set()
    while (label := run.lex.place_parent.get(label, "")) and label not in out:
        out.add(label)
    return out


def containment_patterns(ex: Patterns) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The expressions of ``place_containment``: a zone's head at the end of its name, and the words
    that put a place inside the next one ("of", "lies at the heart of", ", an energy base of")."""
    cues = ex.lex.cues
    heads = re.compile(rf"\s(?:{alt(cues['zone_name_heads'])})$", re.IGNORECASE)
    link = re.compile(r"(?:\s+(?:city|province))?(?P<how>\s+(?:of|in)|\s+(?:which\s+)?(?:lies|is\s+located|is\s+situated|sits)"
                      r"\s+(?:in|at\s+the\s+(?:heart|centre|center|core)\s+of)"
                      rf"|,\s+(?:an?|the)\s+(?:[a-z][\w-]*\s+){{0,2}}?(?:{alt(cues['containment_nouns'])})\s+(?:of|in))"
                      r"\s+(?:the\s+)?")
    return heads, link


def place_containment(run: DocState, i: int, s: Sent) -> None:
    """A place the text puts inside another: "the Xihu district of Hangzhou city", "Liwan district in
    Guangzhou", "the city lies at the heart of the Pearl River Delta", "Nansha, an energy base of the
    Bay Area".  A district, county or zone lies in a city or province named so; a city, in a region.
    A place the gazetteer already puts somewhere is put elsewhere only by a verb or an apposition
    (not by "Shanghai in Jiangsu", which may be "investment from Shanghai in Jiangsu")."""
    heads, link = run.ex.compiled(containment_patterns)
    places = [c for c in run.cands[i] if c.key.cls in (C.CITY, C.REGION)]
    for a in places:
        label = a.label or run.text[a.start:a.end]
        m = link.match(run.text, a.end, s.end)
        if m is None:
            continue
        known = gazetteer_ancestors(run, label)
        if known and re.fullmatch(r"\s+(?:of|in)", m["how"]):
            continue  # "Shanghai in Jiangsu" of "investment from Shanghai in Jiangsu": the gazetteer knows better
        the = re.search(r"the\s+$", m[0])
        at = {m.end(), m.start() + the.start() if the else m.end()}  # "the province" starts at "the"
        inner = [b for b in places if b.start in at and b.key != a.key]
        if not inner:
            continue
        b = max(inner, key=lambda c: c.length)
        if (b.label or run.text[b.start:b.end]) in known:
            continue  # the gazetteer says so already
        zone = a.key.cls is C.REGION and heads.search(label) is not None
        if not (zone or a.key.cls is C.CITY and b.key.cls is C.REGION):
            continue
        run.rel(a.key, Relation.LOCATED_IN, b.key, s, a.start, b.end, "place-containment")
