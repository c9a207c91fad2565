"""kg push (issue 11, part 4) against a real Oxigraph server (the ``oxigraph`` package's ``oxigraph
serve``), started on a free loopback port for this module and stopped after it."""
from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from kg.errors import EndpointError
from kg.push import PUSH_GRAPH, STAGING, Server, graphs_of_file, graphs_of_store, ntriples, push_graphs
from kg.store import build_store

from .test_cli import run
from .test_store import corpus

pytestmark = pytest.mark.model


def _oxigraph() -> str | None:
    beside = Path(sys.executable).parent / "oxigraph"  # the venv's, installed from requirements.lock
    return str(beside) if beside.is_file() else shutil.which("oxigraph")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The graph store URL of an Oxigraph server on an empty folder, up for this module."""
    exe = _oxigraph()
    if exe is None:
        pytest.skip("the oxigraph server is not installed (pip install oxigraph, pinned in requirements.lock)")
    port = _free_port()
    log = tmp_path_factory.mktemp("oxigraph-log") / "server.log"
    with log.open("wb") as fh:
        proc = subprocess.Popen([exe, "serve", "--location", str(tmp_path_factory.mktemp("oxigraph")),
                                 "--bind", f"127.0.0.1:{port}"], stdout=fh, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):  # at most 20 s
            if proc.poll() is not None:
                pytest.skip(f"oxigraph serve exited with {proc.returncode}: {log.read_text()[:300]}")
            try:
                urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail(f"oxigraph serve did not answer on {url} within 20 s: {log.read_text()[:300]}")
        yield f"{url}/store"
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def counts(store_url: str) -> dict[str, int]:
    """Triples per named graph on the server, by a SPARQL query over HTTP."""
    body = b"SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    req = urllib.request.Request(store_url.rsplit("/", 1)[0] + "/query", data=body, method="POST",
                                 headers={"Content-Type": "application/sparql-query",
                                          "Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        rows = json.load(resp)["results"]["bindings"]
    return {r["g"]["value"]: int(r["n"]["value"]) for r in rows}


def dump(store_url: str, graph: str) -> bytes:
    """One graph as the server holds it, as sorted N-Triples (a Graph Store Protocol GET)."""
    req = urllib.request.Request(Server(store_url).graph_url(graph), headers={"Accept": "application/n-triples"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return b"".join(sorted(resp.read().splitlines(keepends=True)))


def server_state(store_url: str) -> dict[str, bytes]:
    return {g: dump(store_url, g) for g in counts(store_url)}


def local(store_dir: Path) -> dict[str, bytes]:
    return {g: ntriples(ts) for g, ts in graphs_of_store(store_dir).items()}


def test_push_a_store_then_only_the_changed_document(server, tmp_path):
    src = corpus(tmp_path / "src")
    store = tmp_path / "store"
    build_store([src], store)
    first = push_graphs(server, store=store, replace=True)
    want = local(store)
    assert len([g for g in want if "/doc/" in g]) == 5 and len(first.sent) == len(want) == 7
    have = server_state(server)
    assert {g: b for g, b in have.items() if g != PUSH_GRAPH} == want  # the server holds the store's graphs
    assert counts(server)[PUSH_GRAPH] == 7 and not any(g.startswith(STAGING) for g in have)
    assert sum(counts(server).values()) - 7 == sum(b.count(b"\n") for b in want.values()) == first.triples

    # the same again: nothing to send
    again = push_graphs(server, store=store)
    assert (again.sent, again.unchanged, again.dropped) == ((), 7, ())

    # change one document: only its graph (and the shared graph, which its entities change) is sent
    (src / "wuxi.txt").write_text(" date 2024-05-08 Wuxi will develop new materials and the Internet of Things.\n")
    build_store([src], store)
    changed = push_graphs(server, store=store)
    wuxi = next(g for g in want if g.endswith("/doc/wuxi"))
    assert set(changed.sent) == {wuxi, f"{wuxi.rsplit('/doc/', 1)[0]}/graph/shared"} and changed.unchanged == 5
    after = server_state(server)
    new = local(store)
    assert new[wuxi] != want[wuxi] and after[wuxi] == new[wuxi]
    assert {g: b for g, b in after.items() if g != PUSH_GRAPH} == new
    assert all(after[g] == have[g] for g in want if g not in changed.sent)  # the others untouched
    assert counts(server)[wuxi] == new[wuxi].count(b"\n")


def test_removed_documents_stay_unless_replace_and_a_graph_file_pushes_the_same_graphs(server, tmp_path):
    src = corpus(tmp_path / "src", names={"hefei.txt"})
    store = tmp_path / "store"
    build_store([src], store)
    push_graphs(server, store=store, replace=True)  # the server now holds exactly these documents
    (src / "hefei.txt").unlink()
    build_store([src], store)
    kept = push_graphs(server, store=store)
    hefei = next(g for g in counts(server) if g.endswith("/doc/hefei"))
    assert kept.dropped == () and hefei in counts(server)
    dropped = push_graphs(server, store=store, replace=True)
    assert dropped.dropped == (hefei,) and hefei not in counts(server)
    assert {g: b for g, b in server_state(server).items() if g != PUSH_GRAPH} == local(store)

    # kg build --out's graph.ttl splits into the store's graphs: pushing it changes nothing
    code, _out, err = run("build", src, "--out", tmp_path / "out", "--no-html")
    assert code == 0, err
    assert {g: ntriples(ts) for g, ts in graphs_of_file(tmp_path / "out" / "graph.ttl").items()} == local(store)
    code, out, err = run("push", "--endpoint", server, "--graph", tmp_path / "out" / "graph.ttl")
    assert code == 0 and "pushed 0 graphs" in out and "4 unchanged" in out, (out, err)


def test_a_failed_push_leaves_the_server_as_it_was(server, tmp_path, monkeypatch):
    src = corpus(tmp_path / "src")
    store = tmp_path / "store"
    build_store([src], store)
    push_graphs(server, store=store, replace=True)
    before = server_state(server)
    for name in ("hefei.txt", "xiamen.txt"):
        (src / name).write_text(f" date 2024-07-01 {name[:-4].title()} will develop new energy vehicles.\n")
    build_store([src], store)
    real_put, calls = Server.put, []

    def flaky(self, graph, body):
        calls.append(graph)
        if len(calls) == 2:
            raise EndpointError("PUT: the server answered 503 Service Unavailable")
        real_put(self, graph, body)

    monkeypatch.setattr(Server, "put", flaky)
    with pytest.raises(EndpointError, match="503"):
        push_graphs(server, store=store)
    assert server_state(server) == before  # no graph changed, no staging graph left
    monkeypatch.undo()
    done = push_graphs(server, store=store)
    assert len(done.sent) == 3 and {g: b for g, b in server_state(server).items() if g != PUSH_GRAPH} == local(store)


def test_server_errors_are_one_line_and_exit_2(server, tmp_path):
    store = tmp_path / "store"
    build_store([corpus(tmp_path / "src", names=set())], store)
    dead = f"http://127.0.0.1:{_free_port()}/store"
    for endpoint, says in ((dead, "cannot reach the server"), (server.replace("/store", "/nothere"), "404"),
                           ("localhost:7878", "give the server's graph store URL")):
        code, out, err = run("push", "--endpoint", endpoint, "--store", store)
        lines = err.strip().splitlines()
        assert code == 2 and len(lines) == 1 and says in lines[0] and "Traceback" not in err, (endpoint, err)
    code, _out, err = run("push", "--endpoint", server)
    assert code == 2 and "give --store DIR or --graph FILE" in err
    code, _out, err = run("push", "--endpoint", server, "--update-endpoint", server.replace("/store", "/query"),
                          "--store", store, "--force")
    assert code == 2 and err.count("\n") == 1 and "/query" in err
