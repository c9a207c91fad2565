"""Bad input never crashes a build or loses the good documents (issue: reliability and security)."""
from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from rdflib import Graph

from kg.validate import validate

from .test_cli import run

pytestmark = pytest.mark.model

GOOD = " date 2024-05-06 Suzhou will develop biomedicine and new materials.\n\nThe city will also grow aviation industry.\n"


def make_bad_corpus(root: Path) -> dict[str, str]:
    """Write a folder that mixes good articles with every kind of bad input; return the
    files expected to be skipped, each with words its error line must contain."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "good.txt").write_text(GOOD)
    (root / "empty.txt").write_text("")
    (root / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (root / "latin1.txt").write_bytes(" date 2024-05-07 Xiamen's café economy will develop tourism industry.\n"
                                      .encode("latin-1"))
    (root / "utf16.txt").write_bytes(" date 2024-05-08 Wuxi will develop integrated circuits.\n".encode("utf-16"))
    (root / "bom_crlf.txt").write_bytes(codecs.BOM_UTF8 + " date 2024-05-09 Ningbo will develop new energy.\r\n\r\n"
                                        "The city will grow robotics industry.\r\n".encode())
    with open(root / "huge.txt", "w") as fh:  # 20 MB
        fh.write(" date 2024-05-10 Hefei will develop quantum technology.\n")
        line = "Hefei will develop quantum technology and new energy vehicles. " * 16 + "\n"
        for _ in range(20 * 1024 * 1024 // len(line) + 1):
            fh.write(line)
    (root / "nodate.txt").write_text("Tianjin will develop biomedicine.\n")
    (root / "baddate.txt").write_text(" date 2025-13-45 Dalian will develop shipbuilding industry.\n")
    (root / "page.txt").write_text("<!DOCTYPE html>\n<html><head><title>x</title></head><body><p>Shanghai</p></body></html>")
    (root / "locked.txt").write_text(GOOD)
    (root / "loop").symlink_to(root)
    (root / "dangling.txt").symlink_to(root / "missing-target.txt")
    return {"empty.txt": "empty", "binary.txt": "binary", "huge.txt": "--max-mb", "page.txt": "HTML",
            "locked.txt": "permission denied", "loop": "loop", "dangling.txt": "symbolic link"}


def test_bad_corpus_builds_every_readable_article(tmp_path, monkeypatch):
    expected = make_bad_corpus(tmp_path / "in")
    real_read = Path.read_bytes

    def read_bytes(self: Path) -> bytes:  # root reads anything, so a permission error is simulated
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    code, out, err = run("build", tmp_path / "in", "--out", tmp_path / "out")
    assert code == 1, err
    assert "Traceback" not in err + out
    skipped = [ln for ln in err.splitlines() if ln.startswith("kg: skipped")]
    for name, words in expected.items():
        lines = [ln for ln in skipped if name in ln]
        assert lines and words in lines[0], (name, skipped)
    assert len(skipped) == len(expected)
    warnings = "\n".join(ln for ln in err.splitlines() if "warning" in ln)
    assert "latin1.txt: decoded as cp1252" in warnings and "utf16.txt: decoded as utf-16" in warnings
    assert "nodate.txt: no ' date" in warnings and "baddate.txt: malformed date" in warnings
    g = Graph().parse(tmp_path / "out" / "graph.ttl")
    ids = {str(o) for o in g.objects(None, g.namespace_manager.expand_curie("dcterms:identifier"))}
    assert ids == {"good.txt", "latin1.txt", "utf16.txt", "bom_crlf.txt", "nodate.txt", "baddate.txt"}
    assert validate(g).conforms
    text = (tmp_path / "out" / "graph.ttl").read_text()
    assert all(city in text for city in ("suzhou", "xiamen", "wuxi", "ningbo", "tianjin", "dalian"))


def test_raising_the_size_limit_reads_a_large_article(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "big.txt").write_text(" date 2024-05-10 Hefei acts.\n" + ("Hefei will develop quantum technology. " * 40 + "\n") * 40)
    assert 60_000 < (src / "big.txt").stat().st_size < 100_000
    code, _out, err = run("build", src, "--out", tmp_path / "a", "--max-mb", "0.05")
    assert code == 2 and "--max-mb" in err and "big.txt" in err
    code, _out, err = run("build", src, "--out", tmp_path / "b", "--max-mb", "0.1", "--no-html")
    assert code == 0, err
    assert "quantum-technology" in (tmp_path / "b" / "graph.ttl").read_text()


def test_offsets_survive_crlf_and_bom(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    raw = " date 2024-05-09 Ningbo will develop new energy.\r\n\r\nThe city will grow robotics industry.\r\n"
    (src / "crlf.txt").write_bytes(codecs.BOM_UTF8 + raw.encode())
    run("build", src, "--out", tmp_path / "out", "--no-html")
    g = Graph().parse(tmp_path / "out" / "graph.ttl")
    kg = "https://w3id.org/policykg/ontology#"
    spans = [(int(s), int(e)) for s, e in g.query(f"SELECT ?s ?e WHERE {{ ?m <{kg}start> ?s ; <{kg}end> ?e }}")]
    assert spans and all(raw[s:e].strip() == raw[s:e] and raw[s:e] for s, e in spans)
    assert any(raw[s:e] == "robotics industry" for s, e in spans)
