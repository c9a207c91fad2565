"""Batched, parallel extraction (issue 11, part 2): one ``nlp.pipe`` over the corpus, the same bytes
for any number of processes, per-document isolation inside the pipe, progress."""
from __future__ import annotations

import time

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg.export import turtle_bytes
from kg.pipeline import CHUNK_DOCS, build, extract_all
from kg.reader import read_text

from .conftest import DATA, ROOT
from .test_cli import run

pytestmark = pytest.mark.model


def corpus(tmp_path, n: int = 12):
    """``n`` small documents, each naming its own city (so that each lands distinctly)."""
    cities = ["Suzhou", "Wuxi", "Hefei", "Xiamen", "Ningbo", "Qingdao", "Dalian", "Jinan", "Fuzhou", "Nanning",
              "Kunming", "Lanzhou", "Harbin", "Changsha"]
    src = tmp_path / "in"
    src.mkdir()
    for k in range(n):
        (src / f"d{k:02d}.txt").write_text(f" date 2024-05-{k + 1:02d} {cities[k % len(cities)]} will develop "
                                           f"biomedicine and new materials.\n\nIt held a meeting on Monday.\n")
    return src


def test_the_corpus_goes_through_one_pipe_with_tuples(nlp, monkeypatch):
    calls = []
    real_pipe = nlp.pipe

    def spy(texts, **kw):
        calls.append(kw)
        return real_pipe(texts, **kw)

    monkeypatch.setattr(nlp, "pipe", spy)
    docs = [read_text(f"{k}.txt", f" date 2024-01-0{k + 1} Hefei will develop biomedicine.\n\nMore text here.\n")
            for k in range(5)]
    xs = extract_all(docs, nlp=nlp)
    assert len(xs) == 5 and all(x.mentions for x in xs)
    # ours, and the one spaCy's as_tuples makes inside it for the texts
    assert calls[0]["as_tuples"] is True and len(calls) == 2 and "as_tuples" not in calls[1]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_same_bytes_for_any_number_of_processes(tmp_path, jobs):
    """The seeds, the project's own and held-out articles: more documents than a worker's chunk, so two processes
    really share them; the Turtle equals the golden files' build."""
    src = tmp_path / "in"
    src.mkdir()
    for f in [*(ROOT / "seeds").glob("*.txt"), *(DATA / "articles").glob("*.txt"),
              *(DATA / "heldout" / "articles").glob("*.txt")]:
        (src / f.name).write_bytes(f.read_bytes())
    assert len(list(src.iterdir())) > CHUNK_DOCS
    code, _out, _err = run("build", src, "--out", tmp_path / "out", "--jobs", jobs, "--no-html")
    assert code == 0
    g, report = build([src], jobs=1)
    assert report.clean and (tmp_path / "out" / "graph.ttl").read_bytes() == turtle_bytes(g)


def test_two_processes_give_what_one_gives(tmp_path):
    src = corpus(tmp_path, 20)
    g1, r1 = build([src], jobs=1)
    g2, r2 = build([src], jobs=2)
    assert r1.documents == r2.documents and len(r1.documents) == 20
    assert turtle_bytes(g1) == turtle_bytes(g2)


@Language.component("kg_test_boom")
def _boom(doc: Doc) -> Doc:
    if "BOOM" in doc.text:
        raise ValueError("the pipeline broke")
    if "SLOW" in doc.text:
        time.sleep(30)
    return doc


def blank_with(component: str) -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe(component)
    return nlp


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_error_inside_the_pipe_loses_only_its_document(tmp_path, jobs):
    src = corpus(tmp_path, 12)
    (src / "d05.txt").write_text(" date 2024-05-06 Ningbo will develop biomedicine. BOOM\n")
    g, report = build([src], nlp=blank_with("kg_test_boom"), jobs=jobs)
    assert [(f.file, f.error, f.stage) for f in report.failed] == [("d05.txt", "ValueError", "nlp")]
    assert len(report.documents) == 11 and "d05.txt" not in report.documents


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_document_slow_inside_spacy_is_left_out_and_its_batch_mates_land(tmp_path, jobs):
    src = corpus(tmp_path, 10)
    (src / "d02.txt").write_text(" date 2024-05-03 Hefei will develop biomedicine. SLOW\n")
    t0 = time.perf_counter()
    _g, report = build([src], nlp=blank_with("kg_test_boom"), doc_timeout=1, jobs=jobs)
    assert time.perf_counter() - t0 < 20
    assert report.skipped == ("d02.txt: took longer than 1 s; left out (raise --doc-timeout, or split the article)",)
    assert len(report.documents) == 9


def test_progress_is_reported_per_document(tmp_path):
    seen = []
    build([corpus(tmp_path, 7)], progress=lambda done, total: seen.append((done, total)))
    assert seen == [(k, 7) for k in range(1, 8)]


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path):
    code, _out, err = run("build", corpus(tmp_path, 8), "--out", tmp_path / "out", "--no-html")
    assert code == 0 and "extracting" not in err and "documents/s" not in err
