"""What ``import kg`` and the light commands load: no spaCy, pyvis or networkx until a command needs them.

Each case runs in a fresh interpreter with ``-X importtime``, which names every module imported.
"""
from __future__ import annotations

import subprocess
import sys

import pytest

import kg
from kg.query import _BUNDLED, _parse, bundled

from .conftest import DATA

HEAVY = ("spacy", "thinc", "pyvis", "networkx", "jinja2", "pyshacl")
SEEDS = str(DATA / "golden" / "seeds.ttl")


def imported(*args: str) -> set[str]:
    """The top-level names of the modules a fresh ``python -X importtime ARGS`` imports."""
    res = subprocess.run([sys.executable, "-X", "importtime", *args], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr[-2000:]
    names = {line.rsplit("|", 1)[1].strip() for line in res.stderr.splitlines() if line.startswith("import time:")}
    assert "kg" in names  # the listing is read: kg itself is in it
    return {n.split(".")[0] for n in names}


@pytest.mark.parametrize("args", [
    ["-c", "import kg"],
    ["-m", "kg", "--help"],
    ["-m", "kg", "query", "--list"],
    ["-m", "kg", "query", "committees", "--graph", SEEDS, "--format", "csv"],
    ["-m", "kg", "query", "people", "--graph", SEEDS, "--format", "json", "--bind", "person=Xi Jinping"],
], ids=["import kg", "kg --help", "kg query --list", "kg query committees", "kg query people --bind"])
def test_light_commands_load_no_heavy_library(args):
    assert not imported(*args) & set(HEAVY)


def test_a_heavy_command_still_loads_what_it_needs():
    """The check above can fail: ``kg stats`` does load networkx."""
    assert "networkx" in imported("-m", "kg", "stats", "--graph", SEEDS, "--format", "json")


def test_every_public_name_resolves():
    for name in kg.__all__:
        assert getattr(kg, name) is not None, name
    assert set(kg.__all__) <= set(dir(kg))
    from kg.pipeline import build
    from kg.validate import validate

    assert kg.build is build and kg.validate is validate  # the function, not the submodule of that name
    with pytest.raises(AttributeError):
        _ = kg.no_such_name


@pytest.mark.parametrize("name", sorted(bundled()))
def test_a_bundled_query_parses_as_the_parser_skipped_for_it_would(name):
    """``kg query NAME`` does not parse a bundled query with rdflib (see ``kg.query._BUNDLED``): each
    one is a read-only query that reaches no network, as rdflib's parse says."""
    assert _parse(bundled()[name][1]) == _BUNDLED
