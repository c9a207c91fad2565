"""Golden cases as files: each ``tests/data/cases/NAME.txt`` is a short article and ``NAME.ttl`` the
entity-layer triples it must give (see ``casekit.project``).  A new rule's test is a new pair of files.

A change that is meant to change the output rewrites the expected files from the current output:

    KG_UPDATE_CASES=1 pytest tests/test_cases.py

then read the diff of every ``.ttl`` before committing it.  A case whose output is known to be wrong
is listed in ``tests/data/cases/KNOWN-GAPS.md`` (one line per wrong or missing triple); its ``.ttl``
holds the triples it SHOULD give, it is an ``xfail(strict=True)``, and the update leaves it alone.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg.pipeline import build

from .casekit import case_turtle, project, triple_lines
from .conftest import DATA

pytestmark = pytest.mark.model

CASES = DATA / "cases"
GAPS = CASES / "KNOWN-GAPS.md"
UPDATE = os.environ.get("KG_UPDATE_CASES") == "1"
_GAP_LINE = re.compile(r"^- `(?P<name>[\w-]+)`: (?P<reason>.+)$")


def known_gaps() -> dict[str, list[str]]:
    """Case name -> the gaps ``KNOWN-GAPS.md`` lists for it (lines ``- `NAME`: what is wrong``)."""
    gaps: dict[str, list[str]] = {}
    for line in GAPS.read_text(encoding="utf-8").splitlines():
        if m := _GAP_LINE.match(line):
            gaps.setdefault(m["name"], []).append(m["reason"])
    return gaps


def cases() -> Iterator[object]:
    gaps = known_gaps()
    for txt in sorted(CASES.glob("*.txt")):
        marks = [pytest.mark.xfail(strict=True, reason="; ".join(gaps[txt.stem]))] if txt.stem in gaps else []
        yield pytest.param(txt, id=txt.stem, marks=marks)


def readable_diff(expected: Graph, got: Graph) -> str:
    """The missing and the unexpected triples, one per line."""
    _both, missing, unexpected = graph_diff(to_isomorphic(expected), to_isomorphic(got))
    return "\n".join([f"missing    {t}" for t in triple_lines(missing)]
                     + [f"unexpected {t}" for t in triple_lines(unexpected)])


@pytest.mark.parametrize("txt", list(cases()))
def test_case_gives_the_expected_entity_triples(txt: Path) -> None:
    g, report = build([txt])
    assert report.clean and report.documents == (txt.name,), report
    got = project(g)
    ttl = txt.with_suffix(".ttl")
    if UPDATE and txt.stem not in known_gaps():
        ttl.write_bytes(case_turtle(got))
    elif UPDATE and ttl.is_file():  # a known gap keeps its hand-written expectation, in the sorted form
        ttl.write_bytes(case_turtle(Graph().parse(ttl, format="turtle")))
    if not ttl.is_file():
        pytest.fail(f"{ttl.name} is missing: write it, or run with KG_UPDATE_CASES=1 and read what it wrote")
    expected = Graph().parse(ttl, format="turtle")
    if not isomorphic(expected, got):
        pytest.fail(f"{txt.name} does not give {ttl.name}:\n{readable_diff(expected, got)}", pytrace=False)


def test_every_gap_names_a_case_and_every_case_has_its_ttl() -> None:
    names = {p.stem for p in CASES.glob("*.txt")}
    assert set(known_gaps()) <= names, f"KNOWN-GAPS.md names no such case: {set(known_gaps()) - names}"
    assert names == {p.stem for p in CASES.glob("*.ttl")}, "every NAME.txt needs its NAME.ttl, and back"


def test_case_files_are_in_the_sorted_form() -> None:
    for ttl in sorted(CASES.glob("*.ttl")):
        g = Graph().parse(ttl, format="turtle")
        assert case_turtle(g) == ttl.read_bytes(), f"{ttl.name} is not in the sorted form; rewrite it"
