"""kg as a user gets it: the wheel built from ``pyproject.toml``, installed into a fresh venv.

The editable install of the dev venv reads everything from the source tree, so it hides a wheel that
lacks a subpackage, a data file or the ontology.  Here the wheel is built from a copy of the files
the package is made of, checked file by file against ``kg/``, installed into a new venv (no pip, no
source tree beside it, its working folder a temporary one) and run through its ``kg`` console script.

So as not to download the dependencies again, the fresh venv sees the dev venv's site-packages
through one ``.pth`` line: a folder added that way is put on ``sys.path`` but its own ``.pth`` files
are not run, so the dev install's editable finder stays out, and the test proves that ``kg`` is
imported from the fresh venv.
"""
from __future__ import annotations

import ast
import os
import re
import shutil
import stat
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

from .conftest import DATA, ROOT, golden_bytes

PACKAGE = ROOT / "kg"


def package_files() -> dict[str, bytes]:
    """Every file of the source package as the wheel must hold it: ``kg/...`` path -> bytes."""
    return {p.relative_to(ROOT).as_posix(): p.read_bytes() for p in sorted(PACKAGE.rglob("*"))
            if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built without build isolation (nothing downloaded) from a copy of pyproject.toml,
    README.md and ``kg/``, so that the build sees no stray file and writes nothing into the tree."""
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    shutil.copytree(PACKAGE, src / "kg", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "--no-index",
                    "-w", str(dist), str(src)], check=True, capture_output=True, env=clean_env())
    (whl,) = dist.glob("kg-*.whl")
    return whl


def clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "KG_TEST_", "VIRTUAL_ENV"))}
    return env | {"PYTHONNOUSERSITE": "1"}


def test_the_wheel_holds_every_file_of_the_package_as_a_file(wheel):
    expected = package_files()
    with zipfile.ZipFile(wheel) as z:
        infos = {i.filename: i for i in z.infolist() if i.filename.startswith("kg/")}
        assert sorted(infos) == sorted(expected), "add the missing files to [tool.setuptools.package-data]"
        for name, info in infos.items():
            assert not stat.S_ISLNK(info.external_attr >> 16), f"{name} is a link in the wheel"
            assert z.read(info) == expected[name], name
    for must in ("kg/rules/registry.py", "kg/data/view.html", "kg/ontology/kg.ttl", "kg/ontology/shapes.ttl",
                 "kg/data/queries/committees.rq", "kg/data/gazetteer.toml", "kg/data/patterns.jsonl"):
        assert must in infos


def test_the_top_level_ontology_is_the_package_s():
    """``ontology/`` is where people read the ontology; ``kg/ontology/`` is the copy that ships. One is a
    link to the other; a checkout without links (or a copy that drifted) fails here."""
    top = {p.name: p.read_bytes() for p in (ROOT / "ontology").iterdir() if p.is_file()}
    shipped = {p.name: p.read_bytes() for p in (PACKAGE / "ontology").iterdir() if p.is_file()}
    assert sorted(top) == sorted(shipped) == ["kg.ttl", "shapes.ttl"]
    assert top == shipped


def test_every_imported_distribution_is_declared():
    """Each third-party module that kg imports comes from a distribution listed in ``dependencies``, or in
    an extra of kg's own (``kg[dask]``: imported only when its feature is used), not the test tools."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    extras = [d for name, ds in project["optional-dependencies"].items() if name != "test" for d in ds]
    declared = {re.split(r"[=<>!~ \[;]", d, maxsplit=1)[0].lower().replace("_", "-")
                for d in project["dependencies"] + extras}
    imported = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    third_party = sorted(imported - set(sys.stdlib_module_names) - {"kg"})
    dists = packages_distributions()
    missing = {m: dists.get(m) for m in third_party
               if not {d.lower().replace("_", "-") for d in dists.get(m, [])} & declared}
    assert "spacy" in third_party and "jinja2" in third_party
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    """A fresh venv with the wheel installed and the dev venv's site-packages for the dependencies."""
    v = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(v)], check=True, env=clean_env())
    python = v / "bin" / "python"
    site = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True, env=clean_env()).stdout.strip()
    (Path(site) / "kg-dev-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
                    "--no-index", str(wheel)], check=True, capture_output=True, env=clean_env())
    return v


@pytest.mark.model
def test_the_installed_wheel_builds_validates_and_queries_the_seeds(venv, tmp_path):
    work = tmp_path / "work"  # no source tree here or above: the working folder is a temporary one
    shutil.copytree(ROOT / "seeds", work / "seeds")

    def kg(*args: str) -> subprocess.CompletedProcess[str]:
        res = subprocess.run([str(venv / "bin" / "kg"), *args], cwd=work, capture_output=True, text=True,
                             env=clean_env(), umask=0o022, timeout=300)
        assert res.returncode == 0, (args, res.stdout, res.stderr)
        return res

    where = subprocess.run([venv / "bin" / "python", "-c", "import sys, kg; from kg.validate import ontology_path; "
                            "print(kg.__file__); print(ontology_path('shapes.ttl')); "
                            "print(any('editable' in type(f).__name__.lower() or 'editable' in repr(f) "
                            "for f in sys.meta_path))"],
                           cwd=work, capture_output=True, text=True, env=clean_env(), check=True).stdout.split("\n")
    assert Path(where[0]).is_relative_to(venv) and Path(where[1]).is_relative_to(venv), where
    assert where[2] == "False", "the dev install's editable finder is active in the fresh venv"

    assert "Build, query, validate" in kg("--help").stdout
    kg("build", "seeds", "--out", "out")
    out = work / "out"
    assert (out / "graph.ttl").read_bytes() == golden_bytes(DATA / "golden" / "seeds.ttl")
    for name in ("graph.ttl", "graph.html"):
        assert stat.S_IMODE((out / name).stat().st_mode) == 0o644, name
    assert "conforms to the kg shapes" in kg("validate", "--graph", "out/graph.ttl").stdout
    rows = kg("query", "committees", "--graph", "out/graph.ttl", "--format", "csv").stdout.splitlines()
    assert rows[0] == "committee,meeting,term,ordinal,date,resolution"
    assert any(r.startswith("CPC Shanghai Municipal Committee,third plenary session") for r in rows)
