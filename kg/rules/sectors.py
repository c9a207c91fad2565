"""Sectors and sector groups: group names and member lists, lists of sectors, "X industry", numbered groups."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..gazetteer import norm
from ..types import EntityClass as C
from ..types import EntityKey, Relation
from .base import STOP_LEAD, Cand, DocState, GroupParts, Link, Listing, Patterns, Priority, Sent, alt, lower_first


@dataclass(frozen=True, slots=True)
class SectorPatterns:
    """The expressions of the sector rules."""

    group: re.Pattern[str]  # a group head: "industries", "emerging industries"
    group_list: re.Pattern[str]  # the members after a group: in brackets, after "such as", a colon, a dash
    number: re.Pattern[str]
    list_breaker: re.Pattern[str]  # what ends a list of sectors between two of them
    code_group: re.Pattern[str]  # '"3+2" industrial clusters', 'a "586" modern industrial cluster'
    industry: re.Pattern[str]  # "the seed industry"
    shared_industries: re.Pattern[str]  # "the automobile, steel and textile industries"
    bare_list: re.Pattern[str]  # the opener of a list after a bare head: "fields such as ..."
    shared_head: re.Pattern[str]  # qualifiers that share a sector head: "high-end, intelligent, and green manufacturing"


@dataclass(slots=True)
class GroupState:
    """Groups named without number or list ("leading industries"), waiting for ``resolve_bare_groups``."""

    bare: list[tuple[int, Cand]] = field(default_factory=list)
    bare_lists: set[int] = field(default_factory=set)  # sentences with a list after a bare head ("fields such as")


#: An item of a shared-head list of industries: up to three lowercase words, no determiner or
#: function word ("new energy vehicle", "dairy").
_WORD = r"(?!(?:the|its|their|our|an?|and|or|of|to|in|for|with|by)\b)[a-z][a-z-]*"
_ITEM = rf"{_WORD}(?:\s+{_WORD}){{0,2}}"
#: A qualifier of a shared head: one lowercase word ("high-end").
_MOD = r"[a-z][a-z-]*"
#: The conjunction inside a list item that may join two sectors ("new energy and new materials", "a & b").
_AND = re.compile(r"\s+(?:and|&)\s+")


#: A number code that names a slogan or a group by the counts of its parts: "345", "1144", "3+2", "1+2+4+N"
#: (``code_rx`` adds number words joined by hyphens: "Six-Four-Five").
CODE = r"\d+(?:\+(?:\d+|N))*"


def code_rx(ex: Patterns) -> str:
    """The expression of a number code: ``CODE``, or number words joined by hyphens ("Six-Four-Five")."""
    words = alt(w for w in ex.numbers if not w.isdigit())
    return rf"(?:{CODE}|(?i:{words})(?:-(?i:{words}))+)"


def code_count(code: str) -> int | None:
    """How many things a number code counts: "3+2" 5, "586" 19 (each digit counts a part), None with
    an open part ("1+2+4+N") or in words ("Six-Four-Five").

    >>> code_count("3+2"), code_count("586"), code_count("1+2+4+N"), code_count("Six-Four-Five")
    (5, 19, None, None)
    """
    parts = code_parts(code)
    return sum(int(p) for p in parts) if all(p.isdigit() for p in parts) else None


def code_parts(code: str) -> list[str]:
    """The parts of a number code: one per digit, or per "+" or "-" part.

    >>> code_parts("1144"), code_parts("6+5+6+1"), code_parts("Six-Four-Five")
    (['1', '1', '4', '4'], ['6', '5', '6', '1'], ['Six', 'Four', 'Five'])
    """
    return re.split(r"[+-]", code) if re.search(r"[+-]", code) else list(code)


def sector_patterns(ex: Patterns) -> SectorPatterns:
    """Compile the sector patterns from the cue words."""
    cues = ex.lex.cues
    # a short qualifier between a group and its colon or dash: "four industries, each worth ... – a, b"
    qualifier = rf",?\s+(?:{alt(cues['group_qualifier_openers'])})\b(?:[^,.;:()—–\"“”]|\.\d){{1,80}}?"
    return SectorPatterns(
        group=re.compile(rf"\b(?P<head>{alt(cues['group_heads'])})\b"),
        group_list=re.compile(
            rf"\s*\((?P<paren>[^()]+)\)|,?\s+(?:{alt(cues['list_openers'])})\s+(?P<tail>[^.;()]+)"
            rf"|(?:{qualifier})?\s*:\s*(?P<colon>[^.;()]+)|(?:{qualifier})?(?:\s*[—–]\s*|\s+-\s+)(?P<dash>[^.;()—–]+)"
            rf"|\s+of\s+(?P<of>[^.;()]+)"),
        number=re.compile(rf"^(?:{ex.num_rx})$", re.IGNORECASE),
        list_breaker=re.compile(r"[.;:()]|\b(?:to|will|would|should|and promote|with|while|as well as|that|which)\b"),
        code_group=re.compile(
            rf"[\"“‘'](?P<code>{code_rx(ex)})[\"”’']\s+(?P<mods>(?:[a-z][\w-]*\s+){{0,3}}?)(?P<head>{alt(cues['code_group_heads'])})\b"),
        industry=re.compile(r"(?<!['’])\b(?P<x>[a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,2})\s+(?P<head>industry|sector)\b"),
        shared_industries=re.compile(
            rf"(?<![\w'’-])(?P<list>{_ITEM}(?:\s*,\s*{_ITEM})*\s*,?\s+and\s+{_ITEM})\s+(?P<head>industries|sectors)\b"),
        bare_list=re.compile(rf",?\s+(?:{alt(cues['bare_list_openers'])})\s"),
        shared_head=re.compile(rf"(?<![\w'’-])(?P<mods>{_MOD}(?:\s*,\s*{_MOD})*\s*,?\s+(?:and|or)\s+{_MOD})\s+"
                               rf"(?P<head>{alt(cues['shared_sector_heads'])})\b"),
    )


def group_name(run: DocState, before: str) -> tuple[str | None, list[str]] | None:
    """The number and modifiers that stand before a group head: "... its three leading" ->
    ("three", ["leading"]); None when the words before do not name a group."""
    words = [w.strip("\"“”‘’'") for w in before.split()[-5:]]
    words = [w for w in words if w]
    for k in range(len(words) - 1, -1, -1):  # a number word close before the head
        if run.ex.compiled(sector_patterns).number.match(words[k]):
            mods = words[k + 1:]
            if len(mods) <= 3 and not any(w.lower() in STOP_LEAD for w in mods):
                return words[k].lower(), mods
            break
    mods = []
    for w in reversed(words):
        if w.lower() in run.ex.group_mod_words or (w == "and" and mods and mods[0] != "and"):
            mods.insert(0, w)
        else:
            break
    while mods and mods[0] == "and":
        mods.pop(0)
    return (None, mods) if mods else None


def described_group(run: DocState, s: Sent, head_at: int) -> tuple[str | None, list[str]] | None:
    """An adjective just before a group head whose members are listed after it names the group
    ("its ecological industries, including a, b and c"; not "related industries such as ...")."""
    prev = s.token_ending(head_at - 1)
    if prev is None or prev.tag_ != "JJ" or not prev.text.islower() or prev.lower_ in run.lex.cues["industry_stop"] \
            or prev.lower_ in STOP_LEAD or prev.lower_ in run.lex.cues["concept_weak_modifiers"]:
        return None
    return None, [prev.text]


def groups(run: DocState, i: int, s: Sent) -> None:
    """Sector groups by their head ("three leading industries", "future industries") with the members
    listed after them (in brackets, after "such as"/"including", a colon or a dash, also past a short
    qualifier: "four pillar industries, each worth ... – a, b, c and d"; after "of" when they are as
    many as the group counts: "its five industrial landmarks of a, b, c, d and e"); a group with neither number
    nor list waits for ``resolve_bare_groups``.  A generic head's list ("key fields including a, b and
    c") names no group, but a counted group may claim it later (``numbered_groups``).  A number code
    before a cluster or industry head names a group ('"3+2" industrial clusters', 'a "586" modern
    industrial cluster').  A counted "group" whose items are actions ("innovating ..., advancing ...")
    is a strategy instead."""
    rx = run.ex.compiled(sector_patterns)
    codes = list(rx.code_group.finditer(s.text))
    heads = [(m, None) for m in rx.group.finditer(s.text) if not any(c.start() <= m.start() < c.end() for c in codes)]
    for m, code in sorted([*heads, *((c, c) for c in codes)], key=lambda mc: mc[0].start("head")):
        if code is not None:  # '"3+2" industrial clusters': the code counts the group
            found: tuple[str | None, list[str]] | None = (code["code"], code["mods"].split())
        else:
            found = group_name(run, s.text[: m.start("head")])
        if found is None and m["head"] in run.lex.cues["modified_group_heads"]:
            continue  # "advanced manufacturing industries": a sector's name, no group
        if found is None and " " in m["head"]:  # "emerging industries" names a group by itself
            found = (None, [])
        if found is None and code is None and m["head"] == "industries" and rx.bare_list.match(s.text, m.end()):
            found = described_group(run, s, s.start + m.start("head"))  # "its ecological industries, including a, b and c"
        bare = found is None and m["head"] in run.lex.cues["bare_group_heads"] and \
            rx.bare_list.match(s.text, m.end()) is not None
        if bare:  # "in fields such as a and b", "industries like a, b and c": a list of sectors, no group
            found = (None, [])
            run.local(GroupState).bare_lists.add(i)
        if found is None:
            continue
        num, mods = found
        if num is not None and num.isdigit() and code is None and (int(num) > 100 or int(num) > 20 and not mods):
            continue  # "2035 industries" is a year; "34 key industrial chains" a counted group
        head = m["head"]
        lm = run.ex.compiled(sector_patterns).group_list.match(s.text, m.end())
        counted = code_count(num) if code is not None and num else \
            run.ex.numbers.get((num or "").lower()) or (int(num) if num and num.isdigit() else None)
        of_items = counted_list(run, s, s.start + lm.start("of"), s.start + lm.end("of"), counted) \
            if lm is not None and lm["of"] is not None else None
        if of_items is not None and not of_items:
            lm = None  # "industries of strategic importance": no list of members
        named = not bare and not (num is None and head in run.lex.cues["generic_group_heads"])
        if not named and lm is None:
            continue  # "key fields including ...": a list of sectors, no named group
        if lm is None and num is not None and not mods and " " not in head and code is None:
            continue  # "18 industries", "the three industries": a count, no named group
        label = lower_first(" ".join([*([num] if num else []), *mods, head]))  # "Future industries like ..."
        words = [num, *mods] if num else mods
        gstart = s.start + code.start() if code is not None else s.start + m.start("head") - sum(len(w) + 1 for w in words)
        gend = s.start + m.end("head")
        gkey = EntityKey(C.SECTOR_GROUP, norm(group_key_label(run, num, label)))
        if named:
            run.add(i, Cand(gkey, gstart, gend, "sector-group", label, Priority.PATTERN, number=counted,
                            group=GroupParts(tuple(mods), head)))
        if lm is None:
            if num is None:
                run.local(GroupState).bare.append((i, run.cands[i][-1]))
            continue
        lst = next(g for g in ("paren", "tail", "colon", "dash", "of") if lm[g])
        a0 = s.start + lm.start(lst)
        b0 = a0 + len(lm[lst]) if lst == "paren" else run.clause_end(s, a0, s.start + lm.end(lst))
        items = of_items or [run.trim_item(a, b) for a, b in run.ex.split_list(run.text[a0:b0], a0)]
        if items and 2 * sum(goal_like(run, run.text[a:b]) for a, b in items) > len(items):
            # "seven key areas, among them innovating ..., advancing ... and boosting ...": acts and goals,
            # no sectors; a counted set of them is a strategy whose parts come later (numbered_strategies)
            if named:
                run.cands[i].pop()
            if num:
                run.add(i, Cand(EntityKey(C.STRATEGY, norm(label)), gstart, gend, "action-group", label, Priority.PATTERN,
                                number=run.ex.numbers.get(num.lower()) or (int(num) if num.isdigit() else None)))
            continue
        if not named and not bare:  # "key fields including a, b and c": a list a counted group may name later
            run.enums.append(Listing("sector", items, s, i))
        for a, b in items:
            name = run.text[a:b]
            words = name.split()  # "oil and gas production and processing": six words, four of them content
            if not name or len(words) > 5 and len([w for w in words if w not in ("and", "or")]) > 4 or \
                    name.lower().startswith(("other", "more")):
                continue
            if name.lower() in run.lex.cues["named_groups"]:  # "a, b and future industries": a group, no member
                run.add(i, Cand(EntityKey(C.SECTOR_GROUP, norm(name.lower())), a, b, "sector-group", name.lower(),
                                Priority.STRUCTURE))
                continue
            for x, y, label_i in sector_items(run, a, b):
                run.add(i, Cand(EntityKey(C.SECTOR, norm(label_i)), x, y, "group-member", label_i, Priority.STRUCTURE,
                                links=[Link(Relation.IN_GROUP, gkey, "group-member")] if named else []))


def group_key_label(run: DocState, num: str | None, label: str) -> str:
    """The label a group's key is made of: a count written in digits is written as a word, so that
    "10 high-end industries" and "ten high-end industries" are one group.

    >>> from kg.rules.base import Patterns
    >>> run = DocState.__new__(DocState); run.ex = Patterns()
    >>> group_key_label(run, "10", "10 high-end industries"), group_key_label(run, "34", "34 key chains")
    ('ten high-end industries', '34 key chains')
    """
    if num is None or not num.isdigit():
        return label
    word = next((w for w, v in run.ex.numbers.items() if v == int(num)), None)
    return f"{word}{label[len(num):]}" if word and label.startswith(num) else label


def counted_list(run: DocState, s: Sent, a0: int, b0: int, n: int | None) -> list[tuple[int, int]]:
    """The items of "<n> <group> of a, b and c" when there are ``n`` of them; the count decides whether
    the last "and" joins two items or lies inside the last one ("new medicine and life and health").
    [] when the words after "of" are no list of ``n``."""
    if not n or n < 2:
        return []
    b0 = run.clause_end(s, a0, b0)
    items = [run.trim_item(a, b) for a, b in run.ex.split_list(run.text[a0:b0], a0)]
    while items and (toks := s.tokens(*items[-1])) and toks[0].pos_ in ("ADP", "SCONJ", "VERB", "AUX"):
        items.pop()  # "..., in a bid to ...": the sentence goes on after the list
    if len(items) == n + 1 and "," not in run.text[items[-2][1]:items[-1][0]]:
        items[-2:] = [(items[-2][0], items[-1][1])]
    heads = {h.split()[-1] for h in run.lex.cues["group_heads"]}
    if any(re.split(r"\s+of\s+", run.text[a:b])[0].split()[-1:] in ([h] for h in heads) for a, b in items):
        return []  # "... of steel and shipbuilding, and industries of strategic importance": no list of members
    return items if len(items) == n else []


def goal_like(run: DocState, item: str) -> bool:
    """A list item that names an act or a goal, not an industry: "improving the business environment",
    "reform and opening-up" (a strategy the gazetteer knows), "industrial transformation" (a concept),
    "development driven by innovation", "support for industrial leaders" (a concept or an act, judged
    by the head before its "of", "for" or participle)."""
    words = item.lower().split()
    head = re.split(r"\s+(?:of|for|in|on|to|with|through|[a-z]+(?:ed|en)\s+by)\s+", item.lower())[0].split()[-1:]
    acts = {*run.lex.cues["concept_heads"], *run.lex.cues["action_heads"]}
    return bool(words) and (re.match(r"[a-z]+ing$", words[0]) is not None and len(words) > 1
                            or run.lex.canonical("strategy", item) is not None
                            or (words[-1] in run.lex.cues["concept_heads"] or bool(head) and head[0] in acts)
                            and run.lex.canonical("sector", item) is None)


def sector_canonical(run: DocState, name: str) -> str | None:
    """The gazetteer's name of a sector, common words ("steel") included."""
    return run.lex.canonical("sector", name) or run.lex.canonical("sector_generic", name)


def sector_label(run: DocState, name: str) -> str:
    """The canonical name of a sector list item; "X and Y" where both name one sector is it."""
    found = sector_canonical(run, name)
    if found is None:
        halves = {sector_canonical(run, h) for h in _AND.split(name)}
        if len(halves) == 1 and None not in halves:
            found = halves.pop()
    return found or name


def sector_items(run: DocState, a: int, b: int) -> list[tuple[int, int, str]]:
    """The sectors one list item names: "new energy and new materials" (or "&") is two where both halves are
    known sectors, "wind and solar power" shares its head ("wind power", "solar power"); else the
    item is one sector ("textiles and garments").

    Returns (start, end, label) of each."""
    name = run.text[a:b]
    m = _AND.search(name)
    if m:
        left, right = name[:m.start()], name[m.end():]
        cl, cr = sector_canonical(run, left), sector_canonical(run, right)
        if cl and cr and cl != cr:
            return [(a, a + len(left), cl), (a + m.end(), b, cr)]
        rwords = right.split()
        if len(left.split()) == 1 and len(rwords) >= 2:  # "wind and solar power"
            shared = sector_canonical(run, f"{left} {' '.join(rwords[1:])}")
            if shared and cr and shared != cr:
                return [(a, a + len(left), shared), (a + m.end(), b, cr)]
    return [(a, b, sector_label(run, name))]


def resolve_bare_groups(run: DocState) -> None:
    """"leading industries" without a number or a list names the document's "three leading
    industries" if it has one; on its own it is too vague to be a group, unless it is a group
    known by name ("strategic emerging industries", "future industries").  A counted group with a
    generic head ("four emerging sectors") is the one group of that count whose qualifiers include
    its own ("four emerging future industries")."""
    counted = [c for cs in run.cands.values() for c in cs if c.key.cls is C.SECTOR_GROUP and c.number and c.group]
    generic = set(run.lex.cues["generic_group_heads"])
    for c in counted:
        assert c.group is not None
        if c.group.head not in generic:
            continue
        fuller = {g.key: g for g in counted if g.group is not None and g.group.head not in generic
                  and g.number == c.number and set(c.group.mods) <= set(g.group.mods)}
        if len(fuller) == 1:
            g = next(iter(fuller.values()))
            c.key, c.label = g.key, g.label
    listed = [c for cs in run.cands.values() for c in cs
              if c.key.cls is C.SECTOR_GROUP and all(c is not b for _, b in run.local(GroupState).bare)]
    for i, c in run.local(GroupState).bare:
        same = [g for g in listed if g.group is not None and c.group is not None
                and (g.group.head, g.group.mods) == (c.group.head, c.group.mods)]
        if same:
            c.key, c.label = same[0].key, same[0].label
        elif (c.label or "").lower() not in run.lex.cues["named_groups"]:
            run.cands[i].remove(c)


def numbered_groups(run: DocState) -> None:
    """"four leading industries" with no list of its own + a list of four sectors elsewhere (four
    items, or four sectors: "a and b, c, d" may be four), also before it in its own sentence ("key
    fields including a, b, c and d, underpinned by 'four clusters'"), unless a sector of that list is a
    member of another group already ("ten frontier industries such as a, b and c"); a counted name the
    article also uses for a set of actions (an "action-group" strategy) is no group."""
    groups = [(i, c) for i, cs in sorted(run.cands.items()) for c in cs
              if c.key.cls is C.SECTOR_GROUP and c.number]
    with_members = {c.linked(Relation.IN_GROUP) for cs in run.cands.values() for c in cs if c.key.cls is C.SECTOR}
    used: set[int] = set()
    for _i, g in groups:
        if g.key in with_members:
            continue
        # an item may name two sectors ("new energy and new materials") and two items one ("textiles
        # and clothing", where the list's last "and" is the sentence's): the items or the sectors count
        fits = [k for k, e in enumerate(run.enums) if e.kind == "sector" and k not in used
                and g.number in (len(e.items), len(listed_sectors(run, e)))]
        fits = [k for k in fits if all(run.enums[j].items != run.enums[k].items for j in fits if j < k)]
        fits = [k for k in fits if not any(c.linked(Relation.IN_GROUP) not in (None, g.key)
                                           for c in enum_sectors(run, run.enums[k]))]
        if len(fits) != 1:
            continue  # none, or ambiguous (the same list found by two rules counts once)
        used.add(fits[0])
        with_members.add(g.key)
        e = run.enums[fits[0]]
        for c in enum_sectors(run, e):
            run.rel(c.key, Relation.IN_GROUP, g.key, e.sent, c.start, c.end, "numbered-group-list")
    # "breakthroughs in seven key areas" once the article lists those areas as actions elsewhere: the
    # strategy it is there, never also a group of sectors with no members
    actions = {c.key.key for cs in run.cands.values() for c in cs if c.rule == "action-group"}
    for i, g in groups:
        if g.key not in with_members and g.key.key in actions:
            run.cands[i].remove(g)


def enum_sectors(run: DocState, e: Listing) -> list[Cand]:
    """The sector candidates a listing names, one per span."""
    members = {(c.start, c.end): c for a, b in e.items for c in run.cands[e.index]
               if c.key.cls is C.SECTOR and a <= c.start and c.end <= b}
    members.update({(c.start, c.end): c for c in listed_sectors(run, e)})
    return list(members.values())


def example_members(run: DocState) -> None:
    """A group named, with no members, in one sentence, and sectors listed in the next as its examples:
    "Henan will lay out future industries. Focusing on key directions such as future energy, future
    materials and future health, it ...", "Shaanxi incubates future industries. For example, ..." (a
    sentence that opens with an example cue, or a list after a generic head and "such as"); the
    sentence of the list names no group of its own, nor a bare head of its list ("in fields such as")."""
    cues = run.lex.cues
    opener = re.compile(rf"^\W*(?:{alt(cues['example_openers'])})\b", re.IGNORECASE)
    generic = re.compile(rf"\b(?:{alt(cues['example_heads'])})\s+(?:such as|including|like)\s*$")
    members = {c.key for cs in run.cands.values() for c in cs if c.linked(Relation.IN_GROUP) is not None}
    members |= {r.subject for r in run.relations if r.predicate is Relation.IN_GROUP}
    done: set[int] = set()
    for e in run.enums:
        k = e.index
        if e.kind != "sector" or k == 0 or k in done or any(c.key.cls is C.SECTOR_GROUP for c in run.cands[k]):
            continue
        if not (opener.match(e.sent.text) or generic.search(run.text[e.sent.start:e.items[0][0]])):
            continue
        if k in run.local(GroupState).bare_lists:
            continue  # "in fields such as a and b" says what its list is of: no examples of another group
        groups = {c.key for c in run.cands[k - 1] if c.key.cls is C.SECTOR_GROUP}
        listed = listed_sectors(run, e)
        if len(groups) != 1 or len(listed) < 2 or any(c.key in members for c in listed):
            continue
        g = groups.pop()
        done.add(k)
        for c in listed:
            run.rel(c.key, Relation.IN_GROUP, g, e.sent, c.start, c.end, "example-member")


def listed_sectors(run: DocState, e: Listing) -> list[Cand]:
    """The sectors a list names: the outermost sector candidates between its first item's start and
    its last item's end, one per span."""
    if not e.items:
        return []
    a, b = e.items[0][0], e.items[-1][1]
    inside = [c for c in run.cands[e.index] if c.key.cls is C.SECTOR and a <= c.start and c.end <= b]
    outer = {(c.start, c.end): c for c in inside
             if not any(d.start <= c.start and c.end <= d.end and d.length > c.length for d in inside)}
    return [outer[k] for k in sorted(outer)]


def sector_lists(run: DocState) -> None:
    """A list that names a known sector and another sector names sectors in its other items
    too ("tourism, modern services, high-tech industries and tropical agriculture")."""
    for i, s in enumerate(run.sents):
        known = sorted((c for c in run.cands[i] if c.key.cls is C.SECTOR), key=lambda c: c.start)
        runs: list[list[Cand]] = []
        for c in known:  # consecutive sectors with only list separators and items between them
            if runs and not run.ex.compiled(sector_patterns).list_breaker.search(run.text[runs[-1][-1].end:c.start]):
                runs[-1].append(c)
            else:
                runs.append([c])
        for seq in runs:
            if len(seq) < 2 or len(seq) < 3 and all(c.weak for c in seq):  # three common sector words are a list
                continue
            a = phrase_start(s, seq[0].start)  # "bio-based plastics, ...": the first item's qualifiers too
            b = run.clause_end(s, seq[-1].end, s.end)  # the list may go on past the last known sector,
            brk = run.ex.compiled(sector_patterns).list_breaker.search(run.text, seq[-1].end, b)
            if brk:  # ... up to a word that starts another clause ("..., while Wuhu grows ...")
                b = brk.start()
            b = a + len(run.text[a:b].rstrip(" ,"))  # "a, b and c, as well as ...": no empty last item
            listed = [run.trim_item(x, y) for x, y in run.ex.split_list(run.text[a:b], a)]
            run.enums.append(Listing("sector", listed, s, i))
            # "..., speed up the layout of major industrial chains of coal-based fuels, ...": an item is the noun
            # phrase after the last "of" that leads to it, where other items follow it
            listed = [lead_of(run, s, i, x, y) if k + 1 < len(listed) else (x, y) for k, (x, y) in enumerate(listed)]
            for k, (x, y) in enumerate(listed):
                inside = [c for c in run.cands[i] if c.key.cls is C.SECTOR and c.start < y and x < c.end]
                if inside and not all(c.weak and c.length < y - x for c in inside):
                    for c in inside:
                        c.weak = c.weak and c.modifier
                    whole = longer_item(run, s, x, y, inside)
                    if whole is not None:
                        run.add(i, Cand(EntityKey(C.SECTOR, norm(whole)), x, y, "sector-list", whole, Priority.PLACE))
                    continue
                name = run.text[x:y]
                if 1 <= len(name.split()) <= 3 and name[:1].islower() and (run.nounish(s, x, y) or noun_phrase(s, x, y)):
                    label = name
                    following = []
                    if k + 1 < len(listed):  # the next item, up to the end of a sector named in it
                        nx, ny = listed[k + 1]
                        ny = min([c.end for c in run.cands[i] if c.key.cls is C.SECTOR and nx <= c.start < ny] or [ny])
                        following = run.text[nx:ny].split()
                    if len(name.split()) == 1 and len(following) >= 2:  # "wind and solar power": wind power
                        label = sector_canonical(run, f"{name} {following[-1]}") or name
                    run.add(i, Cand(EntityKey(C.SECTOR, norm(label)), x, y, "sector-list", label, Priority.PLACE))


def phrase_start(s: Sent, a: int) -> int:
    """Where the noun phrase whose known sector starts at ``a`` begins: up to three lowercase qualifiers
    before it, adjectives, nouns or hyphenated words ("bio-based plastics", "industrial sapphire"), else ``a``."""
    start = a
    for _ in range(3):
        m = re.search(r"(?<![\w-])([a-z][a-z]*(?:-[a-z]+)*)\s+$", s.text[: start - s.start])
        if m is None or m[1] in STOP_LEAD or m[1] in ("other", "more"):
            break
        toks = s.tokens(s.start + m.start(1), s.start + m.end(1))
        if not toks or "-" not in m[1] and toks[-1].pos_ not in ("ADJ", "NOUN"):
            break
        start = s.start + m.start(1)
    return start


def lead_of(run: DocState, s: Sent, i: int, x: int, y: int) -> tuple[int, int]:
    """An item of a list of sectors without the words that lead to it: "(speed up the layout of major
    industrial chains of) coal-based fuels", where a known sector lies in what follows the last "of" and that
    is a noun phrase; else the item as it is."""
    lead = list(re.finditer(r"\sof\s", run.text[x:y]))
    if not lead:
        return x, y
    a = x + lead[-1].end()
    if noun_phrase(s, a, y) and any(c.key.cls is C.SECTOR and a <= c.start and c.end <= y for c in run.cands[i]):
        return a, y
    return x, y


def longer_item(run: DocState, s: Sent, x: int, y: int, inside: list[Cand]) -> str | None:
    """The label of a list item that names a sector more narrowly than the known sector that ends it
    ("coal-based new materials", "marine biomedicine"): a lowercase noun phrase of two to four words
    that no known sector spans; None when one does, or when the known sector only qualifies another
    head ("general aviation airports")."""
    name = run.text[x:y]
    if any(c.start <= x and y <= c.end for c in inside) or not any(c.end == y for c in inside) or \
            not 2 <= len(name.split()) <= 4 or not noun_phrase(s, x, y):
        return None
    return sector_canonical(run, name) or name


def noun_phrase(s: Sent, x: int, y: int) -> bool:
    """The words in [x, y) are a noun phrase that ends in a common noun: no determiner, pronoun or verb,
    but for the participle of a hyphenated qualifier ("coal-based fuels", "export-oriented services")."""
    toks = s.tokens(x, y)
    return bool(toks) and toks[-1].pos_ == "NOUN" and toks[0].lower_ not in STOP_LEAD | {"other", "more"} and \
        toks[0].text[:1].islower() and all(
            t.pos_ in ("NOUN", "PROPN", "ADJ") or t.text == "-"
            or t.pos_ == "VERB" and k > 0 and toks[k - 1].text == "-" for k, t in enumerate(toks))


#: An adjective that names a domain ("metallurgical industry", "chemical industry", "electronic industry").
DOMAIN_ADJECTIVE = re.compile(r"[a-z]+(?:ical|urgical|tronic|ceutical|mical)")


def shared_industries(run: DocState, i: int, s: Sent) -> None:
    """Industries that share their head: "the automobile, steel and textile industries" are the
    sectors automobiles (as the gazetteer names it), steel and "textile industry"; "the green energy,
    green food and healthy life sectors" three sectors as written; a group word ("emerging",
    "traditional") names no sector."""
    for m in run.ex.compiled(sector_patterns).shared_industries.finditer(s.text):
        a0 = s.start + m.start("list")
        for a, b in run.ex.split_list(run.text[a0:s.start + m.end("list")], a0):
            a, b = run.trim_item(a, b)
            words = run.text[a:b].split()
            while words and words[0] in STOP_LEAD:
                a += len(words.pop(0)) + 1
            if not 1 <= len(words) <= 3 or any(w in run.ex.group_mod_words or w in run.ex.industry_stop for w in words):
                continue
            if words[-1].lower() in ("industry", "industries", "sector", "sectors"):
                continue  # "the X and Y industries, and foster future industries": a head, no item
            toks = s.tokens(a, b)
            name = run.text[a:b]
            known = sector_canonical(run, name) or sector_canonical(run, f"{name} industry")
            if not known and not (run.nounish(s, a, b) and toks[-1].pos_ == "NOUN"):
                continue  # "distinctive", "ecological": a quality, no sector
            label = known or (f"{name} industry" if m["head"] == "industries" else name)
            run.add(i, Cand(EntityKey(C.SECTOR, norm(label)), a, b, "shared-industry", label, Priority.NAME))


def shared_heads(run: DocState, i: int, s: Sent) -> None:
    """Qualifiers that share a sector's head noun: "high-end, intelligent, and green manufacturing" are
    the sectors high-end manufacturing, intelligent manufacturing (as the gazetteer names it) and green
    manufacturing; "modern and leisure agriculture" two.  A qualifier that names a group ("traditional",
    "emerging") or no domain (a determiner, a function word) names none."""
    for m in run.ex.compiled(sector_patterns).shared_head.finditer(s.text):
        head = m["head"]
        a0 = s.start + m.start("mods")
        found: list[tuple[int, int, str]] = []
        for a, b in run.ex.split_list(run.text[a0:s.start + m.end("mods")], a0):
            word = run.text[a:b]
            toks = s.tokens(a, b)
            known = sector_canonical(run, f"{word} {head}")  # "modern agriculture"
            if not known and (" " in word or word in STOP_LEAD or word in run.ex.group_mod_words
                              or word in run.ex.industry_stop or not toks or toks[-1].pos_ != "ADJ"):
                found = []
                break
            found.append((a, b, known or f"{word} {head}"))
        after = s.tokens(s.start + m.end("head"), s.end)
        if len(found) < 2 or after and after[0].pos_ in ("NOUN", "PROPN"):
            continue  # "... and green energy consumption": the head qualifies another noun
        x, y, last = found[-1]
        found[-1] = (x, s.start + m.end("head"), last)
        for a, b, label in found:
            run.add(i, Cand(EntityKey(C.SECTOR, norm(label)), a, b, "shared-head", label, Priority.NAME))


def industry_names(run: DocState, i: int, s: Sent) -> None:
    """"the seed industry", "its automobile industry": a sector named before "industry"."""
    for m in run.ex.compiled(sector_patterns).industry.finditer(s.text):
        head = s.token_at(s.start + m.start("head"))
        if head is not None and head.dep_ == "compound":
            continue  # "industry development": industry is no head noun here
        words = m["x"].split()
        y = s.start + m.end("x")
        x = None
        for k in range(len(words)):  # the longest run of words before "industry" that is a name
            w = words[k:]
            if sector_canonical(run, " ".join(w)):  # "new materials industry", "real estate sector"
                x = y - len(" ".join(w))
                break
            if w[0] in STOP_LEAD or w[0] in run.ex.industry_stop or w[0] in run.ex.group_mod_words:
                continue
            if run.nounish(s, y - len(" ".join(w)), y) or (len(w) == 1 and DOMAIN_ADJECTIVE.fullmatch(w[0])):
                x = y - len(" ".join(w))
                break
        if x is None:
            continue
        name = run.text[x:y]
        label = sector_canonical(run, name) or f"{name} industry"
        run.add(i, Cand(EntityKey(C.SECTOR, norm(label)), x, s.start + m.end(), "industry-name", label,
                        Priority.NAME))

