#!/usr/bin/env python3
"""Benchmark kg on a corpus made from the committed articles: throughput, memory, output size.

    .venv/bin/python scripts/bench.py [--copies N]

Each article under seeds/ and tests/data/ is copied N times under new file names
(so every copy is its own document), then built with the library.  Prints the
time of each stage and the peak resident memory.  Not part of the test suite.
"""
from __future__ import annotations

import argparse
import platform
import resource
import shutil
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=25)
    ap.add_argument("--long-mb", type=float, default=1.0, help="size of the one long article timed apart")
    a = ap.parse_args()
    sources = sorted(ROOT.glob("seeds/*.txt")) + sorted(ROOT.glob("tests/data/**/articles/*.txt"))
    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    for n in range(a.copies):
        for src in sources:
            shutil.copy(src, tmp / f"{n:04d}_{src.name}")
    docs_chars = sum(p.stat().st_size for p in tmp.iterdir())

    t0 = time.perf_counter()
    from kg.nlp import make_nlp

    make_nlp()
    t_model = time.perf_counter() - t0
    from kg.export import turtle_bytes
    from kg.graph import to_graph
    from kg.pipeline import extract_all, read_all
    from kg.resolve import resolve
    from kg.view import render_html

    t = time.perf_counter()
    docs, skipped = read_all([tmp])
    t_read = time.perf_counter() - t
    t = time.perf_counter()
    exts = extract_all(docs)
    t_extract = time.perf_counter() - t
    t = time.perf_counter()
    g = to_graph(resolve(exts))
    t_graph = time.perf_counter() - t
    t = time.perf_counter()
    ttl = turtle_bytes(g)
    t_ttl = time.perf_counter() - t
    t = time.perf_counter()
    html = render_html(g)
    t_html = time.perf_counter() - t
    total = t_read + t_extract + t_graph + t_ttl + t_html
    shutil.rmtree(tmp)

    print(f"kg benchmark on {platform.processor() or platform.machine()}, Python {platform.python_version()}")
    print(f"corpus: {len(docs)} documents ({len(skipped)} skipped), {docs_chars / 1e6:.2f} MB of text")
    print(f"{'stage':<24}{'seconds':>10}{'docs/s':>10}")
    for name, sec in (("load spaCy model", t_model), ("read", t_read), ("extract (spaCy + rules)", t_extract),
                      ("resolve + RDF graph", t_graph), ("Turtle", t_ttl), ("HTML view", t_html),
                      ("total (without model)", total)):
        print(f"{name:<24}{sec:>10.2f}{len(docs) / sec if sec and name != 'load spaCy model' else 0:>10.1f}")
    print(f"graph: {len(g)} triples, Turtle {len(ttl) / 1e6:.2f} MB, HTML {len(html) / 1e6:.2f} MB")
    print(f"peak resident memory: {peak_rss_mb():.0f} MB")

    # one long article, made of the committed articles' bodies, read as a single document
    from kg.reader import read_text

    bodies = [p.read_text("utf-8").split("\n", 1)[-1] for p in sources]
    text, k = " date 2024-01-01 A long article.\n", 0
    while len(text) < a.long_mb * 1e6:
        text += bodies[k % len(bodies)]
        k += 1
    t = time.perf_counter()
    (x,) = extract_all([read_text("long.txt", text)])
    t_long = time.perf_counter() - t
    print(f"one long article: {len(text) / 1e6:.2f} MB in {t_long:.1f} s ({len(text) / t_long / 1e3:.0f} k chars/s), "
          f"{len(x.mentions)} mentions; peak resident memory now {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
