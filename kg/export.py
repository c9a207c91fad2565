"""Writing outputs atomically: a temporary file in the same folder, then a rename.

A build killed at any moment leaves either the previous file or the new one.
"""
from __future__ import annotations

import contextlib
import os
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path

from rdflib import Graph

from .errors import InputError

#: Set by the kill test to pause between the temporary write and the rename.
_PAUSE_ENV = "KG_TEST_PAUSE_BEFORE_RENAME"


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old or the new file, never half of one."""
    write_set({path: data})


def check_out_dir(path: Path) -> None:
    """Make sure ``path`` is, or can become, a folder kg can write into; raise ``InputError`` in
    one line otherwise.  Called before any extraction, so that a bad ``--out`` costs nothing."""
    if path.exists() and not path.is_dir():
        raise InputError(f"{path}: is a file, not a folder; give --out a folder")
    try:
        path.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".kg-probe.", dir=path)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise InputError(f"{path}: cannot write there ({exc.strerror or exc}); give --out a writable folder") from exc


def write_set(files: dict[Path, bytes]) -> None:
    """Write several outputs so that they are all new or all old: every temporary file is written
    and synced first, and only then are they renamed into place.  A failure while writing (a full
    disk) removes the temporary files and leaves the previous outputs as they were."""
    temps: list[tuple[str, Path]] = []
    try:
        for path, data in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            with _signals_held():  # a Ctrl-C between creating and recording it would leak the file
                fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
                temps.append((tmp, path))
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o666 & ~_umask())
        pause = os.environ.get(_PAUSE_ENV)
        if pause:
            import time

            time.sleep(float(pause))
        for tmp, path in temps:
            os.replace(tmp, path)
    except BaseException:
        for tmp, _path in temps:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
        raise


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back for the duration (delivered on exit), where the platform can."""
    held = {signal.SIGINT, signal.SIGTERM}
    try:
        old = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    except (AttributeError, ValueError, OSError):  # no pthread_sigmask here
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def turtle_bytes(g: Graph) -> bytes:
    """The graph as Turtle; the same graph gives the same bytes."""
    data = g.serialize(format="turtle", encoding="utf-8")
    return data if isinstance(data, bytes) else data.encode("utf-8")


def write_turtle(g: Graph, path: Path) -> None:
    """Serialise ``g`` as Turtle to ``path`` atomically."""
    write_atomic(path, turtle_bytes(g))
