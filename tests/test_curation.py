"""Curation files (kg build --curation FILE.toml): each operation on the seeds' extractions, the
warning for one that refers to nothing, the provenance it leaves, SHACL, and byte-identical rebuilds."""
import hashlib

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from kg import KnowledgeGraph
from kg.curation import load_curation, parse_curation
from kg.errors import InputError
from kg.export import turtle_bytes
from kg.namespaces import KG, KGID
from kg.pipeline import extract_all, graph_of, read_all
from kg.validate import validate

from .conftest import ROOT
from .test_cli import run

pytestmark = pytest.mark.model

EXAMPLE = ROOT / "examples" / "curation.toml"


def iri(slug: str) -> URIRef:
    return URIRef(str(KGID) + slug)


@pytest.fixture(scope="module")
def seeds(nlp):
    """The seeds' extractions, made once: each test resolves them again with its own curation."""
    docs, skipped = read_all([ROOT / "seeds"])
    assert not skipped
    return extract_all(docs)


def curate(seeds, text: str, name: str = "fix.toml"):
    """The seeds' graph with a curation given as text, and the warnings it gave; the graph conforms."""
    warnings: list[str] = []
    g = graph_of(seeds, curation=parse_curation(name, text), warnings=warnings)
    report = validate(g)
    assert report.conforms, report.violations[:3]
    return g, warnings


def test_merge_makes_the_second_an_alias_of_the_first(seeds):
    plain = graph_of(seeds)
    assert (iri("xi-jinping"), KG.memberOf, iri("cpc-central-committee")) in plain
    g, warnings = curate(seeds, '[[merge]]\nkeep = "Communist Party of China"\ndrop = "CPC Central Committee"\n')
    party = iri("communist-party-of-china")
    assert warnings == []
    assert not set(g.triples((iri("cpc-central-committee"), None, None)))
    assert not set(g.triples((None, None, iri("cpc-central-committee"))))
    assert (party, SKOS.altLabel, Literal("CPC Central Committee")) in g
    assert (party, RDFS.label, Literal("Communist Party of China")) in g
    assert (iri("xi-jinping"), KG.memberOf, party) in g  # its relations moved, with their evidence
    st = next(g.subjects(RDF.object, party))
    assert g.value(st, RDF.subject) is not None and g.value(st, PROV.wasDerivedFrom) is not None
    assert not any(s == o for s, p, o in g if str(p).startswith(str(KG._NS)) and p != KG.mentions)


def test_rename_gives_a_new_label_and_keeps_the_old_as_an_alias(seeds):
    g, warnings = curate(seeds, '[[rename]]\nentity = "hi-tech self-reliance"\nlabel = "high-tech self-reliance"\n')
    new = iri("high-tech-self-reliance")
    assert warnings == []
    assert g.value(new, RDFS.label) == Literal("high-tech self-reliance")
    assert (new, SKOS.altLabel, Literal("hi-tech self-reliance")) in g
    assert (iri("shanghai"), KG.pursues, new) in g and not set(g.triples((iri("hi-tech-self-reliance"), None, None)))


def test_rename_onto_another_entitys_iri_is_a_warning(seeds):
    g, warnings = curate(seeds, '\n[[rename]]\nentity = "health"\nlabel = "biomedicine"\n')
    assert warnings == ["fix.toml:2: rename: kgid:biomedicine is another Sector's IRI; merge the two instead; "
                        "not applied"]
    assert g.value(iri("health"), RDFS.label) == Literal("health")
    # Another class's IRI: the renamed entity takes the IRI with its class after it, as resolving does.
    g, warnings = curate(seeds, '[[rename]]\nentity = "Yangtze River Delta"\nlabel = "Shanghai"\n')
    assert warnings == [] and g.value(iri("shanghai-region"), RDFS.label) == Literal("Shanghai")
    assert g.value(iri("shanghai"), RDFS.label) == Literal("Shanghai")


def test_block_keeps_a_name_from_becoming_an_entity(seeds):
    g, warnings = curate(seeds, '[[block]]\nname = "Xi Jinping"\n')
    assert warnings == []
    assert not set(g.triples((iri("xi-jinping"), None, None))) and not set(g.triples((None, None, iri("xi-jinping"))))
    assert not any(str(n) == "Xi Jinping" for n in g.objects(None, RDFS.label))
    # A class that does not match blocks nothing, and says so.
    g, warnings = curate(seeds, '[[block]]\nname = "Shanghai"\nclass = "Sector"\n')
    assert warnings == ["fix.toml:1: block 'Shanghai' names no mention of class Sector; nothing blocked"]
    assert (iri("shanghai"), RDF.type, KG.City) in g


def test_fix_class_changes_the_class_and_refuses_one_its_relations_do_not_fit(seeds):
    g, warnings = curate(seeds, '[[fix_class]]\nentity = "Yangtze River Delta"\nclass = "Country"\n')
    assert warnings == []
    assert set(g.objects(iri("yangtze-river-delta"), RDF.type)) == {KG.Country}
    g, warnings = curate(seeds, '[[fix_class]]\nentity = "biomedicine"\nclass = "Strategy"\n')
    assert len(warnings) == 1 and warnings[0].startswith("fix.toml:1: fix_class: as a Strategy, 'biomedicine' "
                                                         "would not fit")
    assert (iri("biomedicine"), RDF.type, KG.Sector) in g


def test_an_added_relation_has_the_note_as_curated_evidence_from_the_curation_file(seeds):
    text = ('# a comment\n[[relation]]\nsubject = "Xi Jinping"\npredicate = "memberOf"\n'
            'object = "Communist Party of China"\nnote = "He is its general secretary."\n\n# the next one\n'
            '[[block]]\nname = "nothing"\n')
    g, warnings = curate(seeds, text, name="some/folder/fix.toml")
    xi, party = iri("xi-jinping"), iri("communist-party-of-china")
    assert warnings == ["some/folder/fix.toml:9: block 'nothing' names no mention; nothing blocked"]
    assert (xi, KG.memberOf, party) in g
    st = next(s for s in g.subjects(RDF.subject, xi) if g.value(s, RDF.object) == party)
    assert g.value(st, KG.sentence) == Literal("[curated] He is its general secretary.")
    assert g.value(st, KG.rule) == Literal("curation")
    start, end = int(g.value(st, KG.start)), int(g.value(st, KG.end))
    assert text[start:end].startswith("[[relation]]") and text[start:end].endswith('secretary."')
    source = g.value(st, PROV.wasDerivedFrom)
    digest = hashlib.sha256(text.encode()).hexdigest()
    assert source == iri(f"curation/{digest[:16]}") and (source, RDF.type, KG.Document) in g
    assert g.value(source, DCTERMS.identifier) == Literal("fix.toml")  # no folder: the same on every machine
    assert digest in str(g.value(source, DCTERMS.title))


def test_an_added_relation_outside_its_domain_is_a_warning(seeds):
    g, warnings = curate(seeds, '[[relation]]\nsubject = "biomedicine"\npredicate = "pursues"\n'
                                'object = "five centers"\nnote = "wrong"\n')
    assert warnings == ["fix.toml:1: relation: pursues goes from Place or Organization or Resolution to Strategy, "
                        "not from Sector to Strategy; not applied"]
    assert (iri("biomedicine"), KG.pursues, iri("five-centers")) not in g


def test_a_curation_that_refers_to_nothing_is_a_warning_naming_the_file_and_line(seeds):
    text = ('[[merge]]\nkeep = "Shanghai"\ndrop = "Atlantis"\n\n'
            '[[rename]]\nentity = "Atlantis"\nlabel = "x"\n\n'
            '[[relation]]\nsubject = "Shanghai"\npredicate = "prioritizes"\nobject = "unobtainium"\nnote = "n"\n\n'
            '[[fix_class]]\nentity = "resolution"\nclass = "Resolution"\n\n'
            '[[block]]\nname = "Atlantis"\n')
    _g, warnings = curate(seeds, text, name="cur/fix.toml")
    assert warnings == [
        "cur/fix.toml:19: block 'Atlantis' names no mention; nothing blocked",
        "cur/fix.toml:1: merge: no entity is named 'Atlantis'; not applied",
        "cur/fix.toml:5: rename: no entity is named 'Atlantis'; not applied",
        "cur/fix.toml:9: relation: object: no entity is named 'unobtainium'; not applied",
        "cur/fix.toml:15: fix_class: 'resolution' names several entities (kgid:resolution/cpc-shanghai-municipal-"
        "committee/12/2025-07-07, kgid:resolution/cpc-shanghai-municipal-committee/12/3); write the IRI of the one "
        "you mean; not applied"]


def test_an_iri_names_one_entity_where_a_name_is_ambiguous(seeds):
    g, warnings = curate(seeds, '[[rename]]\nentity = "kgid:resolution/cpc-shanghai-municipal-committee/12/3"\n'
                                'label = "the 2023 resolution"\n')
    assert warnings == []
    res = iri("resolution/cpc-shanghai-municipal-committee/12/3")  # an event keeps its IRI
    assert g.value(res, RDFS.label) == Literal("the 2023 resolution")


def test_operations_apply_in_the_order_written(seeds):
    g, warnings = curate(seeds, '[[rename]]\nentity = "health"\nlabel = "general health"\n\n'
                                '[[merge]]\nkeep = "general health"\ndrop = "future health"\n')
    assert warnings == []
    assert (iri("general-health"), SKOS.altLabel, Literal("future health")) in g


@pytest.mark.parametrize("text, says", [
    ("[[merge]\nkeep = 1", "not valid TOML"),
    ('[[split]]\nentity = "x"\n', "unknown section 'split'"),
    ('[[merge]]\nkeep = "x"\n', "fix.toml:1: [[merge]] lacks drop"),
    ('\n[[block]]\nname = "x"\nnmae = "y"\n', "fix.toml:2: [[block]] has unknown key 'nmae'"),
    ('[[fix_class]]\nentity = "x"\nclass = "Town"\n', "unknown class 'Town'"),
    ('[[relation]]\nsubject = "a"\npredicate = "likes"\nobject = "b"\nnote = "n"\n', "unknown predicate 'likes'"),
    ('[[relation]]\nsubject = "a"\npredicate = "pursues"\nobject = "b"\nnote = " "\n', "note must be a non-empty"),
    ('merge = [{keep = "a", drop = "b"}]\n', "write each merge as its own [[merge]] table"),
])
def test_a_malformed_curation_file_is_one_line_naming_it(tmp_path, text, says):
    f = tmp_path / "fix.toml"
    f.write_text(text)
    with pytest.raises(InputError, match="fix.toml") as info:
        load_curation(f)
    assert says in str(info.value) and "\n" not in str(info.value)
    code, out, err = run("build", ROOT / "seeds", "--out", tmp_path / "out", "--curation", f)
    assert code == 2 and says in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "out" / "graph.ttl").exists()


def test_a_missing_curation_file_is_one_line(tmp_path):
    code, _out, err = run("build", ROOT / "seeds", "--out", tmp_path, "--curation", tmp_path / "none.toml")
    assert code == 2 and "none.toml: cannot read the curation file" in err


def test_cli_and_api_rebuilds_are_byte_identical_and_record_the_curation(tmp_path):
    cur = tmp_path / "fix.toml"
    cur.write_text('[[rename]]\nentity = "hi-tech self-reliance"\nlabel = "high-tech self-reliance"\n\n'
                   '[[relation]]\nsubject = "Shanghai"\npredicate = "prioritizes"\nobject = "health"\nnote = "n"\n\n'
                   '[[block]]\nname = "nothing here"\n')
    outs = []
    for k in range(2):
        code, _out, err = run("build", ROOT / "seeds", "--out", tmp_path / f"o{k}", "--no-html", "--curation", cur)
        assert code == 0 and f"kg: warning: {cur}:11: block 'nothing here' names no mention" in err
        outs.append((tmp_path / f"o{k}" / "graph.ttl").read_bytes())
    assert outs[0] == outs[1]
    kg = KnowledgeGraph.build([ROOT / "seeds"], curation=cur)
    assert turtle_bytes(kg.graph) == outs[0]
    assert any("names no mention" in w for w in kg.report.warnings)
    assert b"high-tech-self-reliance" in outs[0] and b"[curated] n" in outs[0] and b'"fix.toml"' in outs[0]
    code, out, _ = run("validate", "--graph", tmp_path / "o0" / "graph.ttl")
    assert code == 0 and "conforms" in out


def test_the_example_file_applies_to_the_real_articles(tmp_path):
    """examples/curation.toml, on the real articles: every operation applies and the graph conforms."""
    code, _out, err = run("build", ROOT / "tests" / "data" / "real", "--out", tmp_path, "--no-html",
                          "--curation", EXAMPLE)
    assert code == 0 and "warning: " + str(EXAMPLE) not in err, err
    kg = KnowledgeGraph.load(tmp_path / "graph.ttl")
    assert kg.validate().conforms
    rows = kg.query("SELECT ?l WHERE { ?s a kg:Sector ; rdfs:label ?l }").rows
    labels = {r[0] for r in rows}
    assert {"above", "among others", "quantum industry"}.isdisjoint(labels)
    assert {"metallurgy", "quantum technology", "hi-tech manufacturing"} <= labels


def test_the_curated_graph_does_not_depend_on_the_order_of_the_documents(seeds):
    text = EXAMPLE.read_text("utf-8") + ('\n[[merge]]\nkeep = "Communist Party of China"\ndrop = "CPC Central Committee"\n'
                                         '\n[[rename]]\nentity = "five centers"\nlabel = "five centres"\n')
    cur = parse_curation("c.toml", text)
    forward = turtle_bytes(graph_of(seeds, curation=cur))
    assert forward == turtle_bytes(graph_of(list(reversed(seeds)), curation=cur))
    assert b"kgid:five-centres" in forward and forward != turtle_bytes(graph_of(seeds))
