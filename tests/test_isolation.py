"""One document never takes the build down (issue: extraction that holds on real articles, part 1)."""
from __future__ import annotations

import re

import pytest
from rdflib import Graph

from kg import extract as extract_mod
from kg.rules.base import COMMITTEE_GROUPS, Patterns, group
from kg.rules.bodies import body_patterns

from .test_cli import run

pytestmark = pytest.mark.model

GOOD = " date 2024-05-06 Suzhou will develop biomedicine and new materials.\n"
POISON = " date 2024-05-07 Wuxi will develop integrated circuits. POISON\n"


def poisoned_rule(run_state, i, s):
    """A rule with a bug that shows only on one document."""
    if "POISON" in s.text:
        raise KeyError("injected")


@pytest.fixture
def with_poisoned_rule(monkeypatch):
    sentence_rules, document_rules = extract_mod.PASSES[0]
    monkeypatch.setattr(extract_mod, "PASSES",
                        [([*sentence_rules, poisoned_rule], document_rules), *extract_mod.PASSES[1:]])


def test_a_rule_that_raises_loses_only_its_document(tmp_path, with_poisoned_rule):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a_good.txt").write_text(GOOD)
    (src / "b_poison.txt").write_text(POISON)
    code, out, err = run("build", src, "--out", tmp_path / "out")
    assert code == 1
    failed = [ln for ln in err.splitlines() if ln.startswith("kg: failed")]
    assert failed == ["kg: failed b_poison.txt: KeyError in poisoned_rule: 'injected'"]
    assert "Traceback" not in err
    g = Graph().parse(tmp_path / "out" / "graph.ttl")
    ids = {str(o) for o in g.objects(None, __import__("rdflib").DCTERMS.identifier)}
    assert ids == {"a_good.txt"}
    assert (tmp_path / "out" / "graph.html").exists() and "1 documents" in out


def test_debug_prints_the_failed_documents_traceback(tmp_path, with_poisoned_rule):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a_good.txt").write_text(GOOD)
    (src / "b_poison.txt").write_text(POISON)
    code, _out, err = run("build", src, "--out", tmp_path / "out", "--debug")
    assert code == 1
    assert "Traceback" in err and "poisoned_rule" in err and "kg: failed b_poison.txt" in err


def test_every_document_failing_writes_nothing_and_says_so(tmp_path, with_poisoned_rule):
    src = tmp_path / "in"
    src.mkdir()
    (src / "b_poison.txt").write_text(POISON)
    code, _out, err = run("build", src, "--out", tmp_path / "out")
    assert code == 2 and "kg: failed b_poison.txt" in err and "nothing written" in err
    assert not (tmp_path / "out" / "graph.ttl").exists()


def test_every_committee_pattern_has_the_same_named_groups():
    committees = Patterns().compiled(body_patterns).committees
    assert committees
    for rx in committees:
        assert set(rx.groupindex) == COMMITTEE_GROUPS, rx.pattern


def test_optional_group_helper_never_raises():
    m = re.match(r"(?P<a>x)?y", "y")
    assert m is not None
    assert group(m, "a") == "" and group(m, "missing") == ""


@pytest.mark.parametrize("text", [
    "The Hunan Provincial Party Committee held a meeting on Monday.",
    "Members of the Zibo Municipal Party Committee attended the session.",
])
def test_party_committee_named_with_its_level_does_not_crash(extract, text):
    """Regression: "X Provincial Party Committee" matched a pattern without a ``party`` group
    (IndexError: no such group) and took the whole build down."""
    ex = extract(text)
    assert any(m.entity.cls.value == "Committee" for m in ex.mentions)


def slow_rule(run_state, i, s):
    """A rule that hangs on one document."""
    if "SLOW" in s.text:
        import time

        time.sleep(30)


def test_a_document_over_its_time_budget_is_left_out_and_the_build_goes_on(tmp_path, monkeypatch):
    sentence_rules, document_rules = extract_mod.PASSES[0]
    monkeypatch.setattr(extract_mod, "PASSES",
                        [([*sentence_rules, slow_rule], document_rules), *extract_mod.PASSES[1:]])
    src = tmp_path / "in"
    src.mkdir()
    (src / "a_good.txt").write_text(GOOD)
    (src / "b_slow.txt").write_text(" date 2024-05-07 Wuxi will develop integrated circuits. SLOW\n")
    code, out, err = run("build", src, "--out", tmp_path / "out", "--doc-timeout", "1")
    assert code == 1
    assert [ln for ln in err.splitlines() if ln.startswith("kg: skipped")] == [
        "kg: skipped b_slow.txt: took longer than 1 s; left out (raise --doc-timeout, or split the article)"]
    assert "1 documents" in out


@pytest.mark.parametrize("text", [
    "Beijing)." * 2300,  # 20 KB of brackets and stops
    "'s" * 4000 + ".",
    "(" * 3000 + "Beijing" + ")" * 3000 + ".",
])
def test_pathological_runs_are_left_out_with_a_warning_in_seconds(tmp_path, text):
    import time

    (tmp_path / "a.txt").write_text(" date 2024-01-01 Beijing will develop AI.\n\n" + text + "\n")
    t0 = time.perf_counter()
    code, _out, err = run("build", tmp_path / "a.txt", "--out", tmp_path / "out")
    assert code == 0 and time.perf_counter() - t0 < 20
    assert "kg: warning: a.txt: left out 1 run(s)" in err
