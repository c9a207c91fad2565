"""The extraction core: registered rules with a checked order, and pluggable mention sources."""
from __future__ import annotations

import re

import pytest
import spacy
from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS

from kg.namespaces import KG
from kg.pipeline import build
from kg.rules import registry
from kg.rules.registry import RELATION_RULE_IDS, RULES, OrderError, S, check_order
from kg.sources import SpanSource, load_labels

from .conftest import DATA, ROOT


def test_every_rule_has_a_docstring_and_a_unique_name():
    names = [r.name for r in RULES]
    assert len(names) == len(set(names))
    for r in RULES:
        assert len(r.doc) > 20, f"{r.name} has no docstring"


def test_order_is_checked_not_commented():
    check_order(RULES)
    broken = list(RULES)
    k = next(i for i, r in enumerate(broken) if r.name == "resolve_meetings")
    broken.insert(0, broken.pop(k))  # resolve meetings before any meeting is found
    with pytest.raises(OrderError, match="resolve_meetings requires"):
        check_order(broken)
    with pytest.raises(OrderError, match="no rule assigns"):
        check_order([S(RULES[0].on_sentence, ("nothing-assigns-this",), ())])  # type: ignore[arg-type]


def test_passes_keep_the_table_order():
    flat = [f.__name__ for sr, dr in registry.passes(RULES) for f in (*sr, *dr)]
    assert flat == [r.name for r in RULES]


@pytest.mark.model
@pytest.mark.parametrize("name", ["seeds", "articles", "heldout", "cases"])
def test_every_rule_id_in_the_graph_is_declared_by_one_rule(name):
    if name == "cases":  # one small article per construction, standing committees among them
        g, _report = build([DATA / "cases"])
    else:
        g = Graph().parse(DATA / "golden" / f"{name}.ttl")
    used = {str(o) for o in g.objects(None, KG.rule)}
    declared = [e for r in RULES for e in r.emits] + list(RELATION_RULE_IDS)
    assert len(declared) == len(set(declared))
    assert used <= set(declared), used - set(declared)


@pytest.mark.model
def test_a_second_mention_source_from_any_spacy_pipeline(tmp_path):
    """A blank pipeline with a SpanRuler proposes mentions; they land with their own rule id."""
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("span_ruler", config={"spans_key": "custom"})
    ruler.add_patterns([{"label": "INDUSTRY", "pattern": "quantum sensing"},
                        {"label": "INDUSTRY", "pattern": "marine biotech"}])
    (tmp_path / "a.txt").write_text(" date 2024-03-05 Qingdao will grow quantum sensing and marine biotech.\n")
    source = SpanSource("custom", load_labels(), rule="custom-ruler")
    g, report = build([tmp_path], nlp=nlp, sources=[source])
    assert report.clean
    sectors = {str(g.value(s, RDFS.label)) for s in g.subjects(RDF.type, KG.Sector)}
    assert {"quantum sensing", "marine biotech"} <= sectors
    rules = {str(g.value(m, KG.rule)) for m in g.subjects(RDF.type, KG.Mention)
             if str(g.value(g.value(m, KG.mentionOf), RDFS.label)) == "quantum sensing"}
    assert rules == {"custom-ruler"}
    assert (None, KG.rule, Literal("custom-ruler")) in g


def test_a_bad_label_map_is_one_clear_error(tmp_path):
    from kg.errors import InputError

    bad = tmp_path / "labels.toml"
    bad.write_text('[labels]\nINDUSTRY = "Industry"\n')
    with pytest.raises(InputError, match=re.escape("unknown classes ['Industry']")):
        load_labels(bad)


def test_the_folded_text_keeps_every_case_insensitive_match_of_an_ascii_letter():
    """``Sent.lower``, where a rule's needed words are looked for: every character that a letter matches
    under ``re.IGNORECASE`` ("K", "ſ", "İ") becomes that letter, so that no match is lost to the fold."""
    from kg.rules.base import _FOLD

    chars = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    for letter in "abcdefghijklmnopqrstuvwxyz":
        for m in re.finditer(letter, chars, re.IGNORECASE):
            assert m[0].lower().translate(_FOLD) == letter, (letter, m[0])


def test_needed_words_come_from_the_cues():
    from kg.rules.base import Patterns

    ex = Patterns()
    needs = {r.name: r.needs for r in RULES if r.needs is not None}
    assert needs and all(r.on_sentence is not None for r in RULES if r.needs is not None)
    assert "plenary session" in needs["meetings"].vocabulary(ex)  # a cue list's words
    assert "communiqu" in needs["resolutions"].text_words(ex)  # the ASCII run of "communiqué"
    assert set(registry.sentence_checks(ex)) == {r.on_sentence for r in RULES if r.needs is not None}


def _state(run, i: int) -> tuple[str, ...]:
    """What a sentence rule may have changed: the sentence's candidates and the document's records."""
    return (repr(run.cands[i]), repr(run.relations), repr(run.enums), repr(run.infos), repr(run.labels),
            repr(run._local))


@pytest.mark.model
@pytest.mark.parametrize("folder", ["seeds", "articles", "real", "cases"])
def test_a_rule_skipped_for_want_of_what_it_needs_would_have_found_nothing(extractor, folder):
    """Every sentence rule runs on every sentence of every committed corpus: where its ``needs`` would
    have skipped it, it changed nothing; and the extraction with the skips is the one without."""
    from kg.extract import PASSES, run_rules
    from kg.pipeline import read_all
    from kg.rules.base import DocState

    checks = registry.sentence_checks(extractor.patterns)
    docs, _ = read_all([ROOT / "seeds" if folder == "seeds" else DATA / folder])
    assert docs
    skipped = 0
    for doc in docs:
        sents = extractor.sentences(doc)
        run = DocState(extractor.patterns, doc, sents)
        for sentence_rules, document_rules in PASSES:
            for i, s in enumerate(sents):
                for rule in sentence_rules:
                    check = checks.get(rule)
                    if check is None or check(s):
                        rule(run, i, s)
                        continue
                    before = _state(run, i)
                    rule(run, i, s)
                    assert _state(run, i) == before, f"{rule.__name__} finds something in {doc.identifier}: {s.text!r}"
                    skipped += 1
            for document_rule in document_rules:
                document_rule(run)
        assert run_rules(DocState(extractor.patterns, doc, sents)) == \
            run_rules(DocState(extractor.patterns, doc, sents), prefilter=False), doc.identifier
    assert skipped > 0
