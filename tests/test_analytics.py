"""Statistics and the view on graphs that are valid Turtle but odd: ill-typed or unexpected literals."""
import logging
import subprocess
import sys

import pytest

from kg.analytics import stats, to_networkx
from kg.graph import load_graph
from kg.view import render_html

from .conftest import ROOT

HEAD = """@prefix kg: <https://w3id.org/policykg/ontology#> .
@prefix kgid: <https://w3id.org/policykg/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
kgid:d a kg:Document ; dcterms:identifier "a.txt" ; dcterms:date "2024-13-45"^^xsd:date ; kg:mentions kgid:suzhou .
kgid:suzhou a kg:City ; rdfs:label "Suzhou" ; dcterms:date "2024-02-30"^^xsd:date .
kgid:jiangsu a kg:Region ; rdfs:label "Jiangsu" .
kgid:suzhou kg:locatedIn kgid:jiangsu .
"""

#: kg:start values a hand-edited or foreign graph may hold; every one is valid Turtle.
ODD_STARTS = ['"12.5"^^xsd:decimal', '"abc"^^xsd:integer', '"1e400"^^xsd:double', '"NaN"^^xsd:double',
              '"-5"^^xsd:integer', '" 7 "^^xsd:integer', '"' + "9" * 5000 + '"^^xsd:integer', '"twelve"@en',
              "kgid:suzhou", "[]", "true", '"2024-13-45"^^xsd:date']


def odd_graph(tmp_path, start: str):
    path = tmp_path / "odd.ttl"
    path.write_text(HEAD + f"""kgid:m1 a kg:Mention ; kg:mentionOf kgid:suzhou ; prov:wasDerivedFrom kgid:d ;
    kg:sentence "Suzhou grows." ; kg:start {start} ; kg:end 6 ; kg:rule "gazetteer" .
kgid:m2 a kg:Mention ; kg:mentionOf kgid:suzhou ; prov:wasDerivedFrom kgid:d ;
    kg:sentence "Suzhou again." ; kg:start 3 ; kg:end 9 ; kg:rule "gazetteer" .
""", "utf-8")
    return path


@pytest.mark.parametrize("start", ODD_STARTS)
def test_stats_and_view_take_any_literal_as_an_offset(tmp_path, start, caplog):
    with caplog.at_level(logging.WARNING):
        g = load_graph(odd_graph(tmp_path, start))
        s = stats(g)
        html = render_html(g)
    assert s.entities == {"City": 1, "Region": 1} and s.relations == {"locatedIn": 1}
    assert sorted(to_networkx(g).nodes["https://w3id.org/policykg/id/suzhou"]["sentences"]) == [
        "a.txt: Suzhou again.", "a.txt: Suzhou grows."]
    assert "Suzhou" in html
    assert not [r for r in caplog.records if r.name.startswith("rdflib")], "rdflib logged about a literal"


def test_the_commands_succeed_on_ill_typed_literals_without_a_word_on_stderr(tmp_path):
    """Before: `kg stats` ended in ValueError from int('12.5'); rdflib printed a traceback per literal."""
    path = odd_graph(tmp_path, '"12.5"^^xsd:decimal')
    for cmd in (["stats"], ["stats", "--format", "json"], ["view", "--out", str(tmp_path / "v.html")]):
        res = subprocess.run([sys.executable, "-m", "kg", *cmd, "--graph", str(path)], capture_output=True,
                             text=True, cwd=ROOT)
        assert res.returncode == 0 and res.stderr == "", (cmd, res.stderr)


def test_validate_reports_ill_typed_literals_as_violations_in_one_line_each(tmp_path):
    path = odd_graph(tmp_path, '"abc"^^xsd:integer')
    res = subprocess.run([sys.executable, "-m", "kg", "validate", "--graph", str(path)], capture_output=True,
                         text=True, cwd=ROOT)
    assert res.returncode == 1 and res.stderr == ""
    assert "id/d http://purl.org/dc/terms/date: Value is not Literal with datatype xsd:date" in res.stdout
    assert "id/m1 https://w3id.org/policykg/ontology#start: Value is not Literal with datatype xsd:integer" in res.stdout
