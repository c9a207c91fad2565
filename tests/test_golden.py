"""The Turtle of the seeds and of the project's own articles is byte-identical to committed golden files.

A refactoring must not change what kg extracts.  A change that is meant to change the output
regenerates the files with ``KG_UPDATE_GOLDEN=1 pytest tests/test_golden.py`` and says in its
commit message why, and by how much, the output changed.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, to_isomorphic

from kg.export import turtle_bytes
from kg.pipeline import build

from .conftest import DATA, ROOT, golden_bytes

pytestmark = pytest.mark.model

SETS = {"seeds": ROOT / "seeds", "articles": DATA / "articles", "heldout": DATA / "heldout" / "articles"}
GOLDEN = DATA / "golden"


def readable_diff(expected: bytes, got: bytes, limit: int = 40) -> str:
    """The triples only in one graph or the other, as N-Triples lines."""
    a, b = (to_isomorphic(Graph().parse(data=x, format="turtle")) for x in (expected, got))
    _both, only_expected, only_got = graph_diff(a, b)
    lines = [f"- {' '.join(t.n3() for t in tr)}" for tr in sorted(only_expected)][:limit]
    lines += [f"+ {' '.join(t.n3() for t in tr)}" for tr in sorted(only_got)][:limit]
    return "\n".join(lines) or "(the same triples; only the bytes differ)"


@pytest.mark.parametrize("name", sorted(SETS))
def test_output_is_byte_identical_to_the_golden_file(name: str) -> None:
    g, report = build([SETS[name]])
    assert report.clean, report
    got = turtle_bytes(g)
    path: Path = GOLDEN / f"{name}.ttl"
    if os.environ.get("KG_UPDATE_GOLDEN"):
        path.write_bytes(got)
    expected = golden_bytes(path)
    assert got == expected, f"{name}: the output differs from {path}:\n{readable_diff(expected, got)}"
