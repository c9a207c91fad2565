#!/usr/bin/env python3
"""Benchmark the graph commands on graphs of about 10k, 100k and 1M triples: time and peak memory.

    .venv/bin/python scripts/bench_scale.py [--sizes 10k,100k,1M] [--work DIR] [--limit SECONDS]

The graphs are made here, once (kept in --work): every committed article (seeds/, tests/data/)
is built with kg, then its documents are copied, one after the other, until the graph has the
size asked for.  A copy renames its document, mentions and evidence statements, and every entity
except the shared vocabulary (countries, sectors, sector groups), whose label gets the copy's
number, so the graph grows in entities as a real corpus would, with the sectors as its hubs.

Each step then runs as its own process, the way a user runs it, and is measured by wall time and
the peak resident memory of that process and its children (os.wait4):

    load       parse the Turtle file (the part every command below pays first)
    summary    what `kg build` prints after writing its outputs (cli._summary on the loaded graph)
    stats      kg stats
    view       kg view
    validate   kg validate
    query      kg query evidence --format csv (every evidence sentence, ordered)

Prints a Markdown table (docs/benchmarks.md holds the last one).  Not part of the test suite.
"""
from __future__ import annotations

import argparse
import datetime
import os
import platform
import re
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ARTICLES = ("seeds", "tests/data/articles", "tests/data/real", "tests/data/heldout/articles")
SHARED = {"Country", "Sector", "SectorGroup"}  # the vocabulary every copy shares

SUMMARY = """
import sys, time
from pathlib import Path
from kg.cli import _summary
from kg.graph import load_graph
g = load_graph(Path(sys.argv[1]))
t = time.perf_counter()
_summary(g, Path("out"), False, 0, 0.0)
print(f"summary alone {time.perf_counter() - t:.1f} s", file=sys.stderr)
"""
LOAD = "import sys; from pathlib import Path; from kg.graph import load_graph; load_graph(Path(sys.argv[1]))"


def size(text: str) -> int:
    """``10k`` -> 10000, ``1M`` -> 1000000."""
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([kM]?)", text.strip())
    if not m:
        raise argparse.ArgumentTypeError(f"not a size: {text!r}")
    return int(float(m.group(1)) * {"": 1, "k": 1_000, "M": 1_000_000}[m.group(2)])


def base_graph(work: Path) -> Path:
    """Every committed article built once with kg, into ``work/base/graph.ttl``."""
    out = work / "base"
    if not (out / "graph.ttl").exists():
        subprocess.run([sys.executable, "-m", "kg", "build", *ARTICLES, "--out", str(out), "--no-html"],
                       cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return out / "graph.ttl"


def make_graph(base: Path, target: int, path: Path) -> int:
    """Copy the base graph's documents, each with what it mentions and states, until ``target`` triples.

    Copy ``k`` (0 is the base itself) renames documents, mentions and evidence statements
    (``doc/ck-…``) and the entities outside the shared vocabulary (``…-ck``, label ``… (k)``).
    """
    from rdflib import Literal, URIRef
    from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

    from kg.analytics import RELATIONS, entities
    from kg.export import write_turtle
    from kg.graph import load_graph, new_graph
    from kg.namespaces import KG, KGID, term

    g0 = load_graph(base)
    docs = sorted(g0.subjects(RDF.type, KG.Document), key=str)
    kinds = [str(KGID) + k for k in ("doc/", "mention/", "evidence/")]
    cls = entities(g0)
    relation_terms = {term(r) for r in RELATIONS}
    evidenced = {(g0.value(st, RDF.subject), g0.value(st, RDF.predicate), g0.value(st, RDF.object))
                 for st in g0.subjects(RDF.type, RDF.Statement)}

    def rename(node, k):
        if k == 0 or not isinstance(node, URIRef):
            return node
        iri = str(node)
        for prefix in kinds:
            if iri.startswith(prefix):
                return URIRef(f"{prefix}c{k}-{iri[len(prefix):]}")
        return URIRef(f"{iri}-c{k}") if node in cls and cls[node] not in SHARED else node

    def add_entity(e, k, g):
        """The entity's own triples, and its background relations (a city in its region) with their targets."""
        for p, o in g0.predicate_objects(e):
            if p in relation_terms:
                if (e, p, o) not in evidenced and o in cls:
                    if (rename(o, k), RDF.type, None) not in g:
                        add_entity(o, k, g)
                    g.add((rename(e, k), p, rename(o, k)))
                continue
            if k and p in (RDFS.label, SKOS.altLabel) and cls[e] not in SHARED:
                o = Literal(f"{o} ({k})")
            g.add((rename(e, k), p, o))

    g = new_graph()
    j = 0
    while len(g) < target:
        k, d = divmod(j, len(docs))
        d = docs[d]
        j += 1
        touched = set(g0.objects(d, KG.mentions))
        for p, o in g0.predicate_objects(d):
            g.add((rename(d, k), p, Literal(f"c{k}-{o}") if k and p == DCTERMS.identifier else rename(o, k)))
        for node in g0.subjects(PROV.wasDerivedFrom, d):  # its mentions and evidence statements
            for p, o in g0.predicate_objects(node):
                g.add((rename(node, k), p, rename(o, k)))
            if (node, RDF.type, RDF.Statement) in g0:
                s, p, o = (g0.value(node, x) for x in (RDF.subject, RDF.predicate, RDF.object))
                g.add((rename(s, k), p, rename(o, k)))
                touched |= {s, o}
        for e in touched & cls.keys():
            add_entity(e, k, g)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_turtle(g, path)
    path.with_suffix(".count").write_text(f"{len(g)}\n")
    return len(g)


@dataclass
class Run:
    seconds: float
    peak_mb: float
    code: int | None  # None: stopped at the limit
    stdout: str
    stderr: str


def measure(cmd: list[str], cwd: Path, limit: float) -> Run:
    """Run ``cmd``; its wall time and the peak RSS of it and its children (a query's worker too)."""
    out, err = tempfile.TemporaryFile("w+"), tempfile.TemporaryFile("w+")
    t = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err, start_new_session=True)
    code: int | None = None
    while True:
        pid, status, usage = os.wait4(p.pid, os.WNOHANG)
        if pid:
            code = os.waitstatus_to_exitcode(status)
            break
        if time.perf_counter() - t > limit:
            os.killpg(p.pid, signal.SIGKILL)
            _pid, _status, usage = os.wait4(p.pid, 0)
            break
        time.sleep(0.05)
    seconds = time.perf_counter() - t
    p.returncode = -1  # reaped above
    texts = []
    for fh in (out, err):
        fh.seek(0)
        texts.append(fh.read())
        fh.close()
    return Run(seconds, usage.ru_maxrss / 1024, code, *texts)


def note(step: str, run: Run) -> str:
    """What the output says that the table should show."""
    if run.code is None:
        return "stopped at the limit"
    if run.code not in (0, 1):
        return f"exit {run.code}: " + " ".join(run.stderr.split())[-120:]
    if step == "summary":
        return next((ln for ln in run.stderr.splitlines() if ln.startswith("summary alone")), "")
    if step == "stats":
        m = re.search(r"betweenness centrality \((sampled: [^()]*)\)", run.stdout)
        c = re.search(r"^communities: \d+ \((\w+)", run.stdout, re.M)
        return f"betweenness {m.group(1) if m else 'exact'}; communities: {c.group(1) if c else 'none'}"
    if step == "view":
        return run.stderr.strip().removeprefix("kg: ").splitlines()[0] if run.stderr.strip() else "every node"
    if step == "validate":
        return "conforms" if "conforms" in run.stdout else run.stdout.splitlines()[0].split(": ", 1)[-1]
    if step == "query":
        return f"{max(run.stdout.count(chr(10)) - 1, 0)} rows"
    return ""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10k,100k,1M", help="comma-separated triple counts (10k, 100k, 1M)")
    ap.add_argument("--work", type=Path, default=Path("/tmp/kg-bench-scale"), help="where the graphs are kept")
    ap.add_argument("--tree", type=Path, default=ROOT, help="the source tree whose kg is measured")
    ap.add_argument("--limit", type=float, default=600, help="stop a step after this many seconds")
    ap.add_argument("--steps", default="load,summary,stats,view,validate,query")
    ap.add_argument("--make", nargs=3, metavar=("TRIPLES", "BASE", "OUT"), help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.make:
        make_graph(Path(a.make[1]), int(a.make[0]), Path(a.make[2]))
        return
    base = base_graph(a.work)
    py = sys.executable
    print(f"kg scale benchmark, {datetime.date.today()}, {platform.machine()} with {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, tree {a.tree}", flush=True)
    print("\n| triples | step | seconds | peak MB | note |\n|---:|---|---:|---:|---|", flush=True)
    for target in map(size, a.sizes.split(",")):
        path = a.work / f"graph-{target}.ttl"
        if not path.with_suffix(".count").exists():  # in a process of its own: this one stays small, as
            subprocess.run([py, __file__, "--make", str(target), str(base), str(path)], check=True)  # it is
            # the parent whose size a child's peak RSS starts from (Linux counts the memory it forked from)
        n = int(path.with_suffix(".count").read_text())
        html, g = a.work / "view.html", str(path)
        steps = {"load": [py, "-c", LOAD, g], "summary": [py, "-c", SUMMARY, g],
                 "stats": [py, "-m", "kg", "stats", "--graph", g],
                 "view": [py, "-m", "kg", "view", "--graph", g, "--out", str(html)],
                 "validate": [py, "-m", "kg", "validate", "--graph", g],
                 "query": [py, "-m", "kg", "query", "evidence", "--graph", g, "--format", "csv", "--timeout", "600"]}
        for step in a.steps.split(","):
            run = measure(steps[step], a.tree, a.limit)
            shown = f"> {a.limit:.0f}" if run.code is None else f"{run.seconds:.1f}"
            print(f"| {n:,} | {step} | {shown} | {run.peak_mb:.0f} | {note(step, run)} |", flush=True)


if __name__ == "__main__":
    main()
