"""The kg command: outputs, exit codes (0 ok, 1 not clean, 2 usage or unreadable input), one-line errors."""
import json
import os
import subprocess
import sys

import pytest

from kg.cli import app

from .conftest import ROOT

pytestmark = pytest.mark.model


def run(*args, cwd=None):
    """Run the CLI in this process (the model stays loaded); return (exit code, stdout, stderr)."""
    from typer.testing import CliRunner

    res = CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)
    return res.exit_code, res.stdout, res.stderr


def test_build_writes_turtle_and_html_and_prints_a_summary(tmp_path):
    code, out, _err = run("build", ROOT / "seeds", "--out", tmp_path)
    assert code == 0
    assert (tmp_path / "graph.ttl").stat().st_size > 10_000 and (tmp_path / "graph.html").exists()
    assert "2 documents" in out and "Sector" in out and "relations:" in out and "time:" in out


def test_build_skips_bad_files_reports_each_in_one_line_and_exits_1(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text(" date 2024-05-06 Suzhou will develop biomedicine.\n")
    (src / "empty.txt").write_text("")
    (src / "binary.txt").write_bytes(bytes(range(256)))
    (src / "page.txt").write_text("<html><body>hi</body></html>")
    code, _out, err = run("build", src, "--out", tmp_path / "out")
    assert code == 1
    lines = [ln for ln in err.splitlines() if ln.startswith("kg: skipped")]
    assert len(lines) == 3 and all(".txt" in ln for ln in lines)
    assert "Traceback" not in err
    ttl = (tmp_path / "out" / "graph.ttl").read_text()
    assert "suzhou" in ttl and "biomedicine" in ttl


def test_build_with_nothing_readable_exits_2(tmp_path):
    code, _out, err = run("build", tmp_path / "nope", "--out", tmp_path / "out")
    assert code == 2 and "nothing written" in err and not (tmp_path / "out" / "graph.ttl").exists()


def test_query_bundled_and_formats(seed_build):
    graph = seed_build[1] / "graph.ttl"
    code, out, _ = run("query", "sectors-by-place", "--graph", graph, "--format", "json")
    rows = json.loads(out)
    assert code == 0 and {"place": "Shanghai", "class": "City", "sector": "integrated circuits", "via": "",
                          "date": "2023-07-04", "document": "000_612878e80e9ed20f.txt"} in rows
    assert run("query", "sectors-by-city", "--graph", graph, "--format", "json")[:2] == (0, out)  # the old name
    code, out, _ = run("query", "strategies", "--graph", graph, "--format", "csv")
    assert code == 0 and out.startswith("strategy,pursuedBy,components\n") and "five centers" in out
    code, out, _ = run("query", "--list")
    assert code == 0 and all(n in out for n in ("sectors-by-city", "strategies", "committees", "people", "evidence"))


def test_query_evidence_with_a_binding(seed_build):
    code, out, _ = run("query", "evidence", "--graph", seed_build[1] / "graph.ttl", "--format", "json",
                       "--bind", "predicate=kg:memberOf")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 1 and rows[0]["s"] == "Xi Jinping" and "general secretary" in rows[0]["sentence"]


def test_query_sparql_text_and_rq_file(seed_build, tmp_path):
    graph = seed_build[1] / "graph.ttl"
    q = "SELECT (COUNT(?d) AS ?n) WHERE { ?d a kg:Document }"
    assert run("query", q, "--graph", graph, "--format", "csv")[1] == "n\n2\n"
    (tmp_path / "q.rq").write_text(q)
    assert run("query", tmp_path / "q.rq", "--graph", graph, "--format", "csv")[1] == "n\n2\n"


@pytest.mark.parametrize("query, words", [
    ("SELEKT ?x WHERE { ?x ?p ?o }", "SPARQL syntax error"),
    ("no-such-query", "no bundled query named"),
    ("INSERT DATA { <http://a> <http://b> <http://c> }", "read-only"),
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE"),
    ("LOAD <http://example.org/data.ttl>", "read-only"),
])
def test_query_errors_are_one_line_exit_2(seed_build, query, words):
    code, _out, err = run("query", query, "--graph", seed_build[1] / "graph.ttl")
    assert code == 2 and words in err and len(err.strip().splitlines()) == 1


def test_service_in_a_string_or_a_comment_is_allowed(seed_build):
    q = ('SELECT (COUNT(*) AS ?n) WHERE { ?s a kg:City ; rdfs:label ?l FILTER(!CONTAINS(?l, "service")) }'
         "  # not a SERVICE call")
    assert run("query", q, "--graph", seed_build[1] / "graph.ttl", "--format", "csv")[:2] == (0, "n\n1\n")


def test_validate_conforms_and_reports_violations(seed_build, tmp_path):
    code, out, _ = run("validate", "--graph", seed_build[1] / "graph.ttl")
    assert code == 0 and "conforms" in out
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix kg: <https://w3id.org/policykg/ontology#> .\n'
                   '<https://w3id.org/policykg/id/x> a kg:City ; kg:governs <https://w3id.org/policykg/id/y> .\n')
    code, out, _ = run("validate", "--graph", bad)
    assert code == 1 and "violations" in out and "rdfs:label" in out


@pytest.mark.parametrize("content, words", [(None, "no such graph file"), ("this is not turtle <", "not a readable")])
def test_graph_commands_on_missing_or_malformed_files(tmp_path, content, words):
    path = tmp_path / "g.ttl"
    if content is not None:
        path.write_text(content)
    for cmd in (["validate"], ["query", "people"], ["stats"], ["view", "--out", tmp_path / "v.html"]):
        code, _out, err = run(*cmd, "--graph", path)
        assert code == 2 and words in err and "Traceback" not in err, cmd


def test_view_and_stats(seed_build, tmp_path):
    code, _out, _ = run("view", "--graph", seed_build[1] / "graph.ttl", "--out", tmp_path / "v.html")
    assert code == 0 and (tmp_path / "v.html").read_text().count("vis.Network") >= 1
    code, out, _ = run("stats", "--graph", seed_build[1] / "graph.ttl", "--format", "json")
    s = json.loads(out)
    assert code == 0 and s["documents"] == 2 and s["entities"]["City"] == 1 and s["communities"]


def test_python_dash_m_and_usage_error_exit_code():
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    res = subprocess.run([sys.executable, "-m", "kg", "query", "--format"], capture_output=True, text=True, env=env)
    assert res.returncode == 2 and "Traceback" not in res.stderr
    res = subprocess.run([sys.executable, "-m", "kg", "--help"], capture_output=True, text=True, env=env)
    assert res.returncode == 0 and "build" in res.stdout


def test_query_time_limit(seed_build):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    code, _out, err = run("query", slow, "--graph", seed_build[1] / "graph.ttl", "--timeout", "1")
    assert code == 2 and "did not finish within 1 s" in err
    code, out, _ = run("query", "SELECT (COUNT(*) AS ?n) WHERE { ?s a kg:City }", "--graph",
                       seed_build[1] / "graph.ttl", "--timeout", "20", "--format", "csv")
    assert code == 0 and out == "n\n1\n"


def test_update_is_allowed_only_when_asked_and_changes_no_file(seed_build):
    graph = seed_build[1] / "graph.ttl"
    before = graph.read_bytes()
    code, _out, err = run("query", "DELETE WHERE { ?s ?p ?o }", "--graph", graph)
    assert code == 2 and "read-only" in err
    code, _out, err = run("query", "CLEAR DEFAULT", "--graph", graph, "--allow-update")
    assert code == 0 and graph.read_bytes() == before
