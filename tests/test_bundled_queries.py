"""Bindings by name and the bundled queries, against a small hand-made graph with known rows
(tests/data/queries/corpus.ttl: Shanghai with Pudong in it, Suzhou in Jiangsu, 2023 and 2025).
No model needed."""
from __future__ import annotations

import csv
import io

import pytest
from typer.testing import CliRunner

from kg import QueryError
from kg.cli import app
from kg.query import bundled, load_store, run_query

from .conftest import DATA

CORPUS = DATA / "queries" / "corpus.ttl"


@pytest.fixture(scope="module")
def store():
    return load_store(CORPUS)


def rows(store, query, **bindings):
    return run_query(store, query, bindings=bindings).rows


def cli(*args: object) -> tuple[int, str, str]:
    res = CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)
    return res.exit_code, res.stdout, res.stderr


# --- bindings -------------------------------------------------------------------------------------

def test_two_bindings_are_one_values_clause(store):
    """The issue's command: two --bind gave "SPARQL syntax error ... expected UNDEF"."""
    code, out, err = cli("query", "evidence", "--graph", CORPUS, "--bind", "subject=kgid:shanghai",
                         "--bind", "predicate=kg:pursues", "--format", "csv")
    assert (code, err) == (0, "")
    assert [(r["s"], r["p"], r["o"]) for r in csv.DictReader(io.StringIO(out))] == [
        ("Shanghai", "pursues", "five centers"), ("Shanghai", "pursues", "hi-tech self-reliance")]


@pytest.mark.parametrize("name", ["Shanghai", "shanghai", " SHANGHAI "])
def test_a_name_binds_the_entity_it_names(store, name):
    got = rows(store, "SELECT ?o WHERE { ?s kg:pursues ?o } ORDER BY ?o", s=name)
    assert got == (("kgid:five-centers",), ("kgid:hi-tech-self-reliance",))


@pytest.mark.parametrize("name, iri", [
    ("Urumqi", "kgid:urumqi"), ("ÜRÜMQI", "kgid:urumqi"), ("Urumchi", "kgid:urumqi"),  # accents, an altLabel
    ("integrated circuit", "kgid:integrated-circuits"), ("the Integrated-Circuits", "kgid:integrated-circuits"),
    ("five centres", "kgid:five-centers"), ("Pudong", "kgid:pudong-new-area"),
])
def test_names_match_labels_and_alt_labels_as_norm_compares_them(store, name, iri):
    assert rows(store, "SELECT ?e WHERE { ?e a ?c }", e=name) == ((iri,),)


def test_several_matches_and_several_values_are_several_rows(store):
    got = rows(store, "SELECT ?s ?o WHERE { ?s kg:prioritizes ?o } ORDER BY ?s ?o",
               s=["Jiangsu", "Suzhou"], o="kg:nothing")
    assert got == ()
    got = rows(store, "SELECT ?s ?o WHERE { ?s kg:prioritizes ?o } ORDER BY ?s ?o", s=["Jiangsu", "Suzhou"])
    assert got == (("kgid:jiangsu", "kgid:artificial-intelligence"), ("kgid:suzhou", "kgid:biomedicine"))


def test_a_name_also_binds_its_text_so_label_variables_match(store):
    assert rows(store, "SELECT ?e WHERE { ?e rdfs:label ?l }", l="shanghai") == (("kgid:shanghai",),)
    assert rows(store, "SELECT ?e WHERE { ?e rdfs:label ?l }", l='"shanghai"') == ()  # quoted: that text only


def test_a_name_that_matches_nothing_is_one_note(store):
    code, out, err = cli("query", "evidence", "--graph", CORPUS, "--bind", "subject=Shanghia", "--format", "csv")
    assert code == 0 and out == "s,p,o,document,start,end,rule,sentence\n"
    assert err == ("kg: note: no entity is named 'Shanghia' (kg find lists names); ?subject is bound to that "
                   "text only\n")


def test_an_unknown_variable_is_an_error_naming_the_variables(store):
    code, _out, err = cli("query", "strategies-by-year", "--graph", CORPUS, "--bind", "city=Shanghai")
    assert code == 2 and err.startswith("kg: cannot bind ?city: the query has no such variable; its variables "
                                        "are ?c, ?d, ?date, ?document, ?documents, ?none, ?p, ?place,")
    assert len(err.strip().splitlines()) == 1


def test_a_variable_grouped_away_is_an_error_naming_what_can_be_bound(store):
    with pytest.raises(QueryError, match=r"cannot bind \?e: the query groups its rows, and only \?altLabels, "
                                         r"\?class, \?documents, \?label remain"):
        rows(store, "entities", e="Shanghai")


def test_a_query_with_its_own_values_clause_refuses_more(store):
    with pytest.raises(QueryError, match="ends in a VALUES clause of its own"):
        rows(store, "SELECT ?s WHERE { ?s a ?c } VALUES ?c { kg:City }", s="Shanghai")


# --- the bundled queries --------------------------------------------------------------------------

def test_sectors_by_place_rolls_zones_and_cities_up_to_their_place(store):
    assert rows(store, "sectors-by-place") == (
        ("Jiangsu", "Region", "artificial intelligence", "", "2023-07-04", "a.txt"),
        ("Jiangsu", "Region", "biomedicine", "Suzhou", "2025-07-08", "b.txt"),
        ("Pudong New Area", "Region", "future energy", "", "2023-07-04", "a.txt"),
        ("Shanghai", "City", "artificial intelligence", "", "2023-07-04", "a.txt"),
        ("Shanghai", "City", "biomedicine", "", "2023-07-04", "a.txt"),
        ("Shanghai", "City", "future energy", "Pudong New Area", "2023-07-04", "a.txt"),
        ("Shanghai", "City", "integrated circuits", "", "2023-07-04", "a.txt"),
        ("Shanghai", "City", "artificial intelligence", "", "2025-07-08", "b.txt"),
        ("Shanghai", "City", "integrated circuits", "", "2025-07-08", "b.txt"),
        ("Suzhou", "City", "biomedicine", "", "2025-07-08", "b.txt"),
    )  # nothing is rolled up into China
    assert rows(store, "sectors-by-city") == rows(store, "sectors-by-place")  # the old name still works
    assert {r[2] for r in rows(store, "sectors-by-place", place="jiangsu")} == {"artificial intelligence",
                                                                               "biomedicine"}


def test_about_one_entity_lists_what_is_said_with_evidence(store):
    assert rows(store, "about", entity="Pudong") == (
        ("Pudong New Area", "locatedIn", "China", "", "", ""),
        ("Pudong New Area", "locatedIn", "Shanghai", "", "", ""),
        ("Pudong New Area", "prioritizes", "future energy", "2023-07-04", "a.txt", "Pudong will lead in future energy."),
    )
    meeting = rows(store, "about", entity="third plenary session of the 12th CPC Shanghai Committee")
    assert [r[:3] for r in meeting] == [
        ("third plenary session of the 12th CPC Shanghai Committee", "date", "2023-07-04"),
        ("resolution of the third plenary session", "adoptedAt",
         "third plenary session of the 12th CPC Shanghai Committee"),
        ("third plenary session of the 12th CPC Shanghai Committee", "heldBy", "CPC Shanghai Municipal Committee")]


def test_strategies_by_year_of_a_place(store):
    assert rows(store, "strategies-by-year", place="Shanghai") == (
        ("Shanghai", "2023", "five centers", "", "a.txt"),
        ("Shanghai", "2025", "hi-tech self-reliance", "", "b.txt"))
    assert rows(store, "strategies-by-year", place="Jiangsu") == ()


def test_the_documents_that_mention_an_entity(store):
    assert rows(store, "mentioned-in", entity="biomedicine") == (
        ("biomedicine", "a.txt", "2023-07-04", "Shanghai sets its priorities.", "0"),
        ("biomedicine", "b.txt", "2025-07-08", "Shanghai renews its priorities.", "0"))
    assert [r[1] for r in rows(store, "mentioned-in", entity="Shanghai Municipal Government")] == ["b.txt"]


def test_one_document_s_graph(store):
    got = rows(store, "document", document="b.txt")
    assert {r[0] for r in got} == {"b.txt"}
    assert [r[1:4] for r in got if r[2] == "a"] == [
        ("CPC Shanghai Municipal Committee", "a", "Committee"), ("Shanghai", "a", "City"),
        ("Shanghai Municipal Government", "a", "Organization"), ("Suzhou", "a", "City"),
        ("artificial intelligence", "a", "Sector"), ("biomedicine", "a", "Sector"),
        ("hi-tech self-reliance", "a", "Strategy"), ("integrated circuits", "a", "Sector"),
        ("plenary session of the 12th CPC Shanghai Committee", "a", "Meeting"),
        ("resolution of the plenary session", "a", "Resolution"),
        ("three leading industries", "a", "SectorGroup")]
    assert [r[1:5] for r in got if r[2] != "a"] == [
        ("Shanghai", "prioritizes", "integrated circuits", "140"),
        ("Shanghai", "prioritizes", "artificial intelligence", "150"),
        ("integrated circuits", "inGroup", "three leading industries", "160"),
        ("Shanghai", "pursues", "hi-tech self-reliance", "170"),
        ("Suzhou", "prioritizes", "biomedicine", "180"),
        ("CPC Shanghai Municipal Committee", "governs", "Shanghai", "190"),
        ("plenary session of the 12th CPC Shanghai Committee", "heldBy", "CPC Shanghai Municipal Committee", "200"),
        ("resolution of the plenary session", "adoptedAt", "plenary session of the 12th CPC Shanghai Committee", "210")]


def test_every_bundled_query_runs_on_the_corpus_and_says_what_it_is(store):
    for name, (desc, _text) in bundled().items():
        assert desc and not desc.startswith("PREFIX"), name
        assert run_query(store, name).rows, name  # the corpus has rows for every one
