"""Files -> ``SourceDoc``: decoding, the date line, the lead.

The seed format's first line is `` date YYYY-MM-DD <lead sentence>``.  The text is
kept exactly as decoded (a leading BOM removed, line endings kept) so that every
evidence offset points into it.

>>> doc = read_text("x.txt", " date 2025-07-08 Shanghai acts.\\n\\nBody.")
>>> doc.date.isoformat(), doc.title, doc.text[doc.body_start:doc.body_start + 8]
('2025-07-08', 'Shanghai acts.', 'Shanghai')
"""
from __future__ import annotations

import codecs
import datetime as dt
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from .errors import InputError
from .types import SourceDoc

_DATE_LINE = re.compile(r"^[ \t]*date[ \t]+(\S+)[ \t]*(.*)$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_HTML = re.compile(r"^\s*(<!doctype html|<html\b|<head\b|<body\b)", re.IGNORECASE)

#: Files larger than this are refused unless ``max_bytes`` is raised (``kg build --max-mb``): a
#: news article is tens of kilobytes; spaCy reads about 30,000 characters a second on one core.
DEFAULT_MAX_BYTES = 2 * 1024 * 1024


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Decode bytes: BOM-marked UTF-8/UTF-16 first, then UTF-8, then Windows-1252.

    >>> decode("caf\\u00e9".encode("latin-1"), "x")
    ('café', 'cp1252')
    """
    if not data.strip():
        raise InputError(f"{name}: the file is empty; add article text or remove it")
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise InputError(f"{name}: starts with a {enc} byte-order mark but is not {enc}: {exc.reason}") from exc
    if b"\x00" in data:
        raise InputError(f"{name}: binary data (NUL bytes), not a text article; convert it to UTF-8 text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t\f")
    if controls > len(text) // 100 or text.count("\ufffd") > len(text) // 100:
        raise InputError(f"{name}: not text in any known encoding; convert it to UTF-8 text")
    return text, "cp1252"


def _parse_date(raw: str) -> dt.date | None:
    m = _ISO.match(raw)
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def read_text(name: str, text: str, encoding: str = "utf-8") -> SourceDoc:
    """Make a ``SourceDoc`` of decoded text; parse the date line when there is one."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if _HTML.match(text):
        raise InputError(f"{name}: an HTML page, not a text article; save the article as plain text")
    if not text.strip():
        raise InputError(f"{name}: the file is empty; add article text or remove it")
    first_end = len(text)
    for sep in ("\n", "\r"):
        i = text.find(sep)
        if i != -1:
            first_end = min(first_end, i)
    first = text[:first_end]
    warnings: list[str] = []
    date = None
    title = None
    body_start = len(first) - len(first.lstrip())
    m = _DATE_LINE.match(first)
    if m:
        date = _parse_date(m[1])
        lead = m[2].strip()
        if date is None:
            warnings.append(f"{name}: malformed date line ({m[1]!r} is not a YYYY-MM-DD date); read without a date")
        else:
            body_start = first.index(m[2]) if m[2] else first_end
            title = lead or None
    else:
        warnings.append(f"{name}: no ' date YYYY-MM-DD' first line; read without a date")
    return SourceDoc(identifier=name, text=text, date=date, title=title, body_start=body_start,
                     encoding=encoding, warnings=tuple(warnings))


def read_file(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceDoc:
    """Read and decode one article file; raise ``InputError`` naming the file on any problem."""
    name = path.name
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(f"{path}: {size / 1e6:.1f} MB is over the {max_bytes / 1e6:.0f} MB limit; "
                             "raise it with --max-mb or split the file")
        data = path.read_bytes()
    except PermissionError as exc:
        raise InputError(f"{path}: cannot be read (permission denied); fix its permissions") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc}); check the path") from exc
    text, enc = decode(data, str(path))
    doc = read_text(name, text, enc)
    if enc not in ("utf-8", "utf-8-sig"):
        doc = SourceDoc(doc.identifier, doc.text, doc.date, doc.title, doc.body_start, enc,
                        doc.warnings + (f"{path}: decoded as {enc}",))
    return doc


def collect(paths: Iterable[Path]) -> tuple[list[Path], list[str]]:
    """Expand files and folders into ``.txt`` files, sorted; return them and one error line per bad path."""
    files: list[Path] = []
    errors: list[str] = []
    for p in paths:
        if p.is_dir():
            files.extend(_walk(p, errors))
        elif p.is_file():
            files.append(p)
        elif p.is_symlink():
            errors.append(f"{p}: a broken or looping symbolic link; fix or remove it")
        else:
            errors.append(f"{p}: no such file or folder")
    by_file: dict[str, Path] = {}  # one file is one document, however it is named
    for f in sorted(files, key=lambda f: (f.name, str(f))):
        by_file.setdefault(os.path.realpath(f), f)
    return sorted(by_file.values(), key=lambda f: (f.name, str(f))), errors


def _walk(root: Path, errors: list[str]) -> Iterator[Path]:
    seen: set[str] = set()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=lambda e: errors.append(
            f"{e.filename}: cannot be listed ({e.strerror}); fix its permissions")):
        real = os.path.realpath(dirpath)
        if real in seen:
            dirnames[:] = []
            errors.append(f"{dirpath}: a symbolic link loop; skipped")
            continue
        seen.add(real)
        dirnames.sort()
        for fn in sorted(filenames):
            if fn.endswith(".txt"):
                fp = Path(dirpath) / fn
                if fp.is_file():
                    yield fp
                else:
                    errors.append(f"{fp}: a broken or looping symbolic link; fix or remove it")
