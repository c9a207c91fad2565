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

from .conftest import DATA


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
