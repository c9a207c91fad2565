"""Outputs: a bad --out fails before the extraction, the outputs are written as a set, names in
messages are quoted (issue 9)."""
from __future__ import annotations

import os
import stat

import pytest

from .test_cli import run

pytestmark = pytest.mark.model

TEXT = " date 2024-01-01 Beijing will develop artificial intelligence.\n"


def test_out_that_is_a_file_fails_in_one_line_before_extracting(tmp_path, monkeypatch):
    import kg.pipeline

    (tmp_path / "a.txt").write_text(TEXT)
    (tmp_path / "out").write_text("not a folder")
    monkeypatch.setattr(kg.pipeline, "build", lambda *a, **k: pytest.fail("extracted before checking --out"))
    code, _out, err = run("build", tmp_path / "a.txt", "--out", tmp_path / "out")
    assert code == 2 and err.count("\n") == 1 and "is a file, not a folder" in err


def test_outputs_are_all_new_or_all_old_when_a_write_fails(tmp_path, monkeypatch):
    import kg.export

    (tmp_path / "a.txt").write_text(TEXT)
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.ttl").write_text("old ttl")
    (out / "graph.html").write_text("old html")
    real_fsync = os.fsync
    calls = []

    def failing_fsync(fd):
        calls.append(fd)
        if len(calls) == 2:  # the second output hits a full disk
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(kg.export.os, "fsync", failing_fsync)
    code, _out, err = run("build", tmp_path / "a.txt", "--out", out)
    assert code == 2 and "No space left on device" in err
    assert (out / "graph.ttl").read_text() == "old ttl" and (out / "graph.html").read_text() == "old html"
    assert not list(out.glob(".*.tmp"))


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_outputs_get_the_file_mode_of_the_umask(tmp_path, umask, mode):
    """As a normal CLI writes (0644 under the usual umask), not the 0600 of a temporary file."""
    (tmp_path / "a.txt").write_text(TEXT)
    old = os.umask(umask)
    try:
        code, _out, _err = run("build", tmp_path / "a.txt", "--out", tmp_path / "out")
        code_view, _out, _err = run("view", "--graph", tmp_path / "out" / "graph.ttl", "--out", tmp_path / "v.html")
    finally:
        os.umask(old)
    assert code == code_view == 0
    for f in (tmp_path / "out" / "graph.ttl", tmp_path / "out" / "graph.html", tmp_path / "v.html"):
        assert stat.S_IMODE(f.stat().st_mode) == mode, f


def test_a_newline_in_a_file_name_cannot_forge_a_second_line(tmp_path):
    (tmp_path / "good.txt").write_text(TEXT)
    (tmp_path / "evil\nkg: failed everything.txt").write_text("")
    code, _out, err = run("build", tmp_path, "--out", tmp_path / "out")
    lines = [ln for ln in err.splitlines() if ln.startswith("kg:")]
    assert code == 1 and len(lines) == 1 and "evil\\nkg: failed" in lines[0]
