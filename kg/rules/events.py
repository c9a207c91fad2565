"""Events: dates, meetings (body, term, ordinal or date) and the resolutions adopted at them."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..gazetteer import norm
from ..types import EntityClass as C
from ..types import EntityKey, Relation
from ..namespaces import slugify as slug
from spacy.tokens import Token
from .base import PLACE, Cand, DocState, Link, MeetingParts, Patterns, Priority, Sent, alt, ordinal_value, ordinal_word, resolve_weekday


@dataclass(frozen=True, slots=True)
class EventPatterns:
    """The expressions of the event rules: meetings, congresses, plans, resolutions and dates."""

    meeting: re.Pattern[str]
    resolution: re.Pattern[str]
    named_plan: re.Pattern[str]
    owned_plan: re.Pattern[str]  # "Baotou's next five-year plan", "the city's new five-year plan"
    document_title: re.Pattern[str]  # "the Action Plan for Enhancing ... (2024-25)", "Decision of the ... on ..."
    described_document: re.Pattern[str]  # "issued opinions on the high-quality development of ..."
    described_passive: re.Pattern[str]  # "the opinions on ... issued by the CPC ... Committee"
    plan_recommendations: re.Pattern[str]  # "the recommendations of the ... Committee for formulating the 15th Five-Year Plan"
    party_congress: re.Pattern[str]
    local_congress: re.Pattern[str]  # "the 12th CPC Sichuan Provincial Congress", "the 12th Shanxi CPC Congress"
    event_cue: re.Pattern[str]  # a sentence that can date the reported event
    weekday: re.Pattern[str]
    monthday: re.Pattern[str]
    day_only: re.Pattern[str]  # "on the 23rd"
    yesterday: re.Pattern[str]  # "on the morning of yesterday": the day before the article's
    dateline: re.Pattern[str]  # "HAIKOU, Jan. 24 (Xinhua) --": the wire's date, not the event's


@dataclass(slots=True)
class MeetingState:
    """The meetings of a document once keyed (``resolve_meetings``): each one's body, in order of mention."""

    body: dict[EntityKey, EntityKey] = field(default_factory=dict)
    keys: list[EntityKey] = field(default_factory=list)


#: A word of a document's title: capitalised, a number, or a small word between capitalised ones.
_TITLE_WORD = r"(?:[A-Z0-9][\w'’.-]*|of|and|the|for|on|in|by|to|a|an|with|its|at|from|into|under)"
_SMALL_WORDS = frozenset({"of", "and", "the", "for", "on", "in", "by", "to", "a", "an", "with", "its", "at", "from", "into",
                          "under"})


def event_patterns(ex: Patterns) -> EventPatterns:
    """Compile the event patterns from the cue words."""
    cues = ex.lex.cues
    ordw, party = ex.ord_rx, ex.party_rx
    kinds = alt(cues["meeting_kinds"])
    months = alt([*(m.title() for m in ex.months), *ex.month_abbreviations])
    return EventPatterns(
        meeting=re.compile(
            rf"\b(?:(?:[Tt]he|[Aa]n?|[Ii]ts)\s+)?(?:(?P<ord>(?:{ordw})(?:\s*,\s*(?:and\s+)?(?:{ordw})|\s+and\s+(?:{ordw}))*)\s+)?"
            rf"(?P<kind>{kinds}|session)s?\b"
            rf"(?P<of>\s+of\s+(?:the|its)\s+(?:(?P<term>{ordw})\s+)?)?", re.IGNORECASE),  # "Third Plenary Session"
        resolution=re.compile(
            rf"\b(?:the|an?|its|this|[\w-]+(?:'s|’s))\s+[\"“]?(?P<mods>(?:[\w-]+\s+){{0,2}}?)"
            rf"(?P<kind>{alt([*cues['resolution_words'], *cues['plan_recommendation_kinds']])})(?![\w-])",
            re.IGNORECASE),  # not "decision-making"
        named_plan=re.compile(rf"\b(?:[Tt]he\s+)?(?P<name>(?:(?P<ord>{ordw})\s+[Ff]ive[- ][Yy]ear\s+[Pp]lan|Five-Year\s+Plan)"
                              r"(?:\s+\(\d{4}-\d{2,4}\))?)"),
        owned_plan=re.compile(rf"(?:(?P<owner>{PLACE}?)(?:'s|’s)|\b[Tt]he\s+(?P<ref>{alt(cues['subject_place_words'])})(?:'s|’s)|"
                              rf"\b(?P<its>[Ii]ts))\s+(?P<name>(?:next|new|upcoming|coming)\s+five-year\s+plan)\b"),
        document_title=re.compile(
            rf"(?P<title>(?:[A-Z][\w'’-]*\s+){{0,3}}?(?P<kind>{alt(cues['document_kinds'])})\s+(?:of|on|for|to)\s+"
            rf"{_TITLE_WORD}(?:[ ,]+{_TITLE_WORD}){{1,45}}(?:\s*\(\d{{4}}(?:\s*[-–]\s*\d{{2,4}})?\))?)"),
        described_document=re.compile(
            rf"\b(?P<verb>{alt(cues['issue_verbs'])})\s+(?:and\s+[a-z]+\s+)?(?:(?:the|an?|its|their|a\s+set\s+of)\s+)?"
            rf"(?P<title>(?:(?:new|special|comprehensive|[a-z]+-year)\s+){{0,2}}(?:{alt(cues['described_document_kinds'])})"
            rf"\s+(?:on|for)\s+[^,.;:()\"“”]{{3,160}})"),  # "a new three-year action plan on ..." 
        described_passive=re.compile(
            rf"\b(?:[Tt]he|[Ii]ts|[Tt]heir)\s+(?P<title>(?:{alt(cues['described_document_kinds'])})\s+(?:on|for)\s+"
            rf"[^,.;:()\"“”]{{3,160}}?)\s+(?P<verb>{alt(cues['issue_verbs'])})\s+(?:jointly\s+)?by\b"),
        plan_recommendations=re.compile(
            rf"\b(?P<title>(?P<kind>{alt(cues['plan_recommendation_kinds'])})\s+(?:of\s+the\s+[^.;:\"“”]{{3,100}}?\s+)?"
            rf"(?:for|on)\s+(?:formulating\s+|drawing\s+up\s+|(?:the\s+)?formulation\s+of\s+)?(?:the\s+|its\s+|{PLACE}(?:'s|’s)\s+)?"
            rf"(?:{ordw})\s+[Ff]ive-[Yy]ear\s+[Pp]lan)"),
        party_congress=re.compile(
            rf"\b(?:[Tt]he\s+)?(?:Party's\s+)?(?P<ord>{ordw})\s+(?:{party}\s+)?National\s+Congress"
            rf"(?:\s+of\s+the\s+{party})?"),
        local_congress=re.compile(
            rf"\b(?:(?P<ref>(?:[Tt]he\s+(?:{alt(cues['subject_place_words'])})|[Ii]ts)(?:'s|’s)?)\s+|[Tt]he\s+)?"
            rf"(?P<ord>{ordw})\s+(?:(?P<party1>CPC|CCP)\s+)?(?P<place>{PLACE}?\s+)??"
            rf"(?:(?P<level>{ex.levels_rx}|municipal|provincial|regional)\s+)?(?:(?P<party2>CPC|CCP|Party)\s+)?"
            # "... Congress of the CPC in Yanbian Korean Autonomous Prefecture", "... Congress of the Communist
            # Party of China Chongqing Municipal Committee", "... Party Congress of Huli District", "...
            # Congress of the Huli District of the Communist Party of China"
            rf"[Cc]ongress\b(?:\s+of\s+the\s+(?P<party5>{party})\s+(?P<place4>{PLACE})\s+(?:Municipal|Provincial)\s+Committee\b"
            rf"|\s+of\s+the\s+(?P<party3>{party})(?:\s+in\s+(?P<place3>{PLACE})(?<!\.))?"
            rf"|\s+of\s+(?:the\s+)?(?P<place2>{PLACE})(?<!\.)(?:\s+of\s+the\s+(?P<party4>{party}))?)?"),
        event_cue=re.compile(
            rf"(?:{alt(cues['resolution_words'])}|plenary|session|meeting|congress|committee|"
            rf"{'|'.join(cues['adoption_verbs'])})", re.IGNORECASE),
        weekday=re.compile(rf"\b(?P<day>{alt(w.title() for w in ex.weekdays)})\b"),
        # "October 12", "Oct. 25-29, 2021"; day first too: "16 December 2020", "14 to 15 December"
        monthday=re.compile(rf"\b(?P<month>{months})\.?\s+(?P<day>\d{{1,2}})\b(?:,?\s+(?P<year>\d{{4}}))?"
                            rf"|\b(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:(?:to|and|-|–)\s*\d{{1,2}}(?:st|nd|rd|th)?\s+)?"
                            rf"(?:of\s+)?(?P<month2>{months})\b\.?(?:,?\s+(?P<year2>\d{{4}}))?"),
        day_only=re.compile(r"\bon\s+the\s+(?P<day>\d{1,2})(?:st|nd|rd|th)\b"),
        yesterday=re.compile(r"\b[Yy]esterday\b"),
        dateline=re.compile(
            rf"^\s*[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){{0,3}},\s+"
            rf"(?:{months})\.?\s+\d{{1,2}}(?:,?\s+\d{{4}})?"
            rf"\s*(?:\([^()]{{1,40}}\)\s*)?(?:--|—|–)\s*"),
    )


def date_in(run: DocState, text: str) -> dt.date | None:
    """The date a sentence gives, read against the article's date: a weekday ("on Monday": the latest
    on or before it), a month and day ("on October 12 and 13", "Oct 25-29", "from March 5 to 11":
    the first day; last year's when it would lie more than a month ahead), "on the 23rd" (of the
    article's month, or the month before) or "yesterday".  None when there is none, or it cannot be a date."""
    ref = run.doc.date
    if ref is None:
        return None
    rx = run.ex.compiled(event_patterns)
    line = rx.dateline.match(text)
    if line:  # the dateline dates the report; the event's date, if any, comes after it
        text = text[line.end():]
    try:
        m = rx.weekday.search(text)
        if m:
            return resolve_weekday(m["day"], ref)
        m = rx.monthday.search(text)
        if m:
            month, day = run.ex.month_number(m["month"] or m["month2"]), int(m["day"] or m["day2"])
            year = m["year"] or m["year2"]
            if year:
                return dt.date(int(year), month, day)
            d = dt.date(ref.year, month, day)
            if d > ref + dt.timedelta(days=31):  # "on December 25" in an article of January is last year's
                d = dt.date(ref.year - 1, month, day)
            return d
        m = rx.day_only.search(text)
        if m:
            day = int(m["day"])
            month_start = ref.replace(day=1)
            if day > ref.day:  # "on the 28th" in an article of the 3rd is last month's
                month_start = (month_start - dt.timedelta(days=1)).replace(day=1)
            return month_start.replace(day=day)
        if rx.yesterday.search(text):
            return ref - dt.timedelta(days=1)
    except (ValueError, OverflowError):  # February 30, a year out of range, the ends of the calendar
        return None
    return None


def event_date(run: DocState) -> dt.date | None:
    """The date of the event the article reports: a weekday or date in a sentence
    that names a committee, meeting or resolution; else the article's date."""
    for s in run.sents:
        if run.ex.compiled(event_patterns).event_cue.search(s.text):
            d = date_in(run, s.text)
            if d:
                return d
    if run.sents:  # "..., the city's top Party body said on Wednesday."
        d = date_in(run, run.sents[0].text)
        if d:
            return d
    return run.doc.date


def find_event_date(run: DocState) -> None:
    """Set ``run.event_date``, the date of the event the article reports."""
    run.event_date = event_date(run)


def meetings(run: DocState, i: int, s: Sent) -> None:
    """"the third plenary session of the 12th CPC Shanghai Committee", "a plenary session", "the
    session of the Provincial People's Congress": a meeting of the body named after it (else of the
    sentence's committee), with its ordinal, term, kind and own date; its key comes later
    (``resolve_meetings``).  "session" alone is a meeting only with a body."""
    held_meetings(run, i, s)
    held = [c for c in run.cands[i] if c.meeting is not None]
    for m in run.ex.compiled(event_patterns).meeting.finditer(s.text):
        if any(c.start <= s.start + m.start("kind") < c.end for c in held):
            continue  # "the municipal government held an executive meeting": its body's, found by held_meetings
        start = s.start + m.start()
        if run.text[start:start + 4].lower() in ("the ", "its "):
            start += 4
        elif run.text[start:start + 2].lower() == "a ":
            start += 2
        elif run.text[start:start + 3].lower() == "an ":
            start += 3
        end = s.start + m.end("kind")
        before = re.search(r"([A-Z][\w'’-]*)\s+$", s.text[:m.start("kind")])
        if not m["ord"] and m["kind"][:1].isupper() and before and ordinal_value(before[1], run.ex.ordinals) is None \
                and before[1] not in ("The", "A", "An", "Its"):
            continue  # "the Central Economic Work Conference": the kind inside an event's own name
        body: Cand | None = None
        own_term = None
        if m["of"]:
            at = s.start + m.end()
            starts = {at, at - 4} | ({s.start + m.start("term")} if m["term"] else set())
            named = [c for c in run.cands[i] if c.start in starts and  # a named body holds its session
                     (holds_meetings(c) or c.key.cls in (C.ORGANIZATION, C.COMMITTEE) and c.rule.startswith("gazetteer"))]
            body = max(named, key=lambda c: (holds_meetings(c), c.priority, c.length)) if named else None
            if body is not None and m["term"] and body.key == run.party_key:
                body = None  # "of the first Communist Party of China X committee": the party has no terms
            if body is not None:
                end = body.end
                own_term = ordinal_value(m["term"], run.ex.ordinals) if m["term"] else None
            elif m["term"] and re.match(r"term\b", s.text[m.end():]):  # "its eighth plenary session of the seventh term"
                own_term = ordinal_value(m["term"], run.ex.ordinals)
                end = s.start + m.end() + len("term")
        if body is None and m["kind"] == "session":
            continue  # "session" alone is a meeting only as "session of the <body>"
        if body is None:
            body = next((c for c in run.cands[i] if c.key.cls is C.COMMITTEE and c.place), None)
        term = (body.term if body is not None else None) or own_term
        kind = m["kind"].lower()
        date = date_in(run, s.text)
        # "the second and third plenary sessions of ...": one meeting per ordinal, each from its own
        # ordinal to the shared body (the later ones nested in the first)
        ords: list[tuple[int, str | None]] = [(om.start(), om[0]) for om in re.finditer(rf"(?:{run.ex.ord_rx})", m["ord"] or "")]
        for k, (at_ord, word) in enumerate(ords or [(0, None)]):
            ordinal = ordinal_value(word, run.ex.ordinals) if word else None
            st = start if k == 0 else s.start + m.start("ord") + at_ord
            run.add(i, Cand(EntityKey(C.MEETING, ""), st, end, "meeting-name", priority=Priority.STRUCTURE,
                            nested_ok=k > 0, meeting=MeetingParts(body, ordinal, term, kind, date)))


def held_meeting_pattern(ex: Patterns) -> re.Pattern[str]:
    """A body that holds an unnamed meeting: "the CPC Luohu District Committee held a meeting to study
    ...", "the Standing Committee ... held its 15th session"."""
    return re.compile(rf"(?:\s+\([A-Z]{{2,6}}\))?\s+(?:has\s+|have\s+)?(?:(?:also|later|then|again|recently|[a-z]+ly)\s+)?"
                      rf"(?:held|convened)\s+"
                      rf"(?:an?\s+(?P<m>{alt(ex.lex.cues['meeting_kinds'])}|meeting)|its\s+(?P<ord>{ex.ord_rx})\s+(?P<s>session|meeting))\b")


def held_meetings(run: DocState, i: int, s: Sent) -> None:
    """A body named as the subject of "held a meeting" holds that meeting, keyed by the body and its
    date ("On Dec. 23 the Luohu District Committee of the CPC held a meeting to study ..."), or by its
    ordinal ("held its 15th session")."""
    bodies = [c for c in run.cands[i] if holds_meetings(c)]
    for c in bodies:
        if any(o.length > c.length and o.start <= c.start and o.end == c.end for o in bodies):
            continue  # "the Standing Committee of the X People's Congress held ...": the whole name's
        hm = run.ex.compiled(held_meeting_pattern).match(run.text, c.end, s.end)
        g = "m" if hm is not None and hm["m"] else "s"
        if hm is None or any(o.key.cls is C.MEETING and o.start <= hm.start(g) < o.end for o in run.cands[i]):
            continue
        ordinal = ordinal_value(hm["ord"], run.ex.ordinals) if hm["ord"] else None
        st = hm.start("ord") if hm["ord"] else hm.start(g)
        run.add(i, Cand(EntityKey(C.MEETING, ""), st, hm.end(g), "meeting-name", priority=Priority.STRUCTURE,
                        meeting=MeetingParts(c, ordinal, c.term, hm[g].lower(), date_in(run, s.text))))


def holds_meetings(c: Cand) -> bool:
    """Committees hold meetings; so do state bodies of a place (a people's congress)."""
    return c.key.cls is C.COMMITTEE or (c.key.cls is C.ORGANIZATION and c.place is not None)


def party_congresses(run: DocState, i: int, s: Sent) -> None:
    """"the 20th CPC National Congress", "the Party's 20th National Congress": a meeting of the
    party itself, keyed by its ordinal; never where a city's resolution is adopted."""
    for m in run.ex.compiled(event_patterns).party_congress.finditer(s.text):
        ordinal = ordinal_value(m["ord"], run.ex.ordinals)
        if ordinal is None:
            continue
        key = EntityKey(C.MEETING, f"meeting/{slug(run.party_key.key)}/congress/{ordinal}")
        label = f"{ordinal_word(ordinal)} National Congress of the {run.lex.cues['party_canonical']}"
        start = s.start + m.start("ord") - (len("Party's ") if m[0].find("Party's") != -1 else 0)
        run.info(key, label=label, ordinal=ordinal)
        run.add(i, Cand(key, start, s.start + m.end(), "party-congress", label, Priority.STRUCTURE))
        run.info(run.party_key, label=run.lex.cues["party_canonical"])
        run.rel(key, Relation.HELD_BY, run.party_key, s, start, s.start + m.end(), "party-congress")


def local_congresses(run: DocState, i: int, s: Sent) -> None:
    """A party congress of a city or province ("the 12th CPC Sichuan Provincial Congress", "the 12th
    Shanxi CPC Congress", "the 14th Xi'an Municipal Congress of the Communist Party of China", "the 11th
    Provincial Party Congress"): a meeting of that place's party committee and of the party (its
    delegates are the party's members there), keyed by its ordinal."""
    for m in run.ex.compiled(event_patterns).local_congress.finditer(s.text):
        if not party_word(m):
            continue  # "People's Congress" and other congresses are no party congress
        ordinal = ordinal_value(m["ord"], run.ex.ordinals)
        name = congress_place(m)
        if ordinal is None or name in ("National", "Central"):
            continue
        if name:
            pk = run.place_key(name) or (run.place_key(name, C.REGION.value) if _LOCAL_AREA.search(name) else None)
        elif run.focal is not None and m["ref"] and not m["level"] and ref_class(run, m["ref"]) in (None, run.focal.cls.value):
            pk = (run.focal, run.focal_label)  # "the city's 12th Party Congress", "its 11th Party Congress"
        elif run.focal is not None and run.level_class(m["level"] or "") == run.focal.cls.value:
            pk = (run.focal, run.focal_label)  # "the 11th Provincial Party Congress" of the document's province
        elif not m["level"] and run.focal is not None and any(abs(ordinal - n) <= 2 for n in focal_congresses(run)):
            pk = (run.focal, run.focal_label)  # "the 13th Party Congress" in an article on the 14th Changchun one
        else:
            pk = None
        if pk is None or pk[0].cls not in (C.CITY, C.REGION):
            continue
        body, body_label = run.committee_of(pk[0], pk[1], m["level"])
        key = EntityKey(C.MEETING, f"meeting/{slug(body.key)}/congress/{ordinal}")
        label = f"{ordinal_word(ordinal)} {body_label.rsplit(' Committee', 1)[0]} Congress"
        start = s.start + m.start("ord")
        held = re.search(r"\b(?:open|opened|opens|opening|held|convened|closed|concluded|took place)\b", s.text)
        run.info(key, label=label, ordinal=ordinal, date=date_in(run, s.text) if held else None)
        run.info(body, label=body_label)
        run.info(run.party_key, label=run.lex.cues["party_canonical"])
        run.add(i, Cand(key, start, s.start + m.end(), "local-party-congress", label, Priority.STRUCTURE,
                        links=[Link(Relation.HELD_BY, body, "local-party-congress", implied=True),
                               Link(Relation.HELD_BY, run.party_key, "local-party-congress", implied=True)]))
        run.local(MeetingState).body.setdefault(key, body)  # adopts what its own sentence names


#: A place named after a congress that the gazetteer need not know: a district, county or prefecture.
_LOCAL_AREA = re.compile(r"\s(?:District|County|Prefecture|New Area)$")


def party_word(m: re.Match[str]) -> bool:
    """A congress match that names the party somewhere: the others ("People's Congress") are not party congresses."""
    return bool(m["party1"] or m["party2"] or m["party3"] or m["party4"] or m["party5"])


def ref_class(run: DocState, ref: str) -> str | None:
    """The place class "the city's" or "the province's" refers to; None for "its"."""
    word = re.sub(r"(?:'s|’s)$", "", ref).split()[-1].lower()
    cls: str | None = run.lex.cues["subject_place_words"].get(word)
    return cls


def congress_place(m: re.Match[str]) -> str:
    """The place a congress match names, before "Congress" or after it ("of Huli District", "in Yanbian ...")."""
    return (m["place"] or m["place2"] or m["place3"] or m["place4"] or "").strip()


def focal_congresses(run: DocState) -> list[int]:
    """The ordinals of the party congresses of the document's subject place that the document names
    in full ("the 14th Changchun Municipal Party Congress", "the 11th Provincial Party Congress")."""
    out = []
    for s in run.sents:
        for m in run.ex.compiled(event_patterns).local_congress.finditer(s.text):
            name = congress_place(m)
            pk = run.place_key(name) if name else (run.focal, run.focal_label) if m["level"] and \
                run.focal is not None and run.level_class(m["level"]) == run.focal.cls.value else None
            ordinal = ordinal_value(m["ord"], run.ex.ordinals)
            if party_word(m) and pk is not None and pk[0] == run.focal and ordinal:
                out.append(ordinal)
    return out


def resolve_meetings(run: DocState) -> None:
    """Give every meeting mention its event key: body + term + ordinal, or body + date.
    A bare "the plenary session" joins the doc's meeting of the same body, and "the sixth plenary
    session" without a term joins the body's sixth plenary session whose term the text gives."""
    state = run.local(MeetingState)
    full: dict[EntityKey, EntityKey] = {}  # body -> meeting with an ordinal
    terms: dict[tuple[EntityKey, int], int] = {}  # (body, ordinal) -> the term named with them
    pending: list[tuple[int, Cand, MeetingParts]] = []
    for i, cs in run.cands.items():
        for c in cs:
            if c.meeting is not None:
                pending.append((i, c, c.meeting))
    pending.sort(key=lambda icp: (icp[2].ordinal is None, icp[2].term is None, icp[1].start))
    for i, c, parts_ in pending:
        body = parts_.body
        body_key = body.key if body is not None else run.focal_committee
        if body_key is None:
            run.cands[i].remove(c)
            continue
        ordinal, term = parts_.ordinal, parts_.term
        if ordinal is not None:
            term = term or terms.get((body_key, ordinal))
            if term is not None:
                terms.setdefault((body_key, ordinal), term)
        plenary = parts_.kind in _PLENARY
        if (plenary or parts_.kind == "session") and ordinal is None and body_key in full and \
                term in (None, run.infos[full[body_key]].term):  # "the session" of a body whose plenary is named
            c.key = full[body_key]
            continue
        date = parts_.date or run.event_date
        body_slug = slug(body_key.key) + ("" if plenary else "/" + slug(parts_.kind))
        if ordinal is not None:
            parts = ["meeting", body_slug, str(term or 0), str(ordinal)]
        else:
            parts = ["meeting", body_slug] + ([str(term)] if term else []) + [date.isoformat() if date else "undated"]
        key = EntityKey(C.MEETING, "/".join(parts))
        c.key = key
        body_label = committee_short(run, body, body_key) if parts_.kind != "meeting" else \
            body.label if body is not None and body.label else run.label_of(body_key)  # "meeting of the CPC Luohu District Committee"
        kind = "plenary session of the" if plenary else f"{parts_.kind} of the"
        label = " ".join(x for x in (
            ordinal_word(ordinal) if isinstance(ordinal, int) else None, kind,
            ordinal_word(term) if isinstance(term, int) else None, body_label) if x)
        if ordinal is not None:
            full.setdefault(body_key, key)
        run.info(key, label=label, ordinal=ordinal, term=term, date=date)
        c.links.append(Link(Relation.HELD_BY, body_key, "meeting-name"))
        state.body.setdefault(key, body_key)
        if key not in state.keys:
            state.keys.append(key)


#: The kinds of meeting that are one plenary session of a body (the rest keep their kind in their key).
_PLENARY = frozenset({"plenary session", "plenary meeting", "full session", "plenum"})


def committee_short(run: DocState, body: Cand | None, body_key: EntityKey) -> str:
    """"CPC Shanghai Committee" for the CPC Shanghai Municipal Committee, as meetings are named."""
    label = body.label if body is not None and body.label else run.label_of(body_key)
    for lvl in run.lex.cues["committee_levels"]:
        label = label.replace(f" {lvl} Committee", " Committee")
    return label


def named_plans(run: DocState, i: int, s: Sent) -> None:
    """A named plan ("the 14th Five-Year Plan (2021-2025)", "the 14th Five-year Plan") is a resolution
    keyed by its name; a place's plan not yet numbered ("Baotou's next five-year plan", "the city's new
    five-year plan") is one keyed by the place and those words."""
    rx = run.ex.compiled(event_patterns)
    for m in rx.named_plan.finditer(s.text):
        name = m["name"]
        plain = re.sub(r"\s*\(\d{4}.*\)$", "", name)  # "14th Five-Year Plan (2021-2025)" is the 14th Five-Year Plan
        if m["ord"]:  # "the 14th Five-year Plan", "the fourteenth five-year plan"
            n = ordinal_value(m["ord"], run.ex.ordinals)
            plain = f"{ordinal_word(n) if n and n > 10 else m['ord']} Five-Year Plan" if n else plain
        key = EntityKey(C.RESOLUTION, "resolution/" + slug(norm(plain)))
        run.info(key, label=plain)
        at = meeting_adopts(run, i, s, s.start + m.start("name"))
        run.add(i, Cand(key, s.start + m.start("name"), s.start + m.end("name"), "named-plan", name,
                        Priority.PATTERN, links=[Link(Relation.ADOPTED_AT, at, "meeting-adopts")] if at else []))
    words = run.lex.cues["subject_place_words"]
    for m in rx.owned_plan.finditer(s.text):  # "Baotou's next five-year plan": the place's plan, not yet numbered
        if m["owner"]:
            pk = run.place_key(m["owner"])
        elif run.focal is not None and (m["its"] or words[m["ref"].lower()] == run.focal.cls.value):
            pk = (run.focal, run.focal_label)
        else:
            pk = None
        if pk is None or pk[0].cls not in (C.CITY, C.REGION):
            continue
        label = f"{pk[1]}'s {m['name'].lower()}"
        key = EntityKey(C.RESOLUTION, "resolution/" + slug(norm(label)))
        run.info(key, label=label)
        run.add(i, Cand(key, s.start + m.start("name"), s.start + m.end("name"), "named-plan", label, Priority.PATTERN))


def adoption_subject(run: DocState, s: Sent, at: int) -> Token | None:
    """The subject of the verb of adoption above the word at ``at`` ("The congress adopted a resolution
    ...": "congress"), None without such a verb or subject."""
    tok = s.token_from(at)
    verbs = set(run.lex.cues["adoption_verbs"])
    while tok is not None and not (tok.pos_ == "VERB" and tok.lemma_.lower() in verbs) and tok.head.i != tok.i:
        tok = tok.head
    if tok is None or tok.lemma_.lower() not in verbs:
        return None
    while not any(c.dep_ == "nsubj" for c in tok.children) and tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head  # "The session reviewed and adopted ...": the subject of the first verb
    return next((c for c in tok.children if c.dep_ == "nsubj"), None)


def congress_adopts(run: DocState, i: int, s: Sent, at: int) -> EntityKey | None:
    """The congress that "the congress" adopting a resolution refers to: the last congress named up to
    this sentence ("The 14th CPC Gansu Provincial Congress closed ... The congress adopted a resolution on
    the report of the 13th CPC Gansu Provincial Committee": not the plenary session named later)."""
    subj = adoption_subject(run, s, at)
    if subj is None or subj.lemma_.lower() != "congress":
        return None
    state = run.local(MeetingState)
    for j in range(i, max(-1, i - 6), -1):
        for c in reversed(run.cands[j]):
            if c.key.cls is C.MEETING and c.key in state.body and "congress" in c.key.key and (j < i or c.start < at):
                return c.key
    return None


def meeting_adopts(run: DocState, i: int, s: Sent, at: int) -> EntityKey | None:
    """The meeting that adopts the document named at ``at``: the subject of the verb of adoption above
    it is a meeting of the sentence, or a word for one ("The plenary session approved ...", "The two
    meetings approved the proposals on the 14th Five-Year Plan"), which ``adopter`` resolves."""
    subj = adoption_subject(run, s, at)
    if subj is None:
        return None
    here = next((c.key for c in meetings_here(run, i) if c.start <= s.at(subj.idx) < c.end), None)
    meeting_words = {w.split()[-1] for w in run.lex.cues["meeting_kinds"]} | {"session", "meeting", "plenum"}
    return here or (adopter(run, i, at)[1] if subj.lemma_.lower() in meeting_words else None)


def named_documents(run: DocState, i: int, s: Sent) -> None:
    """A policy document named by its title ("the Action Plan for Enhancing Advantaged Export-oriented
    Industries (2024-25)", "the Decision of the CPC Sichuan Provincial Committee on ...", "Guangzhou
    City's Implementation Opinions on ..."): a resolution keyed by its title, adopted by the body and
    at the meeting ``adopter`` finds; a notice that only issues another document gives that one."""
    wrappers = run.lex.cues["wrapper_documents"]
    for m in run.ex.compiled(event_patterns).document_title.finditer(s.text):
        a, b = m.start("title"), m.end("title")
        title = s.text[a:b]
        if title.startswith("The "):
            a, title = a + 4, title[4:]
        if m["kind"] in wrappers:  # "Notice on Issuing the Action Plan for ..." names the plan
            inner = re.search(rf"\b(?:the\s+)?(?=(?:{'|'.join(k for k in run.lex.cues['document_kinds'] if k not in wrappers)})"
                              r"\s+(?:of|on|for|to)\s)", title[len(m["kind"]):])
            if inner is None:
                continue
            a += len(m["kind"]) + inner.end()
            title = s.text[a:b]
        if re.match(r"Five-Year\s+Plan\b", title, re.IGNORECASE) and re.search(rf"\b(?:{run.ex.ord_rx})\s+$", s.text[:a]):
            continue  # "the 15th Five-Year Plan for National Economic ...": the plan ``named_plans`` names
        words = title.split()
        if words:
            words[-1] = words[-1].rstrip(".,;:")
        while words and words[-1].lower() in _SMALL_WORDS:  # "... Forces by" -> "... Forces"
            words.pop()
        content = [w for w in words if w.lower() not in _SMALL_WORDS]
        if len(words) < 4 or sum(w[:1].isupper() for w in content) < 0.8 * len(content):
            continue
        title = " ".join(words)
        b = a + len(s.text[a:].split(words[-1], 1)[0]) + len(words[-1])
        key = EntityKey(C.RESOLUTION, "resolution/" + slug(norm(title)))
        body, meeting = document_adopters(run, i, s, s.start + a)
        run.info(key, label=title, date=date_in(run, s.text) or run.event_date)
        links = adoption_links(meeting, body)
        # "the General Office of the People's Government of Henan Province released the Action Plan ...": the
        # office that issues it adopts it too
        offices = {c.key for c in run.cands[i] if c.key.cls is C.ORGANIZATION and c.end <= s.start + a and body is not None
                   and any(o.key == body and c.start < o.start and o.end <= c.end for o in run.cands[i])}
        links += adoption_links(None, *sorted(offices, key=lambda k: k.key))
        run.add(i, Cand(key, s.start + a, s.start + b, "document-title", title, Priority.PATTERN, links=links))


def document_adopters(run: DocState, i: int, s: Sent, at: int) -> tuple[EntityKey | None, EntityKey | None]:
    """The body and meeting that adopt a document named at ``at``: ``adopter``'s, with a body named in
    the sentence, else the meeting the verb of adoption has as its subject ("The session reviewed and
    adopted the Decision on ...") and that meeting's body."""
    body, meeting = adopter(run, i, at, local_only=True)
    if body is None and meeting is None:
        meeting = meeting_adopts(run, i, s, at)
        body = run.local(MeetingState).body.get(meeting) if meeting is not None else None
    return body, meeting


def adoption_links(meeting: EntityKey | None, *bodies: EntityKey | None) -> list[Link]:
    """A document's links: adopted at ``meeting`` and by each of ``bodies``, those that are given."""
    return ([Link(Relation.ADOPTED_AT, meeting, "resolution-adopted")] if meeting is not None else []) + [
        Link(Relation.ADOPTED_BY, b, "resolution-adopted") for b in dict.fromkeys(bodies) if b is not None]


def plan_recommendations(run: DocState, i: int, s: Sent) -> None:
    """A party committee's recommendations for a five-year plan, described in lower case ("according to
    the recommendations of the Shanghai Municipal Committee of the Communist Party of China for
    formulating the 15th Five-Year Plan", "released its recommendations for the 14th Five-Year Plan"):
    a resolution keyed by the words that describe it, adopted by the body and at the meeting
    ``adopter`` finds in its sentence.  A title in capitals ("the Recommendations of the CPC Central
    Committee for Formulating ...") is ``named_documents``'s."""
    for m in run.ex.compiled(event_patterns).plan_recommendations.finditer(s.text):
        title = " ".join(m["title"].split())
        a = s.start + m.start("title")
        key = EntityKey(C.RESOLUTION, "resolution/" + slug(norm(title)))
        body, meeting = document_adopters(run, i, s, a)  # "The two meetings approved the proposals on ..."
        run.info(key, label=title, date=date_in(run, s.text) or run.event_date)
        run.add(i, Cand(key, a, s.start + m.end("title"), "plan-recommendations", title, Priority.PATTERN,
                        links=adoption_links(meeting, body)))


def described_documents(run: DocState, i: int, s: Sent) -> None:
    """A document issued and described rather than titled ("issued opinions on the high-quality
    development of Tianfu New Area", "adopted an action plan for the digital economy", "the
    guidelines on ... released by the provincial government"): a resolution keyed by its
    description, adopted by the bodies named before the verb (after it, when passive; else
    ``adopter``'s)."""
    rx = run.ex.compiled(event_patterns)
    for m in [*rx.described_document.finditer(s.text), *rx.described_passive.finditer(s.text)]:
        passive = m.re is rx.described_passive
        a = m.start("title")
        title = m["title"]
        if (new := re.match(r"new\s+", title)) is not None:  # "a new three-year action plan on ...": not its name
            a, title = a + new.end(), title[new.end():]
        cut = re.search(r"\s+(?:by|in|before|from|during|with|which|that|so|as|and\s+(?:will|to|make|called|said))\s"
                        rf"|\s+on\s+(?:{alt(w.title() for w in run.ex.weekdays)}|{alt(m.title() for m in run.ex.months)})\b", title)
        if cut:
            title = title[:cut.start()]
        words = title.split()
        while words and words[-1].lower() in _SMALL_WORDS:
            words.pop()
        if not 3 <= len(words) <= 16:
            continue
        title = " ".join(words)
        st = s.start + a
        en = st + len(s.text[a:].split(words[-1], 1)[0]) + len(words[-1])
        key = EntityKey(C.RESOLUTION, "resolution/" + slug(norm(title)))
        verb_at = s.start + m.start("verb")
        meeting: EntityKey | None = None
        if passive:  # the bodies come after "issued by", up to the end of the clause
            clause = re.search(r"[,;.]|$", s.text[m.end():])
            stop = s.start + m.end() + (clause.start() if clause else 0)
            bodies = [c.key for c in run.cands[i] if verb_at < c.start < stop and
                      (c.key.cls is C.COMMITTEE or holds_meetings(c))]
        else:
            if not any(c.end <= verb_at and (c.key.cls in (C.COMMITTEE, C.ORGANIZATION, C.MEETING) or c.key.cls.is_place)
                       for c in run.cands[i]) and not re.search(r"\b(?:session|meeting|plenum|congress)\b", s.text,
                                                                re.IGNORECASE):
                continue  # issued by a body, a place or at a meeting: not "he issued a plan for ..."
            bodies = [c.key for c in run.cands[i] if c.end <= verb_at and (c.key.cls is C.COMMITTEE or holds_meetings(c))]
            body, meeting = adopter(run, i, st, local_only=True)
            if not bodies and body is not None:
                bodies = [body]
        run.info(key, label=title, date=date_in(run, s.text) or run.event_date)
        run.add(i, Cand(key, st, en, "document-description", title, Priority.NAME, links=adoption_links(meeting, *bodies)))


def merge_named_documents(run: DocState) -> None:
    """"a decision" adopted at a meeting where exactly one titled document was adopted is that document
    (a work report only if the title is a report's).  Recommendations for a plan are one document:
    "the recommendations" and "its recommendations for the 14th Five-Year Plan" are the document
    titled "Proposal of ... on Formulating the 14th Five-Year Plan ..." when the article titles one,
    else the one it describes; with neither they name nothing."""
    titled: dict[EntityKey, set[EntityKey]] = {}  # meeting -> titled documents adopted there
    kinds = tuple(k.lower() for k in run.lex.cues["plan_recommendation_kinds"])
    titled_advice: set[EntityKey] = set()  # titled recommendations ("Proposal of ... on Formulating ...")
    described: list[Cand] = []  # recommendations described in lower case
    for cs in run.cands.values():
        for c in cs:
            if c.rule == "document-title" and (mk := c.linked(Relation.ADOPTED_AT)) is not None:
                titled.setdefault(mk, set()).add(c.key)
            if c.rule == "document-title" and (c.label or "").lower().startswith(kinds):
                titled_advice.add(c.key)
            elif c.rule == "plan-recommendations":
                described.append(c)
    # described twice for the same plan ("recommendations for formulating Shenzhen's 15th Five-Year Plan",
    # "the recommendations for formulating the 15th Five-Year Plan ..."): one document, the first named
    plans = {re.sub(r"^.*?(\S+)\s+five-year\s+plan$", r"\1", (c.label or "").lower()) for c in described}
    first = min(described, key=lambda c: c.start, default=None)
    one = next(iter(titled_advice)) if len(titled_advice) == 1 else \
        first.key if first is not None and len(plans) == 1 and not titled_advice else None
    for cs in run.cands.values():
        for c in list(cs):
            if c.rule == "plan-recommendations" or c.rule == "resolution" and \
                    run.text[c.start:c.end].lower().endswith(kinds):
                if one is None and c.rule == "resolution":
                    cs.remove(c)  # "the recommendations" with no document to name
                elif one is not None:
                    rekey(run, c, one)
                continue
            mk = c.linked(Relation.ADOPTED_AT)
            word = run.text[c.start:c.end].lower().split()[-1:]  # "resolution", "decision", "report"
            if c.rule == "resolution" and mk is not None and len(titled.get(mk, ())) == 1 and (
                    not word or word[0] in (run.label_of(next(iter(titled[mk]))) or "").lower()):  # not into "Working Rules"
                rekey(run, c, next(iter(titled[mk])))


def rekey(run: DocState, c: Cand, key: EntityKey) -> None:
    """Make ``c`` a mention of ``key``; what the document said of its old key goes when nothing else names it."""
    if c.key == key:
        return
    old, c.key = c.key, key
    if not any(o.key == old for os_ in run.cands.values() for o in os_):
        run.infos.pop(old, None)


def in_quotation(text: str, at: int) -> bool:
    """``at`` lies inside a quotation opened before it in ``text`` and not yet closed."""
    before = text[:at]
    return before.count('"') % 2 == 1 or before.rfind("“") > before.rfind("”")


def resolutions(run: DocState, i: int, s: Sent) -> None:
    """A resolution word ("resolution", "decision", "work report") with an article is a resolution
    of the meeting or body that adopted it (see ``adopter``), keyed by that meeting or by the body
    and the date; with neither, it is too vague to keep."""
    for m in run.ex.compiled(event_patterns).resolution.finditer(s.text):
        kind = m["kind"].lower()
        mods = m["mods"].lower().split()
        if kind == "report" and not meetings_here(run, i):
            continue  # "a report" is a resolution only where a meeting is named in its sentence
        if m["kind"][0].isupper() and in_quotation(s.text, m.start()):
            continue  # "the 'Resolution of ... on the Report of the ... Committee'": a word of a quoted title
        if len(mods) > 1 and "government" not in mods:
            continue  # "the ... work report" with two words between is no resolution word unless a government's
        congress = None if meetings_here(run, i) else congress_adopts(run, i, s, s.start + m.start("kind"))
        body, meeting = (run.local(MeetingState).body[congress], congress) if congress is not None else \
            adopter(run, i, s.start + m.start("kind"))
        date = date_in(run, s.text) or run.event_date
        government = "government" in mods and kind == "work report"
        if government and meeting is None and (body is None or body.cls is C.COMMITTEE):
            level = next((w for w in mods if run.level_class(w)), None)
            owner = re.match(r"([\w-]+)(?:'s|’s)\s", m[0])  # "Guangdong's 2024 government work report"
            owned = run.place_key(owner[1]) if owner else None
            pk = owned if owned is not None and owned[0].cls in (C.CITY, C.REGION) else \
                run.level_place(level) if level else (run.focal, run.focal_label) if run.focal else None
            if pk is not None:
                body, gov_label = run.state_body_of(pk[0], pk[1], "government")
                run.info(body, label=gov_label)
        if meeting is not None:  # a meeting's work report is another document than its resolution
            key = EntityKey(C.RESOLUTION, "resolution/" + meeting.key.split("/", 1)[1] + ("/report" if "report" in kind else ""))
            label_of = run.infos[meeting].label
        elif body is not None:
            key = EntityKey(C.RESOLUTION, "/".join(
                ["resolution", slug(body.key), date.isoformat() if date else "undated"]))
            label_of = run.label_of(body)
        else:
            continue
        run.info(key, label=f"{kind} of the {label_of}", date=date)
        named_body = any(c.key.cls is C.ORGANIZATION and c.end == s.start + m.start("kind") - 1 for c in run.cands[i])
        st = s.start + (m.start("kind") - len("government ") if government and m["mods"].endswith("government ")
                        and not named_body else m.start("kind"))  # "the provincial government| work report"
        run.add(i, Cand(key, st, s.start + m.end("kind"), "resolution", priority=Priority.NAME,
                        links=adoption_links(meeting, body)))


def meetings_here(run: DocState, i: int) -> list[Cand]:
    """The meetings named in sentence ``i`` whose body is known."""
    state = run.local(MeetingState)
    return [c for c in run.cands[i] if c.key.cls is C.MEETING and c.key in state.body]


def adopter(run: DocState, i: int, at: int, *, local_only: bool = False) -> tuple[EntityKey | None, EntityKey | None]:
    """The body and meeting that adopt a resolution named at ``at`` in sentence ``i``: a meeting
    of that sentence (the local committee's first, else the nearest before the word), else the
    meeting of a committee named in the sentence or of the subject's committee; else that
    committee alone.  With ``local_only`` the body must be named in the sentence (a committee or a
    state body), and a document with no such body has no adopter."""
    local = next((c.key for c in run.cands[i] if c.key.cls is C.COMMITTEE and c.place), None)
    if local_only:
        local = local or next((c.key for c in run.cands[i] if holds_meetings(c) and c.place), None)
    state = run.local(MeetingState)
    here = meetings_here(run, i)
    if here:  # a meeting of the sentence: the local body's, else the nearest before the word
        best = min(here, key=lambda c: (state.body[c.key] not in (local, run.focal_committee),
                                        c.start > at, abs(at - c.end)))
        return state.body[best.key], best.key
    for body in (local,) if local_only else (local, run.focal_committee):  # never, say, a central plenum
        mk = next((k for k in state.keys if body is not None and state.body[k] == body), None)
        if mk is not None:
            return body, mk
    return (local, None) if local_only else (local or run.focal_committee, None)



def issued_pattern(ex: Patterns) -> re.Pattern[str]:
    """A document named only by its kind and its issuer: "a guideline released by the State Council"."""
    cues = ex.lex.cues
    return re.compile(rf"\b(?:[Tt]he|[Aa]n?|[Ii]ts|[Tt]heir)\s+(?:new\s+)?(?P<kind>{alt(cues['described_document_kinds'])})"
                      rf"\s+(?:{alt(cues['issue_verbs'])})\s+(?:jointly\s+)?by\s+(?:the\s+)?(?=[A-Z])")


def issued_documents(run: DocState, i: int, s: Sent) -> None:
    """A document named by its kind and issued by a named body ("Under a guideline released by the State
    Council, ..."): a resolution of that body, keyed by it and the date, adopted by it (a titled or
    described document there is found by its own rule)."""
    for m in run.ex.compiled(issued_pattern).finditer(s.text):
        at, by = s.start + m.start("kind"), s.start + m.end()
        if any(c.key.cls is C.RESOLUTION and c.start <= at < c.end for c in run.cands[i]):
            continue
        body = next((c for c in sorted(run.cands[i], key=lambda c: -c.length) if c.start == by
                     and c.key.cls in (C.COMMITTEE, C.ORGANIZATION)), None)
        if body is None:
            continue
        kind = m["kind"].lower()
        date = date_in(run, s.text) or run.event_date
        key = EntityKey(C.RESOLUTION, "/".join(["resolution", slug(body.key.key), kind.replace(" ", "-"),
                                                date.isoformat() if date else "undated"]))
        run.info(key, label=f"{kind} of the {run.label_of(body.key)}", date=date)
        run.add(i, Cand(key, at, s.start + m.end("kind"), "issued-document", priority=Priority.NAME,
                        links=[Link(Relation.ADOPTED_BY, body.key, "resolution-adopted")]))


def adoption_pattern(ex: Patterns) -> re.Pattern[str]:
    """A sentence that says a document named before was adopted at a meeting: "it was adopted at ..."."""
    kinds = alt(ex.lex.cues["described_document_kinds"])
    return re.compile(rf"\b(?:[Ii]t|[Tt]he\s+(?:{kinds}))\s+(?:was|has\s+been)\s+(?:[a-z]+\s+and\s+)?"
                      rf"(?:adopted|approved|passed)\s+(?:at|during|by)\s")


def adopted_before(run: DocState) -> None:
    """"The Outline of ... was drawn up by ... . After ..., it was adopted at the sixth session of the 16th
    Quanzhou Municipal People's Congress": the document the sentence before (or this one, before the
    verb) names, with no adopter yet, was adopted at the meeting named after the verb and by its body."""
    state = run.local(MeetingState)
    rx = run.ex.compiled(adoption_pattern)
    for i, s in enumerate(run.sents):
        m = rx.search(s.text)
        if m is None:
            continue
        verb = s.start + m.start()
        meeting = next((c for c in sorted(run.cands[i], key=lambda c: c.start) if c.start >= verb
                        and c.key.cls is C.MEETING and c.key in state.body), None)
        if meeting is None:
            continue
        docs = [c for c in run.cands[i] if c.key.cls is C.RESOLUTION and c.end <= verb]
        if not docs and i > 0:
            docs = [c for c in run.cands[i - 1] if c.key.cls is C.RESOLUTION]
        docs = [c for c in docs if c.rule in ("document-title", "document-description", "named-plan")]
        docs = [c for c in docs if not any(d.start <= c.start and c.end <= d.end and d.length > c.length for d in docs)]
        if len({c.key for c in docs}) != 1 or any(c.linked(Relation.ADOPTED_AT) for c in docs):
            continue
        doc = max(docs, key=lambda c: c.start)
        doc.links.append(Link(Relation.ADOPTED_AT, meeting.key, "resolution-adopted"))
        if doc.linked(Relation.ADOPTED_BY) is None:
            doc.links.append(Link(Relation.ADOPTED_BY, state.body[meeting.key], "resolution-adopted"))
