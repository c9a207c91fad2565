"""The embedded store (issue 11, part 3): a named graph per document, incremental rebuilds that end
where a clean build ends, queries where the store lies, exports, the build's provenance."""
from __future__ import annotations

import gc
import json
import shutil
from dataclasses import replace

import networkx as nx
import pytest
from rdflib import Dataset, Graph
from rdflib.namespace import OWL, PROV, RDF, RDFS

from kg.export import FORMATS, export_bytes, turtle_bytes
from kg.graph import BUILD_ACTIVITY, BUILD_GRAPH, SHARED_GRAPH
from kg.pipeline import build
from kg.store import Store, build_store
from kg.types import EntityInfo, EntityKey, Extraction
from kg.validate import validate

from .conftest import ROOT
from .test_cli import run

pytestmark = pytest.mark.model

EXTRA = {
    "hefei.txt": " date 2024-03-05 Hefei will develop integrated circuits and biomedicine.\n\n"
                 "The CPC Hefei Municipal Committee held a plenary session on Monday.\n",
    "xiamen.txt": " date 2024-04-06 Xiamen will develop the marine economy and biomedicine.\n",
    "wuxi.txt": " date 2024-05-07 Wuxi will develop integrated circuits, as Shanghai does.\n",
}


def corpus(folder, names=None, changed=None):
    """The seeds and the extra articles (``names`` of them), ``changed`` replacing some texts."""
    folder.mkdir(parents=True, exist_ok=True)
    for f in (ROOT / "seeds").glob("*.txt"):
        shutil.copy(f, folder / f.name)
    for name, text in EXTRA.items():
        if names is None or name in names:
            (folder / name).write_text((changed or {}).get(name, text))
    return folder


def nquads(store_dir) -> bytes:
    return export_bytes("nquads", quads=Store.open(store_dir).quads())


def clean(tmp_path, src, tag):
    out = tmp_path / f"clean-{tag}"
    res = build_store([src], out)
    assert res.extracted == len(res.report.documents) and res.reused == 0
    return nquads(out)


def test_incremental_rebuilds_end_where_clean_builds_do(tmp_path):
    src = corpus(tmp_path / "src")
    store = tmp_path / "store"
    first = build_store([src], store)
    assert first.extracted == 5 and first.report.clean
    # the union of the store's graphs is the graph kg build writes, byte for byte
    g, _report = build([src])
    assert turtle_bytes(Store.open(store).graph()) == turtle_bytes(g)

    # change one article: only it is extracted again
    (src / "wuxi.txt").write_text(" date 2024-05-08 Wuxi will develop new materials and the Internet of Things.\n")
    changed = build_store([src], store)
    assert (changed.extracted, changed.reused, changed.removed) == (1, 4, 0)
    assert nquads(store) == clean(tmp_path, src, "changed")

    # add one
    (src / "suzhou.txt").write_text(" date 2024-06-01 Suzhou will develop biomedicine and new materials.\n")
    added = build_store([src], store)
    assert (added.extracted, added.reused, added.removed) == (1, 5, 0)
    assert nquads(store) == clean(tmp_path, src, "added")

    # remove one
    (src / "hefei.txt").unlink()
    removed = build_store([src], store)
    assert (removed.extracted, removed.reused, removed.removed) == (0, 5, 1)
    assert nquads(store) == clean(tmp_path, src, "removed")


def test_removing_a_document_orphans_nothing_another_names(tmp_path):
    src = corpus(tmp_path / "src")
    store = tmp_path / "store"
    build_store([src], store)
    (src / "hefei.txt").unlink()  # shares integrated circuits with wuxi, biomedicine with xiamen
    build_store([src], store)
    st = Store.open(store)
    orphans = st.query("SELECT ?e WHERE { ?d kg:mentions ?e FILTER NOT EXISTS { ?e a ?c ; rdfs:label ?l } }").rows
    assert orphans == ()
    labels = {r[0] for r in st.query("SELECT ?l WHERE { ?d kg:mentions ?e . ?e rdfs:label ?l }").rows}
    assert {"integrated circuits", "biomedicine"} <= labels
    assert st.query("ASK { ?d dcterms:identifier 'hefei.txt' }").boolean is False
    assert st.query("ASK { ?e rdfs:label 'Hefei' }").boolean is False  # only hefei.txt named it
    assert validate(st.graph()).conforms


def test_each_document_has_its_own_named_graph_and_no_triple_is_in_two(tmp_path):
    src = corpus(tmp_path / "src")
    build_store([src], tmp_path / "store")
    quads = Store.open(tmp_path / "store").quads()
    graphs = {str(q.graph_name.value) for q in quads}  # type: ignore[union-attr]
    docs = {g for g in graphs if "/id/doc/" in g}
    assert len(docs) == 5 and graphs == docs | {SHARED_GRAPH, BUILD_GRAPH}
    triples = [(q.subject, q.predicate, q.object) for q in quads]
    assert len(triples) == len(set(triples))


def test_an_interrupted_build_is_repaired_by_the_next(tmp_path):
    src = corpus(tmp_path / "src", names={"hefei.txt"})
    store = tmp_path / "store"
    build_store([src], store)
    (store / "manifest.json").unlink()  # as a build killed half-way leaves it
    (src / "hefei.txt").write_text(EXTRA["xiamen.txt"])
    again = build_store([src], store)
    assert again.extracted == 1 and nquads(store) == clean(tmp_path, src, "repaired")
    assert json.loads((store / "manifest.json").read_text())["graphs"]


def test_a_store_build_holds_one_extraction_at_a_time(tmp_path, monkeypatch):
    """Each document's extraction is dropped once the corpus has what resolution needs of it, and
    read again from the cache when its graph is written: memory does not grow with the corpus."""
    from kg import store as store_mod

    alive: list[int] = []
    real = store_mod.document_triples

    def counting(x, iri):
        alive.append(sum(isinstance(o, Extraction) for o in gc.get_objects()))
        return real(x, iri)

    monkeypatch.setattr(store_mod, "document_triples", counting)
    src = corpus(tmp_path / "src")
    res = build_store([src], tmp_path / "store")
    assert res.extracted == 5 and len(alive) == 5 and max(alive) == 1
    g, _report = build([src])
    assert turtle_bytes(Store.open(tmp_path / "store").graph()) == turtle_bytes(g)


def test_a_document_that_fails_to_resolve_is_left_out_alone(tmp_path, monkeypatch):
    """Should resolving the corpus or mapping a document raise, each document is tried alone and only
    those that fail alone are left out (what kg build --out does), from the cache on the next build too."""
    from kg import extract as extract_mod

    real = extract_mod.Extractor.finish

    def finish(self, d, *args, **kwargs):
        x = real(self, d, *args, **kwargs)
        if "POISON" in d.text:  # an entity key no class has: resolving it raises
            x = replace(x, infos=(*x.infos, EntityInfo(EntityKey("NoSuchClass", "x"))))  # type: ignore[arg-type]
        return x

    monkeypatch.setattr(extract_mod.Extractor, "finish", finish)
    src = corpus(tmp_path / "src")
    (src / "wuxi.txt").write_text(EXTRA["wuxi.txt"] + "POISON\n")
    store = tmp_path / "store"
    first = build_store([src], store)
    assert [(f.file, f.stage) for f in first.report.failed] == [("wuxi.txt", "resolve")]
    assert "wuxi.txt" not in first.report.documents and len(first.report.documents) == 4
    g, report = build([src])
    assert [(f.file, f.stage) for f in report.failed] == [("wuxi.txt", "resolve")]
    assert turtle_bytes(Store.open(store).graph()) == turtle_bytes(g)
    before = nquads(store)
    again = build_store([src], store)  # the poisoned extraction comes from the cache
    assert again.extracted == 0 and [f.file for f in again.report.failed] == ["wuxi.txt"]
    assert nquads(store) == before
    (src / "wuxi.txt").write_text(EXTRA["wuxi.txt"])
    fixed = build_store([src], store)
    assert fixed.extracted == 1 and fixed.report.clean and nquads(store) == clean(tmp_path, src, "fixed")


def test_a_folder_that_is_not_a_store_is_refused(tmp_path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "x.txt").write_text("mine")
    code, _out, err = run("build", ROOT / "seeds", "--store", tmp_path / "notes")
    assert code == 2 and "is not a kg store" in err and (tmp_path / "notes" / "x.txt").read_text() == "mine"


def test_cli_store_build_and_query_give_what_the_graph_file_gives(tmp_path):
    code, out, _err = run("build", ROOT / "seeds", "--store", tmp_path / "store")
    assert code == 0 and "2 documents" in out and "2 extracted" in out
    code, out, _err = run("build", ROOT / "seeds", "--store", tmp_path / "store")
    assert code == 0 and "0 extracted, 2 unchanged" in out and "0 graphs written" in out
    code, _out, _err = run("build", ROOT / "seeds", "--out", tmp_path / "out", "--no-html")
    assert code == 0
    for q in ("committees", "strategies", "entities", "sectors-by-city"):
        c1, from_store, _ = run("query", q, "--store", tmp_path / "store", "--format", "csv")
        c2, from_file, _ = run("query", q, "--graph", tmp_path / "out" / "graph.ttl", "--format", "csv")
        assert c1 == c2 == 0
        assert unordered(from_store) == unordered(from_file) and len(from_file.splitlines()) > 2
    code, _out, err = run("query", "entities", "--store", tmp_path / "nowhere")
    assert code == 2 and "no kg store there" in err


def unordered(csv_text: str) -> list[list[str]]:
    """Rows in any order, with the items a GROUP_CONCAT joins in any order (SPARQL leaves both
    open, and a store answers in its index order, a file in the order it was read)."""
    return sorted([";".join(sorted(cell.split("; "))) for cell in line.split(",")] for line in csv_text.splitlines())


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's own parsers use its deprecated names
@pytest.mark.parametrize("fmt", FORMATS)
def test_export_every_format_from_a_store_and_from_a_file(tmp_path, fmt):
    src = corpus(tmp_path / "src", names={"hefei.txt"})
    assert run("build", src, "--store", tmp_path / "store")[0] == 0
    assert run("build", src, "--out", tmp_path / "out", "--no-html")[0] == 0
    g = Graph().parse(tmp_path / "out" / "graph.ttl")
    for source in (("--store", tmp_path / "store"), ("--graph", tmp_path / "out" / "graph.ttl")):
        target = tmp_path / f"export-{source[0][2:]}.{fmt}"
        code, out, err = run("export", "--format", fmt, "--out", target, *source)
        assert code == 0, err
        data = target.read_bytes()
        if fmt == "graphml":
            G = nx.read_graphml(target)
            assert G.number_of_nodes() > 20 and G.nodes["https://w3id.org/policykg/id/hefei"]["label"] == "Hefei"
            continue
        rdf_format = {"turtle": "turtle", "ntriples": "nt", "nquads": "nquads", "trig": "trig",
                      "jsonld": "json-ld"}[fmt]
        ds = Dataset()
        ds.parse(data=data, format=rdf_format)
        merged = Graph()
        for s, p, o, _c in ds.quads((None, None, None, None)):
            merged.add((s, p, o))
        assert len(merged) == len(g)
        named = {str(c) for c in ds.graphs() if "/id/doc/" in str(c.identifier)} if fmt in ("trig", "nquads",
                                                                                          "jsonld") else set()
        if fmt in ("trig", "nquads", "jsonld") and source[0] == "--store":
            assert len(named) == 3, named  # the two seeds and hefei.txt, each its own graph
        assert data == export_bytes(fmt, quads=Store.open(tmp_path / "store").quads()) or source[0] == "--graph"


def test_the_build_records_its_provenance_and_stays_valid(seed_build):
    g = seed_build[0]
    assert (BUILD_ACTIVITY, RDF.type, PROV.Activity) in g
    used = set(g.objects(BUILD_ACTIVITY, PROV.used))
    agent = g.value(BUILD_ACTIVITY, PROV.wasAssociatedWith)
    assert agent is not None and str(g.value(agent, OWL.versionInfo)) == __import__("kg").__version__
    models = [u for u in used if (u, RDF.type, PROV.Entity) in g]
    assert len(models) == 1 and str(g.value(models[0], RDFS.label)).startswith("spaCy pipeline en_core_web_sm")
    assert any(str(g.value(u, OWL.versionInfo) or "") == "0.1.0" for u in used if u not in models)
    assert not [o for o in g.objects() if getattr(o, "datatype", None) is not None
                and str(o.datatype).endswith("dateTime")]  # no timestamp
    assert validate(g).conforms


def test_the_store_and_the_pipeline_agree_on_the_default_time_budget():
    from kg import pipeline, store

    assert store.DEFAULT_DOC_TIMEOUT == pipeline.DEFAULT_DOC_TIMEOUT



def test_names_are_looked_up_in_the_store_index_as_in_the_store_itself(tmp_path):
    """A binding by name reads the store's index of names (written by each build), which says what
    reading every name in the store says; without the index (an older store, a killed build) the
    store itself is read, with the same rows."""
    from kg.query import names_of
    from kg.store import NAMES

    src = corpus(tmp_path / "src", names=["hefei.txt"])
    store = tmp_path / "store"
    build_store([src], store)
    st = Store.open(store)
    index = st.names()
    assert index is not None
    scanned = names_of(st.oxstore, union=True)
    assert sorted(index) == sorted(scanned)
    assert all(sorted(index[k]) == sorted(scanned[k]) for k in scanned)
    with_index = st.query("sectors-by-place", bindings={"place": "hefei"})
    assert {row[2] for row in with_index.rows} == {"integrated circuits", "biomedicine"}
    (store / NAMES).unlink()
    assert Store.open(store).names() is None
    assert Store.open(store).query("sectors-by-place", bindings={"place": "hefei"}).rows == with_index.rows
    # a rebuild that renames things writes the index again
    (src / "hefei.txt").write_text(" date 2024-03-05 Hefei will develop the marine economy.\n")
    build_store([src], store)
    again = Store.open(store)
    assert again.names() is not None and "marine economy" in again.names()
    assert [row[2] for row in again.query("sectors-by-place", bindings={"place": "Hefei"}).rows] == ["marine economy"]


def test_the_names_index_counts_only_beside_a_manifest_and_survives_an_unchanged_build(tmp_path):
    """A build that changes nothing leaves the index as it was (it still says what the store says);
    a store without a manifest (a build that did not finish) reads its names from the store."""
    from kg.query import names_of
    from kg.store import MANIFEST, NAMES

    src = corpus(tmp_path / "src", names=["hefei.txt"])
    store = tmp_path / "store"
    build_store([src], store)
    before = (store / NAMES).stat().st_mtime_ns
    again = build_store([src], store)
    assert again.graphs_written == 0 and (store / NAMES).stat().st_mtime_ns == before
    st = Store.open(store)
    index, scanned = st.names(), names_of(st.oxstore, union=True)
    assert index is not None and {k: sorted(index[k]) for k in index} == {k: sorted(v) for k, v in scanned.items()}
    (store / MANIFEST).unlink()
    assert Store.open(store).names() is None
    assert {r[2] for r in Store.open(store).query("sectors-by-place", bindings={"place": "Hefei"}).rows} == {
        "integrated circuits", "biomedicine"}
