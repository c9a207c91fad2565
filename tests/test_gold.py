"""The gold generators (tests/data/make_gold.py and heldout/make_gold.py) write their committed files."""
import shutil
import subprocess
import sys

from .conftest import DATA

GENERATORS = ("goldkit.py", "make_gold.py", "heldout/make_gold.py")


def test_generators_write_beside_themselves_from_any_folder(tmp_path):
    copy, elsewhere = tmp_path / "data", tmp_path / "elsewhere"
    for name in GENERATORS:
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(DATA / name, copy / name)
    elsewhere.mkdir()
    for script in ("make_gold.py", "heldout/make_gold.py"):
        subprocess.run([sys.executable, str(copy / script)], cwd=elsewhere, check=True)
    assert list(elsewhere.iterdir()) == []
    for gold in ("gold", "heldout/gold"):
        committed = sorted(p.name for p in (DATA / gold).glob("*.json"))
        assert committed and sorted(p.name for p in (copy / gold).iterdir()) == committed
        for name in committed:
            assert (copy / gold / name).read_bytes() == (DATA / gold / name).read_bytes(), name
