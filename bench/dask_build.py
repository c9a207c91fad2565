#!/usr/bin/env python3
"""Benchmark of issue 11, part 5: ``kg build --engine dask`` on a LocalCluster against the local
build, on the generated corpus of ``bench/scale_build.py``.  Run outside CI:

    .venv/bin/python bench/dask_build.py [--documents 1000] [--workers 2]

Each build runs in its own process (``--child``) through the library (``kg.pipeline.build``, then
the Turtle bytes written), from after the model is loaded in the client to ``graph.ttl`` written:
the local build in 1 and in ``--workers`` processes, and the Dask build on a LocalCluster of
``--workers`` single-threaded worker processes that the child starts (its start-up, the workers'
imports and model loading, reported apart as "cluster start": a cluster serves many builds).  It prints a Markdown table
and whether the three ``graph.ttl`` are byte-identical.  Peak RSS is the largest single process
(client or one worker), not their sum.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale_build import make_corpus  # noqa: E402  (the corpus generator of the issue-11 benchmark)


def peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024


def child(kind: str, folder: Path, workers: int, out: Path) -> dict[str, float]:
    from kg.export import turtle_bytes, write_set
    from kg.nlp import make_nlp
    from kg.pipeline import build

    make_nlp()
    engine = None
    start = 0.0
    if kind == "dask":
        import logging

        import distributed

        from kg.cluster import DaskEngine, worker_fingerprint

        t0 = time.perf_counter()
        cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                           dashboard_address=None, silence_logs=logging.ERROR)
        with distributed.Client(cluster) as client:  # each worker loads the model, as a build's first task would
            client.run(worker_fingerprint, None, ())
        engine = DaskEngine(cluster.scheduler_address)
        start = time.perf_counter() - t0
    t0 = time.perf_counter()
    g, report = build([folder], jobs=workers if kind == "local" else 1, engine=engine)
    write_set({out / "graph.ttl": turtle_bytes(g)})
    seconds = time.perf_counter() - t0
    if kind == "dask":
        cluster.close()
    return {"seconds": seconds, "start": start, "peak_mb": peak_mb(), "triples": len(g),
            "documents": len(report.documents)}


def measure(kind: str, folder: Path, workers: int, out: Path) -> dict[str, float]:
    res = subprocess.run([sys.executable, __file__, "--child", kind, str(folder), str(workers), str(out)],
                         check=True, capture_output=True, text=True)
    result: dict[str, float] = json.loads(res.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        print(json.dumps(child(sys.argv[2], Path(sys.argv[3]), int(sys.argv[4]), Path(sys.argv[5]))))
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--documents", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=2)
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-dask-"))
    print(f"kg dask benchmark: {platform.machine()}, {os.cpu_count()} cores (shared with other work), "
          f"Python {platform.python_version()}", flush=True)
    folder = tmp / "corpus"
    words = make_corpus(folder, a.documents)
    runs = [("local", 1), ("local", a.workers), ("dask", a.workers)]
    results = []
    for kind, n in runs:
        out = tmp / f"out-{kind}-{n}"
        r = measure(kind, folder, n, out)
        results.append((kind, n, r, (out / "graph.ttl").read_bytes()))
        print(json.dumps({"kind": kind, "processes": n, **r}), flush=True)
    base = results[0][2]["seconds"]
    print()
    print(f"{a.documents:,} documents, {words:,} words, {int(results[0][2]['triples']):,} triples")
    print()
    print("| build | processes | build s | words/s | against local 1 proc | cluster start s | peak RSS MB "
          "(largest process) | graph.ttl same bytes as local 1 proc |")
    print("|---|---:|---:|---:|---:|---:|---:|:-:|")
    for kind, n, r, data in results:
        name = "kg build (local)" if kind == "local" else "kg build --engine dask (LocalCluster)"
        start = f"{r['start']:.1f}" if kind == "dask" else "-"
        print(f"| {name} | {n} | {r['seconds']:.1f} | {words / r['seconds']:,.0f} | {base / r['seconds']:.2f}× | "
              f"{start} | {r['peak_mb']:.0f} | {'yes' if data == results[0][3] else 'NO'} |")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
