import codecs
import datetime as dt

import pytest

from kg.errors import InputError
from kg.reader import collect, decode, read_file, read_text


def test_date_line_gives_date_title_and_body_offset():
    d = read_text("a.txt", " date 2023-07-04 Shanghai will act.\n\nTi Gong\n")
    assert d.date == dt.date(2023, 7, 4)
    assert d.title == "Shanghai will act."
    assert d.text[d.body_start:].startswith("Shanghai will act.")
    assert d.warnings == ()


def test_missing_date_line_is_accepted_with_a_warning():
    d = read_text("b.txt", "Beijing will act.\n")
    assert d.date is None and d.title is None and d.body_start == 0
    assert d.warnings and "b.txt" in d.warnings[0]


def test_malformed_date_is_read_without_date():
    d = read_text("c.txt", " date 2025-13-45 Beijing will act.\n")
    assert d.date is None
    assert "malformed date" in d.warnings[0] and "c.txt" in d.warnings[0]


def test_bom_removed_and_crlf_kept(tmp_path):
    p = tmp_path / "crlf.txt"
    p.write_bytes(codecs.BOM_UTF8 + " date 2024-01-02 Beijing acts.\r\n\r\nMore text.\r\n".encode())
    d = read_file(p)
    assert not d.text.startswith("\ufeff")
    assert "\r\n" in d.text
    assert d.date == dt.date(2024, 1, 2) and d.title == "Beijing acts."


@pytest.mark.parametrize("enc, expected", [("latin-1", "cp1252"), ("utf-16", "utf-16")])
def test_other_encodings_are_decoded_and_reported(tmp_path, enc, expected):
    p = tmp_path / f"{enc}.txt"
    p.write_bytes(" date 2024-01-02 Café in Xi'an grows.\n".encode(enc))
    d = read_file(p)
    assert d.encoding == expected and "Café" in d.text
    assert any("decoded as" in w for w in d.warnings)


@pytest.mark.parametrize("data, words", [
    (b"", "empty"), (b"  \n\n", "empty"), (bytes(range(256)) * 4, "binary"),
    (b"<!DOCTYPE html><html><body>x</body></html>", "HTML"),
])
def test_unreadable_content_raises_one_line_input_error(tmp_path, data, words):
    p = tmp_path / "bad.txt"
    p.write_bytes(data)
    with pytest.raises(InputError) as exc:
        read_file(p)
    msg = str(exc.value)
    assert words in msg and "bad.txt" in msg and "\n" not in msg


def test_decode_prefers_utf8():
    assert decode("Chengdu – 成都".encode(), "x") == ("Chengdu – 成都", "utf-8")


def test_collect_sorts_and_reports_missing(tmp_path):
    (tmp_path / "b.txt").write_text("x")
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "notes.md").write_text("x")
    files, errors = collect([tmp_path, tmp_path / "missing.txt"])
    assert [f.name for f in files] == ["a.txt", "b.txt"]
    assert errors == [f"{tmp_path / 'missing.txt'}: no such file or folder"]


def test_symlink_loop_is_reported_not_followed_forever(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "loop").symlink_to(tmp_path)
    files, errors = collect([tmp_path])
    assert [f.name for f in files] == ["a.txt"]
    assert any("loop" in e for e in errors)
