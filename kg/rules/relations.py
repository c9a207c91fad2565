"""Selection of non-overlapping mentions, and the relations between what was kept."""
from __future__ import annotations

import re


from collections.abc import Callable

from spacy.tokens import Token
from dataclasses import dataclass, field

from ..types import EntityClass as C
from ..types import EntityKey, Relation, RelationRec
from .base import Cand, DocState, Patterns, Sent, alt

#: Rules whose relation may point at an entity the text implies but does not name there: the
#: committee of "Shanghai Party Secretary", the party of "the Party's 20th National Congress".
IMPLIED_OBJECT_RULES = frozenset({"party-title", "party-congress"})


def select(run: DocState) -> list[tuple[int, Cand]]:
    """Keep the longest, then highest-priority, candidates that do not overlap; an
    organization or place may sit inside a longer name."""
    kept: list[tuple[int, Cand]] = []
    for i in sorted(run.cands):
        chosen: list[Cand] = []
        seen: set[tuple[EntityKey, int, int]] = set()
        for c in sorted(run.cands[i], key=lambda c: (-c.length, -c.priority, c.start, c.key.cls.value)):
            if c.key.cls is C.SECTOR and c.weak:
                continue
            if (c.key, c.start, c.end) in seen:
                continue
            clash = [o for o in chosen if o.start < c.end and c.start < o.end]
            if clash and not (c.nested_ok and all(o.start <= c.start and c.end <= o.end and
                                                  may_nest(c, o, run.text) for o in clash)):
                continue
            chosen.append(c)
            seen.add((c.key, c.start, c.end))
        kept.extend((i, c) for c in sorted(chosen, key=lambda c: (c.start, c.end, c.key.cls.value)))
    return kept


def may_nest(inner: Cand, outer: Cand, text: str = "") -> bool:
    """An organization may sit inside a committee or meeting name ("CPC" in "CPC Central
    Committee"); a place only where it is the committee's own place ("Shanghai", not the
    "China" of "Communist Party of China"); a place or a strategy the gazetteer knows inside
    a strategy ("an important growth pole in southwest China", "a pioneer of Chinese modernization"),
    unless it is one half of a coordination there ("a city of opening-up and vitality"), or is the whole
    of it ("Digital Fuzhou"); a sector inside a quoted formula of sectors ("advanced manufacturing +
    modern service industry + future industry"); a place or a known strategy inside a document described
    by its subject ("an action plan on the integrated development of the Yangtze River Delta")."""
    if outer.key.cls is C.STRATEGY and inner.key.cls.is_place:  # "the integration of the Yangtze River Delta";
        return (inner.start, inner.end) != (outer.start, outer.end)  # but "Digital Fuzhou" is the slogan alone
    if outer.key.cls is C.STRATEGY and inner.key.cls is C.SECTOR:  # a formula of sectors, quoted
        return outer.rule == "quoted-strategy" and " + " in text[outer.start:outer.end]
    if outer.key.cls is C.STRATEGY and inner.key.cls is C.STRATEGY:  # "a pioneer of Chinese modernization"
        # but not one half of a coordination: "a city of opening-up and vitality"
        coordinated = re.match(r"\s*(?:,|and\b|or\b)", text[inner.end:outer.end]) is not None or \
            re.search(r"(?:,|\band|\bor)\s*$", text[outer.start:inner.start]) is not None
        return outer.rule in ("goal-target", "zone-goal", "area-goal") and not coordinated and \
            re.search(r"\s(?:of|for|in|to)\s", text[outer.start:inner.start]) is not None
    if outer.key.cls is C.RESOLUTION and outer.rule in ("document-description", "plan-recommendations"):
        # "a three-year action plan on the integrated development of the Yangtze River Delta": what it is about
        return (inner.key.cls.is_place or inner.key.cls is C.STRATEGY) and inner.rule.startswith("gazetteer")
    if outer.key.cls not in (C.COMMITTEE, C.MEETING, C.ORGANIZATION) or inner.key == outer.key:
        return False
    if inner.key.cls in (C.ORGANIZATION, C.COMMITTEE):
        return True
    if inner.meeting is not None and outer.meeting is not None:  # "second and third plenary sessions of ..."
        return inner.meeting.body is outer.meeting.body
    body = outer.meeting.body if outer.meeting is not None else outer if outer.key.cls is not C.MEETING else None
    return body is not None and body.place == inner.key


@dataclass(slots=True)
class Relating:
    """What the contextual relation rules share while ``relate`` walks the kept mentions."""

    run: DocState
    keys: set[EntityKey]  # the entities kept in the document
    kept_by_sent: dict[int, list[Cand]]  # the kept mentions of each sentence
    subject: EntityKey | None  # the document's subject: its place, else its committee, else a resolution
    components: set[EntityKey]  # components of numbered strategies: pursued through them
    party_mentioned: bool
    seen: set[tuple[EntityKey, Relation, EntityKey]] = field(default_factory=set)

    def keep(self, r: RelationRec) -> None:
        """Keep a relation unless the same triple is kept already (the first evidence wins)."""
        if (r.subject, r.predicate, r.object) not in self.seen:
            self.seen.add((r.subject, r.predicate, r.object))
            self.run.relations.append(r)

    def kept_at(self, i: int, at: int, *classes: C) -> Cand | None:
        """The kept mention of sentence ``i`` of one of ``classes`` that covers the offset ``at``."""
        return next((o for o in self.kept_by_sent.get(i, ()) if o.start <= at < o.end and o.key.cls in classes), None)

    def emit(self, s_: EntityKey, p: Relation, o: EntityKey, sent: Sent, a: int, b: int, rule: str) -> None:
        if s_ != o:
            self.keep(RelationRec(s_, p, o, a, b, sent.text, rule))


def committee_part_of(ctx: Relating, i: int, c: Cand) -> None:
    """Nesting: "Political Bureau of the CPC Central Committee" is part of the latter (and "Standing
    Committee of the National People's Congress" of the body after its "of"); a party committee is
    part of the party when the party is named in the document."""
    if c.key.cls is not C.COMMITTEE:
        return
    s = ctx.run.sents[i]
    inner = [o for o in ctx.kept_by_sent[i] if o is not c and o.key.cls is C.COMMITTEE
             and c.start < o.start and o.end <= c.end]
    if not inner:  # "Standing Committee of the National People's Congress": the body after "of"
        inner = [o for o in ctx.kept_by_sent[i] if o.key.cls is C.ORGANIZATION and c.start < o.start and o.end <= c.end
                 and re.search(r"\sof\s+(?:the\s+)?$", ctx.run.text[c.start:o.start]) is not None]
    if inner:
        o = max(inner, key=lambda o: o.length)
        ctx.emit(c.key, Relation.PART_OF, o.key, s, c.start, c.end, "committee-name")
    elif c.party and ctx.party_mentioned:
        ctx.emit(c.key, Relation.PART_OF, ctx.run.party_key, s, c.start, c.end, "committee-name")
    elif c.place is None and not c.party:
        # "the special committees of the 14th Provincial People's Congress, ... the Legislative Affairs
        # Committee": a committee without a place named after the committees of a body is part of it
        run = ctx.run
        whole = next((o for o in sorted(ctx.kept_by_sent[i], key=lambda o: -o.start)
                      if o.end <= c.start and o.key.cls in (C.ORGANIZATION, C.COMMITTEE) and o is not c
                      and re.search(r"\bcommittees\s+of\s+(?:the\s+)?(?:\w+\s+)?$", run.text[max(s.start, o.start - 40):o.start])),
                     None)
        if whole is not None:
            ctx.emit(c.key, Relation.PART_OF, whole.key, s, c.start, c.end, "committee-list")


def person_position(ctx: Relating, i: int, c: Cand) -> None:
    """Positions: a person is a member of the outermost bodies named in their apposition."""
    if c.key.cls is not C.PERSON or c.position is None:
        return
    a, b = c.position
    orgs = [o for o in ctx.kept_by_sent[i] if o.key.cls in (C.COMMITTEE, C.ORGANIZATION) and a <= o.start < b]
    for o in orgs:
        if not any(x is not o and x.start <= o.start and o.end <= x.end for x in orgs):
            ctx.emit(c.key, Relation.MEMBER_OF, o.key, ctx.run.sents[i], c.start, b, "person-position")


def subject_pursues(ctx: Relating, i: int, c: Cand) -> None:
    """Subject of a verb: the place that governs a strategy pursues it ("the Party" the party), else the
    document's subject (a component of a numbered strategy is pursued through it); the body that laid a
    strategy down pursues it too ("the ... strategy laid down by the CPC Jilin Provincial Committee")."""
    if c.key.cls is not C.STRATEGY or c.key in ctx.components:
        return
    for who in local_subjects(ctx, i, c) or party_subject(ctx, i, c) or root_place(ctx, i) or (
            [ctx.subject] if ctx.subject else []):
        ctx.emit(who, Relation.PURSUES, c.key, ctx.run.sents[i], c.start, c.end, "subject-pursues")
    author = strategy_author(ctx, i, c)
    if author is not None:
        ctx.emit(author.key, Relation.PURSUES, c.key, ctx.run.sents[i], c.start, author.end, "author-pursues")


def author_pattern(ex: Patterns) -> re.Pattern[str]:
    """The words between a strategy and the body that laid it down: "' high-quality development strategy
    laid down by the "."""
    verbs = alt(ex.lex.cues["authoring_verbs"])
    return re.compile(rf"[\"”’']?(?:\s+(?!by\b)[\w'’-]+){{0,5}}?,?\s+(?:{verbs})\s+by\s+(?:the\s+)?")


def strategy_author(ctx: Relating, i: int, c: Cand) -> Cand | None:
    """The body or place named as the one that laid the strategy ``c`` down, just after it: "the 'one
    pillar, six pairs' high-quality development strategy laid down by the CPC Jilin Provincial Committee"."""
    run = ctx.run
    laid_down_by = run.ex.compiled(author_pattern)
    for o in sorted(ctx.kept_by_sent.get(i, ()), key=lambda o: (o.start, -o.length)):
        if o.start < c.end or o.key.cls not in (C.COMMITTEE, C.ORGANIZATION, C.CITY, C.REGION, C.COUNTRY):
            continue
        if laid_down_by.fullmatch(run.text, c.end, o.start):
            return o
        return None  # only the first body after the strategy
    return None


def subject_prioritizes(ctx: Relating, i: int, c: Cand) -> None:
    """Subject of a verb: the place that governs a sector or group prioritizes it, else the subject; a
    named strategy that is the verb's subject prioritizes it too ("The '234 Project' means expanding
    exports in the two pillar industries. It also seeks ...")."""
    if c.key.cls not in (C.SECTOR, C.SECTOR_GROUP):
        return
    for who in local_subjects(ctx, i, c) or root_place(ctx, i) or ([ctx.subject] if ctx.subject else []):
        ctx.emit(who, Relation.PRIORITIZES, c.key, ctx.run.sents[i], c.start, c.end, "subject-prioritizes")
    strategy = strategy_subject(ctx, i, c)
    if strategy is not None:
        ctx.emit(strategy, Relation.PRIORITIZES, c.key, ctx.run.sents[i], c.start, c.end, "subject-prioritizes")


def root_place(ctx: Relating, i: int) -> list[EntityKey]:
    """The place that is the subject of the sentence's main verb, when it is not the document's own
    ("Tianjin pledged to build the '1+3+4' system, in which the intelligent technology industry leads,
    and biomedicine ... act as emerging pillars": the sectors of the clause inside are Tianjin's)."""
    s = ctx.run.sents[i]
    root = next((t for t in s.toks if t.head.i == t.i), None)
    subj = next((t for t in root.children if t.dep_ in ("nsubj", "nsubjpass")), None) if root is not None else None
    if subj is None or subj.pos_ != "PROPN":
        return []
    o = ctx.kept_at(i, s.at(subj.idx), C.CITY, C.REGION)
    return [] if o is None or o.key == ctx.run.focal else [o.key]


def party_subject(ctx: Relating, i: int, c: Cand) -> list[EntityKey]:
    """"The (whole) Party" as the subject of the verb that governs ``c``, where the article names the
    party: the party ("the whole Party and the people are marching toward the Second Centenary Goal")."""
    subj = governing_subject(ctx.run.sents[i], c.start, c.end)
    if ctx.party_mentioned and subj is not None and subj.text == "Party" and any(
            d.lower_ == "the" for d in subj.children):
        return [ctx.run.party_key]
    return []


def governing_subject(s: Sent, start: int, end: int) -> Token | None:
    """The subject of the nearest verb above the words at [start, end) that has one, other than those
    words ("make three industries more competitive" is parsed with the industries as a subject)."""
    tok = s.token_from(start)
    for _ in range(40):
        if tok is None:
            return None
        found = [t for t in tok.children if t.dep_ in ("nsubj", "nsubjpass") and not start <= s.at(t.idx) < end]
        if found:
            return found[0]
        if tok.head.i == tok.i:
            return None
        tok = tok.head
    return None


def strategy_subject(ctx: Relating, i: int, c: Cand) -> EntityKey | None:
    """The named (quoted) strategy that is the subject of the verb governing ``c``, or that "It" stands
    for: the subject of the sentence before (or of the one before that, through another "it")."""
    run = ctx.run
    subj = governing_subject(run.sents[i], c.start, c.end)
    j = i
    while subj is not None and subj.lower_ == "it" and j > 0 and i - j < 3:  # "It also seeks ...": the subject before
        j -= 1
        root = next((t for t in run.sents[j].toks if t.dep_ == "ROOT"), None)
        subj = next((t for t in root.children if t.dep_ in ("nsubj", "nsubjpass")), None) if root is not None else None
    if subj is None:
        return None
    at = run.sents[j].at(subj.idx)
    o = next((o for o in ctx.kept_by_sent.get(j, ()) if o.start <= at < o.end and o.key.cls is C.STRATEGY
              and o.rule == "quoted-strategy"), None)
    return o.key if o is not None else None


def title_prioritizes(ctx: Relating, i: int, c: Cand) -> None:
    """A policy document prioritizes the sectors and groups its title names ("the Plan for Building an
    Artificial Intelligence Industry Landmark"), when the document names them outside the title too."""
    if c.key.cls is not C.RESOLUTION or c.rule != "document-title":
        return
    for o in ctx.run.cands[i]:
        if o.key.cls in (C.SECTOR, C.SECTOR_GROUP) and c.start <= o.start and o.end <= c.end and o.key in ctx.keys \
                and not o.weak:
            ctx.emit(c.key, Relation.PRIORITIZES, o.key, ctx.run.sents[i], o.start, o.end, "title-prioritizes")


#: The relations that need the context of the kept mentions; every other relation is a ``Link``
#: its rule gave the candidate.  They run in this order for each kept mention.
CONTEXTUAL_RELATIONS: tuple[Callable[[Relating, int, Cand], None], ...] = (
    committee_part_of, person_position, subject_pursues, subject_prioritizes, title_prioritizes)


def relate(run: DocState, kept: list[tuple[int, Cand]]) -> None:
    """Emit the links of the kept mentions whose targets were kept (or are implied), then the
    contextual relations, then the background geography."""
    keys = {c.key for _, c in kept}
    kept_by_sent: dict[int, list[Cand]] = {}
    for j, o in kept:
        kept_by_sent.setdefault(j, []).append(o)
    subject = run.focal if run.focal in keys else None
    if subject is None:
        subject = run.focal_committee if run.focal_committee in keys else None
    if subject is None:
        subject = next((c.key for _, c in kept if c.key.cls is C.RESOLUTION), None)
    ctx = Relating(run, keys, kept_by_sent, subject, {c.key for _, c in kept if c.component}, run.party_key in keys)
    orig = run.relations
    run.relations = []
    for r in orig:  # relations found before selection; an end may be implied, not named (a title's committee)
        if r.subject in keys and (r.object in keys or r.rule in IMPLIED_OBJECT_RULES):
            ctx.keep(r)
    for i, c in kept:
        s = run.sents[i]
        if c.key.cls in (C.SECTOR, C.SECTOR_GROUP) and curbed(run, s, c):
            continue  # "phase out steel": neither a priority nor a member worth keeping
        for lk in c.links:
            if lk.target in keys or lk.implied:
                if lk.target not in keys:
                    run.info(lk.target, label=run.label_of(lk.target))
                ctx.emit(c.key, lk.relation, lk.target, s, c.start, c.end, lk.rule)
        for contextual in CONTEXTUAL_RELATIONS:
            contextual(ctx, i, c)
    # background geography: every place named lies in each of its gazetteer ancestors (kg:locatedIn
    # is transitive; the closure is asserted so that simple queries need no property paths)
    for key in sorted({k for k in keys if k.cls in (C.CITY, C.REGION)}, key=lambda k: k.key):
        for parent, parent_label in ancestors(run, key):
            run.info(parent, label=parent_label)
            run.relations.append(RelationRec(key, Relation.LOCATED_IN, parent, 0, 0, "", "gazetteer-geography",
                                             evidenced=False))


def curbed(run: DocState, s: Sent, c: Cand) -> bool:
    """The verb that governs the sector is one of curbing ("phase out steel", "cut coal")."""
    tok = s.token_from(c.start)
    while tok is not None and tok.pos_ not in ("VERB", "AUX") and tok.head.i != tok.i:
        tok = tok.head  # spaCy makes a new Token on each access: compare indices, not identity
    return tok is not None and tok.lemma_.lower() in run.ex.negative_lemmas


def ancestors(run: DocState, place: EntityKey) -> list[tuple[EntityKey, str]]:
    """The places the gazetteer puts ``place`` in, nearest first, with their labels; a region the
    gazetteer does not know lies in the city (or province) that opens its name ("Wuhan Airport Economic
    Development Zone" in Wuhan; the closure stops there, as gold annotations do), unless it is one that
    holds cities ("Wuhan Metropolitan Area"); a zone it does not know ("Jiawang district", "Binhai New
    Town", "Optics Valley") lies in the subject place of the article."""
    out: list[tuple[EntityKey, str]] = []
    label = run.label_of(place)
    cues = run.lex.cues
    if place.cls is C.REGION and label not in run.lex.place_parent:
        if re.search(rf"\s(?:{alt(cues['supra_city_heads'])})$", label, re.IGNORECASE):
            return []  # "Wuhan Metropolitan Area" holds Wuhan, it does not lie in it
        words = label.split()
        for n in (2, 1):
            pk = run.place_key(" ".join(words[:n])) if len(words) > n else None
            if pk is not None and pk[0].cls is not C.PLACE:
                return [pk]  # the city (or province) only: the name says no more than that
        # "Jiawang district" in Xuzhou's article, "Binhai New Town" in Fuzhou's: a zone of the subject place
        zone = rf"\s(?:{alt(cues['zone_name_heads'])})$"
        if run.focal is not None and run.focal.cls in (C.CITY, C.REGION) and place != run.focal \
                and re.search(zone, label, re.IGNORECASE) and not (  # no district lies in another district
                    re.search(r"\s(?:district|county)$", label, re.IGNORECASE) and run.focal.cls is C.REGION
                    and re.search(zone, run.focal_label, re.IGNORECASE)):
            return [(run.focal, run.focal_label)]
    while (parent_name := run.lex.place_parent.get(label)) and (pk := run.place_key(parent_name)):
        if pk in out or pk[0] == place:
            break
        out.append(pk)
        label = pk[1]
    return out


def national(ctx: Relating, i: int, t: Token) -> bool:
    """The possessor ``t`` is the country of a local article ("safeguarding China's energy security" in
    a province's): the goal is the nation's, served by whoever the sentence is about."""
    run = ctx.run
    at = run.sents[i].at(t.idx)
    return run.focal is not None and run.focal.cls is not C.COUNTRY and ctx.kept_at(i, at, C.COUNTRY) is not None


#: What may stand between a place and the "into" of what it is turned into: an apposition, a location.
_TURNED = re.compile(r"(?:\s+City)?(?:\s*,[^,;]{1,60},)?(?:\s+(?:on|in|at|along)\s+the\s+[\w\s-]{1,30}?)?")


def local_subjects(ctx: Relating, i: int, c: Cand) -> list[EntityKey]:
    """Places other than the document's subject that are the grammatical subject of the verb that
    governs ``c`` ("Hefei will focus on quantum technology", "Chengdu and Xi'an will expand ..."),
    the object that controls its "to" clause ("urged Chengdu to become ..."), the place turned into it
    ("turning Haikou into a X, Sanya into a Y"), or its possessor ("Jiangsu's biomedicine industry")."""
    run = ctx.run
    s = run.sents[i]
    into = re.search(r"\s+into\s+(?:an?|the)\s+$", run.text[s.start:c.start])
    if into is not None:  # "turning Haikou, the region's centre, into a X, Sanya into a Y": the place turned
        at = s.start + into.start()
        turned = [o for o in ctx.kept_by_sent.get(i, ()) if o.key.cls in (C.CITY, C.REGION) and o.end <= at
                  and _TURNED.fullmatch(run.text[o.end:at])]
        if turned:
            return [] if turned[-1].key == run.focal else [turned[-1].key]
    tok = s.token_from(c.start)
    gapped = _gapped_subject(ctx, i, tok)
    if gapped is not None:  # "Chengdu will focus on biomedicine and Chongqing on automobiles"
        return [] if gapped == run.focal else [gapped]
    subjects = []
    controlled = False
    for _ in range(40):  # walk up to the nearest verb with a subject (or a possessor on the way)
        if tok is None:
            break
        if tok.dep_ == "acl" and tok.tag_ == "VBG" and tok.head.pos_ == "PROPN":
            subjects = [tok.head]  # "with Hangzhou focusing on ...": the noun the participle qualifies
            break
        found = [t for t in tok.children if t.dep_ in ("nsubj", "nsubjpass")
                 or (t.dep_ == "poss" and t.pos_ == "PROPN" and not national(ctx, i, t))]  # "Jiangsu's", not "their"
        if found:
            subjects = [found[0], *found[0].conjuncts]
            break
        # "urged the city to become ...", "called on the province to speed up ...": the object of the
        # verb a "to" clause hangs from is that clause's subject
        if tok.dep_ in ("xcomp", "advcl", "ccomp") and tok.head.lemma_.lower() in run.ex.control_verbs:
            ctl = [x for x in tok.head.children if x.dep_ == "dobj"] + [
                g for x in tok.head.children if x.dep_ == "prep" and x.lower_ == "on" for g in x.children
                if g.dep_ == "pobj"] + [  # "help the city become ...", parsed as a clause with its own subject
                g for x in tok.head.children if x.dep_ == "ccomp" for g in x.children if g.dep_ == "nsubj"]
            if ctl:
                subjects, controlled = [ctl[0], *ctl[0].conjuncts], True
                break
        if tok.head.i == tok.i:
            break
        tok = tok.head
    if len(subjects) == 1 and subjects[0].lower_ == "it" and subjects[0].dep_ != "poss":
        return pronoun_place(ctx, i)
    places = []
    # ``c`` inside the subject itself or its conjuncts ("Last come the five industries of a, b and c – ...,
    # a centre of the Yangtze River Delta"): only what stands before ``c`` ("Jiangsu's five industries
    # of") can be its owner, not a place in what the subject goes on to say
    inside = any(s.at(min(x.idx for x in t.subtree)) <= c.start <= s.at(max(x.idx for x in t.subtree))
                 for t in subjects)
    focal = False  # a conjunct is the document's place: it stands for itself, the others for theirs
    for t in subjects:
        zone = referred_zone(ctx, i, t)
        if zone is not None:  # "The park aims to become ...": the park named before
            if zone != run.focal and zone not in places:
                places.append(zone)
            continue
        head = None
        mine: list[EntityKey] = []
        for st in [t, *(x for x in t.subtree if (x.dep_ in ("compound", "pobj") or x.dep_ == "poss" and not controlled)
                        and own_modifier(x, t))]:
            at = s.at(st.idx)
            if inside and at >= c.start:
                continue
            o = ctx.kept_at(i, at, C.CITY, C.REGION, C.COUNTRY)
            if st is t:
                head = o
            elif head is not None and o is not None and o.key != head.key and st.dep_ == "poss":
                continue  # "Shanghai's Pudong New Area": the possessor only locates the place that is the subject
            if o is not None and o.key == run.focal:
                focal = True  # the subject is the document's place, located ("Northeast China's Liaoning")
                mine = []
                break
            if o is not None and o.key not in places and o.key not in mine:
                mine.append(o.key)
        places.extend(mine)
        if head is None and not places and t.lower_ in run.lex.cues["resolution_words"]:
            owner = document_place(ctx, i, t, c)
            if owner is not None:  # "The report of the Hubei Provincial Party Congress sets out ...": Hubei's
                if owner == run.focal:
                    focal = True
                else:
                    places.append(owner)
    if focal and run.focal is not None:  # "Minhang, Jiading and Songjiang will ..." in a Minhang article: all three
        return [run.focal, *places] if places else []
    return places


def document_place(ctx: Relating, i: int, t: Token, c: Cand) -> EntityKey | None:
    """The place a document that is a verb's subject belongs to: the first city or region named in
    the words that qualify it before ``c`` ("the report of the Hubei Provincial Party Congress",
    "the Jiangsu work report"); None when they name none."""
    s = ctx.run.sents[i]
    for x in sorted(t.subtree, key=lambda x: x.i):
        at = s.at(x.idx)
        if at >= c.start or x.i == t.i:
            continue
        o = ctx.kept_at(i, at, C.CITY, C.REGION)
        if o is not None:
            return o.key
        pk = ctx.run.place_key(x.text) if x.pos_ == "PROPN" else None  # inside a body's name the model found
        if pk is not None and pk[0].cls in (C.CITY, C.REGION):
            return pk[0]
    return None


def own_modifier(x: Token, t: Token) -> bool:
    """``x`` qualifies ``t`` itself, not a phrase hung from it: "Shanghai's" in "Shanghai's Pudong New Area",
    not "North China's" in "the city of Ordos, in North China's Inner Mongolia autonomous region"; "the
    city of Ordos" names Ordos, "firms in Zhangjiang" Zhangjiang."""
    while x.i != t.i:
        if x.dep_ == "pobj" and x.head.lower_ == "of" and x.head.head.i == t.i and t.lower_ in _PLACE_NOUNS:
            return True
        if x.dep_ == "pobj" and x.head.lower_ == "in" and x.head.head.i == t.i and t.lower_ in _LOCATED_ACTORS:
            return True  # "Firms in Zhangjiang will concentrate on ...": the place acts through its firms
        if x.dep_ not in ("compound", "poss", "nmod", "amod") or x.head.i == x.i:
            return False
        x = x.head
    return True


#: The nouns of "the city of X": X names the place.
_PLACE_NOUNS = frozenset({"city", "province", "region", "county", "district", "municipality"})
#: The nouns of "firms in X": X is the place whose economy they make.
_LOCATED_ACTORS = frozenset({"firms", "companies", "enterprises", "businesses"})


def pronoun_place(ctx: Relating, i: int) -> list[EntityKey]:
    """The place "It" stands for as a verb's subject ("Pudong expects ... It aims to develop ..."): the
    place (other than the document's) that is the subject of the sentence before; else none."""
    run = ctx.run
    if i == 0:
        return []
    prev = run.sents[i - 1]
    root = next((t for t in prev.toks if t.dep_ == "ROOT"), None)
    subj = next((t for t in root.children if t.dep_ in ("nsubj", "nsubjpass")), None) if root is not None else None
    if subj is None:
        return []
    at = prev.at(subj.idx)
    o = ctx.kept_at(i - 1, at, C.CITY, C.REGION)
    return [o.key] if o is not None and o.key != run.focal else []


def referred_zone(ctx: Relating, i: int, t: Token) -> EntityKey | None:
    """The zone a definite description names when it is a subject ("the park", "the new area", "the
    start-up area"): the last zone named in this sentence or the three before whose name ends in the
    same head word; None for any other subject (and for "the city", the subject place's word)."""
    run = ctx.run
    words = run.lex.cues["subject_place_words"]
    heads = {h.lower() for h in run.lex.cues["zone_name_heads"]} - set(words)
    # "the city" of a province's article: a city named before (of a city's article, the subject place)
    city = t.lower_ == "city" and run.focal is not None and run.focal.cls is not C.CITY
    if t.pos_ != "NOUN" or not (t.lower_ in heads or city) or not any(
            d.dep_ == "det" and d.lower_ == "the" for d in t.children) or any(x.pos_ == "PROPN" for x in t.subtree if x.i < t.i):
        return None
    at = run.sents[i].at(t.idx)
    for j in range(i, max(-1, i - 4), -1):
        for o in sorted(ctx.kept_by_sent.get(j, ()), key=lambda o: -o.start):
            if j == i and o.start >= at:
                continue
            if city and o.key.cls is C.CITY or not city and o.key.cls is C.REGION and \
                    run.label_of(o.key).split()[-1].lower() == t.lower_:
                return o.key
    return None


def _gapped_subject(ctx: Relating, i: int, tok: Token | None) -> EntityKey | None:
    """The place of a gapped clause the words at ``tok`` stand in: "A will focus on x and B on y" (y is
    B's), "..., and B in y": the preposition above them follows a place that follows "and" or a comma."""
    run = ctx.run
    s = run.sents[i]
    while tok is not None and tok.dep_ not in ("prep",) and tok.head.i != tok.i and tok.pos_ != "VERB":
        tok = tok.head
    if tok is None or tok.dep_ != "prep" or tok.i < 2:
        return None
    doc = tok.doc
    before, conj = doc[tok.i - 1], doc[tok.i - 2]
    if conj.lower_ not in ("and", ",") or before.pos_ != "PROPN":
        return None
    first = before
    while first.dep_ in ("conj", "compound") and first.head.i != first.i:
        first = first.head  # the place is coordinated with the object of the same preposition before it
    if first is before or first.dep_ != "pobj" or first.head.lower_ != tok.lower_:
        return None  # "cooperation with Hong Kong and Macao in finance": Macao is with Hong Kong, no gap
    at = s.at(before.idx)
    o = ctx.kept_at(i, at, C.CITY, C.REGION)
    return o.key if o is not None else None
