"""kg compare: what later documents add, keep and drop, on the hand-made graph of tests/data/queries
(expected rows) and on the seeds (2023 against 2025)."""
from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from kg import KnowledgeGraph, QueryError, compare
from kg.cli import app
from kg.query import load_store

from .conftest import DATA

CORPUS = DATA / "queries" / "corpus.ttl"


@pytest.fixture(scope="module")
def store():
    return load_store(CORPUS)


def cli(*args: object) -> tuple[int, str, str]:
    res = CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)
    return res.exit_code, res.stdout, res.stderr


def table(comparison) -> list[tuple[str, ...]]:
    return [r[:7] for r in comparison.rows().rows]


ALL = [
    ("sectors", "kept", "Shanghai", "prioritizes", "artificial intelligence", "a.txt", "b.txt"),
    ("sectors", "kept", "Shanghai", "prioritizes", "integrated circuits", "a.txt", "b.txt"),
    ("sectors", "added", "Suzhou", "prioritizes", "biomedicine", "", "b.txt"),
    ("sectors", "dropped", "Jiangsu", "prioritizes", "artificial intelligence", "a.txt", ""),
    ("sectors", "dropped", "Pudong New Area", "prioritizes", "future energy", "a.txt", ""),
    ("sectors", "dropped", "Shanghai", "prioritizes", "biomedicine", "a.txt", ""),
    ("strategies", "added", "Shanghai", "pursues", "hi-tech self-reliance", "", "b.txt"),
    ("strategies", "dropped", "Shanghai", "pursues", "five centers", "a.txt", ""),
    ("strategy components", "dropped", "five centers", "hasComponent", "global center for finance", "a.txt", ""),
    ("groups", "kept", "integrated circuits", "inGroup", "three leading industries", "a.txt", "b.txt"),
    ("groups", "dropped", "artificial intelligence", "inGroup", "three leading industries", "a.txt", ""),
    ("meetings", "added", "plenary session of the 12th CPC Shanghai Committee", "heldBy",
     "CPC Shanghai Municipal Committee", "", "b.txt"),
    ("meetings", "dropped", "third plenary session of the 12th CPC Shanghai Committee", "heldBy",
     "CPC Shanghai Municipal Committee", "a.txt", ""),
    ("resolutions", "added", "resolution of the plenary session", "adoptedAt",
     "plenary session of the 12th CPC Shanghai Committee", "", "b.txt"),
    ("resolutions", "dropped", "resolution of the third plenary session", "adoptedAt",
     "third plenary session of the 12th CPC Shanghai Committee", "a.txt", ""),
    ("resolutions", "dropped", "resolution of the third plenary session", "adoptedBy",
     "CPC Shanghai Municipal Committee", "a.txt", ""),
]


def test_every_fact_is_kept_added_or_dropped_with_its_evidence(store):
    c = compare(store, earlier="2023", later="2025")
    assert (c.earlier, c.later, c.place) == (("a.txt",), ("b.txt",), ())
    assert table(c) == ALL
    kept = c.changes[1]
    assert [e.sentence for e in kept.earlier] == [
        "Shanghai will develop integrated circuits, artificial intelligence and biomedicine."]
    assert [(e.document, e.date, e.sentence) for e in kept.later] == [
        ("b.txt", "2025-07-08", "Shanghai will keep up integrated circuits and artificial intelligence.")]
    assert c.rows().rows[1][7] == "Shanghai will keep up integrated circuits and artificial intelligence."
    assert c.rows().rows[5][7] == "Shanghai will develop integrated circuits, artificial intelligence and biomedicine."


def test_a_place_keeps_its_own_facts_those_of_places_in_it_and_of_its_bodies(store):
    c = compare(store, earlier="2023", later="2025", place="shanghai")
    assert c.place == ("Shanghai",)
    assert table(c) == [r for r in ALL if r[2] not in ("Suzhou", "Jiangsu")]  # Pudong lies in Shanghai
    assert table(compare(store, earlier="2023", later="2025", place="Jiangsu")) == [
        ("sectors", "added", "Suzhou", "prioritizes", "biomedicine", "", "b.txt"),  # Suzhou lies in Jiangsu
        ("sectors", "dropped", "Jiangsu", "prioritizes", "artificial intelligence", "a.txt", ""),
        ("groups", "dropped", "artificial intelligence", "inGroup", "three leading industries", "a.txt", "")]


@pytest.mark.parametrize("earlier, later", [("2023-07", "2025-07-08"), ("a.txt", "b"), ("kgid:doc/a", "2025")])
def test_a_period_is_a_year_month_day_or_document(store, earlier, later):
    assert table(compare(store, earlier=earlier, later=later)) == ALL


def test_comparing_the_other_way_swaps_added_and_dropped(store):
    swapped = {"added": "dropped", "dropped": "added", "kept": "kept"}
    forward = {(r[0], r[2], r[3], r[4]): r[1] for r in table(compare(store, earlier="2023", later="2025"))}
    backward = {(r[0], r[2], r[3], r[4]): r[1] for r in table(compare(store, earlier="2025", later="2023"))}
    assert backward == {k: swapped[v] for k, v in forward.items()}


@pytest.mark.parametrize("kw, message", [
    ({"earlier": "2024", "later": "2025"}, "--from 2024: no document is dated 2024; the documents are dated "
                                           "2023-07-04, 2025-07-08"),
    ({"earlier": "c.txt", "later": "2025"}, "--from 'c.txt': neither a date"),
    ({"earlier": "2023", "later": "a.txt"}, "--from 2023 and --to a.txt both take a.txt"),
    ({"earlier": "2023", "later": "2025", "place": "Beijing"}, "--place 'Beijing': no place is named so"),
    ({"earlier": "2023", "later": "2025", "place": "biomedicine"}, "no place is named so"),  # a sector
])
def test_bad_periods_and_places_are_one_clear_error(store, kw, message):
    with pytest.raises(QueryError) as err:
        compare(store, **kw)
    assert message in str(err.value) and "\n" not in str(err.value)


def test_cli_formats_and_the_api_agree(store):
    code, out, err = cli("compare", "--graph", CORPUS, "--from", "2023", "--to", "2025", "--format", "csv")
    assert (code, err) == (0, "")
    assert [tuple(r[:7]) for r in list(csv.reader(io.StringIO(out)))[1:]] == ALL
    code, out, _err = cli("compare", "--graph", CORPUS, "--from", "2023", "--to", "2025", "--place", "Pudong",
                          "--format", "json")
    assert code == 0 and json.loads(out) == {
        "earlier": ["a.txt"], "later": ["b.txt"], "place": ["Pudong New Area"],
        "changes": [{"topic": "sectors", "change": "dropped", "subject": "Pudong New Area", "relation": "prioritizes",
                     "object": "future energy", "subjectIri": "kgid:pudong-new-area", "objectIri": "kgid:future-energy",
                     "earlier": [{"document": "a.txt", "date": "2023-07-04",
                                  "sentence": "Pudong will lead in future energy."}],
                     "later": []}]}
    code, out, _err = cli("compare", "--graph", CORPUS, "--from", "2023", "--to", "2025")
    assert code == 0 and out.startswith("2023 (a.txt) -> 2025 (b.txt)\n") and "16 rows" in out
    code, _out, err = cli("compare", "--graph", CORPUS, "--from", "2019", "--to", "2025")
    assert code == 2 and err.startswith("kg: --from 2019: no document is dated 2019") and err.count("\n") == 1
    assert KnowledgeGraph.load(CORPUS).compare(earlier="2023", later="2025") == compare(store, earlier="2023",
                                                                                         later="2025")


@pytest.mark.model
def test_the_seeds_keep_three_sectors_and_2025_adds_hi_tech_self_reliance(seed_build):
    c = compare(load_store(seed_build[1] / "graph.ttl"), earlier="2023", later="2025", place="Shanghai")
    rows = {(r[1], r[3], r[4]) for r in table(c)}
    assert {("kept", "prioritizes", s) for s in ("integrated circuits", "artificial intelligence", "biomedicine")} \
        <= rows
    assert ("added", "pursues", "hi-tech self-reliance") in rows
    assert ("dropped", "pursues", "five centers") in rows
    assert not {r for r in rows if r[0] == "kept" and r[1] != "prioritizes"}  # only those three are said twice
    assert [r[2] for r in table(c) if r[1] == "kept"] == ["Shanghai"] * 3


def test_two_documents_with_one_file_name_stay_two_sides():
    """Files in two folders may share a name (one/b.txt, two/b.txt): documents are told apart by IRI."""
    extra = CORPUS.read_text() + """
<https://w3id.org/policykg/id/doc/two-b> a kg:Document ; dcterms:identifier "b.txt" ; dcterms:date "2026-01-05"^^xsd:date .
<https://w3id.org/policykg/id/evidence/x> a rdf:Statement ; rdf:subject kgid:shanghai ; rdf:predicate kg:prioritizes ;
    rdf:object kgid:biomedicine ; prov:wasDerivedFrom <https://w3id.org/policykg/id/doc/two-b> ;
    kg:sentence "Shanghai returns to biomedicine." ; kg:start 0 ; kg:end 5 ; kg:rule "test" .
"""
    import pyoxigraph as ox

    st = ox.Store()
    st.load(extra.encode(), format=ox.RdfFormat.TURTLE)
    c = compare(st, earlier="2025", later="2026", place="Shanghai")
    assert (c.earlier, c.later) == (("b.txt",), ("b.txt",))
    assert [r[:7] for r in c.rows().rows if r[0] == "sectors"] == [
        ("sectors", "added", "Shanghai", "prioritizes", "biomedicine", "", "b.txt"),
        ("sectors", "dropped", "Shanghai", "prioritizes", "artificial intelligence", "b.txt", ""),
        ("sectors", "dropped", "Shanghai", "prioritizes", "integrated circuits", "b.txt", "")]
    assert len(compare(st, earlier="2023", later="b.txt").later) == 2  # the name takes both
