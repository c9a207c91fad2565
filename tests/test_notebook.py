"""The walkthrough notebook runs top to bottom on the public API (its code cells, in one namespace)."""
import json
import os

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.model


def test_walkthrough_runs(monkeypatch):
    nb = json.loads((ROOT / "notebooks" / "walkthrough.ipynb").read_text())
    monkeypatch.chdir(ROOT / "notebooks")
    ns: dict = {}
    code_cells = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert len(code_cells) >= 6
    for cell in code_cells:
        exec(compile("".join(cell["source"]), "walkthrough.ipynb", "exec"), ns)  # noqa: S102
    assert ns["report"].conforms and ns["html"] is not None and ns["rows"]
    assert os.getcwd().endswith("notebooks")
