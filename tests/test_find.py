"""kg find: the entities a name matches, on the hand-made graph of tests/data/queries. No model needed."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from kg import KnowledgeGraph, QueryError, find
from kg.cli import app
from kg.query import load_store

from .conftest import DATA

CORPUS = DATA / "queries" / "corpus.ttl"


def cli(*args: object) -> tuple[int, str, str]:
    res = CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)
    return res.exit_code, res.stdout, res.stderr


@pytest.fixture(scope="module")
def store():
    return load_store(CORPUS)


def test_an_exact_name_gives_iri_class_labels_and_documents(store):
    found = find(store, "Integrated Circuit")
    assert [(f.iri, f.cls, f.label, f.alt_labels, f.documents, f.match) for f in found] == [
        ("kgid:integrated-circuits", "Sector", "integrated circuits", ("integrated circuit",), ("a.txt", "b.txt"),
         "exact")]


def test_partial_matches_follow_the_exact_ones(store):
    found = find(store, "shanghai")
    assert [(f.iri, f.match) for f in found] == [
        ("kgid:shanghai", "exact"),
        ("kgid:cpc-shanghai-municipal-committee", "partial"),
        ("kgid:meeting/cpc-shanghai-municipal-committee/12/2025-07-07", "partial"),
        ("kgid:meeting/cpc-shanghai-municipal-committee/12/3", "partial"),
        ("kgid:shanghai-municipal-government", "partial")]
    assert found[1].alt_labels == ("Shanghai Committee",)


def test_an_alt_label_with_accents_folded_finds_the_entity(store):
    assert [(f.iri, f.label, f.alt_labels) for f in find(store, "urumchi")] == [
        ("kgid:urumqi", "Ürümqi", ("Urumchi",))]
    assert [f.documents for f in find(store, "Li Qiang")] == [()]  # in no document


def test_no_match_is_empty_and_an_empty_name_an_error(store):
    assert find(store, "Shanghia") == ()
    with pytest.raises(QueryError, match="give a name"):
        find(store, "  ")


def test_the_knowledge_graph_finds_the_same(store):
    assert KnowledgeGraph.load(CORPUS).find("Pudong") == find(store, "Pudong")


def test_cli_formats_and_exit_codes():
    code, out, err = cli("find", "five centres", "--graph", CORPUS, "--format", "json")
    assert (code, err) == (0, "") and json.loads(out) == [
        {"iri": "kgid:five-centers", "class": "Strategy", "label": "five centers", "altLabels": ["five centres"],
         "documents": ["a.txt"], "match": "exact"}]
    code, out, _err = cli("find", "suzhou", "--graph", CORPUS, "--format", "csv")
    assert (code, out) == (0, "iri,class,label,altLabels,documents,match\nkgid:suzhou,City,Suzhou,,b.txt,exact\n")
    code, out, err = cli("find", "Shanghia", "--graph", CORPUS)
    assert code == 1 and out == "" and err == (f"kg: no entity is named 'Shanghia' in {CORPUS}; `kg query "
                                               "entities` lists every name\n")
