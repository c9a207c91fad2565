"""Strategies: quoted and unquoted numbered slogans and their parts, number codes, "global center for X, Y
and Z", goal zones, goals a place is to become or build (also bulleted under a plan), concepts, counted
goals and the enumerations that give their parts."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Token

from ..gazetteer import norm
from ..types import EntityClass as C
from ..types import EntityKey, Relation
from .sectors import code_parts, code_rx
from .base import PLACE, STOP_LEAD, Cand, DocState, Listing, Patterns, Priority, Sent, alt, lower_first


@dataclass(frozen=True, slots=True)
class StrategyPatterns:
    """The expressions of the strategy rules."""

    quote: re.Pattern[str]
    center_for: re.Pattern[str]  # "global centers for finance, trade and shipping"
    center_pre: re.Pattern[str]  # "international financial center"
    center_pre_list: re.Pattern[str]  # "international economic, financial, trade and shipping centers"
    zone: re.Pattern[str]  # "a pilot zone for common prosperity"
    numbered: re.Pattern[str]  # "the three major driving forces of reform, opening up, and innovation"
    target: re.Pattern[str]  # "become a ...", "into a ..."
    build: re.Pattern[str]  # "building a ...", "the building of the ..."
    build_bare: re.Pattern[str]  # "building technology innovation highlands"
    item_sep: re.Pattern[str]  # what separates "a X, a Y; and a Z"
    area_goal: re.Pattern[str]  # "the coordinated development of the Chengdu-Chongqing economic circle"
    counted: re.Pattern[str]  # "five key tasks", "the Eight Major Projects"
    compound: re.Pattern[str]  # "nine-pronged efforts", "a five-point plan"
    lead: re.Pattern[str]  # "take the lead in" before a gerund
    goal_list: re.Pattern[str]  # "lead the way in A, B, C and D"
    restated: re.Pattern[str]  # "The six towns are ...", "The five highlights, he went on, are ..."


#: A possessor that opens a goal: "(becoming) China's largest base", "the world's leading hub".
POSSESSOR = r"(?:[A-Z][\w-]*|the world|the country|the nation)['’]s"


#: One field of a centre before the shared head, up to three words without a conjunction ("shipping").
_FIELD = r"[A-Za-z][\w-]*(?:\s+(?!and\b|or\b)[A-Za-z][\w-]*){0,2}"


def strategy_patterns(ex: Patterns) -> StrategyPatterns:
    """Compile the strategy patterns from the cue words."""
    cues = ex.lex.cues
    scopes = alt(cues["center_scopes"])
    heads = alt(cues["center_heads"])
    zones = alt(cues["goal_zones"])
    return StrategyPatterns(
        # double quotes, or single ones that are no apostrophes ("the 'two hubs'", not "workers' rights")
        quote=re.compile(r"[\"“](?P<q>[^\"“”\n]{2,160}?)[\"”]|(?<![\w'‘’])[‘'](?P<s>(?=[^\s'‘’])[^'‘’\n]{2,80}?(?<=\S))[’'](?![\w'‘’])"),
        center_for=re.compile(
            rf"\b(?:(?P<scope>{scopes})\s+)(?P<head>{heads})s?\s+(?:for|of)\s+(?P<list>[^.;:()\"“”]+)"),
        center_pre=re.compile(rf"\b(?P<scope>{scopes})\s+(?P<field>(?:[A-Za-z][\w-]*\s+){{1,5}}?)(?P<head>{heads})s?\b"),
        # at least one comma: "science and technology innovation centers" alone is one field, not two
        center_pre_list=re.compile(
            rf"\b(?P<scope>{scopes})\s+(?P<list>{_FIELD}(?:\s*,\s*{_FIELD})+\s*,?\s+(?:and|or)\s+"
            rf"[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){{0,4}}?)\s+(?P<head>{heads})s?\b"),
        zone=re.compile(
            rf"\b(?:a|an|the)\s+(?P<zone>(?:[a-z][\w-]*\s+){{0,3}}?(?:{zones})"
            rf"(?:\s+(?:of|for)\s+[A-Za-z][\w-]*(?:\s+(?:with\s+|and\s+(?!(?:an?|the|to)\b))?(?!(?:and|an?|the)\b)[A-Za-z][\w-]*){{0,5}})?)"
            rf"(?=\s*(?:[,.;:]|and\b|by\b|in\b|$))"),
        numbered=re.compile(
            rf"\b(?P<name>(?P<num>{alt(w for w in ex.numbers if not w.isdigit())})\s+(?:[a-z][\w-]*\s+){{0,3}}?"
            rf"(?P<head>[a-z][\w-]*s))\s*(?:\bof\b|:|—|–|,?\s+namely\b)\s*(?P<list>[^.;()\"“”]+)", re.IGNORECASE),
        target=re.compile(rf"\b(?:{alt(cues['goal_target_cues'])})\s+(?=an?\s|{POSSESSOR}\s)"
                          rf"|\b(?:{alt(cues['goal_role_cues'])})\s+(?=the\s)"  # "act as the central city of ..."
                          rf"|\b(?:make|makes|making)\s+(?:{PLACE}|it|the\s+(?:{alt(cues['subject_place_words'])}))\s+(?=an?\s)"),
        build=re.compile(rf"\b(?:{alt(cues['goal_build_cues'])})\s+(?=an?\s)"
                         rf"|\b(?i:{alt(cues['goal_build_nouns'])})\s+of\s+(?=the\s)"),  # "the building of the X center"
        build_bare=re.compile(rf"\b(?:{alt(cues['goal_build_cues'])})\s+(?!(?:an?|the|its|their|up|on|upon|in|into|and|or)\s)(?=[a-z])"),
        item_sep=re.compile(r"(?:\s*[,;]\s*(?:and\s+)?|\s+and\s+)(?=an?\s)"),
        goal_list=re.compile(rf"\b(?:{alt(cues['goal_list_cues'])})\s+(?P<list>[^.;:()\"“”]+)"
                             rf"|\bwith\s+(?P<wlist>[^.;:()\"“”]+?)\s+(?:{alt(cues['goal_list_closers'])})\b", re.IGNORECASE),
        restated=re.compile(
            rf"^\W*(?:The|These|Those|Its|Their|Our)\s+(?P<name>(?P<num>{alt(w for w in ex.numbers if not w.isdigit())})"
            rf"\s+(?:[a-z][\w-]*\s+){{0,2}}?[a-z][\w-]*)(?:\s*,[^,.;:]{{1,40}},)?\s+(?:{alt(cues['restating_verbs'])})\s",
            re.IGNORECASE),
        counted=re.compile(
            rf"\b(?P<name>(?P<num>{alt(w for w in ex.numbers if not w.isdigit())})\s+(?:(?!of\b|and\b|the\b)[A-Za-z][\w-]*\s+"
            rf"(?:and\s+(?=[A-Za-z][\w-]*\s+[A-Za-z]))?){{0,3}}?"
            rf"(?P<head>{alt([*cues['counted_goal_heads'], *cues['counted_goal_title_heads']])}))\b", re.IGNORECASE),
        compound=re.compile(
            rf"\b(?P<name>(?P<num>{alt(w for w in ex.numbers if not w.isdigit())})-(?:{alt(cues['counted_compounds'])})\s+"
            rf"(?:[a-z][\w-]*\s+){{0,2}}?(?P<head>{alt(cues['counted_compound_heads'])}))\b", re.IGNORECASE),
        lead=re.compile(
            r"\b(?:" + "|".join(rf"(?P<v{k}>{alt(verb_forms(idiom.split()[0]))})\s+{re.escape(idiom.split(None, 1)[1])}"
                               for k, idiom in enumerate(cues["lead_idioms"])) + r")\s+(?=[a-z]+ing\b)"),
        area_goal=re.compile(
            rf"\b(?P<goal>(?P<mod>(?:{alt(cues['area_goal_modifiers'])})\s+(?:and\s+(?:{alt(cues['area_goal_modifiers'])})\s+)?)?"
            rf"(?:{alt(cues['area_goal_nouns'])})\s+of\s+(?:the\s+)?"
            rf"(?:(?P<area>(?:[A-Z][\w'’]*(?:-[A-Z][\w'’]*)*\s+){{1,4}}?(?:{alt(cues['area_heads'])}))"
            rf"|(?P<pair>(?P<p1>[A-Z][\w'’-]*)(?P<more>(?:,\s+[A-Z][\w'’-]*)*),?\s+and\s+(?P<p2>[A-Z][\w'’-]*))))\b"),
    )


#: The last words of a quoted name of meetings ('the "two sessions"').
_MEETING_NOUNS = frozenset({"session", "sessions", "meeting", "meetings", "congress", "congresses", "plenum", "plenums"})


def quoted_strategies(run: DocState, i: int, s: Sent) -> None:
    """A quoted noun phrase of one to six words ("four functions", "two hubs and one corridor") is a
    strategy; its leading number word makes it a numbered strategy.  A quoted number code takes the
    head after it ('"1144" modern industrial system', keyed by the code and its head word, so that
    "1144 industrial system" is the same), unless that head names a group of sectors ('"3+2"
    industrial clusters').  A quoted verb phrase after "to" is a slogan too ('to "dare to be first"').
    Quoted sectors and places, and quoted fragments of speech, are not."""
    cues = run.lex.cues
    for m in run.ex.compiled(strategy_patterns).quote.finditer(s.text):
        q = "q" if m["q"] is not None else "s"
        phrase = m[q].strip()
        if re.search(r"\w[.,]$", phrase) and not re.search(r"[.,]\S*[.,]$", phrase.split()[-1]):
            phrase = phrase[:-1]  # 'the goal of "One Center, Four Bases."': the sentence's stop, inside the quotes
        lead = len(m[q]) - len(m[q].lstrip())  # where ``phrase`` starts in the quote
        goal = quoted_goal(run, s, s.start + m.start(q) + lead, phrase)
        if goal:  # '"create an inland open economic highland"': the goal the quoted verb phrase names
            lead, phrase = lead + goal, phrase[goal:]
        words = phrase.split()
        # the slogan a frame names: 'the spatial development pattern of "main city optimized, ..."'
        framed = re.search(rf"\b(?:{alt(cues['slogan_frames'])})\s+of\s+$", s.text[:m.start()]) is not None
        if len(phrase) > (100 if goal else 80) and not re.search(rf"\b(?:{alt(cues['long_slogan_frames'])})\s+of\s+$", s.text[:m.start()]):
            continue  # a long quote names a strategy only as 'the strategy of "..."'; 'the concept of "adhering
            # to X and speeding up Y"' is a sentence whose strategies are named in it
        longest = 16 if framed else 12 if goal or slogan_parts(run, phrase, 0) else 6
        if not 1 <= len(words) <= longest or re.search(r"[.!?,;:]$", phrase):
            continue  # a coordination of counted nouns may be longer ("one city, one circle, one group, and one belt")
        if run.lex.canonical("sector", phrase) or run.lex.canonical("place", phrase):
            continue
        if re.search(rf"\b(?:{'|'.join(map(re.escape, cues['resolution_words']))}|industry|industries|sector|sectors)$",
                     phrase, re.IGNORECASE) and " + " not in phrase:
            continue  # a quoted document ("Government Work Report") or industry ("primary industry"), not a
            # formula ("advanced manufacturing + modern service industry + future industry")
        if words[0].lower() in ("from", "to", "in", "on", "at", "by", "for", "with", "of"):
            continue  # a phrase of speech: 'breakthroughs "from 0 to 1"'
        if words[-1].lower() in _MEETING_NOUNS:
            continue  # 'the "two sessions"': meetings, not a strategy
        if len(words) == 1 and phrase.islower() or re.match(r"(?:most|least)\s|\w+est\s", phrase) \
                and s.tokens(s.start + m.start(q), s.start + m.start(q) + 1)[0].tag_ == "JJS":
            continue  # scare quotes: 'a "breakthrough"', 'the "biggest contributor"'
        canon = run.lex.canonical("strategy", phrase)
        st = s.start + m.start(q) + lead
        en = st + len(phrase)
        key, number = None, slogan_count(run, phrase)
        code = re.fullmatch(rf"(?P<code>{code_rx(run.ex)})(?:\s+[\w-]+)*", phrase)
        if code is not None:  # '"1144" modern industrial system': the code and its head are one name
            after = run.text[s.start + m.end():s.end]
            if re.match(rf"\s+(?:[a-z][\w-]*\s+){{0,3}}?(?:{alt(cues['code_group_heads'])})\b", after):
                continue  # '"3+2" industrial clusters': a group of sectors (``sectors.groups``)
            head = re.match(rf"\s+(?:[\w-]+\s+){{0,3}}?(?:{alt(cues['code_strategy_heads'])})\b", after)
            if phrase == code["code"] and head is not None:  # the mention keeps both quotes: '"1144" modern ...'
                st, en = s.start + m.start(), s.start + m.end() + head.end()
                phrase = f"{phrase} {' '.join(head[0].split())}"
            last = phrase.split()[-1]
            key = EntityKey(C.STRATEGY, norm(f"{code['code']} {last}" if last != code["code"] else phrase))
            parts = code_parts(code["code"])
            number = len(parts) if len(parts) >= 2 else None  # "1144": four parts, which a list may give
            canon = canon or phrase  # a code is a name: "Six-Four-Five new industrial system"
        elif canon is None and not framed and not goal and not run.noun_phrase(s, st, en) and not infinitive_slogan(run, s, st, en):
            continue  # a quoted fragment of speech ("very important"), not a name
        label = canon or lower_first(phrase)
        key = key or EntityKey(C.STRATEGY, norm(label))
        run.add(i, Cand(key, st, en, "quoted-strategy", label, Priority.PHRASE, number=number))
        note_slogan_parts(run, s, key, phrase, st, "quoted-strategy")
        if " + " in phrase:  # "advanced manufacturing + modern service industry + ...": its sectors are named too
            for c in run.cands[i]:
                if c.key.cls is C.SECTOR and st <= c.start and c.end <= en:
                    c.nested_ok = True


#: Verbs of making that quote a goal as their object ('to "create an inland open economic highland"').
_MAKING_VERBS = frozenset({"create", "build", "form", "establish", "construct", "make", "forge", "shape"})
#: What may stand between such a verb and its goal ('"promote the formation of a new pattern of ..."').
_GOAL_LEAD = re.compile(r"\s+(?:(?:the\s+)?(?:formation|building|construction|creation|establishment)\s+of\s+)?(?:an?|the)\s+")


def quoted_goal(run: DocState, s: Sent, st: int, phrase: str) -> int:
    """Where the goal starts in a quoted verb phrase that builds or promotes one ('"building a regional
    economic layout with ...", '"promote the formation of a new pattern of western development"'): the
    offset of its first word after the verb, the article and "the formation of"; 0 when the quote is no
    such phrase."""
    verb = re.match(r"[a-z]+", phrase)
    lead = _GOAL_LEAD.match(phrase, verb.end()) if verb else None
    if lead is None or len(phrase[lead.end():].split()) < 2:
        return 0
    tok = s.token_from(st)
    if tok is None or tok.tag_ not in ("VB", "VBG", "VBP"):
        return 0
    # "promote the formation of a X": a policy verb with a noun of making; "strengthening the city
    # through ...": a slogan, kept whole
    made = re.search(r"\bof\s+(?:an?|the)\s*$", lead[0]) is not None
    if tok.lemma_ not in _MAKING_VERBS and not (made and tok.lemma_ in run.lex.cues["policy_verbs"]):
        return 0
    return lead.end()


def infinitive_slogan(run: DocState, s: Sent, st: int, en: int) -> bool:
    """The quoted words at [st, en) are a slogan in the form of a verb phrase after "to": 'strive to "dare
    to be first"', 'to "keep the entrustment in mind"' (two words or more, opened by a plain verb)."""
    toks = s.tokens(st, en)
    return len(toks) >= 2 and toks[0].tag_ == "VB" and re.search(r"\bto\s+[\"“‘']$", run.text[max(0, st - 6):st]) is not None


def slogan_count(run: DocState, phrase: str) -> int | None:
    """How many parts a numbered slogan counts: "four functions" 4, "one hub and four centers" 5 (the
    counts of a coordination of counted nouns add up); None without a leading number word.

    >>> from kg.rules.base import Patterns
    >>> run = DocState.__new__(DocState); run.ex = Patterns()
    >>> slogan_count(run, "four functions"), slogan_count(run, "one hub and four centers"), slogan_count(run, "new era")
    (4, 5, None)
    """
    numbers = run.ex.numbers
    parts = re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", phrase.lower())
    counts = [numbers.get(p.split()[0]) if len(p.split()) == 2 else None for p in parts]
    if len(parts) > 1 and None not in counts:
        return sum(c for c in counts if c is not None)
    return numbers.get(phrase.split()[0].lower())


@dataclass(slots=True)
class SloganState:
    """The counted parts of the numbered slogans a document has named so far ("six towns" of "six
    towns and five highlights"), by key: a later sentence that restates one ("The six towns are ...")
    names that part."""

    parts: set[EntityKey] = field(default_factory=set)


def slogan_parts(run: DocState, phrase: str, start: int) -> list[tuple[int, int, str, int]]:
    """The counted parts of a coordination of counted nouns at ``start``: "six towns and five
    highlights" -> "six towns" (6) and "five highlights" (5), as (start, end, label, count); [] when
    the phrase is no such coordination ("one hub", "green and low-carbon development")."""
    bounds, last = [], 0
    for sep in re.finditer(r"\s*,\s*(?:and\s+)?|\s+and\s+", phrase):
        bounds.append((last, sep.start()))
        last = sep.end()
    bounds.append((last, len(phrase)))
    out = []
    for a, b in bounds:
        words = phrase[a:b].split()
        n = run.ex.numbers.get(words[0].lower()) if words else None
        if n is None or not 2 <= len(words) <= 4:
            return []
        text = " ".join(words)
        out.append((start + a, start + a + len(text), lower_first(text), n))
    return out if len(out) >= 2 else []


def note_slogan_parts(run: DocState, s: Sent, key: EntityKey, phrase: str, start: int, rule: str) -> None:
    """Record the counted parts of a slogan for ``restated_slogans``, and each as its component
    (kept where the article names that part as a mention of its own)."""
    for a, b, label, _n in slogan_parts(run, phrase, start):
        part = EntityKey(C.STRATEGY, norm(run.lex.canonical("strategy", label) or label))
        run.local(SloganState).parts.add(part)
        run.rel(key, Relation.HAS_COMPONENT, part, s, a, b, rule)


def counted_part(run: DocState, toks: list[Token], k: int) -> int | None:
    """The end (a token index) of a counted noun that starts at ``toks[k]``, a number word: "six towns",
    "one core", "four sub-centers"; None when ``toks[k]`` opens none, or it counts a measure or a
    plain thing ("three years", "two companies") or a group of sectors ("three industries")."""
    if toks[k].lower_ not in run.ex.numbers or k > 0 and toks[k - 1].tag_ in ("HYPH", "CD"):
        return None  # "twenty-one", "2.5 three ..."
    j, last = k + 1, None
    while j < len(toks) and j - k <= 4 and (toks[j].pos_ in ("ADJ", "NOUN") or toks[j].tag_ == "HYPH") \
            and toks[j].text[:1].islower():
        if toks[j].pos_ == "NOUN" or toks[j].pos_ == "ADJ" and j + 1 < len(toks) and toks[j + 1].lower_ in (",", "and"):
            last = j
        j += 1
    if last is None or last + 1 < len(toks) and toks[last + 1].pos_ == "NOUN":
        return None
    head = toks[last].lower_
    groups = {h.split()[-1] for h in run.lex.cues["group_heads"]}
    if head in run.lex.cues["count_units"] or head in groups:
        return None
    return last + 1


def counted_slogans(run: DocState, i: int, s: Sent) -> None:
    """A coordination of counted nouns is a numbered slogan even unquoted ("developing six towns and
    five highlights", "building three belts and one ring", "one core, two wings"): a strategy that
    counts the sum of its parts, whose parts are its components where the article names them again
    ("The six towns are ...").  It must be what a policy verb acts on, or recur in the article: a
    coordination said once of plain things ("has one airport and two seaports") is no slogan."""
    toks = s.toks
    verbs = set(run.lex.cues["policy_verbs"])
    quoted = [c for c in run.cands[i] if c.rule == "quoted-strategy"]
    k = 0
    while k < len(toks):
        end = counted_part(run, toks, k)
        if end is None:
            k += 1
            continue
        ends = [end]
        while True:
            m = ends[-1]
            m += m < len(toks) and toks[m].text == ","
            m += m < len(toks) and toks[m].lower_ == "and"
            nxt = counted_part(run, toks, m) if m > ends[-1] and m < len(toks) else None
            if nxt is None:
                break
            ends.append(nxt)
        if len(ends) < 2:
            k += 1
            continue
        st, en = s.at(toks[k].idx), s.at(toks[ends[-1] - 1].idx) + len(toks[ends[-1] - 1].text)
        k = ends[-1]
        name = run.text[st:en]
        if any(c.start <= st and en <= c.end for c in quoted):
            continue  # the quoted rule's
        head = toks[ends[0] - 1]
        if not policy_object(head, verbs) and len(re.findall(re.escape(name), run.text, re.IGNORECASE)) < 2:
            continue
        label = run.lex.canonical("strategy", name) or lower_first(name)
        key = EntityKey(C.STRATEGY, norm(label))
        run.add(i, Cand(key, st, en, "counted-slogan", label, Priority.PHRASE, number=slogan_count(run, name)))
        note_slogan_parts(run, s, key, name, st, "counted-slogan")


def restated_slogans(run: DocState, i: int, s: Sent) -> None:
    """A sentence that restates a counted name and lists its parts ("The six towns are A, B and C",
    "The five highlights, he went on, are ...") names a numbered strategy where the article named it
    before: as a part of a slogan ("six towns and five highlights") or on its own ("building three
    belts"), which is then that strategy too.  Its parts come later (``numbered_strategies``)."""
    m = run.ex.compiled(strategy_patterns).restated.match(s.text)
    if m is None:
        return
    n = run.ex.numbers.get(m["num"].lower())
    name = m["name"]
    if not n or n < 2 or name.split()[-1].lower() in {h.split()[-1] for h in run.lex.cues["group_heads"]}:
        return
    label = run.lex.canonical("strategy", name) or lower_first(name)
    key = EntityKey(C.STRATEGY, norm(label))
    before = [x for x in re.finditer(rf"\b{re.escape(name)}\b", run.text[:s.start], re.IGNORECASE)]
    if key not in run.local(SloganState).parts and not before:
        return
    st = s.start + m.start("name")
    run.add(i, Cand(key, st, st + len(name), "restated-slogan", label, Priority.PHRASE, number=n,
                    component=key in run.local(SloganState).parts))
    for x in before:  # "The city is building three belts. The three belts are ...": that one too
        j = next((j for j, o in enumerate(run.sents) if o.start <= x.start() < o.end), None)
        if j is not None and j != i:
            run.add(j, Cand(key, x.start(), x.end(), "restated-slogan", label, Priority.PHRASE, number=n,
                            component=key in run.local(SloganState).parts))


def center_lists(run: DocState, i: int, s: Sent) -> None:
    """"global centers for finance, trade and shipping": one strategy per item, each with the
    shared scope and head ("global center for trade"); the list is kept as an enumeration."""
    for m in run.ex.compiled(strategy_patterns).center_for.finditer(s.text):
        a0 = s.start + m.start("list")
        raw_items = run.ex.split_list(run.text[a0:run.clause_end(s, a0, s.start + m.end("list"))], a0)
        items: list[tuple[int, int]] = []
        for a, b in raw_items:
            if n_items := len(items):
                gap = run.text[raw_items[n_items - 1][1]:a]
                if re.search(r"\b(?:a|an|the)\s*$", gap):  # "... and a pioneering zone": a new noun phrase
                    break
            a, b = run.trim_item(a, b)
            if b <= a or len(run.text[a:b].split()) > 5 or run.place_key(run.text[a:b]) is not None:
                break  # "... hub for computing power networks, Ningxia comes first": the clause after it
            items.append((a, b))
        if items:
            add_centers(run, i, s, m, items, head_after=False)
    for m in run.ex.compiled(strategy_patterns).center_pre_list.finditer(s.text):
        center_pre_list(run, i, s, m)


def add_centers(run: DocState, i: int, s: Sent, m: re.Match[str], items: list[tuple[int, int]], *,
                head_after: bool) -> None:
    """One strategy per centre field in ``items`` of the match ``m`` (its scope and head shared), the
    first mention from the scope on, and the fields an enumeration.  With ``head_after`` the head follows
    the fields ("international economic, ... and shipping centers"): the last mention runs to it, and
    each centre gets the field with the scope and head as an alias ("international trade center")."""
    for n, (a, b) in enumerate(items):
        label = center_label(run, run.text[a:b], m["scope"], m["head"])
        key = EntityKey(C.STRATEGY, norm(label))
        st = s.start + m.start() if n == 0 else a
        en = s.start + m.end() if head_after and n == len(items) - 1 else b
        if head_after:
            run.info(key, aliases=(" ".join((m["scope"].lower(), *run.text[a:b].split(), m["head"].lower())),))
        run.add(i, Cand(key, st, en, "center-list", label, Priority.PATTERN))
    run.enums.append(Listing("center", items, s, i))


def center_pre_list(run: DocState, i: int, s: Sent, m: re.Match[str]) -> None:
    """"international economic, financial, trade, shipping, and science and technology innovation
    centers": each field before the shared head is a centre of its own ("global center for finance"),
    and the list an enumeration, as with "centers for"; a field with a determiner or a stop word
    ("the", "its", "new") means the phrase is no such list."""
    items: list[tuple[int, int]] = []
    chunks = [(f.start("f"), f["f"], bool(f["cc"])) for f in
              re.finditer(r"(?:^|,)\s*(?P<cc>(?:and|or)\s+)?(?P<f>[^,]+?)\s*(?=,|$)", m["list"])]
    at, last, cc = chunks[-1]
    if not cc and (split := re.search(r"\s+(?:and|or)\s+", last)) is not None:  # "..., trade and shipping"
        chunks[-1:] = [(at, last[:split.start()], False), (at + split.end(), last[split.end():], True)]
    for start, field_, _ in chunks:
        words = field_.lower().split()
        if not words or {"the", "a", "an", "its", "their"} & set(words) or words[0] in STOP_LEAD or words[-1] in STOP_LEAD:
            return
        a = s.start + m.start("list") + start
        items.append((a, a + len(field_)))
    if len(items) >= 3 and not any(run.place_key(run.text[a:b]) is not None for a, b in items):
        add_centers(run, i, s, m, items, head_after=True)


def zone_goals(run: DocState, i: int, s: Sent) -> None:
    """A goal named as a kind of zone or hub ("a pilot zone for common prosperity",
    "a national hub for computing power") is a strategy."""
    for m in run.ex.compiled(strategy_patterns).zone.finditer(s.text):
        label = lower_first(m["zone"].strip())
        label = run.lex.canonical("strategy", label) or label
        st = s.start + m.start("zone")
        run.add(i, Cand(EntityKey(C.STRATEGY, norm(label)), st, st + len(m["zone"].rstrip()), "zone-goal",
                        label, Priority.PHRASE))


def center_names(run: DocState, i: int, s: Sent) -> None:
    """"an international financial center" is the strategy "global center for finance"; a national or
    regional one is kept as written, with an adjective before it ("comprehensive national science center")."""
    for m in run.ex.compiled(strategy_patterns).center_pre.finditer(s.text):
        field_ = m["field"].strip()
        fw = field_.lower().split()
        if fw[0] in STOP_LEAD or fw[-1] in STOP_LEAD or {"the", "a", "an", "its"} & set(fw) \
                or field_.lower() in ("center", "centre"):
            continue
        st, en = s.start + m.start(), s.start + m.end()
        if m["scope"].lower() in run.ex.local_scopes:  # "comprehensive national science center", as written
            before = [t for t in s.tokens(s.start, st) if s.at(t.idx) + len(t.text) == st - 1]
            if before and before[-1].tag_ == "JJ":
                st = s.at(before[-1].idx)
            label = run.lex.canonical("strategy", run.text[st:en]) or lower_first(" ".join(run.text[st:en].split()))
        else:
            label = center_label(run, field_, m["scope"], m["head"])
        run.add(i, Cand(EntityKey(C.STRATEGY, norm(label)), st, en, "center-name", label, Priority.PHRASE))


def numbered_lists(run: DocState, i: int, s: Sent) -> None:
    """A counted noun phrase followed by exactly as many items ("the three major driving forces of
    reform, opening up, and innovation", "two priorities: A and B") is a strategy whose components
    are the items.  Groups of sectors are left to the group rules."""
    group_heads = {h.split()[-1] for h in run.lex.cues["group_heads"]}
    for m in run.ex.compiled(strategy_patterns).numbered.finditer(s.text):
        n = run.ex.numbers.get(m["num"].lower())
        if not n or n < 2 or m["head"].lower() in group_heads:
            continue
        a0 = s.start + m.start("list")
        end = run.clause_end(s, a0, s.start + m.end("list"))
        items = [run.trim_item(x, y) for x, y in run.ex.split_list(run.text[a0:end], a0)]
        if len(items) != n or any(not 1 <= len(run.text[x:y].split()) <= 6 for x, y in items):
            continue
        name = m["name"]
        label = run.lex.canonical("strategy", name) or lower_first(name)
        key = EntityKey(C.STRATEGY, norm(label))
        st = s.start + m.start("name")
        run.add(i, Cand(key, st, st + len(name), "numbered-list", label, Priority.PATTERN, number=n))
        for x, y in items:
            item = run.text[x:y]
            ilabel = run.lex.canonical("strategy", item) or lower_first(item)
            run.add(i, Cand(EntityKey(C.STRATEGY, norm(ilabel)), x, y, "numbered-list", ilabel, Priority.PATTERN,
                            component=True))
            run.rel(key, Relation.HAS_COMPONENT, EntityKey(C.STRATEGY, norm(ilabel)), s, x, y, "numbered-list")


def goal_targets(run: DocState, i: int, s: Sent) -> None:
    """Goals named as what a place is to become: "strive to become a major supporting area for national
    strategies, a key source of technological innovation, ... and a core region for opening up",
    "building itself into a national central city", "make Huaihua a regional central city", "building a world-class advanced manufacturing
    cluster and a modern service economic center", "becoming China's largest base for ...".  Each "a X"
    is a strategy; after "build" it must end in a goal head ("system", "cluster", "center", "hub",
    "city" ...), or follow a goal with "and" ("building a metropolitan area and a strong provincial
    capital"); an "a X" after a comma that follows no goal is an apposition.  Three goals or more are
    also an enumeration (of the comma-separated ones) that a counted strategy named just before may
    claim as its parts (``numbered_strategies``)."""
    rx = run.ex.compiled(strategy_patterns)
    stop = run.lex.cues["goal_stop"]
    heads = set(run.lex.cues["goal_heads"])
    for m in rx.build_bare.finditer(s.text):
        bare_goal(run, i, s, s.start + m.end(), heads)
    spans = [(m.end(), False) for m in rx.target.finditer(s.text) if not other_subject(run, i, s, s.start + m.start())] \
        + [(m.end(), True) for m in rx.build.finditer(s.text)]
    for pos, built in sorted(spans):
        kept: list[tuple[int, int]] = []
        prev: tuple[int, bool] | None = None  # where the item before ended, and whether it was a goal
        for a, b in goal_items(s.text, pos, rx.item_sep):
            st, en = s.start + a, s.start + a + len(s.text[a:b].rstrip())
            joined = prev is not None and re.search(r"\band\b|;", run.text[prev[0]:st]) is not None
            if prev is not None and not prev[1] and not joined:
                break  # "build an industrial influence ... downtown, an economic center of ...": an apposition
            after_goal = built and prev is not None and prev[1] and joined  # "building a X and a Y"
            prev = (en, False)
            quoted = re.match(r"[\"“]([^\"“”]{2,80})[\"”]", run.text[st:en])
            if quoted:  # 'a "convenient place" for ...': the quoted name is the goal
                st, en = st + 1, st + 1 + len(quoted[1])
            more = s.tokens(st, en)
            if len(more) > 2 and more[0].tag_ in ("JJR", "RBR"):  # "a stronger international shipping center"
                st = s.at(more[1].idx)
            en = goal_end(run, s, st, en)  # before "... and promote ...": the head is judged on the goal alone
            phrase = " ".join(re.sub(r"\s*\([^()]*\)", "", run.text[st:en]).split())  # "... (AI) industrial park"
            if not 2 <= len(phrase.split()) <= 16 or any(phrase.lower().startswith(w) for w in stop):
                continue
            raw_head = re.split(r"\s+(?:of|for|in|with|linking|guaranteeing|that|to)\s+", phrase)[0].split()[-1]
            head = raw_head.lower()
            if built and head not in heads and not place_head(run, phrase) and not after_goal:
                continue
            if re.match(r"the\s", s.text[pos:]) and (raw_head[:1].isupper() or run.place_key(phrase) is not None
                                                     or run.any_cand(i, C.PLACE, st, en)):
                continue  # "the construction of the Chengdu Supercomputer Center": a named facility; "the
                # building of the Chengdu-Chongqing economic circle": a region
            if not run.noun_phrase(s, st, st + len(re.split(r"\s+(?:of|for|in|with)\s+", phrase)[0])):
                continue
            if any(e.kind == "center" and e.index == i and st <= e.items[0][0] and e.items[-1][1] <= en for e in run.enums):
                kept.append((st, en))  # "an international economic, financial, ... and shipping center": its centres
                prev = (en, True)      # are the goals (``center_lists``), the list of them none
                continue
            first = s.tokens(st, st + 1)
            label = run.lex.canonical("strategy", phrase) or (  # "China's largest base", "the Huairou ... center"
                phrase if re.match(r"[A-Z][\w-]*['’]s\s", phrase) or first and first[0].pos_ == "PROPN" else lower_first(phrase))
            run.add(i, Cand(EntityKey(C.STRATEGY, norm(label)), st, en, "goal-target", label, Priority.PHRASE))
            kept.append((st, en))
            prev = (en, True)
        # the goals as an enumeration a counted strategy may claim ("five functions ...: to become a,
        # b and c"): goals joined by "and" alone ("a node of ... and a hub linking ..., a base ...") are
        # one item, unless that "and" ends the list
        parts = [g for k, g in enumerate(kept) if k == 0 or k == len(kept) - 1
                 or re.search(r"[,;]", run.text[kept[k - 1][1]:g[0]])]
        if len(parts) >= 3:
            run.enums.append(Listing("target", parts, s, i))


#: A bulleted line: its marker, and what follows it.
BULLET = re.compile(r"^\s*[-•*▪‣–—]\s+")


def bullet_goals(run: DocState, i: int, s: Sent) -> None:
    """A bulleted "a X" under a heading of plans or goals ("Baotou's next five-year plan:", then "- A
    national zero-carbon industrial park") is a strategy: the heading says it is one of the plan's goals."""
    m = re.match(rf"{BULLET.pattern}(?:an?|An?)\s+(?P<np>[^.;:!?]+)", s.text)
    if m is None:
        return
    heading = bullet_heading(run, i)
    if heading is None or not re.search(rf"\b(?:{alt(run.lex.cues['goal_headings'])})\b", heading, re.IGNORECASE):
        return
    st, end = s.start + m.start("np"), s.start + len(m[0].rstrip())
    en = goal_end(run, s, st, end)
    if en < end:
        return  # "- A sign that China means to ...": a clause, no goal
    phrase = " ".join(run.text[st:en].split())
    core = re.split(r"\s+(?:of|for|in|with|linking|that|to)\s+", phrase)[0]
    if not 2 <= len(phrase.split()) <= 12 or not run.noun_phrase(s, st, st + len(core)):
        return
    label = run.lex.canonical("strategy", phrase) or lower_first(phrase)
    run.add(i, Cand(EntityKey(C.STRATEGY, norm(label)), st, en, "bullet-goal", label, Priority.PHRASE))


def bullet_heading(run: DocState, i: int) -> str | None:
    """The line that heads the bulleted sentence ``i``: the nearest sentence before it that ends in a
    colon, with only bullets between them."""
    for j in range(i - 1, -1, -1):
        text = run.sents[j].text.rstrip()
        if text.endswith(":"):
            return text
        if not BULLET.match(text):
            return None
    return None


def other_subject(run: DocState, i: int, s: Sent, at: int) -> bool:
    """The verb of the target cue at ``at`` has a common noun for subject, not a place, a body or a
    reference to the place: "the instructions ... serve as the road map for Ningxia" (what serves
    there is no goal of the place's)."""
    verb = s.token_at(at)
    if verb is None or verb.pos_ != "VERB":
        return False
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subj is not None and subj.pos_ == "NOUN" and subj.lower_ not in run.lex.cues["subject_place_words"] \
        and not any(c.start <= s.at(subj.idx) < c.end for c in run.cands[i])


def bare_goal(run: DocState, i: int, s: Sent, at: int, heads: set[str]) -> None:
    """A goal built without an article: "building technology innovation highlands", "the building of new
    integrated energy bases": three words or more, ending in a goal head (plural too)."""
    toks = s.tokens(at, s.end)
    singular = [{t.lower_, t.lower_[:-1], t.lower_[:-2]} for t in toks]  # "highlands", "bases"
    k = 0  # qualifiers and the head; a goal head even where the parser takes it for a verb ("highlands")
    while k < len(toks) and k < 6 and (toks[k].pos_ in ("ADJ", "NOUN", "PROPN") or toks[k].tag_ in ("VBN", "HYPH")
                                       or singular[k] & heads):
        k += 1
    if k < 3 or not singular[k - 1] & heads:
        return  # "set up pilot zones": too bare to name a goal
    head = toks[k - 1].lower_
    groups = {h.split()[-1] for h in run.lex.cues["group_heads"]}
    if head in groups or head in run.lex.cues["goal_stop"]:
        return  # "set up national-level clusters focusing on ...": a group of sectors
    st, en = s.at(toks[0].idx), s.at(toks[k - 1].idx) + len(toks[k - 1].text)
    phrase = " ".join(run.text[st:en].split())
    if run.lex.canonical("sector", phrase):
        return
    label = run.lex.canonical("strategy", phrase) or lower_first(phrase)
    run.add(i, Cand(EntityKey(C.STRATEGY, norm(label)), st, en, "goal-target", label, Priority.PHRASE))


def goal_lists(run: DocState, i: int, s: Sent) -> None:
    """A list of policy concepts after a cue of leading or focusing ("lead the way in institutional
    reform of the business environment, the coordinated development of urban and rural areas, green
    and clean production and ...") or framed as the centre of a goal ("with innovation, industrial
    upgrading and people's livelihood at the center"): each item whose head is a concept ("reform", "development",
    "production", "governance" ...; what follows "of" may qualify it) is a strategy, when most items
    are."""
    heads = set(run.lex.cues["concept_heads"]) | set(run.lex.cues["goal_list_heads"])
    for m in run.ex.compiled(strategy_patterns).goal_list.finditer(s.text):
        g = "list" if m["list"] is not None else "wlist"
        a0, b0 = s.start + m.start(g), s.start + m.end(g)
        purpose = re.search(rf",?\s+(?:{alt(run.lex.cues['purpose_openers'])})\s", run.text[a0:b0])
        if purpose is not None:  # "..., so as to make a greater contribution to ...": a purpose, not an item
            b0 = a0 + purpose.start()
        items = [run.trim_item(a, b) for a, b in run.ex.split_list(run.text[a0:b0], a0)]
        if len(items) < 3:
            continue
        goals = []
        for a, b in items:
            item = re.sub(r"^(?:the|better|further|more)\s+", "", run.text[a:b])
            a = b - len(item)
            head = re.split(r"\s+(?:of|for|in|into|on)\s+", item)[0].split()
            if head and head[-1].lower() in heads and 1 <= len(item.split()) <= 12 and item[:1].islower():
                goals.append((a, b, item))
        if 2 * len(goals) <= len(items):
            continue  # a list of other things with a concept or two in it
        for a, b, item in goals:
            label = run.lex.canonical("strategy", item) or item
            run.add(i, Cand(EntityKey(C.STRATEGY, norm(label)), a, b, "goal-list", label, Priority.PHRASE))


def counted_goals(run: DocState, i: int, s: Sent) -> None:
    """A counted set of tasks, missions or functions is a strategy even when its parts are not listed
    ("drew up five key tasks", "the 'four orientations'"): "Shenzhen concentrated on five key missions".
    Heads that also count plain things ("projects", "actions") need a title ("the Eight Major
    Projects") or a verb of launching ("launching ten projects"; "Five projects were signed" is no
    strategy); a counted compound ("nine-pronged efforts", "a five-point plan") is one too.  Its
    parts, when an enumeration gives them, come later (``numbered_strategies``)."""
    title_heads = {h.lower() for h in run.lex.cues["counted_goal_title_heads"]}
    launch = set(run.lex.cues["launch_verbs"])
    rx = run.ex.compiled(strategy_patterns)
    for m in [*rx.counted.finditer(s.text), *rx.compound.finditer(s.text)]:
        n = run.ex.numbers.get(m["num"].lower())
        name = m["name"]
        if not n or n < 2:
            continue
        if m["head"].lower() in title_heads and not all(w[:1].isupper() for w in name.split()) \
                and not launched(s, s.start + m.end("head"), launch):
            continue
        if agenda(run, s, s.start + m.end("head")):
            continue  # "The session has three main tasks: to hear ...": a meeting's agenda, no goal
        label = run.lex.canonical("strategy", name) or (name if name[:1].isupper() and name.split()[-1][:1].isupper()
                                                         else lower_first(name))
        st = s.start + m.start("name")
        run.add(i, Cand(EntityKey(C.STRATEGY, norm(label)), st, st + len(name), "counted-goal", label,
                        Priority.PHRASE, number=n))


def gerund(verb: str) -> str:
    """The -ing form of a verb.

    >>> [gerund(v) for v in ("take", "lead", "be", "blaze", "die", "see")]
    ['taking', 'leading', 'being', 'blazing', 'dying', 'seeing']
    """
    if verb.endswith("ie"):
        return verb[:-2] + "ying"
    if verb.endswith("e") and not verb.endswith(("ee", "ye", "oe")) and verb != "be":
        return verb[:-1] + "ing"
    return verb + "ing"


def verb_forms(verb: str) -> list[str]:
    """The forms of a verb that state an aim: base, third person and gerund ("took the lead" is done).

    >>> verb_forms("take"), verb_forms("be")
    (['take', 'takes', 'taking'], ['be', 'is', 'are', 'being'])
    """
    if verb == "be":
        return ["be", "is", "are", "being"]
    return [verb, verb + ("es" if verb.endswith(("s", "sh", "ch", "x", "z")) else "s"), gerund(verb)]


def lead_goals(run: DocState, i: int, s: Sent) -> None:
    """To lead in an act is a goal as a whole, named by its gerund: "to take the lead in making new
    breakthroughs" and "taking the lead in making new breakthroughs" are one strategy.  The act ends
    with its object ("... new breakthroughs in its revitalization": that is a goal of its own); an
    act whose object another rule named a goal ("take the lead in building a modern industrial
    system") and a list of acts are left to those rules."""
    rx = run.ex.compiled(strategy_patterns)
    idioms = run.lex.cues["lead_idioms"]
    for m in rx.lead.finditer(s.text):
        k = next(int(g[1:]) for g, v in m.groupdict().items() if v is not None)
        at = s.start + m.end()
        g = s.token_at(at)
        if g is None or g.tag_ != "VBG" or g.conjuncts:
            continue
        last = g
        obj = [c for c in g.children if c.dep_ in ("dobj", "attr", "acomp")]
        if obj:
            last = obj[0]
        en = s.at(last.idx) + len(last.text)
        if any(c.key.cls is C.STRATEGY and at <= c.start < en for c in run.cands[i]):
            continue
        idiom = idioms[k].split()
        phrase = " ".join([gerund(idiom[0]), *idiom[1:], *run.text[at:en].split()])
        label = run.lex.canonical("strategy", phrase) or phrase
        st = s.start + m.start()
        run.add(i, Cand(EntityKey(C.STRATEGY, norm(label)), st, en, "lead-goal", label, Priority.PHRASE))


def agenda(run: DocState, s: Sent, end: int) -> bool:
    """The counted noun that ends at ``end`` is what a meeting has or holds ("The session has three
    main tasks", "the tasks of the congress"): its agenda."""
    t = s.token_ending(end)
    if t is None:
        return False
    meetings = {w.split()[-1] for w in run.lex.cues["meeting_kinds"]} | {"session", "meeting", "congress", "conference"}
    if t.dep_ == "dobj" and t.head.lemma_ in ("have", "hold"):
        return any(c.dep_ == "nsubj" and c.lemma_.lower() in meetings for c in t.head.children)
    return any(c.dep_ == "prep" and c.lower_ == "of" and any(g.lemma_.lower() in meetings for g in c.children)
               for c in t.children)


def launched(s: Sent, end: int, verbs: set[str]) -> bool:
    """The noun that ends at ``end`` is the object of a verb of launching or carrying out ("launching
    ten projects", "will implement the eight actions")."""
    t = s.token_ending(end)
    while t is not None and t.dep_ == "conj" and t.head.i != t.i:
        t = t.head
    if t is None or t.dep_ != "dobj":
        return False
    return t.head.lemma_.lower() in verbs


def concept_goals(run: DocState, i: int, s: Sent) -> None:
    """A policy concept named by its qualifiers and a head such as "development", "reform",
    "opening-up" or "transformation" is a strategy: "high-level opening-up", "ecological
    protection", "supply-side structural reform", "green and low-carbon transformation".  Qualifiers
    that say only how much or how fast ("rapid", "further", "its") name nothing, but two bare
    concepts coordinated are one ("breakthroughs in its revitalization and development"); the
    phrase must be the object of a verb or preposition."""
    heads = set(run.lex.cues["concept_heads"])
    weak = set(run.lex.cues["concept_weak_modifiers"])
    verbs = set(run.lex.cues["policy_verbs"])
    nouns = set(run.lex.cues["goal_nouns"])
    toks = s.toks
    for k, t in enumerate(toks):
        if t.lower_ not in heads or t.pos_ not in ("NOUN", "PROPN", "VERB") or not t.text[:1].islower():
            continue  # not "... High-tech Development Zone": a name is no concept
        j = k  # walk left over the qualifiers; "and" only between adjectives ("green and low-carbon")
        while j > 0 and (toks[j - 1].tag_ in ("JJ", "JJR", "NN", "VBN", "HYPH") and toks[j - 1].lower_ not in heads
                         or toks[j - 1].lower_ == "and" and j - 2 >= 0 and toks[j - 2].tag_ == "JJ"):
            j -= 1
        while j < k and (toks[j].lower_ in weak or toks[j].lower_ == "and" or toks[j].tag_ == "HYPH"):
            j += 1  # "sustained high-quality economic development": the qualifiers that count
        mods = [m.lower_ for m in toks[j:k] if m.tag_ != "HYPH" and m.lower_ != "and"]
        last = k  # the last token of the concept: its head, or the second of a bare pair
        if not mods and k + 2 < len(toks) and toks[k + 1].lower_ == "and" and toks[k + 2].lower_ in heads \
                and toks[k + 2].lower_ != t.lower_ and toks[k + 2].dep_ == "conj" and toks[k + 2].head.i == t.i:
            last = k + 2  # "revitalization and development": two bare concepts are one goal
        elif not mods or all(m in weak for m in mods):
            continue
        if last + 1 < len(toks) and toks[last + 1].lower_ == "of":
            continue  # "the coordinated development of ...": the area rules' phrase, or a generic one
        if j > 0 and (toks[j - 1].tag_ == "VBG" and toks[j - 1].dep_ in ("pcomp", "pobj", "amod", "compound") or toks[j - 1].text == ","):
            continue  # "its function in leading high-end industry development" (a gerund goal as a whole);
            # "intelligent, green and integrated development" (a list of manners: how, not what)
        if not policy_object(t, verbs, nouns):
            continue
        st, en = s.at(toks[j].idx), s.at(toks[last].idx) + len(toks[last].text)
        if any(c.start < en and st < c.end and not c.key.cls.is_place for c in run.cands[i]):
            continue  # a name found already ("cyber security", a sector; "high-quality development")
        phrase = " ".join(run.text[st:en].split())
        if run.lex.canonical("sector", phrase) or re.match(r"\s+(?:industry|industries|sector|sectors)\b", run.text[en:en + 12]):
            continue
        label = run.lex.canonical("strategy", phrase) or lower_first(phrase)
        run.add(i, Cand(EntityKey(C.STRATEGY, norm(label)), st, en, "concept-goal", label, Priority.MODEL))


def policy_object(t: Token, verbs: set[str], nouns: frozenset[str] | set[str] = frozenset()) -> bool:
    """The noun ``t`` is what a policy verb acts on: its object ("advance ecological protection"), a
    conjunct of its object, or the object of a preposition after it ("efforts in rural revitalization"),
    or after one of the goal ``nouns`` ("new breakthroughs in its revitalization", "a new situation in ...")."""
    while t.dep_ in ("conj", "compound", "appos") and t.head.i != t.i:
        t = t.head
    if t.dep_ in ("dobj", "nsubjpass", "attr"):
        return t.head.lemma_.lower() in verbs
    if t.dep_ == "pobj":
        v = t.head.head  # the verb or noun the preposition hangs on
        return v.lemma_.lower() in verbs or v.head.lemma_.lower() in verbs or v.pos_ == "NOUN" and v.lemma_.lower() in nouns \
            or any(o.dep_ == "dobj" and o.lemma_.lower() in nouns for o in v.children)  # "making breakthroughs in ..."
    return False


def area_goals(run: DocState, i: int, s: Sent) -> None:
    """The development of a named area is a strategy and the area a region: "promote the coordinated
    development of the Chengdu-Chongqing economic circle", "the integration of the Yangtze River
    Delta", "the ecological protection and high-quality development of the Yellow River basin",
    "the mutual and coordinated development of Chengdu and Chongqing" (two known places)."""
    for m in run.ex.compiled(strategy_patterns).area_goal.finditer(s.text):
        if m["pair"] and (not m["mod"] or any(run.place_key(p) is None for p in
                                              [m["p1"], m["p2"], *re.findall(r"[A-Z][\w'’-]*", m["more"] or "")])):
            continue  # "the coordinated development of Chengdu and Chongqing" (or of three cities): places the gazetteer knows
        goal = " ".join(m["goal"].split())
        label = run.lex.canonical("strategy", goal) or goal
        st = s.start + m.start("goal")
        run.add(i, Cand(EntityKey(C.STRATEGY, norm(label)), st, s.start + m.end("goal"), "area-goal", label,
                        Priority.PHRASE))
        if m["area"] is None:
            continue
        area = " ".join(m["area"].split())
        pk = run.place_key(area, C.REGION.value)
        if pk is not None:
            a = s.start + m.start("area")
            run.add(i, Cand(pk[0], a, a + len(m["area"]), "area-goal", pk[1], Priority.PLACE, nested_ok=True))


def place_head(run: DocState, phrase: str) -> bool:
    """A built goal may end in a place name: "build a modern new Qinghai", "a beautiful Kunming"."""
    last = phrase.split()[-1]
    return last[:1].isupper() and len(phrase.split()) >= 2 and run.place_key(last) is not None


def goal_end(run: DocState, s: Sent, st: int, en: int) -> int:
    """Where a goal phrase at [st, en) really ends: before "through" and the means after it, before "in
    the new era" or a frame such as "at the center"; before a verb that coordinates a new clause
    ("... and make Wuhan ...", "... and are marching ..."), a finite verb or a modal ("... city is a
    key step", "... center will be accelerated"),
    a past participle that qualifies it
    ("... built on major clusters", ", guided by ..."), a coordinated "(how) to" clause ("how to build
    a X and how to move Y forward"), "in the province", or a conjunction whose
    second half a comma puts off ("... province and, at the same time, to ...")."""
    toks = s.tokens(st, en)
    for k, t in enumerate(toks):
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        if k >= 2 and t.tag_ == "VBN" or k >= 1 and t.tag_ in ("VBZ", "VBP", "VBD", "MD") or (t.lower_ == "and" and nxt is not None
                                          and (nxt.tag_ in ("VB", "VBP", "VBZ", "VBD") or nxt.pos_ == "AUX")):
            en = s.at(t.idx)
            break
    # "... city on the foundation of", "a national model of common prosperity through high-quality development"
    cut = re.search(r"\s+(?:on|upon)\s+the\b|\s+(?:through|via|by means of)\s|,?\s+and\s+(?:how\s+)?to\s"
                    r"|\s+(?:of\s+)?[\"“‘]"  # '... pattern of "main city ...': the quote is its own
                    r"|\s+(?:where|whose|which)\s"  # "a regional central city where five provinces meet"
                    r"|\s+to\s+an?\s+(?:new|higher|whole\s+new)\s+(?:heights?|level|stage)\b"  # "took X to a new height"
                    r"|\s+with\s+(?:an?\s+)?(?:[a-z-]+\s+){0,3}?(?:of\s+)?(?:(?:over|about|more\s+than|nearly)\s+)?"
                    r"(?:\d|\$|(?:one|two|three|four|five|six|seven|eight|nine|ten|a)\s+(?:hundred|thousand|million|billion|trillion))"
                    # "a world-class cluster with revenue of 1 trillion yuan": a size is no part of the goal
                    r"|\s+in\s+the\s+new\s+era\b|\s+(?:at\s+the\s+(?:center|centre|core|heart)|as\s+the\s+(?:focus|priority|main\s+line))\b",
                    run.text[st:en])
    if cut:
        en = st + cut.start()
    with_at = [w for w in re.finditer(r"\s+with\s+", run.text[st:en])
               if any(sp.label_ in ("sector", "sector_generic") and s.at(sp.start_char) == st + w.end() for sp in s.gaz)]
    if with_at:  # "a modern industrial system with automobiles, ... as its pillars": the system
        en = st + with_at[0].start()
    both = re.search(r",?\s+and\s+the\s", run.text[st:en])  # "the building of the X center and the construction of
    if both and not re.search(r"\s(?:of|for|in|between|with|to|on|from|among)\s", run.text[st:st + both.start()]):
        en = st + both.start()  # ...": a new phrase; not "a link between the Chinese market and the international market"
    tail = re.search(r"(?:\s*,)?\s+in\s+the\s+(?:province|city|region|country)\s*$|\s*,\s*$"
                     r"|\s+(?:and|or)\s*$", run.text[st:en])  # "a strong ... province and, at the same time, ..."
    if tail:
        en = st + tail.start()
    return st + len(run.text[st:en].rstrip(" ,;\"”"))  # 'the goal of "building a X"': not its closing quote


def goal_items(text: str, pos: int, sep: re.Pattern[str]) -> list[tuple[int, int]]:
    """The "a X" phrases of a list that starts at ``pos`` (at its first article), as (start, end) in
    ``text`` without their articles: items end at the next separator before an article; the last one
    at the end of its clause (a full stop, a colon, a semicolon, or a comma that ends no series of
    qualifiers: "a collaborative, complementary and efficient energy supply system")."""
    items: list[tuple[int, int]] = []
    cur = pos
    while True:
        art = re.match(r"an?\s+", text[cur:]) or (re.match(rf"the\s+|(?={POSSESSOR}\s)", text[cur:]) if cur == pos else None)
        if art is None:
            break
        start = cur + art.end()
        clause = re.search(r"[.:;!?]|$", text[start:])
        end_clause = start + (clause.start() if clause else len(text) - start)
        nxt = sep.search(text, start)
        if nxt is not None and nxt.start() <= end_clause:  # a semicolon before "a ..." separates items
            items.append((start, nxt.start()))
            cur = nxt.end()
            continue
        last = text[start:end_clause]
        series = re.match(r"(?:[a-z][\w-]*,\s+)+[a-z][\w-]*,?\s+and\s+[a-z][\w-]*\s", last)  # "collaborative, complementary and efficient ..."
        skip = series.end() if series else 0
        cut = re.search(r",|\s+(?:by|in|before)\s+\d{4}\b|\s+(?:at the same time|on schedule|as soon as possible)\b", last[skip:])
        items.append((start, start + (skip + cut.start() if cut else len(last))))
        break
    return items


def center_label(run: DocState, field_: str, scope: str = "global", head: str = "center") -> str:
    """"international financial center" -> "global center for finance"; a national or regional
    one keeps its scope and head ("national hub for optoelectronic information")."""
    words = field_.split()
    words[-1] = run.ex.field_nouns.get(words[-1].lower(), words[-1])
    if len(words) == 1:
        words[0] = run.ex.field_nouns.get(words[0].lower(), words[0])
    field_ = " ".join(words).lower()
    if scope.lower() in run.ex.local_scopes:
        return f"{scope.lower()} {head.lower().replace('centre', 'center')} for {field_}"
    label = "global center for " + field_
    return run.lex.canonical("strategy", label) or label


def enumerations(run: DocState, i: int, s: Sent) -> None:
    """Gerund enumerations ("in allocating ..., initiating ... and pioneering ...")."""
    toks = s.toks
    for k, tok in enumerate(toks[:-1]):
        nxt = toks[k + 1]
        if tok.lower_ not in ("in", "on", "of", ":", "as", "including", "namely", "them") or not nxt.text.endswith("ing"):
            continue
        partial = tok.lower_ in ("including", "them")
        a = s.at(nxt.idx)
        b = s.end
        tail = run.text[a:b]
        cut = re.search(r"[.;!?]\s*$|[;:]", tail)
        if cut:
            tail = tail[:cut.start()]
        items = run.ex.split_list(tail, a)
        items = [run.trim_item(x, y) for x, y in items]
        if len(items) >= (2 if partial else 3) and all(re.match(r"[a-z]+ing\b", run.text[x:y]) for x, y in items):
            run.enums.append(Listing("gerund", items, s, i, partial))
            return


def colon_lists(run: DocState, i: int, s: Sent) -> None:
    """An enumeration after a colon or a dash ("... the 'four centers': a, b, c and d"), after
    "namely", ", that is,", "which refers to" or "including" or "among them" (which may give only some
    of the items), or a sentence of its own ("They are a, b and c.", "The six towns are a, b, ...")."""
    restated = run.ex.compiled(strategy_patterns).restated.match(s.text)
    opener = restated or re.search(r":|\s[—–]\s|\b(?:namely|including|among them)\b|,\s*(?:that is|i\.e\.),|"
                                   r"^\s*(?:They|These)\s+(?:are|include)\b|,?\s+which\s+(?:refers?\s+to|stands?\s+for|means)\b",
                                   s.text)
    if opener is None:
        return
    partial = opener[0] in ("including", "among them")
    a = s.start + opener.end()
    tail = run.text[a:s.end].rstrip(" .;")
    lead = re.match(r"\s*(?:in|on|of|to|for)\s+", tail)  # '"four functions": in a, b, c and d'
    if lead:
        a, tail = a + lead.end(), tail[lead.end():]
    items = [run.trim_item(x, y) for x, y in run.ex.split_list(tail, a)]
    if len(items) >= 2 and all(1 <= len(run.text[x:y].split()) <= 6 for x, y in items):
        run.enums.append(Listing("noun", items, s, i, partial))


def bullet_lists(run: DocState, i: int, s: Sent) -> None:
    """The bulleted lines under a sentence that ends in a colon are an enumeration ("Baotou is speeding
    up its '1144 industrial system' strategy:" then "- One core industry, rare earths", "- One direction
    of green and digital transformation", ...), up to the next line that is no bullet or heads a list
    of its own; a line too short to be read as a sentence still counts."""
    if not s.text.rstrip().endswith(":") or run.text[s.end:].split("\n", 1)[0].strip():
        return
    items: list[tuple[int, int]] = []
    where: list[int | None] = []
    pos = s.end + len(run.text[s.end:].split("\n", 1)[0]) + 1
    for line in re.finditer(r"[^\n]*", run.text[pos:]):
        text = line[0]
        if not text.strip():
            continue
        marker = BULLET.match(text)
        if marker is None or text.rstrip().endswith(":"):
            break
        a = pos + line.start() + marker.end()
        b = a + len(text[marker.end():].rstrip(" .;"))
        items.append((a, b))
        where.append(next((j for j in range(i + 1, len(run.sents)) if run.sents[j].start <= a < run.sents[j].end), None))
    if len(items) >= 2:
        run.enums.append(Listing("bullet", items, s, i, item_index=tuple(where)))


def bullet_part(run: DocState, i: int, a: int, b: int) -> tuple[int, int] | None:
    """The part a bulleted line names, or None when it names a group, a sector or a place: "One direction
    of green and digital transformation" -> "direction of green and digital transformation"; "Four pillar
    industries" and "One core industry, rare earths" (a group; a sector) none; what follows a colon or a
    dash describes the part ("Binhai belt: a coastal ...")."""
    art = re.match(r"(?:the|an?)\s+", run.text[a:b], re.IGNORECASE)
    if art:  # "- The coastal belt"
        a += art.end()
    words = run.text[a:b].split()
    n = run.ex.numbers.get(words[0].lower()) if words else None
    if n is not None and n > 1 and words[-1].lower() in {h.split()[-1] for h in run.lex.cues["group_heads"]}:
        return None
    if n == 1 and len(words) > 1:
        a = run.text.index(words[1], a + len(words[0]))
    desc = re.search(r":|\s[—–-]\s", run.text[a:b])
    if desc:
        b = a + desc.start()
    comma = run.text.find(",", a, b)
    if comma >= 0:
        after = comma + 1 + len(run.text[comma + 1:b]) - len(run.text[comma + 1:b].lstrip())
        if not_a_goal(run, i, after, b):
            return None
        b = comma
    return None if b <= a or not_a_goal(run, i, a, b) else (a, b)


def counted_aliases(run: DocState) -> None:
    """A counted set named by a generic head ("work is under way in nine areas") restates the one
    counted strategy of that number the article named before it ("reinforcing nine-pronged efforts"):
    it is that strategy."""
    generic = set(run.lex.cues["generic_group_heads"])
    seen: dict[int, set[EntityKey]] = {}
    labels: dict[EntityKey, str] = {}
    for i, cs in sorted(run.cands.items()):
        for c in cs:
            if c.key.cls is not C.STRATEGY or not c.number or c.number < 2:
                continue
            if (c.label or c.key.key).split()[-1:] and (c.label or c.key.key).split()[-1].lower() in generic:
                earlier = seen.get(c.number, set())
                if len(earlier) == 1:
                    c.key = next(iter(earlier))
                    c.label = labels[c.key]
                continue
            seen.setdefault(c.number, set()).add(c.key)
            labels.setdefault(c.key, c.label or c.key.key)


def numbered_strategies(run: DocState) -> None:
    """"four functions" + an enumeration of four items -> four component strategies ("one hub and four
    centers" counts five; the items may follow ", that is,", or be the goals the place is to become in
    the same sentence or the next two: "Under the five functions, Hubei is to become a ..., a ...")."""
    used: set[int] = set()
    done: set[EntityKey] = set()
    generic = set(run.lex.cues["generic_group_heads"])
    for i, cs in sorted(run.cands.items()):
        for c in list(cs):
            n = c.number
            if c.key.cls is not C.STRATEGY or not n or c.key in done:
                continue
            head = norm(c.label or "").split()[-1]
            best = None
            for k, e in enumerate(run.enums):
                if e.index < i or e.index == i and e.items[0][0] < c.end:
                    continue  # the parts come after the name
                # what stands between the name and its parts: an opener, past a closing quote and a head
                # ('"one core, two wings" plan, which refers to a ...', "The five highlights, he went on, are ...")
                follows = e.index == i and e.items[0][0] - c.end <= 60 and re.fullmatch(
                    r"[\"”’']?(?:\s+[a-z][\w-]*){0,3}?\s*,?\s*(?::|[—–]|\bincluding|\bnamely|\bamong them|(?:that is|i\.e\.),"
                    rf"|(?:\s*,[^,.;:]{{1,40}},)?,?\s+(?:which\s+)?(?:{alt(run.lex.cues['restating_verbs'])}))\s*(?:(?:the|an?)\s+)?",
                    run.text[c.end:e.items[0][0]]) is not None
                if k in used or not (len(e.items) == n or e.partial and follows and len(e.items) < n):
                    continue
                if e.kind == "target" and e.index - i > 2:
                    continue  # goals claimed only by a count in their sentence or the two before it
                fits = ((e.kind == "center" and head in run.lex.cues["center_heads"]) or e.kind in ("gerund", "target")
                        or (e.kind == "bullet" and e.index == i)  # the count is named in the list's heading
                        or (e.kind == "noun" and (follows or all(head in norm(run.text[a:b]).split() for a, b in e.items))))
                if fits and (best is None or (e.kind != "gerund") > (run.enums[best].kind != "gerund")):
                    best = k
            if best is None:
                continue
            used.add(best)
            done.add(c.key)
            e = run.enums[best]
            # "targets in 12 areas, including a, b and c": a bare count of a generic head names no strategy;
            # its parts are goals of their own
            count_only = c.rule == "action-group" and len(words := (c.label or "").split()) == 2 and words[-1] in generic
            if count_only:
                cs.remove(c)
            for k, (a, b) in enumerate(e.items):
                si = e.item_index[k] if e.item_index else e.index
                if si is None:
                    continue  # a bulleted line too short to be read: counted, not named
                sent = run.sents[si]
                if e.kind == "bullet":
                    part = bullet_part(run, si, a, b)
                    if part is None:
                        continue
                    a, b = part
                gm = re.match(r"[a-z]+ing\s+", run.text[a:b])
                if gm and e.kind == "noun" and any(
                        o.key.cls is C.STRATEGY and o.rule.startswith("gazetteer") and o.end == b and o.start > a
                        for o in run.cands[si]):
                    a += gm.end()  # "advancing high-level opening-up": the goal, not the act
                if e.kind == "noun" and not_a_goal(run, si, a, b):
                    continue  # "The six towns are Binhai New Town, ...": places; "New Materials": a sector
                name = run.text[a:b]
                if e.kind == "target":  # the goal's own candidate, whichever rule named it there
                    there = [o for o in run.cands[si] if o.key.cls is C.STRATEGY and o.start == a and o.end <= b]
                    label = max(there, key=lambda o: (o.length, o.priority)).label or name if there else name
                elif e.kind == "center":
                    label = center_label(run, name)
                else:
                    label = run.lex.canonical("strategy", name) or name
                ckey = EntityKey(C.STRATEGY, norm(label))
                if e.kind not in ("center", "target"):
                    run.add(si, Cand(ckey, a, b, "enumerated-component", label, Priority.PATTERN))
                if count_only:
                    continue
                for other in run.cands[si]:
                    if other.key == ckey:
                        other.component = True
                run.rel(c.key, Relation.HAS_COMPONENT, ckey, sent, a, b, f"numbered-{e.kind}-enumeration")


def not_a_goal(run: DocState, i: int, a: int, b: int) -> bool:
    """The list item at [a, b) names a place or a sector, no goal: a place or gazetteer sector found
    there covers it, or it is a capitalised name whose last word names a kind of place ("Binhai New
    Town"; "Digital Fuzhou" is a slogan); or it is a lone determiner or pronoun ("each")."""
    if any(c.start <= a and b <= c.end and (c.key.cls.is_place and c.rule != "ner-place"
                                            or c.key.cls is C.SECTOR and c.rule.startswith("gazetteer") and not c.weak)
           for c in run.cands[i]):
        return True
    words = run.text[a:b].split()
    if len(words) == 1 and all(t.pos_ in ("DET", "PRON") for t in run.sents[i].tokens(a, b)):
        return True  # "each", "others": no name
    return all(w[:1].isupper() for w in words if w not in STOP_LEAD) and words[-1] in run.lex.cues["place_name_heads"]
