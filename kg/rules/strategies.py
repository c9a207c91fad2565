"""Strategies: quoted slogans, gazetteer goals, "global center for X, Y and Z", goal zones, numbered strategies."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from spacy.tokens import Token

from ..gazetteer import norm
from ..types import EntityClass as C
from ..types import EntityKey, Relation
from .base import STOP_LEAD, Cand, DocState, Listing, Patterns, Priority, Sent, alt, lower_first


@dataclass(frozen=True, slots=True)
class StrategyPatterns:
    """The expressions of the strategy rules."""

    quote: re.Pattern[str]
    center_for: re.Pattern[str]  # "global centers for finance, trade and shipping"
    center_pre: re.Pattern[str]  # "international financial center"
    zone: re.Pattern[str]  # "a pilot zone for common prosperity"
    numbered: re.Pattern[str]  # "the three major driving forces of reform, opening up, and innovation"
    target: re.Pattern[str]  # "become a ...", "into a ..."
    build: re.Pattern[str]  # "building a ..."
    item_sep: re.Pattern[str]  # what separates "a X, a Y; and a Z"
    area_goal: re.Pattern[str]  # "the coordinated development of the Chengdu-Chongqing economic circle"
    counted: re.Pattern[str]  # "five key tasks", "the Eight Major Projects"
    goal_list: re.Pattern[str]  # "lead the way in A, B, C and D"


def strategy_patterns(ex: Patterns) -> StrategyPatterns:
    """Compile the strategy patterns from the cue words."""
    cues = ex.lex.cues
    scopes = alt(cues["center_scopes"])
    heads = alt(cues["center_heads"])
    zones = alt(cues["goal_zones"])
    return StrategyPatterns(
        # double quotes, or single ones that are no apostrophes ("the 'two hubs'", not "workers' rights")
        quote=re.compile(r"[\"“](?P<q>[^\"“”\n]{2,80}?)[\"”]|(?<![\w'‘’])[‘'](?P<s>(?=[^\s'‘’])[^'‘’\n]{2,80}?(?<=\S))[’'](?![\w'‘’])"),
        center_for=re.compile(
            rf"\b(?:(?P<scope>{scopes})\s+)(?P<head>{heads})s?\s+(?:for|of)\s+(?P<list>[^.;:()\"“”]+)"),
        center_pre=re.compile(rf"\b(?P<scope>{scopes})\s+(?P<field>(?:[A-Za-z][\w-]*\s+){{1,5}}?)(?P<head>{heads})s?\b"),
        zone=re.compile(
            rf"\b(?:a|an|the)\s+(?P<zone>(?:[a-z][\w-]*\s+){{0,3}}?(?:{zones})"
            rf"(?:\s+(?:of|for)\s+[A-Za-z][\w-]*(?:\s+(?:with\s+|and\s+(?!(?:an?|the|to)\b))?(?!(?:and|an?|the)\b)[A-Za-z][\w-]*){{0,5}})?)"
            rf"(?=\s*(?:[,.;:]|and\b|by\b|in\b|$))"),
        numbered=re.compile(
            rf"\b(?P<name>(?P<num>{alt(w for w in ex.numbers if not w.isdigit())})\s+(?:[a-z][\w-]*\s+){{0,3}}?"
            rf"(?P<head>[a-z][\w-]*s))\s*(?:\bof\b|:|—|–|,?\s+namely\b)\s*(?P<list>[^.;()\"“”]+)", re.IGNORECASE),
        target=re.compile(rf"\b(?:{alt(cues['goal_target_cues'])})\s+(?=an?\s)"
                          rf"|\b(?:{alt(cues['goal_role_cues'])})\s+(?=the\s)"),  # "act as the central city of ..."
        build=re.compile(rf"\b(?:{alt(cues['goal_build_cues'])})\s+(?=an?\s)"),
        item_sep=re.compile(r"(?:\s*[,;]\s*(?:and\s+)?|\s+and\s+)(?=an?\s)"),
        goal_list=re.compile(rf"\b(?:{alt(cues['goal_list_cues'])})\s+(?P<list>[^.;:()\"“”]+)"
                             rf"|\bwith\s+(?P<wlist>[^.;:()\"“”]+?)\s+(?:{alt(cues['goal_list_closers'])})\b", re.IGNORECASE),
        counted=re.compile(
            rf"\b(?P<name>(?P<num>{alt(w for w in ex.numbers if not w.isdigit())})\s+(?:(?!of\b|and\b|the\b)[A-Za-z][\w-]*\s+"
            rf"(?:and\s+(?=[A-Za-z][\w-]*\s+[A-Za-z]))?){{0,3}}?"
            rf"(?P<head>{alt([*cues['counted_goal_heads'], *cues['counted_goal_title_heads']])}))\b", re.IGNORECASE),
        area_goal=re.compile(
            rf"\b(?P<goal>(?P<mod>(?:{alt(cues['area_goal_modifiers'])})\s+(?:and\s+(?:{alt(cues['area_goal_modifiers'])})\s+)?)?"
            rf"(?:{alt(cues['area_goal_nouns'])})\s+of\s+(?:the\s+)?"
            rf"(?:(?P<area>(?:[A-Z][\w'’]*(?:-[A-Z][\w'’]*)*\s+){{1,4}}?(?:{alt(cues['area_heads'])}))"
            rf"|(?P<pair>(?P<p1>[A-Z][\w'’-]*)\s+and\s+(?P<p2>[A-Z][\w'’-]*))))\b"),
    )


def quoted_strategies(run: DocState, i: int, s: Sent) -> None:
    """A quoted noun phrase of one to six words ("four functions", "two hubs and one corridor") is a
    strategy; its leading number word makes it a numbered strategy.  Quoted sectors and places, and
    quoted fragments of speech, are not."""
    for m in run.ex.compiled(strategy_patterns).quote.finditer(s.text):
        q = "q" if m["q"] is not None else "s"
        phrase = m[q].strip()
        words = phrase.split()
        if not 1 <= len(words) <= 6 or re.search(r"[.!?,;:]$", phrase):
            continue
        if run.lex.canonical("sector", phrase) or run.lex.canonical("place", phrase):
            continue
        if re.search(rf"\b(?:{'|'.join(map(re.escape, run.lex.cues['resolution_words']))}|industry|industries|sector|sectors)$",
                     phrase, re.IGNORECASE):
            continue  # a quoted document ("Government Work Report") or industry ("primary industry")
        canon = run.lex.canonical("strategy", phrase)
        st = s.start + m.start(q)
        if canon is None and not run.noun_phrase(s, st, st + len(phrase)):
            continue  # a quoted fragment of speech ("very important"), not a name
        label = canon or lower_first(phrase)
        run.add(i, Cand(EntityKey(C.STRATEGY, norm(label)), st, st + len(phrase), "quoted-strategy",
                        label, Priority.PHRASE, number=slogan_count(run, phrase)))


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
            if b <= a or len(run.text[a:b].split()) > 5:
                break
            items.append((a, b))
        if not items:
            continue
        for n, (a, b) in enumerate(items):
            label = center_label(run, run.text[a:b], m["scope"], m["head"])
            st = s.start + m.start() if n == 0 else a
            run.add(i, Cand(EntityKey(C.STRATEGY, norm(label)), st, b, "center-list", label, Priority.PATTERN))
        run.enums.append(Listing("center", items, s, i))


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
    "building itself into a national central city", "building a world-class advanced manufacturing
    cluster and a modern service economic center".  Each "a X" is a strategy; after "build" it must
    end in a goal head ("system", "cluster", "center", "hub", "city" ...).  Three goals or more are
    also an enumeration (of the comma-separated ones) that a counted strategy named just before may
    claim as its parts (``numbered_strategies``)."""
    rx = run.ex.compiled(strategy_patterns)
    stop = run.lex.cues["goal_stop"]
    heads = set(run.lex.cues["goal_heads"])
    spans = [(m.end(), False) for m in rx.target.finditer(s.text)] + [(m.end(), True) for m in rx.build.finditer(s.text)]
    for pos, built in sorted(spans):
        kept: list[tuple[int, int]] = []
        for a, b in goal_items(s.text, pos, rx.item_sep):
            st, en = s.start + a, s.start + a + len(s.text[a:b].rstrip())
            quoted = re.match(r"[\"“]([^\"“”]{2,80})[\"”]", run.text[st:en])
            if quoted:  # 'a "convenient place" for ...': the quoted name is the goal
                st, en = st + 1, st + 1 + len(quoted[1])
            en = goal_end(run, s, st, en)  # before "... and promote ...": the head is judged on the goal alone
            phrase = " ".join(run.text[st:en].split())
            if not 2 <= len(phrase.split()) <= 16 or any(phrase.lower().startswith(w) for w in stop):
                continue
            head = re.split(r"\s+(?:of|for|in|with|linking|guaranteeing|that|to)\s+", phrase)[0].split()[-1].lower()
            if built and head not in heads and not place_head(run, phrase):
                continue
            if not run.noun_phrase(s, st, st + len(re.split(r"\s+(?:of|for|in|with)\s+", phrase)[0])):
                continue
            label = run.lex.canonical("strategy", phrase) or lower_first(phrase)
            run.add(i, Cand(EntityKey(C.STRATEGY, norm(label)), st, en, "goal-target", label, Priority.PHRASE))
            kept.append((st, en))
        # the goals as an enumeration a counted strategy may claim ("five functions ...: to become a,
        # b and c"): goals joined by "and" alone ("a node of ... and a hub linking ..., a base ...") are
        # one item, unless that "and" ends the list
        parts = [g for k, g in enumerate(kept) if k == 0 or k == len(kept) - 1
                 or re.search(r"[,;]", run.text[kept[k - 1][1]:g[0]])]
        if len(parts) >= 3:
            run.enums.append(Listing("target", parts, s, i))


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
        a0 = s.start + m.start(g)
        items = [run.trim_item(a, b) for a, b in run.ex.split_list(run.text[a0:s.start + m.end(g)], a0)]
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
    Projects").  Its parts, when an enumeration gives them, come later (``numbered_strategies``)."""
    title_heads = {h.lower() for h in run.lex.cues["counted_goal_title_heads"]}
    for m in run.ex.compiled(strategy_patterns).counted.finditer(s.text):
        n = run.ex.numbers.get(m["num"].lower())
        name = m["name"]
        if not n or n < 2:
            continue
        if m["head"].lower() in title_heads and not all(w[:1].isupper() for w in name.split()):
            continue
        label = run.lex.canonical("strategy", name) or (name if name[:1].isupper() and name.split()[-1][:1].isupper()
                                                         else lower_first(name))
        st = s.start + m.start("name")
        run.add(i, Cand(EntityKey(C.STRATEGY, norm(label)), st, st + len(name), "counted-goal", label,
                        Priority.PHRASE, number=n))


def concept_goals(run: DocState, i: int, s: Sent) -> None:
    """A policy concept named by its qualifiers and a head such as "development", "reform",
    "opening-up" or "transformation" is a strategy: "high-level opening-up", "ecological
    protection", "supply-side structural reform", "green and low-carbon transformation".  Qualifiers
    that say only how much or how fast ("rapid", "further", "its") name nothing; the phrase must be
    the object of a verb or preposition."""
    heads = set(run.lex.cues["concept_heads"])
    weak = set(run.lex.cues["concept_weak_modifiers"])
    verbs = set(run.lex.cues["policy_verbs"])
    toks = list(s.span)
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
        if not mods or all(m in weak for m in mods):
            continue
        if k + 1 < len(toks) and toks[k + 1].lower_ == "of":
            continue  # "the coordinated development of ...": the area rules' phrase, or a generic one
        if j > 0 and (toks[j - 1].tag_ == "VBG" and toks[j - 1].dep_ in ("pcomp", "pobj", "amod", "compound") or toks[j - 1].text == ","):
            continue  # "its function in leading high-end industry development" (a gerund goal as a whole);
            # "intelligent, green and integrated development" (a list of manners: how, not what)
        if not policy_object(t, verbs):
            continue
        st, en = s.at(toks[j].idx), s.at(t.idx) + len(t.text)
        if any(c.start < en and st < c.end and not c.key.cls.is_place for c in run.cands[i]):
            continue  # a name found already ("cyber security", a sector; "high-quality development")
        phrase = " ".join(run.text[st:en].split())
        if run.lex.canonical("sector", phrase) or re.match(r"\s+(?:industry|industries|sector|sectors)\b", run.text[en:en + 12]):
            continue
        label = run.lex.canonical("strategy", phrase) or lower_first(phrase)
        run.add(i, Cand(EntityKey(C.STRATEGY, norm(label)), st, en, "concept-goal", label, Priority.MODEL))


def policy_object(t: Token, verbs: set[str]) -> bool:
    """The noun ``t`` is what a policy verb acts on: its object ("advance ecological protection"), a
    conjunct of its object, or the object of a preposition after it ("efforts in rural revitalization")."""
    while t.dep_ in ("conj", "compound", "appos") and t.head.i != t.i:
        t = t.head
    if t.dep_ in ("dobj", "nsubjpass", "attr"):
        return t.head.lemma_.lower() in verbs
    if t.dep_ == "pobj":
        v = t.head.head  # the verb or noun the preposition hangs on
        return v.lemma_.lower() in verbs or v.head.lemma_.lower() in verbs
    return False


def area_goals(run: DocState, i: int, s: Sent) -> None:
    """The development of a named area is a strategy and the area a region: "promote the coordinated
    development of the Chengdu-Chongqing economic circle", "the integration of the Yangtze River
    Delta", "the ecological protection and high-quality development of the Yellow River basin",
    "the mutual and coordinated development of Chengdu and Chongqing" (two known places)."""
    for m in run.ex.compiled(strategy_patterns).area_goal.finditer(s.text):
        if m["pair"] and (not m["mod"] or run.place_key(m["p1"]) is None or run.place_key(m["p2"]) is None):
            continue  # "the coordinated development of Chengdu and Chongqing": two places the gazetteer knows
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
    """Where a goal phrase at [st, en) really ends: before a verb that coordinates a new clause
    ("... and make Wuhan ...", "... and are marching ..."), a finite verb ("... city is a key step"),
    a past participle that qualifies it
    ("... built on major clusters", ", guided by ..."), a coordinated "(how) to" clause ("how to build
    a X and how to move Y forward"), "in the province", or a conjunction whose
    second half a comma puts off ("... province and, at the same time, to ...")."""
    toks = s.tokens(st, en)
    for k, t in enumerate(toks):
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        if k >= 2 and t.tag_ == "VBN" or k >= 1 and t.tag_ in ("VBZ", "VBP", "VBD") or (t.lower_ == "and" and nxt is not None
                                          and (nxt.tag_ in ("VB", "VBP", "VBZ", "VBD") or nxt.pos_ == "AUX")):
            en = s.at(t.idx)
            break
    cut = re.search(r"\s+(?:on|upon|through|via)\s+the\b|,?\s+and\s+(?:how\s+)?to\s", run.text[st:en])  # "... city on the foundation of"
    if cut:
        en = st + cut.start()
    tail = re.search(r"(?:\s*,)?\s+in\s+the\s+(?:province|city|region|country)\s*$|\s*,\s*$"
                     r"|\s+(?:and|or)\s*$", run.text[st:en])  # "a strong ... province and, at the same time, ..."
    if tail:
        en = st + tail.start()
    return st + len(run.text[st:en].rstrip(" ,;"))


def goal_items(text: str, pos: int, sep: re.Pattern[str]) -> list[tuple[int, int]]:
    """The "a X" phrases of a list that starts at ``pos`` (at its first article), as (start, end) in
    ``text`` without their articles: items end at the next separator before an article; the last one
    at the end of its clause (a full stop, a colon, a semicolon, or a comma)."""
    items: list[tuple[int, int]] = []
    cur = pos
    while True:
        art = re.match(r"an?\s+", text[cur:]) or (re.match(r"the\s+", text[cur:]) if cur == pos else None)
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
        cut = re.search(r",|\s+(?:by|in|before)\s+\d{4}\b|\s+(?:at the same time|on schedule|as soon as possible)\b", last)
        items.append((start, start + (cut.start() if cut else len(last))))
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
    toks = list(s.span)
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
    "namely", ", that is," or "including" or "among them" (which may give only some of the items), or
    a sentence of its own ("They are a, b and c.")."""
    opener = re.search(r":|\s[—–]\s|\b(?:namely|including|among them)\b|,\s*(?:that is|i\.e\.),|"
                       r"^\s*(?:They|These)\s+(?:are|include)\b", s.text)
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


def numbered_strategies(run: DocState) -> None:
    """"four functions" + an enumeration of four items -> four component strategies ("one hub and four
    centers" counts five; the items may follow ", that is,", or be the goals the place is to become in
    the same sentence or the next two: "Under the five functions, Hubei is to become a ..., a ...")."""
    used: set[int] = set()
    done: set[EntityKey] = set()
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
                follows = e.index == i and e.items[0][0] - c.end <= 40 and re.search(
                    r"(?::|[—–]|\bincluding|\bnamely|\bamong them|,\s*(?:that is|i\.e\.),)\s*(?:the\s+)?$",
                    run.text[c.end:e.items[0][0]]) is not None
                if k in used or not (len(e.items) == n or e.partial and follows and len(e.items) < n):
                    continue
                if e.kind == "target" and e.index - i > 2:
                    continue  # goals claimed only by a count in their sentence or the two before it
                fits = ((e.kind == "center" and head in run.lex.cues["center_heads"]) or e.kind in ("gerund", "target")
                        or (e.kind == "noun" and (follows or all(head in norm(run.text[a:b]).split() for a, b in e.items))))
                if fits and (best is None or (e.kind != "gerund") > (run.enums[best].kind != "gerund")):
                    best = k
            if best is None:
                continue
            used.add(best)
            done.add(c.key)
            e = run.enums[best]
            si = e.index
            for a, b in e.items:
                gm = re.match(r"[a-z]+ing\s+", run.text[a:b])
                if gm and e.kind == "noun" and any(
                        o.key.cls is C.STRATEGY and o.rule.startswith("gazetteer") and o.end == b and o.start > a
                        for o in run.cands[e.index]):
                    a += gm.end()  # "advancing high-level opening-up": the goal, not the act
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
                for other in run.cands[si]:
                    if other.key == ckey:
                        other.component = True
                run.rel(c.key, Relation.HAS_COMPONENT, ckey, e.sent, a, b, f"numbered-{e.kind}-enumeration")



#: A number code that names a strategy: "1144", "3+2", "20+8" (a year is none).
_CODE = re.compile(r"[\"“'‘]?(?P<code>\d+(?:\s*\+\s*\d+)*)[\"”'’]?(?=\s|$)")


def code_names(run: DocState) -> None:
    """Strategies a document names by one number code ("its '1144' modern industrial system", "the
    1144 system", "'1144'"; the code in the name or quoted just before it) are one strategy there, under its longest name (the first of the
    longest).  A code is a number of three or more digits that is no year, one with a "+", or one the
    document quotes."""
    found: dict[str, list[Cand]] = {}
    for cs in run.cands.values():
        for c in cs:
            if c.key.cls is not C.STRATEGY:
                continue
            # the code may stand before the name, out of it: "its '1144' modern industrial system"
            before = re.search(r"[\"“'‘](\d+(?:\s*\+\s*\d+)*)[\"”'’]\s+$", run.text[max(0, c.start - 20):c.start])
            m = _CODE.match(c.label or "") or (_CODE.match(before[0].strip()) if before else None)
            if m is None:
                continue
            code = re.sub(r"\s+", "", m["code"])
            quoted = m[0][0] in "\"“'‘" or run.text[c.start - 1:c.start] in ("\"", "“", "'", "‘")
            if "+" in code or quoted or len(code) >= 3 and not re.fullmatch(r"(?:19|20)\d\d", code):
                found.setdefault(code, []).append(c)
    for cs in found.values():
        if len({c.key for c in cs}) < 2:
            continue
        best = max(cs, key=lambda c: (len((c.label or "").split()), -c.start))
        old = {c.key for c in cs} - {best.key}
        for c in cs:
            c.key, c.label = best.key, best.label
        run.relations[:] = [replace(r, subject=best.key if r.subject in old else r.subject,
                                    object=best.key if r.object in old else r.object)
                            for r in run.relations if not (r.subject in old | {best.key} and r.object in old | {best.key})]
        for k in old:
            run.infos.pop(k, None)
