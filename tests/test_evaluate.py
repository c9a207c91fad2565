"""kg evaluate: the project's own scorer, held equal to the shared one (../shared/eval/score.py),
worked figures on a small hand-made graph, and one-line errors for bad graphs and bad gold files."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg import KnowledgeGraph
from kg.errors import InputError
from kg.evaluate import evaluate, gold_name, load_gold
from kg.graph import load_graph

from .conftest import DATA, SCORER, build_to
from .test_cli import run

HERE = DATA / "evaluate"


def referee(graph: Path, gold: Path) -> dict:
    """The shared scorer's JSON output (summary and per-document results)."""
    if not SCORER.exists():
        pytest.skip(f"the shared scorer is not beside the project ({SCORER}); nothing to compare with")
    res = subprocess.run([sys.executable, str(SCORER), str(graph), str(gold), "--json"],
                         capture_output=True, text=True, check=True)
    return json.loads(res.stdout[: res.stdout.rindex("}") + 1])


def assert_same_as_referee(graph: Path, gold: Path) -> None:
    ref = referee(graph, gold)
    mine = evaluate(load_graph(graph), gold)
    summary = mine.summary()
    for part in ("entity", "relation"):
        for k in ("p", "r", "f1"):
            assert summary[part][k] == pytest.approx(ref["summary"][part][k], abs=1e-12), (part, k)
    for k in ("attributes", "canonical", "documents"):
        assert summary[k] == ref["summary"][k], k
    assert [d.document for d in mine.documents] == [r["doc"] for r in ref["documents"]]
    for d, r in zip(mine.documents, ref["documents"], strict=True):
        assert (d.entities.tp, d.relations.tp, d.attributes_ok, d.attributes_total) == (
            r["ent_tp"], r["rel_tp"], r["attr_ok"], r["attr_total"]), d.document
        for mine_items, key in ((d.wrong_entities, "ent_fp"), (d.absent_found, "absent_hit"),
                                (d.missed_relations, "rel_fn"), (d.wrong_relations, "rel_fp")):
            assert sorted(mine_items) == sorted(r[key]), (d.document, key)
        if d.found:
            assert sorted(d.missed_entities) == sorted(r["ent_fn"]), d.document


@pytest.mark.model
def test_same_figures_as_the_shared_scorer_on_the_seeds(seed_build):
    assert_same_as_referee(seed_build[1] / "graph.ttl", SCORER.parent / "gold")


@pytest.fixture(scope="module")
def real_graph(tmp_path_factory, nlp) -> Path:
    """The 36 real articles built once for this module."""
    return build_to(sorted((DATA / "real").glob("*.txt")), tmp_path_factory.mktemp("real"))


@pytest.mark.model
def test_same_figures_as_the_shared_scorer_on_the_real_articles(real_graph):
    assert_same_as_referee(real_graph, DATA / "real" / "gold")
    result = evaluate(load_graph(real_graph), DATA / "real" / "gold")
    golds = len(list((DATA / "real" / "gold").glob("*.json")))
    assert golds >= 36 and len(result.documents) == golds and result.relations.fn > 0  # real text has misses to show


def test_the_hand_made_graph_gives_the_worked_figures():
    """a.txt: 5 of 6 gold entities (the committee typed Organization still matches a Committee; the
    sector's plural label matches its singular gold; the resolution matches "any"); Li Qiang is
    missed; "Monday" is an absent name and "nonsense plan" matches nothing (2 false positives);
    China is optional and "Somewhere" is a kg:Place, neither counted.  Relations: 2 of 4 found;
    "Hefei prioritizes artificial intelligence" is evidenced only by b.txt, so it does not count
    for a.txt; "CPC … prioritizes artificial intelligence" is a false positive.  b.txt: all found,
    but its Hefei is another IRI (canonical 3/4).  c.txt is not in the graph: all missed."""
    result = evaluate(load_graph(HERE / "graph.ttl"), HERE / "gold")
    a, b, c = result.documents
    assert (a.entities.tp, a.entities.fp, a.entities.fn) == (5, 2, 1)
    assert (a.relations.tp, a.relations.fp, a.relations.fn) == (2, 1, 2)
    assert a.missed_entities == ("Person:Li Qiang",) and a.wrong_entities == ("Strategy:nonsense plan",)
    assert a.absent_found == ("https://w3id.org/policykg/id/monday",)
    assert a.wrong_relations == ("CPC Hefei Municipal Committee prioritizes artificial intelligence",)
    assert (a.attributes_ok, a.attributes_total) == (1, 2) and "date=2024-01-02" in a.attribute_misses[0]
    assert (b.entities.tp, b.entities.fp, b.relations.tp, b.relations.fn) == (2, 0, 1, 0)
    assert not c.found and c.missed_entities == ("City:Hefei",)
    assert result.not_canonical == {"Hefei": ("https://w3id.org/policykg/id/hefei",
                                              "https://w3id.org/policykg/id/hefei-2")}
    assert result.canonical == (3, 4) and result.attributes == (1, 2)
    assert result.summary_line() == ("entity P=0.778 R=0.778 F1=0.778 | relation P=0.750 R=0.600 F1=0.667 | "
                                     "attributes 1/2 | canonical 3/4 | 3 documents")


def test_the_hand_made_graph_scores_the_same_with_the_shared_scorer():
    assert_same_as_referee(HERE / "graph.ttl", HERE / "gold")


def test_names_are_compared_normalised():
    assert gold_name("The Global Centre for Finance") == gold_name("global center for finance")
    assert gold_name("Shanghai's Industries") == "shanghai industry"
    assert gold_name("high-quality development") == gold_name("High Quality Development")
    assert gold_name("class") == "class" and gold_name("gas") == "gas"  # "ss" and short words keep their s


def test_the_api_evaluates_a_knowledge_graph():
    result = KnowledgeGraph.load(HERE / "graph.ttl").evaluate(HERE / "gold")
    assert result.entities.tp == 7 and result.relations.tp == 3


def test_cli_table_verbose_and_json():
    code, out, _ = run("evaluate", HERE / "graph.ttl", HERE / "gold")
    assert code == 0 and "a.txt" in out and "c.txt (not in the graph)" in out
    assert out.strip().splitlines()[-1].startswith("entity P=0.778 R=0.778")
    assert "missed entity" not in out
    code, out, _ = run("evaluate", HERE / "graph.ttl", HERE / "gold", "-v")
    assert code == 0
    for line in ("a.txt: missed entity: Person:Li Qiang", "a.txt: absent name found: https://w3id.org/policykg/id/monday",
                 "a.txt: missed relation: Li Qiang memberOf CPC Hefei Municipal Committee",
                 "a.txt: wrong relation: CPC Hefei Municipal Committee prioritizes artificial intelligence",
                 "not canonical: Hefei -> "):
        assert line in out, line
    code, out, _ = run("evaluate", HERE / "graph.ttl", HERE / "gold", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["summary"]["relation"]["tp"] == 3 and data["summary"]["canonical"] == "3/4"
    assert data["documents"][0]["missed_entities"] == ["Person:Li Qiang"]
    code, _, err = run("evaluate", HERE / "graph.ttl", HERE / "gold", "--format", "xml")
    assert code == 2 and "table or json" in err


@pytest.mark.parametrize("text, says", [
    ("{not json", "not valid JSON (line 1"),
    ('["a list"]', "not a JSON object"),
    ('{"entities": [], "relations": []}', '"document"'),
    ('{"document": "a.txt", "entities": [{"type": "City"}], "relations": []}', 'entities[0] has no "label"'),
    ('{"document": "a.txt", "entities": [{"type": "Town", "label": "X"}], "relations": []}', "type 'Town'"),
    ('{"document": "a.txt", "entities": [], "relations": [["a", "likes", "b"]]}', "relations[0] has property 'likes'"),
    ('{"document": "a.txt", "entities": [], "relations": [["a", "b"]]}', "relations[0] is not [subject, property"),
    ('{"document": "a.txt", "entities": [{"type": "Meeting", "label": "m", "ordinal": "3"}], "relations": []}',
     '"ordinal" is not an integer'),
])
def test_a_bad_gold_file_is_one_line_naming_it_and_exit_2(tmp_path, text, says):
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "bad.json").write_text(text)
    with pytest.raises(InputError, match="bad.json"):
        load_gold(gold / "bad.json")
    code, out, err = run("evaluate", HERE / "graph.ttl", gold)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and str(gold / "bad.json") in err and says in err, err


def test_a_missing_or_empty_gold_folder_and_a_bad_graph_are_one_line_and_exit_2(tmp_path):
    code, _, err = run("evaluate", HERE / "graph.ttl", tmp_path / "nope")
    assert code == 2 and "no such gold folder" in err and len(err.strip().splitlines()) == 1
    code, _, err = run("evaluate", HERE / "graph.ttl", tmp_path)
    assert code == 2 and "holds no .json gold files" in err
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle")
    code, _, err = run("evaluate", bad, HERE / "gold")
    assert code == 2 and str(bad) in err and "rebuild it" in err and len(err.strip().splitlines()) == 1
    code, _, err = run("evaluate", tmp_path / "none.ttl", HERE / "gold")
    assert code == 2 and "no such graph file" in err
