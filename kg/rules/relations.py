"""Selection of non-overlapping mentions, and the relations between what was kept."""
from __future__ import annotations


from ..types import EntityClass as C
from ..types import EntityKey, RelationRec
from .base import Cand, DocState, Sent

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
            if c.key.cls is C.SECTOR and c.extra.get("weak"):
                continue
            if (c.key, c.start, c.end) in seen:
                continue
            clash = [o for o in chosen if o.start < c.end and c.start < o.end]
            if clash and not (c.nested_ok and all(o.start <= c.start and c.end <= o.end and
                                                  may_nest(c, o) for o in clash)):
                continue
            chosen.append(c)
            seen.add((c.key, c.start, c.end))
        kept.extend((i, c) for c in sorted(chosen, key=lambda c: (c.start, c.end, c.key.cls.value)))
    return kept


def may_nest(inner: Cand, outer: Cand) -> bool:
    """An organization may sit inside a committee or meeting name ("CPC" in "CPC Central
    Committee"); a place only where it is the committee's own place ("Shanghai", not the
    "China" of "Communist Party of China")."""
    if outer.key.cls not in (C.COMMITTEE, C.MEETING, C.ORGANIZATION) or inner.key == outer.key:
        return False
    if inner.key.cls in (C.ORGANIZATION, C.COMMITTEE):
        return True
    body = outer.extra.get("body") if outer.key.cls is C.MEETING else outer
    return isinstance(body, Cand) and body.extra.get("place") == inner.key


def relate(run: DocState, kept: list[tuple[int, Cand]]) -> None:
    keys = {c.key for _, c in kept}
    run.kept_by_sent = {}
    for j, o in kept:
        run.kept_by_sent.setdefault(j, []).append(o)
    subject = run.focal if run.focal in keys else None
    if subject is None:
        subject = run.focal_committee if run.focal_committee in keys else None
    if subject is None:
        subject = next((c.key for _, c in kept if c.key.cls is C.RESOLUTION), None)
    components = {c.key for _, c in kept if c.extra.get("component")}
    party_mentioned = run.party_key in keys
    seen_rel: set[tuple[EntityKey, str, EntityKey]] = set()
    orig = run.relations
    run.relations = []

    def keep(r: RelationRec) -> None:
        if (r.subject, r.predicate, r.object) not in seen_rel:
            seen_rel.add((r.subject, r.predicate, r.object))
            run.relations.append(r)

    def once(s_: EntityKey, p: str, o: EntityKey, sent: Sent, a: int, b: int, rule: str) -> None:
        if s_ != o:
            keep(RelationRec(s_, p, o, a, b, sent.text, rule))

    for r in orig:  # relations found before selection; an end may be implied, not named (a title's committee)
        if r.subject in keys and (r.object in keys or r.rule in IMPLIED_OBJECT_RULES):
            keep(r)
    for i, c in kept:
        s = run.sents[i]
        cls = c.key.cls
        if cls is C.COMMITTEE:
            place = c.extra.get("place")
            if isinstance(place, EntityKey):
                once(c.key, "governs", place, s, c.start, c.end, "committee-name")
                if place not in keys:
                    run.info(place, label=run.label_of(place))
            inner = [o for o in run.kept_by_sent[i] if o is not c and o.key.cls is C.COMMITTEE
                     and c.start < o.start and o.end <= c.end]
            if inner:  # "Political Bureau of the CPC Central Committee" is part of the latter
                o = max(inner, key=lambda o: o.length)
                once(c.key, "partOf", o.key, s, c.start, c.end, "committee-name")
            elif c.extra.get("party") and party_mentioned:
                once(c.key, "partOf", run.party_key, s, c.start, c.end, "committee-name")
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
                orgs = [o for o in run.kept_by_sent[i] if o.key.cls in (C.COMMITTEE, C.ORGANIZATION)
                        and span[0] <= o.start < span[1]]
                for o in orgs:
                    if not any(x is not o and x.start <= o.start and o.end <= x.end for x in orgs):
                        once(c.key, "memberOf", o.key, s, c.start, span[1], "person-position")
        elif cls is C.STRATEGY and c.key not in components:
            for who in local_subjects(run, i, c) or ([subject] if subject else []):
                once(who, "pursues", c.key, s, c.start, c.end, "subject-pursues")
        elif cls in (C.SECTOR, C.SECTOR_GROUP):
            if curbed(run, s, c):
                continue
            for who in local_subjects(run, i, c) or ([subject] if subject else []):
                once(who, "prioritizes", c.key, s, c.start, c.end, "subject-prioritizes")
            group = c.extra.get("group")
            if isinstance(group, EntityKey) and group in keys:
                once(c.key, "inGroup", group, s, c.start, c.end, "group-member")
    # background geography: every place named lies in each of its gazetteer ancestors (kg:locatedIn
    # is transitive; the closure is asserted so that simple queries need no property paths)
    for key in sorted({k for k in keys if k.cls in (C.CITY, C.REGION)}, key=lambda k: k.key):
        label = run.label_of(key)
        seen = {key}
        while (parent_name := run.lex.place_parent.get(label)) and (pk := run.place_key(parent_name)):
            if pk[0] in seen:
                break
            seen.add(pk[0])
            run.info(pk[0], label=pk[1])
            run.relations.append(RelationRec(key, "locatedIn", pk[0], 0, 0, "", "gazetteer-geography",
                                              evidenced=False))
            label = pk[1]


def curbed(run: DocState, s: Sent, c: Cand) -> bool:
    """The verb that governs the sector is one of curbing ("phase out steel", "cut coal")."""
    tok = next((t for t in s.span if s.at(t.idx) >= c.start), None)
    while tok is not None and tok.pos_ not in ("VERB", "AUX") and tok.head.i != tok.i:
        tok = tok.head  # spaCy makes a new Token on each access: compare indices, not identity
    return tok is not None and tok.lemma_.lower() in run.ex.negative_lemmas


def local_subjects(run: DocState, i: int, c: Cand) -> list[EntityKey]:
    """Places other than the document's subject that are the grammatical subject of the verb that
    governs ``c`` ("Hefei will focus on quantum technology", "Chengdu and Xi'an will expand ..."),
    or its possessor ("Jiangsu's biomedicine industry")."""
    s = run.sents[i]
    tok = next((t for t in s.span if s.at(t.idx) >= c.start), None)
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
            at = s.at(st.idx)
            o = next((o for o in run.kept_by_sent.get(i, ()) if o.start <= at < o.end
                      and o.key.cls in (C.CITY, C.REGION, C.COUNTRY)), None)
            if o is not None and o.key != run.focal and o.key not in places:
                places.append(o.key)
    return places

