"""notebooks/explore.ipynb runs top to bottom on a real Jupyter kernel (nbclient driving ipykernel on
this venv's Python, whatever Jupyter the user has), shows its tables, figure and HTML view, and is
committed without outputs."""
from __future__ import annotations

import base64
import html
import json
import re
import struct
import sys
import time

import pytest

from .conftest import ROOT

NOTEBOOK = ROOT / "notebooks" / "explore.ipynb"
#: Seconds one cell may take (building the seeds, the first cell, takes a few).
CELL_TIMEOUT = 120


def test_committed_notebook_has_no_outputs():
    nb = json.loads(NOTEBOOK.read_text("utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert len(code) >= 10
    assert [c["id"] for c in code if c["outputs"] or c["execution_count"] is not None] == []
    # nor what a front end records of a run (timings, scroll and collapse state)
    assert [c["id"] for c in nb["cells"] if {"execution", "collapsed", "scrolled"} & set(c["metadata"])] == []
    assert nb["metadata"]["kernelspec"]["language"] == "python"


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """The notebook run by nbclient on a kernel spec that names this interpreter, found in a folder
    of its own (a user-wide ``python3`` spec cannot shadow it); every cache the kernel, IPython,
    Jupyter and matplotlib write goes to a temporary folder; matplotlib is held to Agg."""
    import nbformat
    from ipykernel.kernelspec import write_kernel_spec
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    tmp = tmp_path_factory.mktemp("notebook")
    write_kernel_spec(tmp / "kernels" / "kg-venv")
    km = KernelManager(kernel_name="kg-venv", kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(tmp / "kernels")]))
    assert km.kernel_spec is not None and km.kernel_spec.argv[0] == sys.executable
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(nb, km=km, timeout=CELL_TIMEOUT, startup_timeout=60,
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    with pytest.MonkeyPatch.context() as mp:
        for var, sub in (("MPLCONFIGDIR", "mpl"), ("IPYTHONDIR", "ipython"), ("JUPYTER_RUNTIME_DIR", "runtime"),
                         ("JUPYTER_DATA_DIR", "data"), ("JUPYTER_CONFIG_DIR", "config")):
            mp.setenv(var, str(tmp / sub))
        mp.setenv("MPLBACKEND", "Agg")
        start = time.perf_counter()
        try:
            client.execute()  # raises CellExecutionError on the first cell that fails
        finally:
            km.shutdown_kernel(now=False)  # the client stops only the kernels it started itself
        seconds = time.perf_counter() - start
    print(f"notebook executed in {seconds:.1f} s")
    return {c.id: c for c in nb.cells if c.cell_type == "code"}


def _data(cell, mime: str) -> str:
    found = [o["data"][mime] for o in cell.outputs if mime in o.get("data", {})]
    assert len(found) == 1, (cell.id, mime, [o.get("output_type") for o in cell.outputs])
    return found[0]


@pytest.mark.model
def test_every_cell_runs_in_order_without_errors_or_warnings(executed):
    counts = [c.execution_count for c in executed.values()]
    assert counts == list(range(1, len(counts) + 1))
    outputs = [(c.id, o) for c in executed.values() for o in c.outputs]
    assert [i for i, o in outputs if o["output_type"] == "error"] == []
    assert [(i, o["text"][:200]) for i, o in outputs if o.get("name") == "stderr"] == []
    assert [c.id for c in executed.values() if not c.outputs] == []


@pytest.mark.model
def test_tables(executed):
    assert "2 documents" in "".join(o.get("text", "") for o in executed["build"].outputs)
    priorities = _data(executed["priorities"], "text/html")
    assert "<table" in priorities and "prioritizes" in priorities and "2025" in priorities
    assert "CPC Shanghai Municipal Committee" in _data(executed["committees"], "text/html")
    assert "subject-pursues" in _data(executed["evidence"], "text/html")
    counts = _data(executed["compare"], "text/html")
    assert all(w in counts for w in ("<table", "added", "kept", "dropped", "sectors", "strategies"))
    # The most central entity of the seeds is Shanghai: the first row of the centrality table.
    assert _data(executed["central"], "text/plain").splitlines()[1].split()[:2] == ["0", "Shanghai"]


@pytest.mark.model
def test_figure(executed):
    png = base64.b64decode(_data(executed["plot"], "image/png"))
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert width > 400 and height > 300, (width, height)


@pytest.mark.model
def test_html_view_is_embedded_and_offline(executed):
    out = _data(executed["view"], "text/html")
    m = re.fullmatch(r'<div><iframe srcdoc="([^"]*)" [^>]*></iframe></div>', out)
    assert m is not None, out[:200]
    page = html.unescape(m.group(1))
    assert page.lstrip().lower().startswith("<!doctype html") and "Shanghai" in page
    assert len(page) > 100_000  # vis-network is inlined
    assert re.findall(r'<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*["\']?(?:https?:)?//', page, re.I) == []
