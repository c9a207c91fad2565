#!/usr/bin/env python3
"""Benchmark the HTML view in headless Chromium on graphs of about 40, 250 and 3,000 nodes.

    .venv/bin/python scripts/bench_view.py [--trees AFTER[,BEFORE]] [--work DIR] [--shots]

The graphs are real kg graphs, made here once (kept in --work): the seeds (41 entities); every
committed article (seeds/, tests/data/..., 283 entities) drawn with --max-nodes 250; and that corpus
copied until it has 160k triples (scripts/bench_scale.py's copies, 3,115 entities) drawn with
--max-nodes 3000.  For each source tree (the one this script is in, and any other given, such as a
checkout of an older commit) it runs that tree's `kg view`, then opens the page in Debian's Chromium
(Playwright, offline, 1400x900) and measures:

    page       the size of the HTML file
    view       the wall time of `kg view` (load the Turtle, lay out, write)
    ready      from navigation to the page's `window.kgReady` (drawn and usable: for a page with
               physics, when the layout has settled)
    drag fps   frames drawn per second while the mouse drags the view for 2 s (a move every 16 ms;
               Playwright sends about 25 a second here, which caps the figure for a small page)
    frame ms   the mean time vis-network took to draw one of those frames (what a faster input would meet)
    filter ms  unticking the largest class in the legend, until the handler returns (the redraw follows)
    click ms   selecting the most central node: neighbourhood faded, evidence panel drawn (kgSelect;
               the page before this work had no such thing)
    errors     console errors and failed requests (none is expected)

Screenshots of each page go to --work (shot-TREE-N.png).  Prints a Markdown table (docs/benchmarks.md
holds the last one).  Not part of the test suite.
"""
from __future__ import annotations

import argparse
import datetime
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
CHROMIUM = "/usr/bin/chromium"


def graphs(work: Path) -> list[tuple[int, Path]]:
    """(max nodes, Turtle file) for the three sizes, made once."""
    import bench_scale

    seeds = work / "seeds" / "graph.ttl"
    if not seeds.exists():
        subprocess.run([sys.executable, "-m", "kg", "build", "seeds", "--out", str(seeds.parent), "--no-html"],
                       cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    base = bench_scale.base_graph(work)
    big = work / "graph-160000.ttl"
    if not big.exists():
        bench_scale.make_graph(base, 160_000, big)
    return [(40, seeds), (250, base), (3000, big)]


def drag_fps(page, seconds: float = 2.0) -> tuple[float, float]:
    """Frames drawn per second while the mouse drags the view from the middle of the canvas, and the
    mean time vis-network took to draw one of them (beforeDrawing to afterDrawing)."""
    box = page.locator("#net canvas").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.evaluate("""window.__frames = 0; window.__ms = 0; kgNetwork.on('beforeDrawing', () => window.__t = performance.now());
        kgNetwork.on('afterDrawing', () => { window.__frames++; window.__ms += performance.now() - window.__t; }); 0""")
    page.mouse.move(cx, cy)
    page.mouse.down()
    t = time.perf_counter()
    i = 0
    while time.perf_counter() - t < seconds:
        i += 1
        page.mouse.move(cx + 120 * ((i // 30) % 2 * 2 - 1) * (i % 30) / 30, cy + 40 * ((i // 15) % 2))
        page.wait_for_timeout(16)
    page.mouse.up()
    elapsed = time.perf_counter() - t
    frames, ms = page.evaluate("[window.__frames, window.__ms]")
    return frames / elapsed, ms / max(frames, 1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--trees", default=str(ROOT), help="comma-separated source trees whose `kg view` is measured")
    ap.add_argument("--work", type=Path, default=Path("/tmp/kg-bench-view"), help="where graphs and pages are kept")
    a = ap.parse_args()
    from playwright.sync_api import sync_playwright

    a.work.mkdir(parents=True, exist_ok=True)
    sizes = graphs(a.work)
    print(f"kg view benchmark, {datetime.date.today()}, {platform.machine()} with {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, Chromium {CHROMIUM}", flush=True)
    print("\n| tree | nodes | edges | page MB | view s | ready s | drag fps | frame ms | filter ms | click ms | errors |\n"
          "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|", flush=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        for tree in a.trees.split(","):
            name = Path(tree).name
            for n, ttl in sizes:
                html = a.work / f"view-{name}-{n}.html"
                t = time.perf_counter()
                subprocess.run([sys.executable, "-m", "kg", "view", "--graph", str(ttl), "--out", str(html),
                                "--max-nodes", str(n)], cwd=tree, check=True, capture_output=True)
                view_s = time.perf_counter() - t
                ctx = browser.new_context(offline=True, viewport={"width": 1400, "height": 900})
                errors: list[str] = []
                ctx.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                          else (errors.append(route.request.url), route.abort()))
                page = ctx.new_page()
                page.on("console", lambda m: m.type == "error" and errors.append(m.text))
                page.on("pageerror", lambda e: errors.append(str(e)))
                t = time.perf_counter()
                page.goto(html.as_uri())
                while not page.evaluate("window.kgReady === true") and time.perf_counter() - t < 120:
                    page.wait_for_timeout(20)
                ready = time.perf_counter() - t
                shown = page.evaluate("[kgNodes.length, kgEdges.length]")
                page.screenshot(path=str(a.work / f"shot-{name}-{n}.png"))
                fps, frame_ms = drag_fps(page)
                filter_ms = page.evaluate("""(() => { const boxes = Array.from(document.querySelectorAll('#legend input'));
                    const counts = boxes.map(b => +b.closest('label').querySelector('.count').textContent);
                    const box = boxes[counts.indexOf(Math.max(...counts))], t = performance.now();
                    box.click(); const ms = performance.now() - t; box.click(); return ms; })()""")
                click_ms = page.evaluate("""(() => { if (!window.kgSelect) return null;
                    const ids = kgNodes.getIds(), deg = ids.map(id => kgNetwork.getConnectedEdges(id).length);
                    const hub = ids[deg.indexOf(Math.max(...deg))], t = performance.now(); kgSelect(hub);
                    return performance.now() - t; })()""")
                page.wait_for_timeout(300)
                page.screenshot(path=str(a.work / f"shot-{name}-{n}-selected.png"))
                ctx.close()
                print(f"| {name} | {shown[0]:,} | {shown[1]:,} | {html.stat().st_size / 1e6:.2f} | {view_s:.1f} | "
                      f"{ready:.2f} | {fps:.0f} | {frame_ms:.0f} | {filter_ms:.0f} | {'-' if click_ms is None else f'{click_ms:.0f}'} | "
                      f"{len(errors) or 'none'} |", flush=True)
        browser.close()


if __name__ == "__main__":
    main()
