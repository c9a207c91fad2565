"""Documents: one file is one document however it is named; distinct files get distinct IRIs (issue 9)."""
from __future__ import annotations

import pytest
from rdflib import Graph
from rdflib.namespace import DCTERMS, RDF

from kg.namespaces import KG
from kg.validate import validate

from .test_cli import run

pytestmark = pytest.mark.model

TEXT = " date 2024-01-01 Beijing will develop artificial intelligence.\n"


def test_same_stem_and_same_name_files_get_distinct_iris_and_one_file_is_one_document(tmp_path, monkeypatch):
    src = tmp_path / "in"
    (src / "one").mkdir(parents=True)
    (src / "two").mkdir()
    for name in ("a.txt", "a.md", "a"):
        (src / name).write_text(TEXT)
    (src / "one" / "b.txt").write_text(TEXT)
    (src / "two" / "b.txt").write_text(TEXT.replace("Beijing", "Tianjin"))
    monkeypatch.chdir(src)
    code, _out, err = run("build", "a.txt", "a.md", "a", ".", src / "a.txt", "one", "two", "--out", tmp_path / "out")
    assert code == 0, err
    g = Graph().parse(tmp_path / "out" / "graph.ttl")
    docs = set(g.subjects(RDF.type, KG.Document))
    assert len(docs) == 5  # a.txt (given three ways), a.md, a, one/b.txt, two/b.txt
    assert sorted(str(g.value(d, DCTERMS.identifier)) for d in docs) == ["a", "a.md", "a.txt", "b.txt", "b.txt"]
    assert validate(g).conforms


def test_a_lone_file_keeps_its_stem_as_iri(tmp_path):
    (tmp_path / "000_x.txt").write_text(TEXT)
    code, _out, _err = run("build", tmp_path, "--out", tmp_path / "out")
    g = Graph().parse(tmp_path / "out" / "graph.ttl")
    assert code == 0 and {str(d).rsplit("/", 1)[1] for d in g.subjects(RDF.type, KG.Document)} == {"000_x"}
