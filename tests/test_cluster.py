"""kg build --engine dask (issue 11, part 5): extraction on a Dask cluster gives the graph a local
build gives, byte for byte, into a graph file or a store."""
from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from kg.errors import EndpointError
from kg.export import turtle_bytes
from kg.pipeline import build
from kg.store import build_store

from .conftest import ROOT
from .test_cli import run
from .test_store import nquads

pytestmark = pytest.mark.model
distributed = pytest.importorskip("distributed", reason="the dask extra is not installed (pip install 'kg[dask]')")

from kg.cluster import DaskEngine  # noqa: E402


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The seeds and six real articles."""
    src = tmp_path_factory.mktemp("dask-corpus")
    for f in [*sorted((ROOT / "seeds").glob("*.txt")), *sorted((ROOT / "tests/data/real").glob("*.txt"))[:6]]:
        shutil.copy(f, src / f.name)
    return src


@pytest.fixture(scope="module")
def scheduler():
    """The address of a LocalCluster of two worker processes, as `dask scheduler` gives one."""
    import logging

    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                       silence_logs=logging.ERROR)
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()


def test_a_dask_build_on_its_own_local_cluster_writes_the_bytes_of_a_local_build(corpus, tmp_path):
    code, _out, err = run("build", corpus, "--out", tmp_path / "local", "--no-html", "--jobs", "1", "--quiet")
    assert code == 0, err
    code, out, err = run("build", corpus, "--out", tmp_path / "dask", "--no-html", "--engine", "dask", "--jobs", "2",
                         "--quiet")
    assert code == 0, err
    assert "8 documents" in out
    local = (tmp_path / "local" / "graph.ttl").read_bytes()
    assert (tmp_path / "dask" / "graph.ttl").read_bytes() == local and local.count(b"kg:Document") == 8


def test_a_store_built_on_a_scheduler_is_the_store_of_a_local_build(corpus, scheduler, tmp_path):
    engine = DaskEngine(scheduler, chunk_docs=3)  # three tasks: documents cross workers
    g, report = build([corpus], engine=engine)
    assert report.clean and len(report.documents) == 8
    local, _ = build([corpus])
    assert turtle_bytes(g) == turtle_bytes(local)
    far = build_store([corpus], tmp_path / "far", engine=engine)
    near = build_store([corpus], tmp_path / "near")
    assert far.extracted == near.extracted == 8
    assert nquads(tmp_path / "far") == nquads(tmp_path / "near")


def test_workers_that_extract_differently_are_refused(corpus, scheduler):
    from kg.pipeline import read_all

    docs, _ = read_all([corpus])
    with pytest.raises(EndpointError, match="runs another kg, spaCy or model"):
        list(DaskEngine(scheduler).stream(docs, local_fingerprint="not this one"))
    with pytest.raises(EndpointError, match="a Dask worker cannot run kg's extractor .ModelError: cannot load"):
        list(DaskEngine(scheduler, model="/no/such/pipeline").stream(docs, local_fingerprint="any"))


def test_an_unreachable_scheduler_is_one_line_and_exit_2(corpus, tmp_path):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(EndpointError, match=f"cannot reach the Dask scheduler at tcp://127.0.0.1:{port}"):
        build([corpus], engine=DaskEngine(f"tcp://127.0.0.1:{port}", connect_timeout=1))
    code, _out, err = run("build", corpus, "--out", tmp_path, "--scheduler", "tcp://127.0.0.1:8786")
    assert code == 2 and err.strip() == "kg: --scheduler needs --engine dask"
    code, _out, err = run("build", corpus, "--out", tmp_path, "--engine", "spark")
    assert code == 2 and "use local or dask" in err


def test_kg_imports_dask_only_for_the_dask_engine():
    code = ("import sys, kg, kg.cli, kg.pipeline, kg.store, kg.push; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip() == "[]"
