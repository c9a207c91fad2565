"""Writing outputs atomically: a temporary file in the same folder, then a rename.

A build killed at any moment leaves either the previous file or the new one.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from rdflib import Graph

#: Set by the kill test to pause between the temporary write and the rename.
_PAUSE_ENV = "KG_TEST_PAUSE_BEFORE_RENAME"


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old or the new file, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        pause = os.environ.get(_PAUSE_ENV)
        if pause:
            import time

            time.sleep(float(pause))
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def turtle_bytes(g: Graph) -> bytes:
    """The graph as Turtle; the same graph gives the same bytes."""
    data = g.serialize(format="turtle", encoding="utf-8")
    return data if isinstance(data, bytes) else data.encode("utf-8")


def write_turtle(g: Graph, path: Path) -> None:
    """Serialise ``g`` as Turtle to ``path`` atomically."""
    write_atomic(path, turtle_bytes(g))
