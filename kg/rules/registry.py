"""The rule registry: every rule with what it needs, what it assigns and the ids it writes.

In the spirit of spaCy's ``Language.factory(requires=..., assigns=...)`` and ``analyze_pipes``:
each rule declares the pieces of document state it reads (``requires``) and writes
(``assigns``), and the rule ids that reach ``kg:rule`` in the graph (``emits``).  ``RULES``
lists them in the order they run; ``check_order`` proves the order, so no comment has to
justify it: a rule runs after every rule that assigns something it requires.

A sentence rule runs on every sentence; consecutive sentence rules share one pass over the
sentences (each sentence sees all of them before the next), and a document rule runs once,
where it stands.  ``kg rules`` prints the table.

A sentence rule may also declare what a sentence must hold for it to find anything there
(``needs``: the words its expressions cannot match without); it is not run on a sentence that
holds none of them, which is only a saving of time (``tests/test_registry.py`` checks, on every
committed corpus, that the rule would have done nothing there).

>>> check_order(RULES)
>>> [r.name for r in RULES][:3]
['gazetteer_places', 'ner_places', 'zone_lists']
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum

from . import bodies, events, places, sectors, strategies
from .base import DocState, Patterns, Sent

SentenceRule = Callable[[DocState, int, Sent], None]
DocumentRule = Callable[[DocState], None]

#: What every rule may read without another rule assigning it first.
GIVEN = frozenset({"sentences", "parse", "model-entities", "gazetteer-spans", "article-date"})


class Scope(str, Enum):
    SENTENCE = "sentence"
    DOCUMENT = "document"


@dataclass(frozen=True, slots=True)
class Needs:
    """What a sentence must hold for a sentence rule to find anything in it: one of the words of the
    cue lists ``cues`` (``kg/data/cues.toml``; a table gives its keys) or of ``words``, lower-cased.
    They are looked for in the sentence's lower-cased text (``Sent.lower``: a substring, which every
    match of an expression that spells the word out contains, also case-insensitively), or with
    ``tokens`` among its tokens' lower-cased forms (``Sent.words``: for a rule that walks the tokens
    looking for one of them)."""

    cues: tuple[str, ...] = ()
    words: tuple[str, ...] = ()
    tokens: bool = False

    def __str__(self) -> str:
        """What ``kg rules -v`` prints: the cue lists and words, and where they are looked for."""
        return ", ".join((*self.cues, *(repr(w) for w in self.words))) + (" (as a token)" if self.tokens else "")

    def vocabulary(self, ex: Patterns) -> frozenset[str]:
        """The needed words themselves, lower-cased, from ``ex``'s cues."""
        out = {w.lower() for w in self.words}
        for name in self.cues:
            out.update(w.lower() for w in ex.lex.cues[name])
        return frozenset(out)

    def text_words(self, ex: Patterns) -> frozenset[str]:
        """What to look for in ``Sent.lower``: each needed word's longest run of ASCII characters
        ("communiqu" of "communiqué"), which every text that holds the word holds too, and which
        ``Sent.lower`` keeps however a case-insensitive expression matched it; a word that holds
        another ("plenary session", "session") is left to that one.

        >>> sorted(Needs(words=("session", "plenary session", "builds", "build", "communiqué")).text_words(Patterns()))
        ['build', 'communiqu', 'session']
        """
        runs = {max(re.findall(r"[\x00-\x7f]+", w), key=len, default="") for w in self.vocabulary(ex)}
        return frozenset(w for w in runs if not any(v != w and v in w for v in runs))

    def check(self, ex: Patterns) -> Callable[[Sent], bool] | None:
        """The test of a sentence: True where the rule may find something; None (no test: the rule runs
        everywhere) when a word is empty (or, in a text test, has no ASCII character)."""
        vocab = self.vocabulary(ex) if self.tokens else self.text_words(ex)
        if not vocab or "" in vocab:
            return None
        if self.tokens:
            return lambda s: not vocab.isdisjoint(s.words)
        ordered = tuple(sorted(vocab))

        def holds_one(s: Sent) -> bool:
            text = s.lower
            for w in ordered:  # a loop, not any(): this runs for most rules on every sentence
                if w in text:
                    return True
            return False

        return holds_one


@dataclass(frozen=True, slots=True)
class Rule:
    """One registered rule: a sentence rule (``on_sentence``) or a document rule (``on_document``)."""

    name: str
    doc: str  # the first paragraph of its docstring, on one line
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    emits: tuple[str, ...]  # rule ids written to kg:rule by this rule
    on_sentence: SentenceRule | None = None
    on_document: DocumentRule | None = None
    needs: Needs | None = None  # a sentence rule's: what a sentence must hold for it to run there

    @property
    def scope(self) -> Scope:
        return Scope.SENTENCE if self.on_sentence is not None else Scope.DOCUMENT


def _doc(func: Callable[..., None]) -> str:
    text = (func.__doc__ or "").strip().split("\n\n")[0]
    return " ".join(text.split())


def S(func: SentenceRule, requires: tuple[str, ...], assigns: tuple[str, ...], emits: tuple[str, ...] = (),
      needs: Needs | None = None) -> Rule:
    """A sentence rule (that runs only on a sentence with one of the words it ``needs``, if given)."""
    return Rule(func.__name__, _doc(func), requires, assigns, emits, on_sentence=func, needs=needs)


def D(func: DocumentRule, requires: tuple[str, ...], assigns: tuple[str, ...], emits: tuple[str, ...] = ()) -> Rule:
    """A document rule."""
    return Rule(func.__name__, _doc(func), requires, assigns, emits, on_document=func)

RULES: tuple[Rule, ...] = (
    S(places.gazetteer_places, ("gazetteer-spans",), ("places",), ("gazetteer-place", "place-suffix")),
    S(places.ner_places, ("model-entities",), ("places",), ("ner-place",)),
    S(places.zone_lists, (), ("places",), ("zone-list",)),
    D(places.learn_places, ("places",), ("learnt-places",), ("learnt-place", "city-apposition", "zone-short-name")),
    D(places.choose_focal, ("places", "learnt-places"), ("subject-place",)),
    S(places.subject_places, ("subject-place",), ("place-references",), ("subject-reference",)),
    S(places.place_containment, ("places", "place-references"), ("place-containment",), ("place-containment",)),
    S(places.subject_committees, ("subject-place",), ("committees", "subject-committee"),
         ("subject-committee", "subject-standing-committee"),
      needs=Needs(words=("committee",))),
    S(places.subject_bodies, ("subject-place",), ("state-bodies",), ("subject-body",)),
    S(bodies.committees, ("places", "learnt-places", "subject-place"), ("committees", "subject-committee"),
         ("committee-name", "standing-committee")),
    S(bodies.state_bodies, ("places", "learnt-places"), ("state-bodies",), ("state-body", "sub-body"),
      needs=Needs(("state_bodies",), ("government",))),
    S(bodies.advisory_committees, ("places",), ("committees",), ("advisory-committee",)),
    S(bodies.discipline_commissions, ("places",), ("committees",), ("discipline-commission",)),
    S(bodies.lower_case_bodies, ("places",), ("state-bodies",), ("lower-case-body",)),
    S(bodies.gazetteer_things, ("gazetteer-spans",), ("organizations", "committees", "sectors", "strategies"),
         ("gazetteer-organization", "gazetteer-committee", "gazetteer-sector", "gazetteer-sector-generic",
          "gazetteer-strategy")),
    S(bodies.organizations, ("model-entities",), ("organizations", "named-events"), ("ner-organization", "named-event", "zone-administration", "event-holder")),
    D(events.find_event_date, ("sentences", "article-date"), ("event-date",)),
    S(events.meetings, ("committees", "state-bodies"), ("meetings",), ("meeting-name",),
      needs=Needs(("meeting_kinds",), ("session", "held", "convened"))),
    S(events.party_congresses, ("article-date",), ("party-congresses",), ("party-congress",),
      needs=Needs(words=("congress",))),
    S(events.local_congresses, ("places", "subject-place"), ("party-congresses", "meeting-keys"),
      ("local-party-congress",),
      needs=Needs(words=("congress",))),
    D(events.resolve_meetings, ("meetings", "subject-committee", "event-date"), ("meeting-keys",)),
    S(events.named_plans, ("subject-place", "meeting-keys"), ("resolutions",), ("named-plan", "meeting-adopts"),
      needs=Needs(words=("five",))),
    S(events.resolutions, ("meeting-keys", "committees", "subject-committee", "event-date"),
      ("resolutions",), ("resolution", "resolution-adopted"),
      needs=Needs(("resolution_words", "plan_recommendation_kinds"))),
    S(events.named_documents, ("meeting-keys", "committees", "subject-committee", "event-date"),
      ("titled-documents",), ("document-title",),
      needs=Needs(("document_kinds",))),
    S(events.plan_recommendations, ("meeting-keys", "committees", "subject-committee", "event-date"),
      ("titled-documents",), ("plan-recommendations",),
      needs=Needs(("plan_recommendation_kinds",))),
    S(events.described_documents, ("meeting-keys", "committees", "state-bodies", "event-date"),
      ("titled-documents",), ("document-description",),
      needs=Needs(("described_document_kinds",))),
    S(events.issued_documents, ("meeting-keys", "committees", "state-bodies", "event-date"),
      ("titled-documents",), ("issued-document",),
      needs=Needs(("described_document_kinds",))),
    S(bodies.people, ("model-entities", "subject-place"), ("people",), ("ner-person", "party-title", "government-title", "person-list")),
    S(strategies.quoted_strategies, ("parse",), ("strategies", "numbered", "slogan-parts"), ("quoted-strategy",)),
    S(strategies.counted_slogans, ("parse",), ("strategies", "numbered", "slogan-parts"), ("counted-slogan",),
      needs=Needs(("numbers",), tokens=True)),
    S(strategies.restated_slogans, ("slogan-parts",), ("strategies", "numbered"), ("restated-slogan",)),
    S(strategies.center_lists, ("parse",), ("strategies", "enumerations"), ("center-list",),
      needs=Needs(("center_scopes",))),
    S(strategies.zone_goals, (), ("strategies",), ("zone-goal",),
      needs=Needs(("goal_zones",))),
    S(strategies.center_names, (), ("strategies",), ("center-name",),
      needs=Needs(("center_scopes",))),
    S(strategies.goal_targets, ("parse",), ("strategies",), ("goal-target",),
      needs=Needs(("goal_target_cues", "goal_role_cues", "goal_build_cues", "goal_build_nouns"), ("make", "making"))),
    S(strategies.concept_goals, ("parse",), ("strategies",), ("concept-goal",),
      needs=Needs(("concept_heads",), tokens=True)),
    S(strategies.area_goals, (), ("strategies", "area-regions"), ("area-goal",),
      needs=Needs(("area_goal_nouns",))),
    S(strategies.numbered_lists, ("parse",), ("strategies", "components"), ("numbered-list",),
      needs=Needs(("numbers",))),
    S(strategies.counted_goals, (), ("strategies", "numbered"), ("counted-goal",),
      needs=Needs(("numbers",))),
    S(strategies.goal_lists, (), ("strategies",), ("goal-list",),
      needs=Needs(("goal_list_cues", "goal_list_closers"))),
    S(strategies.lead_goals, ("parse",), ("strategies",), ("lead-goal",)),
    S(strategies.bullet_goals, ("parse",), ("strategies",), ("bullet-goal",)),
    S(sectors.groups, ("parse", "gazetteer-spans"), ("groups", "numbered", "bare-groups", "sectors", "strategies"),
         ("sector-group", "group-member", "action-group"),
      needs=Needs(("group_heads", "code_group_heads"))),
    S(sectors.industry_names, ("parse",), ("sectors",), ("industry-name",),
      needs=Needs(words=("industry", "sector"))),
    S(sectors.shared_industries, ("parse",), ("sectors",), ("shared-industry",),
      needs=Needs(words=("industries", "sectors"))),
    S(sectors.shared_heads, ("parse",), ("sectors",), ("shared-head",),
      needs=Needs(("shared_sector_heads",))),
    S(strategies.enumerations, ("parse",), ("enumerations",)),
    S(strategies.colon_lists, (), ("enumerations",)),
    S(strategies.bullet_lists, (), ("enumerations",)),
    D(strategies.counted_aliases, ("strategies", "numbered"), ("strategy-aliases",)),
    D(strategies.numbered_strategies, ("strategies", "numbered", "enumerations"), ("components",),
         ("enumerated-component", "numbered-center-enumeration", "numbered-gerund-enumeration",
          "numbered-noun-enumeration", "numbered-target-enumeration", "numbered-bullet-enumeration")),
    D(sectors.sector_lists, ("sectors", "parse"), ("sector-lists", "list-sectors"), ("sector-list",)),
    D(sectors.resolve_bare_groups, ("groups", "bare-groups"), ("resolved-groups",)),
    D(sectors.numbered_groups, ("groups", "numbered", "sector-lists", "list-sectors", "resolved-groups", "strategies"),
         ("group-lists",), ("numbered-group-list",)),
    D(sectors.example_members, ("groups", "resolved-groups", "group-lists", "sector-lists"), ("example-groups",),
         ("example-member",)),
    D(events.merge_named_documents, ("resolutions", "titled-documents"), ("merged-documents",)),
    D(events.adopted_before, ("meeting-keys", "titled-documents", "merged-documents"), ("adopted-before",)),
)

#: Rule ids written by the relation stage (``relations.relate``) rather than by a rule above.
RELATION_RULE_IDS = ("person-position", "committee-list", "subject-pursues", "author-pursues", "subject-prioritizes", "title-prioritizes",
                     "gazetteer-geography")


class OrderError(ValueError):
    """The rule table's order breaks a rule's ``requires``."""


def check_order(rules: Sequence[Rule]) -> None:
    """Every rule runs after all the rules that assign what it requires (a rule may also extend
    what it reads); raise ``OrderError`` naming the first one that does not."""
    assigned_by: dict[str, list[int]] = {}
    for k, r in enumerate(rules):
        for a in r.assigns:
            assigned_by.setdefault(a, []).append(k)
    for k, r in enumerate(rules):
        for need in r.requires:
            if need in GIVEN:
                continue
            if need not in assigned_by:
                raise OrderError(f"{r.name} requires {need!r}, which no rule assigns")
            late = [rules[j].name for j in assigned_by[need] if j > k]
            if late:
                raise OrderError(f"{r.name} requires {need!r} but runs before {', '.join(late)}, which assign it")


def sentence_checks(ex: Patterns, rules: Sequence[Rule] | None = None) -> dict[SentenceRule, Callable[[Sent], bool]]:
    """The test of each sentence rule of ``rules`` (the registered ones) that declares what it needs,
    with the words of ``ex``'s cues (``Patterns.compiled(sentence_checks)`` makes them once)."""
    out: dict[SentenceRule, Callable[[Sent], bool]] = {}
    for r in RULES if rules is None else rules:
        check = r.needs.check(ex) if r.needs is not None and r.on_sentence is not None else None
        if r.on_sentence is not None and check is not None:
            out[r.on_sentence] = check
    return out


def passes(rules: Sequence[Rule]) -> list[tuple[list[SentenceRule], list[DocumentRule]]]:
    """Group the table into passes: consecutive sentence rules, then the document rules after them."""
    out: list[tuple[list[SentenceRule], list[DocumentRule]]] = []
    for r in rules:
        if r.on_sentence is not None and (not out or out[-1][1]):
            out.append(([], []))
        elif not out:
            out.append(([], []))
        if r.on_sentence is not None:
            out[-1][0].append(r.on_sentence)
        if r.on_document is not None:
            out[-1][1].append(r.on_document)
    return out


check_order(RULES)
