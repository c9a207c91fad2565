"""Interrupted builds never leave half a file; nothing is fetched from the network.

These start real ``kg`` processes (each loads the model, about two seconds).
"""
from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Graph

from .conftest import ROOT

pytestmark = pytest.mark.model

EXTRA = " date 2024-03-05 Xiamen will develop marine economy and biomedicine.\n"


def kg_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "kg", *args]


def env(**extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), **extra}


@pytest.fixture(scope="module")
def corpora(tmp_path_factory):
    """Two corpora whose graphs differ, so a reader can tell the old output from the new."""
    base = tmp_path_factory.mktemp("faults")
    old, new = base / "old", base / "new"
    for d in (old, new):
        d.mkdir()
        for f in (ROOT / "seeds").glob("*.txt"):
            shutil.copy(f, d / f.name)
    (new / "xiamen.txt").write_text(EXTRA)
    outs = {}
    for name, src in (("old", old), ("new", new)):
        out = base / f"out-{name}"
        subprocess.run(kg_cmd("build", str(src), "--out", str(out)), check=True, env=env(), capture_output=True)
        outs[name] = {f: (out / f).read_bytes() for f in ("graph.ttl", "graph.html")}
    assert outs["old"]["graph.ttl"] != outs["new"]["graph.ttl"]
    return new, outs


def fresh_out(tmp_path: Path, outs) -> Path:
    out = tmp_path / "out"
    out.mkdir()
    for f, data in outs["old"].items():
        (out / f).write_bytes(data)
    return out


def assert_whole(out: Path, outs) -> None:
    ttl = (out / "graph.ttl").read_bytes()
    assert ttl in (outs["old"]["graph.ttl"], outs["new"]["graph.ttl"])
    assert len(Graph().parse(data=ttl, format="turtle")) > 1000
    assert (out / "graph.html").read_bytes() in (outs["old"]["graph.html"], outs["new"]["graph.html"])


def wait_for_temp(out: Path, proc: subprocess.Popen, name: str = "graph.ttl") -> Path:
    for _ in range(600):
        temps = list(out.glob(f".{name}.*.tmp"))
        if temps:
            return temps[0]
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        time.sleep(0.05)
    raise AssertionError("no temporary file appeared")


def test_killed_between_temporary_write_and_rename(tmp_path, corpora):
    src, outs = corpora
    out = fresh_out(tmp_path, outs)
    proc = subprocess.Popen(kg_cmd("build", str(src), "--out", str(out)), env=env(KG_TEST_PAUSE_BEFORE_RENAME="30"),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    temp = wait_for_temp(out, proc)
    time.sleep(0.3)  # the temporary file is complete and fsynced; the rename has not happened
    assert temp.read_bytes() == outs["new"]["graph.ttl"]
    proc.kill()
    proc.wait()
    assert (out / "graph.ttl").read_bytes() == outs["old"]["graph.ttl"]
    assert_whole(out, outs)


def test_killed_at_random_moments(tmp_path, corpora):
    src, outs = corpora
    rnd = random.Random(20261122)
    for n in range(4):
        (tmp_path / str(n)).mkdir()
        out = fresh_out(tmp_path / str(n), outs)
        proc = subprocess.Popen(kg_cmd("build", str(src), "--out", str(out)), env=env(),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rnd.uniform(0.5, 4.0))
        proc.kill()
        proc.wait()
        assert_whole(out, outs)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_interrupt_exits_cleanly_and_keeps_previous_outputs(tmp_path, corpora, sig):
    src, outs = corpora
    out = fresh_out(tmp_path, outs)
    proc = subprocess.Popen(kg_cmd("build", str(src), "--out", str(out)), env=env(KG_TEST_PAUSE_BEFORE_RENAME="30"),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_for_temp(out, proc)
    proc.send_signal(sig)
    _stdout, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert "interrupted" in stderr and "Traceback" not in stderr and len(stderr.strip().splitlines()) == 1
    assert (out / "graph.ttl").read_bytes() == outs["old"]["graph.ttl"]
    assert not list(out.glob(".*.tmp"))
    # the next, uninterrupted build gives the same graph as one that was never interrupted
    subprocess.run(kg_cmd("build", str(src), "--out", str(out)), check=True, env=env(), capture_output=True)
    assert (out / "graph.ttl").read_bytes() == outs["new"]["graph.ttl"]


BLOCK_NETWORK = '''
import socket
def _refuse(*args, **kwargs):
    raise OSError("network access attempted while the test forbids it")
socket.socket.connect = _refuse
socket.socket.connect_ex = _refuse
socket.create_connection = _refuse
socket.getaddrinfo = _refuse
'''


def test_build_and_view_work_with_the_network_switched_off(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "sitecustomize.py").write_text(BLOCK_NETWORK)
    prefix: list[str] = []
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-n", "true"], capture_output=True).returncode == 0:
        prefix = [unshare, "-n"]  # a network namespace with no interfaces, where available
    e = env(PYTHONPATH=f"{tmp_path / 'site'}{os.pathsep}{ROOT}", HF_HUB_OFFLINE="1")
    check = subprocess.run([*prefix, sys.executable, "-c", "import socket; socket.getaddrinfo('pypi.org', 443)"],
                           env=e, capture_output=True, text=True)
    assert check.returncode != 0 and "forbids" in check.stderr
    res = subprocess.run([*prefix, *kg_cmd("build", str(ROOT / "seeds"), "--out", str(tmp_path / "out"))],
                         env=e, capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    res = subprocess.run([*prefix, *kg_cmd("view", "--graph", str(tmp_path / "out" / "graph.ttl"), "--out",
                                          str(tmp_path / "v.html"))], env=e, capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    assert (tmp_path / "v.html").stat().st_size > 100_000
