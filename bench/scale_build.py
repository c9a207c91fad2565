#!/usr/bin/env python3
"""Benchmark of issue 11: kg build against bare spaCy, in 1 and 2 processes, peak memory, an
incremental store rebuild, and the bundled queries through the store.  Run outside CI:

    .venv/bin/python bench/scale_build.py [--sizes 100 1000 3000] [--runs 5] [--repeat 3] [--no-store]

It makes its own corpus: distinct articles of about 400 words, each put together from templates
of the constructions real policy news uses (a dateline, a plenary session of a numbered
committee, a resolution, sector and strategy lists, a named secretary, a provincial committee,
and prose around them), over the gazetteer's cities, sectors and strategies, with a fixed seed.

Each measurement runs in its own process (``--child``), so that peak memory (the process's own
and its workers') is that measurement's alone.  Words are whitespace-separated tokens of the
texts; "bare spaCy" is ``nlp.pipe`` of the same model package on the same texts (whole articles,
``n_process`` as given), without kg's gazetteer ruler; "kg build" is what ``kg build --no-html``
does (build, write graph.ttl, count what it prints).  Times are wall-clock seconds without loading
the model.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
SURNAMES = ["Li", "Wang", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu", "Xu", "Sun", "Hu", "Zhu",
            "Gao", "Lin", "He", "Guo", "Ma", "Luo"]
GIVEN = ["Qiang", "Wei", "Jianguo", "Hong", "Xiaoming", "Lei", "Ming", "Jun", "Hua", "Ping", "Yun", "Bo", "Gang",
         "Jie", "Tao", "Xin", "Yong", "Lin", "Feng", "Hui"]
TOPICS = ["deepening reform in an all-round way", "building a modern industrial system",
          "promoting high-quality development", "advancing Chinese modernization in the city",
          "strengthening scientific and technological innovation", "improving people's livelihoods",
          "expanding high-standard opening up", "promoting integrated urban and rural development"]
PROSE = [
    "Officials said the measures would be carried out step by step, with annual targets and regular reviews.",
    "The session heard and discussed a work report delivered on behalf of the standing committee.",
    "Participants agreed that the past year had seen steady growth despite a complex external environment.",
    "The document calls for better coordination between departments and a clearer division of responsibilities.",
    "Local governments were asked to cut red tape for businesses and to improve the services they offer.",
    "Investment in infrastructure, education and public health will continue to rise over the next five years.",
    "Experts at a local university said the plan reflected lessons learned from earlier rounds of reform.",
    "The meeting also reviewed progress in ecological protection and the treatment of rivers and lakes.",
    "Enterprises will receive support for research and development through tax incentives and special funds.",
    "Residents will benefit from more affordable housing, better elderly care and improved public transport.",
    "The city will also train more skilled workers and attract talent from home and abroad.",
    "Risks in finance, real estate and local government debt must be prevented and defused, the meeting said.",
    "A number of pilot programs launched last year will be expanded to more districts and counties.",
    "Rural revitalization remains a priority, with more funds for farmland, irrigation and village roads.",
    "The plan sets out tasks for the coming years and names the departments responsible for each of them.",
    "Cadres at all levels were urged to take on responsibility and to deliver concrete results for the people.",
]


def vocabulary() -> tuple[list[tuple[str, str]], list[str], list[str]]:
    from kg.gazetteer import load, norm

    lex = load()
    cities = sorted((c, p) for c, p in lex.place_parent.items()
                    if lex.place_class.get(norm(c)) == "City" and lex.place_class.get(norm(p)) == "Region")
    sectors = sorted(set(lex.surface["sector"].values()))
    strategies = sorted(set(lex.surface["strategy"].values()))
    return cities, sectors, strategies


def article(k: int, vocab: tuple[list[tuple[str, str]], list[str], list[str]], variant: int = 0) -> str:
    """The k-th article of the corpus (``variant`` > 0 gives a changed version of it)."""
    cities, sectors, strategies = vocab
    r = random.Random(k * 7919 + variant * 104729)
    city, province = cities[r.randrange(len(cities))]
    year, month, day = r.randint(2019, 2025), r.randint(1, 12), r.randint(1, 28)
    term, ordinal = r.randint(11, 15), r.randint(1, 9)
    secs = r.sample(sectors, 6)
    strats = r.sample(strategies, 3)
    person = f"{r.choice(SURNAMES)} {r.choice(GIVEN)}"
    topic = r.choice(TOPICS)
    lines = [
        f" date {year}-{month:02d}-{day:02d} {city} sets out its priorities for {year + 1}",
        f"{city.upper()}, {MONTHS[month - 1]} {day} (Xinhua) -- The {ORDINALS[ordinal - 1]} plenary session of the "
        f"{term}th CPC {city} Municipal Committee was held in {city} on {WEEKDAYS[r.randrange(7)]}, adopting a "
        f"resolution on {topic}.",
        f"{city} will accelerate the development of {secs[0]}, {secs[1]} and {secs[2]}, according to the resolution.",
        f"The city aims to pursue {strats[0]} and {strats[1]}, and to become a leading center of {secs[3]} in "
        f"{province}.",
        f"{person}, secretary of the CPC {city} Municipal Committee, said the city would give priority to "
        f"{secs[4]} and {secs[5]}.",
        f"The CPC {province} Provincial Committee has asked its cities to support {strats[2]}.",
    ]
    prose = PROSE[:]
    r.shuffle(prose)
    body, words = [], sum(len(line.split()) for line in lines)
    n = 0
    while words < 400:
        sentence = prose[n % len(prose)]
        if n >= len(prose):  # a second pass varies the wording a little
            sentence = sentence.replace("The city", f"{city}").replace("The meeting", "The plenary session")
        body.append(sentence)
        words += len(sentence.split())
        n += 1
    paras = [" ".join(body[i:i + 3]) for i in range(0, len(body), 3)]
    out = lines[:3] + paras[:2] + lines[3:5] + paras[2:4] + lines[5:] + paras[4:]
    return "\n\n".join(out) + "\n"


def make_corpus(folder: Path, n: int) -> int:
    """Write ``n`` articles into ``folder``; return their words."""
    vocab = vocabulary()
    folder.mkdir(parents=True, exist_ok=True)
    words = 0
    for k in range(n):
        text = article(k, vocab)
        (folder / f"article_{k:05d}.txt").write_text(text, "utf-8")
        words += len(text.split())
    return words


def peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024


# ----------------------------------------------------------------- measurements, each in a child process

def child(kind: str, folder: Path, jobs: int, extra: str) -> dict[str, float]:
    texts = [p.read_text("utf-8") for p in sorted(folder.glob("*.txt"))]
    if kind == "spacy":
        from kg.nlp import _load_model

        nlp = _load_model()
        t0 = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=64, n_process=jobs):
            pass
        return {"seconds": time.perf_counter() - t0, "peak_mb": peak_mb()}
    if kind == "build":
        from kg.export import turtle_bytes, write_set
        from kg.nlp import make_nlp
        from kg.pipeline import build

        from kg.analytics import counts

        make_nlp()
        t0 = time.perf_counter()
        g, report = build([folder], jobs=jobs)  # what `kg build --no-html` does: build, write, count
        data = turtle_bytes(g)
        write_set({Path(extra) / "graph.ttl": data})
        counts(g)
        return {"seconds": time.perf_counter() - t0, "peak_mb": peak_mb(), "triples": len(g),
                "documents": len(report.documents)}
    if kind == "store":
        from kg.nlp import make_nlp
        from kg.store import build_store

        make_nlp()
        t0 = time.perf_counter()
        res = build_store([folder], extra, jobs=jobs)
        return {"seconds": time.perf_counter() - t0, "peak_mb": peak_mb(), "extracted": res.extracted,
                "quads": res.quads}
    raise SystemExit(f"unknown measurement {kind}")


def measure(kind: str, folder: Path, jobs: int, extra: str = "") -> dict[str, float]:
    out = subprocess.run([sys.executable, __file__, "--child", kind, str(folder), str(jobs), extra],
                         check=True, capture_output=True, text=True)
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _first(st, sparql: str) -> str:
    rows = st.query(sparql).rows
    return rows[0][0] if rows else ""


def bindings_for(st) -> dict[str, dict[str, str] | None]:
    """One binding per bundled query, by name as a user gives it: the first city, committee, person,
    strategy and document of the store (alphabetically), each naming one thing."""
    city = _first(st, "SELECT ?l WHERE { ?p a kg:City ; rdfs:label ?l } ORDER BY ?l LIMIT 1")
    committee = _first(st, "SELECT ?l WHERE { ?c a kg:Committee ; rdfs:label ?l . ?m kg:heldBy ?c } ORDER BY ?l LIMIT 1")
    person = _first(st, "SELECT ?l WHERE { ?p a kg:Person ; rdfs:label ?l } ORDER BY ?l LIMIT 1")
    strategy = _first(st, "SELECT ?l WHERE { ?s a kg:Strategy ; rdfs:label ?l } ORDER BY ?l LIMIT 1")
    sector = _first(st, "SELECT ?l WHERE { ?s a kg:Sector ; rdfs:label ?l } ORDER BY ?l LIMIT 1")
    document = _first(st, "SELECT ?l WHERE { ?d a kg:Document ; dcterms:identifier ?l } ORDER BY ?l LIMIT 1")
    return {"about": {"entity": city}, "committees": {"committee": committee}, "document": {"document": document},
            "entities": {"label": city}, "evidence": {"subject": city}, "mentioned-in": {"entity": sector},
            "people": {"person": person}, "priorities-by-year": {"who": city}, "sectors-by-place": {"place": city},
            "strategies": {"strategy": strategy},
            "strategies-by-year": {"place": city}}


def query_times(store: Path, runs: int) -> list[tuple[str, str, float, int, float]]:
    """(query, binding, p50 seconds in-process, rows, seconds of `kg query` as a whole process): each
    bundled query over every row (those that need a binding are skipped) and bound by name to one thing."""
    from kg.query import bundled
    from kg.store import Store

    st = Store.open(store)
    out = []
    kg = str(Path(sys.executable).with_name("kg"))
    binds = bindings_for(st)
    for name in bundled():
        ways: list[dict[str, str] | None] = [] if name in ("about", "document", "mentioned-in") else [None]
        if name in binds:  # the first three are made to be bound
            ways.append(binds[name])
        for b in ways:
            times, rows = [], 0
            for _ in range(runs):
                t0 = time.perf_counter()
                res = st.query(name, bindings=b)
                times.append(time.perf_counter() - t0)
                rows = len(res.rows)
            args = [kg, "query", name, "--store", str(store), "--format", "csv"]
            for k, v in (b or {}).items():
                args += ["--bind", f"{k}={v}"]
            t0 = time.perf_counter()
            subprocess.run(args, check=True, capture_output=True)
            label = ", ".join(f"{k}={v}" for k, v in b.items()) if b else "(every row)"
            out.append((name, label, statistics.median(times), rows, time.perf_counter() - t0))
    return out


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        print(json.dumps(child(sys.argv[2], Path(sys.argv[3]), int(sys.argv[4]), sys.argv[5])))
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    ap.add_argument("--runs", type=int, default=5, help="runs of each query for its median")
    ap.add_argument("--repeat", type=int, default=1,
                    help="measure bare spaCy and kg build this many times each, interleaved, and keep the fastest")
    ap.add_argument("--no-store", action="store_true", help="skip the store builds and the queries")
    ap.add_argument("--queries-only", metavar="STORE", type=Path,
                    help="only time the bundled queries on an existing store (made by kg build --store)")
    a = ap.parse_args()
    if a.queries_only:
        print("| query | bound to | rows | p50 ms | kg query process s |")
        print("|---|---|---:|---:|---:|")
        for name, bound, p50, nrows, proc in query_times(a.queries_only, a.runs):
            print(f"| {name} | {bound} | {nrows:,} | {p50 * 1000:.0f} | {proc:.2f} |")
        return
    tmp = Path(tempfile.mkdtemp(prefix="kg-bench11-"))
    print(f"kg issue-11 benchmark: {platform.machine()}, {os.cpu_count()} cores (shared with other work), "
          f"Python {platform.python_version()}", flush=True)
    rows = []
    for n in a.sizes:
        folder = tmp / f"corpus-{n}"
        words = make_corpus(folder, n)
        # interleaved, each --repeat times, the fastest kept (the others waited for something else)
        tries: dict[str, list[dict[str, float]]] = {"spacy1": [], "build1": [], "spacy2": [], "build2": []}
        for _ in range(a.repeat):
            tries["spacy1"].append(measure("spacy", folder, 1))
            tries["build1"].append(measure("build", folder, 1, str(tmp / f"out-{n}-1")))
            tries["spacy2"].append(measure("spacy", folder, 2))
            tries["build2"].append(measure("build", folder, 2, str(tmp / f"out-{n}-2")))
        spacy1, build1, spacy2, build2 = (min(tries[k], key=lambda m: m["seconds"])
                                          for k in ("spacy1", "build1", "spacy2", "build2"))
        same = (tmp / f"out-{n}-1" / "graph.ttl").read_bytes() == (tmp / f"out-{n}-2" / "graph.ttl").read_bytes()
        store = tmp / f"store-{n}"
        clean = incr = {"seconds": float("nan"), "extracted": 0, "quads": 0}
        if not a.no_store:
            clean = measure("store", folder, 1, str(store))
            vocab = vocabulary()
            changed = max(1, n // 100)
            for k in range(changed):
                (folder / f"article_{k * (n // changed):05d}.txt").write_text(article(k * (n // changed), vocab, 1))
            incr = measure("store", folder, 1, str(store))
        row = {"documents": n, "words": words, "triples": build1["triples"], "same_bytes_1_2": same,
               "spacy1_wps": words / spacy1["seconds"], "build1_wps": words / build1["seconds"],
               "spacy2_wps": words / spacy2["seconds"], "build2_wps": words / build2["seconds"],
               "build1_s": build1["seconds"], "build2_s": build2["seconds"],
               "peak1_mb": build1["peak_mb"], "peak2_mb": build2["peak_mb"], "spacy_peak_mb": spacy1["peak_mb"],
               "store_clean_s": clean["seconds"], "store_incr_s": incr["seconds"], "incr_extracted": incr["extracted"],
               "quads": clean["quads"]}
        rows.append(row)
        print(json.dumps(row), flush=True)
    print()
    print("| documents | words | triples | bare spaCy 1 proc (words/s) | kg build 1 proc | ratio | bare spaCy 2 "
          "proc | kg build 2 proc | 2 proc / 1 proc (kg; spaCy) | same bytes 1 & 2 | peak RSS kg 1 proc; 2 proc "
          "(MB) | store: clean build s | 1% changed s (share) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|:-:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['documents']:,} | {r['words']:,} | {r['triples']:,} | {r['spacy1_wps']:,.0f} | "
              f"{r['build1_wps']:,.0f} | {r['build1_wps'] / r['spacy1_wps']:.2f} | {r['spacy2_wps']:,.0f} | "
              f"{r['build2_wps']:,.0f} | {r['build2_wps'] / r['build1_wps']:.2f}×; "
              f"{r['spacy2_wps'] / r['spacy1_wps']:.2f}× | {'yes' if r['same_bytes_1_2'] else 'NO'} | "
              f"{r['peak1_mb']:.0f}; {r['peak2_mb']:.0f} | {r['store_clean_s']:.1f} | "
              f"{r['store_incr_s']:.1f} ({r['store_incr_s'] / r['store_clean_s']:.1%}, "
              f"{r['incr_extracted']} re-extracted) |")
    largest = tmp / f"store-{a.sizes[-1]}"
    if a.no_store:
        shutil.rmtree(tmp, ignore_errors=True)
        return
    print()
    print(f"Bundled queries through the store of {a.sizes[-1]:,} documents (p50 of {a.runs} runs in-process; "
          "`kg query NAME --store` as a whole process, once):")
    print("| query | bound to | rows | p50 ms | kg query process s |")
    print("|---|---|---:|---:|---:|")
    for name, bound, p50, nrows, proc in query_times(largest, a.runs):
        print(f"| {name} | {bound} | {nrows:,} | {p50 * 1000:.0f} | {proc:.2f} |")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
