"""kg query against hostile options and queries (issue 9): time and memory limits, bindings, the
network, the graph on standard input and the exit code of an internal error. No model needed."""
from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import QueryError
from kg.query import MAX_TIMEOUT, time_limit

TTL = """@prefix kgid: <https://w3id.org/policykg/id/> .
@prefix kg: <https://w3id.org/policykg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
""" + "".join(f'kgid:e{i} a kg:City ; rdfs:label "city {i}" ; kg:prioritizes kgid:s{i % 7} .\n' for i in range(60))


@pytest.fixture()
def graph(tmp_path: Path) -> Path:
    path = tmp_path / "g.ttl"
    path.write_text(TTL)
    return path


def run(*args: object, stdin: str | None = None) -> tuple[int, str, str]:
    res = CliRunner().invoke(app, [str(a) for a in args], input=stdin, catch_exceptions=False)
    return res.exit_code, res.stdout, res.stderr


COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s a kg:City }"


@pytest.mark.parametrize("value", ["-1", "nan", "-inf"])
def test_a_negative_or_nan_timeout_is_one_line_exit_2(graph, value):
    code, _out, err = run("query", COUNT, "--graph", graph, "--timeout", value)
    assert code == 2 and err.startswith("kg: --timeout") and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("value", ["inf", "1e300", "0", "5"])
def test_an_infinite_or_huge_timeout_runs_the_query(graph, value):
    code, out, err = run("query", COUNT, "--graph", graph, "--timeout", value, "--format", "csv")
    assert (code, out, err) == (0, "n\n60\n", "")


def test_time_limit_clamps_and_refuses():
    assert time_limit(1e300) == time_limit(1e9) == MAX_TIMEOUT and time_limit(float("inf")) is None
    for bad in (-0.5, float("nan")):
        with pytest.raises(QueryError, match="--timeout"):
            time_limit(bad)


@pytest.mark.parametrize("binding, words", [
    ("subject=kg:foo>bar", "cannot bind ?subject to 'kg:foo>bar': not a valid IRI"),
    ("subject=<http://example.org/a b>", "cannot bind ?subject to '<http://example.org/a b>': not a valid IRI"),
    ("s=kgid:a{b}", "cannot bind ?s to 'kgid:a{b}': not a valid IRI"),
    ("s=https://example.org/\"x\"", "not a valid IRI"),
    ("bad name=x", "cannot bind 'bad name'"),
])
def test_a_malformed_binding_is_one_line_exit_2_before_any_fork(graph, monkeypatch, binding, words):
    import multiprocessing

    def no_fork(*_a: object, **_k: object) -> None:
        raise AssertionError("a process was forked for a query that cannot run")

    monkeypatch.setattr(multiprocessing, "get_context", no_fork)
    code, _out, err = run("query", "evidence", "--graph", graph, "--bind", binding, "--timeout", "10")
    assert code == 2 and err.startswith("kg: cannot bind") and words in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("binding, rows", [
    ("s=kgid:e3", "l\ncity 3\n"),
    ("s=<https://w3id.org/policykg/id/e4>", "l\ncity 4\n"),
    ('l="city 5"', "l\ncity 5\n"),
    ("l=city 6", "l\ncity 6\n"),
    ('l="kg:foo>bar"', "l\n"),  # quoted: text, which no label is
])
def test_well_formed_bindings_still_run(graph, binding, rows):
    q = "SELECT ?l WHERE { ?s rdfs:label ?l }"
    assert run("query", q, "--graph", graph, "--bind", binding, "--format", "csv")[:2] == (0, rows)


CROSS_JOIN = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?d ?g LIMIT 1"


def test_a_query_over_the_memory_limit_stops_with_one_line(graph):
    """The issue's cross join with ORDER BY (4.6 GB in 30 s on the seeds): ~7 million rows to sort
    here, stopped at 64 MB within seconds, long before the time limit."""
    import time

    t0 = time.monotonic()
    code, _out, err = run("query", CROSS_JOIN, "--graph", graph, "--max-memory", "64", "--timeout", "60")
    assert code == 2 and err == ("kg: the query needed more than 64 MB of memory; narrow it (LIMIT, fewer "
                                 "joins, no ORDER BY over a join) or raise --max-memory\n")
    assert time.monotonic() - t0 < 30


def test_a_query_within_the_memory_limit_runs(graph):
    code, out, _err = run("query", COUNT, "--graph", graph, "--max-memory", "64", "--timeout", "0", "--format", "csv")
    assert (code, out) == (0, "n\n60\n")


def test_a_negative_memory_limit_is_a_usage_error(graph):
    code, _out, err = run("query", COUNT, "--graph", graph, "--max-memory", "-5")
    assert code == 2 and err == "kg: --max-memory -5: give a number of MB >= 0 (0 for no limit)\n"


def test_the_front_door_takes_the_limits_too(graph):
    from kg import KnowledgeGraph

    kg = KnowledgeGraph.load(graph)
    with pytest.raises(QueryError, match="more than 64 MB"):
        kg.query(CROSS_JOIN, max_memory=64, timeout=60)
    assert kg.query(COUNT, max_memory=64, timeout=60).rows == (("60",),)


def test_a_memory_error_in_python_and_a_crash_of_the_child_are_one_line(graph, monkeypatch):
    import os

    import kg.query

    def no_memory(*_a: object) -> None:
        raise MemoryError

    monkeypatch.setattr(kg.query, "_execute", no_memory)
    code, _out, err = run("query", COUNT, "--graph", graph, "--max-memory", "512")
    assert code == 2 and err.startswith("kg: the query needed more than 512 MB of memory;")
    monkeypatch.setattr(kg.query, "_execute", lambda *_a: os.abort())
    code, _out, err = run("query", COUNT, "--graph", graph)
    assert code == 2 and err == "kg: the query process ended without a result (exit code -6: no message)\n"


class Listener:
    """A TCP socket on 127.0.0.1 that counts the connections made to it and closes each at once."""

    def __init__(self) -> None:
        import socket
        import threading

        self.sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/x"
        self.count = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _addr = self.sock.accept()
            except OSError:  # closed
                return
            self.count += 1
            conn.close()

    def connections(self) -> int:
        return self.count


@pytest.fixture()
def listener():
    lis = Listener()
    yield lis
    lis.sock.close()


@pytest.mark.parametrize("flags, words", [
    ([], "SPARQL Update is refused"),
    (["--allow-update"], "LOAD requests are refused: kg query stays offline (pass --allow-network"),
    (["--allow-network"], "SPARQL Update is refused"),
])
def test_load_is_refused_without_allow_network_and_makes_no_request(graph, listener, flags, words):
    code, _out, err = run("query", f"LOAD <{listener.url}>", "--graph", graph, *flags)
    assert code == 2 and err.startswith(f"kg: {words}") and len(err.strip().splitlines()) == 1
    assert listener.connections() == 0


def test_load_with_allow_update_and_allow_network_does_reach_out(graph, listener):
    """The other side of the promise: the flag is what opens the network (the test's own socket)."""
    code, _out, err = run("query", f"LOAD <{listener.url}>", "--graph", graph, "--allow-update", "--allow-network",
                          "--timeout", "20")
    assert code == 2 and err.startswith("kg: the update failed:") and listener.connections() == 1


@pytest.mark.parametrize("flag", ["--allow-network", "--allow-service"])
def test_service_needs_allow_network_or_its_old_name(graph, listener, flag):
    q = f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"
    code, _out, err = run("query", q, "--graph", graph, "--allow-update")
    assert code == 2 and "federated SERVICE calls are refused" in err and listener.connections() == 0
    code, _out, err = run("query", q, "--graph", graph, flag, "--timeout", "20")
    assert code == 2 and "the query failed" in err and listener.connections() == 1


def test_from_using_and_describe_never_dereference(graph, listener):
    """pyoxigraph reads FROM, FROM NAMED, USING and DESCRIBE from the store: allowed, and no request."""
    u = listener.url
    for q, flags in ((f"SELECT * FROM <{u}> FROM NAMED <{u}> WHERE {{ ?s ?p ?o }}", []),
                     (f"DESCRIBE <{u}>", []),
                     (f"INSERT {{ ?s ?p ?o }} USING <{u}> WHERE {{ ?s ?p ?o }}", ["--allow-update"])):
        assert run("query", q, "--graph", graph, *flags)[0] == 0, q
    assert listener.connections() == 0


@pytest.mark.parametrize("q", [
    'SELECT (COUNT(*) AS ?n) WHERE { ?s a kg:City ; rdfs:label ?l FILTER(?l != "LOAD <http://127.0.0.1:9/x>") }',
    'SELECT (COUNT(*) AS ?n) WHERE { ?s a kg:City ; rdfs:label ?l FILTER(!CONTAINS(?l, "modern services")) }',
    "# LOAD <http://127.0.0.1:9/x> ; SERVICE <http://127.0.0.1:9/x>\nSELECT (COUNT(*) AS ?n) WHERE { ?s a kg:City }",
    "PREFIX load: <http://example.org/load#>\nSELECT (COUNT(*) AS ?n) WHERE { ?s a kg:City OPTIONAL { ?s load:service ?x } }",
])
def test_load_or_service_in_a_literal_a_comment_or_a_name_is_not_refused(graph, q):
    assert run("query", q, "--graph", graph, "--format", "csv")[:2] == (0, "n\n60\n")


def test_a_literal_that_says_load_in_an_update_is_no_load(graph):
    q = 'INSERT DATA { <http://example.org/a> rdfs:label "LOAD <http://127.0.0.1:9/x>" }'
    assert run("query", q, "--graph", graph, "--allow-update")[0] == 0


def test_graph_dash_reads_standard_input_for_every_graph_command(tmp_path, monkeypatch):
    import json
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # where the copy of stdin goes
    assert run("query", COUNT, "--graph", "-", "--format", "csv", stdin=TTL)[:2] == (0, "n\n60\n")
    code, out, _err = run("stats", "--graph", "-", "--format", "json", stdin=TTL)
    assert code == 0 and json.loads(out)["entities"]["City"] == 60
    assert run("validate", "--graph", "-", stdin=TTL)[0] in (0, 1)  # read and checked: conforms or not
    code, _out, _err = run("view", "--graph", "-", "--out", tmp_path / "v.html", stdin=TTL)
    assert code == 0 and "city 59" in (tmp_path / "v.html").read_text()
    for cmd in (["query", COUNT], ["validate"], ["stats"], ["view", "--out", tmp_path / "w.html"]):
        code, _out, err = run(*cmd, "--graph", "-", stdin="this is not turtle <")
        assert code == 2 and "not a readable Turtle graph" in err and "Traceback" not in err, cmd
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v.html"]  # each copy removed when its command ends


def test_graph_from_a_pipe_and_a_terminal(graph):
    """From a shell: `--graph -` and `--graph /dev/stdin` on a pipe read it; on a terminal, one line."""
    import os
    import pty
    import subprocess
    import sys

    from .conftest import ROOT

    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for name in ("-", "/dev/stdin"):
        res = subprocess.run([sys.executable, "-m", "kg", "query", COUNT, "--graph", name, "--format", "csv"],
                             input=TTL, capture_output=True, text=True, env=env, timeout=120)
        assert (res.returncode, res.stdout, res.stderr) == (0, "n\n60\n", ""), name
    _parent, tty = pty.openpty()
    res = subprocess.run([sys.executable, "-m", "kg", "stats", "--graph", "-"], stdin=tty, capture_output=True,
                         text=True, env=env, timeout=120)
    assert res.returncode == 2 and res.stderr.startswith("kg: --graph -: standard input is a terminal")


def test_an_internal_error_is_one_line_and_exit_70_in_a_real_process():
    import os
    import subprocess
    import sys

    from .conftest import ROOT

    env = dict(os.environ, PYTHONPATH=str(ROOT))
    boom = "import kg.query as q; q.bundled = lambda: {}['no such key']; from kg.cli import main; main()"
    res = subprocess.run([sys.executable, "-c", boom, "query", "--list"], capture_output=True, text=True, env=env,
                         timeout=120)
    assert res.returncode == 70 and res.stdout == ""
    assert res.stderr == "kg: internal error: KeyError: 'no such key' (run with --debug for the traceback)\n"
    res = subprocess.run([sys.executable, "-c", boom, "query", "--list", "--debug"], capture_output=True, text=True,
                         env=env, timeout=120)
    assert res.returncode == 70 and res.stderr.startswith("Traceback (most recent call last):")
    assert res.stderr.endswith("\nkg: internal error: KeyError: 'no such key'\n")


@pytest.mark.parametrize("where", ["before", "after"])
def test_every_command_takes_debug_and_an_internal_error_exits_70(graph, monkeypatch, capsys, where):
    import sys

    import kg.analytics
    from kg.cli import main

    def broken(_g: object) -> None:
        raise ValueError("invalid literal for int() with base 10: '12.5'\n(two lines)")

    monkeypatch.setattr(kg.analytics, "stats", broken)
    args = ["stats", "--graph", str(graph)]
    for debug in ([], ["--debug"]):
        monkeypatch.setattr(sys, "argv", ["kg", *(debug if where == "before" else []), *args,
                                          *(debug if where == "after" else [])])
        with pytest.raises(SystemExit) as stop:
            main()
        err = capsys.readouterr().err
        assert stop.value.code == 70
        line = "kg: internal error: ValueError: invalid literal for int() with base 10: '12.5' (two lines)"
        if debug:
            assert err.startswith("Traceback") and err.endswith(f"\n{line}\n")
        else:
            assert err == f"{line} (run with --debug for the traceback)\n"


def test_a_kg_error_no_command_caught_is_exit_2_and_a_clean_run_exits_0(graph, monkeypatch, capsys):
    import sys

    import kg.analytics
    from kg.cli import main
    from kg.errors import GraphError

    monkeypatch.setattr(sys, "argv", ["kg", "stats", "--graph", str(graph), "--debug", "--format", "json"])
    with pytest.raises(SystemExit) as stop:
        main()
    assert stop.value.code == 0 and '"City": 60' in capsys.readouterr().out

    def refused(_g: object) -> None:
        raise GraphError("g.ttl: something a user can fix")

    monkeypatch.setattr(kg.analytics, "stats", refused)
    with pytest.raises(SystemExit) as stop:
        main()
    assert stop.value.code == 2 and capsys.readouterr().err == "kg: g.ttl: something a user can fix\n"


def test_debug_is_taken_out_unless_the_command_has_its_own():
    from kg.cli import _take_debug

    for args, left, debug in (
            (["stats", "--debug"], ["stats"], True),
            (["--debug", "query", "people"], ["query", "people"], True),
            (["build", "a.txt", "--debug"], ["build", "a.txt", "--debug"], True),
            (["query", "people"], ["query", "people"], False),
            (["query", "--", "--debug"], ["query", "--", "--debug"], False)):
        assert (_take_debug(args), args) == (debug, left)
