#!/usr/bin/env python3
"""Peak memory of `kg build --store` as the corpus grows (issue 11: a store build of 3,000 documents
within 1.5 times the memory of 100).  Run outside CI:

    .venv/bin/python bench/store_memory.py [--sizes 100 1000 3000] [--jobs 1] [--corpora DIR] [--changed 1]

Each build is its own `kg build CORPUS --store DIR --jobs N -q` process, into a new store; its peak
RSS is the kernel's ``ru_maxrss`` of that process (``os.wait4``; with ``--jobs`` > 1, the largest of
it and its forked workers).  The corpus is `bench/scale_build.py`'s (``make_corpus``, fixed seed), made
in a temporary folder, or read from ``DIR/corpus-N`` with ``--corpora`` (copied first when
``--changed`` is given, so that the folder is never written).  With ``--changed P``, P % of the
documents are then rewritten and the store brought up to date: the incremental build's time and peak
too.  Times are wall clock and include loading the model; on a shared machine only the memory is
steady.
"""
from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale_build import article, make_corpus, vocabulary  # noqa: E402

SUMMARY = re.compile(r"(\d+) extracted, (\d+) unchanged, (\d+) removed; (\d+) graphs written, (\d+) quads")


def kg_build(corpus: Path, store: Path, jobs: int) -> dict[str, float]:
    """One `kg build --store` process: its seconds, peak RSS (MB) and what it says it did."""
    cmd = [sys.executable, "-m", "kg", "build", str(corpus), "--store", str(store), "--jobs", str(jobs), "-q"]
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, text=True)
        _pid, status, usage = os.wait4(proc.pid, 0)  # the rusage of this process (and its workers) alone
        seconds = time.perf_counter() - t0
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        said, errors = out.read(), err.read()
    m = SUMMARY.search(said)
    if code not in (0, 1) or m is None:
        raise SystemExit(f"kg build failed ({code}):\n{said}\n{errors}")
    extracted, unchanged, _removed, written, quads = map(int, m.groups())
    return {"seconds": seconds, "peak_mb": usage.ru_maxrss / 1024, "extracted": extracted, "unchanged": unchanged,
            "written": written, "quads": quads}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 3000])
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--corpora", type=Path, help="read DIR/corpus-N instead of making the corpora")
    ap.add_argument("--changed", type=float, default=0, help="then change this %% of the documents and rebuild")
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="kg-store-memory-"))
    print(f"kg store memory: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"--jobs {a.jobs}", flush=True)
    rows = []
    try:
        for n in a.sizes:
            corpus = tmp / f"corpus-{n}"
            if a.corpora is not None:
                if a.changed:
                    shutil.copytree(a.corpora / f"corpus-{n}", corpus)
                else:
                    corpus = a.corpora / f"corpus-{n}"
            else:
                make_corpus(corpus, n)
            store = tmp / f"store-{n}"
            clean = kg_build(corpus, store, a.jobs)
            row = {"documents": n, **{f"clean_{k}": v for k, v in clean.items()}}
            if a.changed:
                vocab = vocabulary()
                changed = max(1, round(n * a.changed / 100))
                for k in range(changed):
                    i = k * (n // changed)
                    (corpus / f"article_{i:05d}.txt").write_text(article(i, vocab, 1), "utf-8")
                incr = kg_build(corpus, store, a.jobs)
                row.update({f"incr_{k}": v for k, v in incr.items()})
            rows.append(row)
            print(row, flush=True)
            shutil.rmtree(store, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print()
    head = "| documents | quads | clean build s | peak RSS MB |"
    rule = "|---:|---:|---:|---:|"
    if a.changed:
        head += f" {a.changed:g} % changed: s | peak RSS MB |"
        rule += "---:|---:|"
    print(head)
    print(rule)
    for r in rows:
        line = f"| {r['documents']:,} | {r['clean_quads']:,} | {r['clean_seconds']:.1f} | {r['clean_peak_mb']:.0f} |"
        if a.changed:
            line += f" {r['incr_seconds']:.1f} ({r['incr_extracted']} extracted) | {r['incr_peak_mb']:.0f} |"
        print(line)
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        print(f"\npeak RSS {last['documents']:,} / {first['documents']:,} documents: "
              f"{last['clean_peak_mb'] / first['clean_peak_mb']:.2f}x (clean builds)")


if __name__ == "__main__":
    main()
