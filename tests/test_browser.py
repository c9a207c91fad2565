"""The HTML view in a real browser: Debian's Chromium driven by Playwright, network blocked.

One browser for the module.  Skipped, with the reason, only where Chromium or Playwright
is missing (``make test`` installs Chromium as root).
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg import KnowledgeGraph

from .conftest import ROOT, entity_count, sparql_count
from .test_view import HOSTILE

pytestmark = pytest.mark.model
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    src = tmp_path_factory.mktemp("corpus")
    for f in (ROOT / "seeds").glob("*.txt"):
        shutil.copy(f, src / f.name)
    (src / "hostile.txt").write_text(HOSTILE)
    kg = KnowledgeGraph.build([src])
    out = tmp_path_factory.mktemp("view") / "graph.html"
    kg.to_html(out)
    return kg, out


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (`make sysdeps` installs it as root)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (make setup)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        yield b
        b.close()


@pytest.fixture(scope="module")
def page(browser, built):
    ctx = browser.new_context(offline=True, viewport={"width": 1400, "height": 900})
    requests: list[str] = []
    ctx.route("**/*", lambda route: (requests.append(route.request.url),
                                     route.continue_() if route.request.url.startswith("file:") else route.abort()))
    pg = ctx.new_page()
    events: dict[str, list[str]] = {"errors": [], "dialogs": [], "requests": requests}
    pg.on("console", lambda m: m.type == "error" and events["errors"].append(m.text))
    pg.on("pageerror", lambda e: events["errors"].append(str(e)))
    pg.on("dialog", lambda d: (events["dialogs"].append(d.message), d.dismiss()))
    pg.goto(built[1].as_uri())
    for _ in range(300):  # wait_for_function would need eval, which the page's CSP forbids
        if pg.evaluate("window.kgReady === true"):
            break
        pg.wait_for_timeout(100)
    else:
        pytest.fail("the network did not settle within 30 s")
    pg.events = events
    yield pg
    ctx.close()


def test_loads_offline_without_errors_and_draws_every_entity_and_relation(page, built):
    kg = built[0]
    assert page.events["errors"] == [] and page.events["dialogs"] == []
    assert all(u.startswith("file:") for u in page.events["requests"])
    nodes, edges = page.evaluate("[kgNodes.length, kgEdges.length]")
    assert nodes == entity_count(kg)
    assert edges == sparql_count(kg, """SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o .
        FILTER(?p IN (kg:locatedIn, kg:governs, kg:partOf, kg:memberOf, kg:heldBy, kg:adoptedAt, kg:adoptedBy,
                      kg:pursues, kg:hasComponent, kg:prioritizes, kg:inGroup)) }""")
    assert page.locator("#legend label").count() >= 8


def test_class_filter_and_search(page, built):
    kg = built[0]
    total = page.evaluate("kgNodes.length")
    page.locator("#legend input[data-cls='Sector']").uncheck()
    assert page.evaluate("kgNodes.length") == total - entity_count(kg, ["Sector"])
    page.locator("#legend input[data-cls='Sector']").check()
    assert page.evaluate("kgNodes.length") == total
    page.fill("#search", "integrated circ")
    selected = page.evaluate("kgNetwork.getSelectedNodes().map(id => kgNodes.get(id).label)")
    assert selected == ["integrated circuits"]
    assert "1 match" in page.inner_text("#info")
    page.fill("#search", "")


def test_document_filter(page):
    total = page.evaluate("kgNodes.length")
    page.select_option("#docfilter", "hostile.txt")
    shown = page.evaluate("kgNodes.length")
    assert 0 < shown < total
    page.select_option("#docfilter", "")


def _hover(page, js_point: str) -> str:
    x, y = page.evaluate(f"""(() => {{ const p = {js_point}; const d = kgNetwork.canvasToDOM(p);
        const r = document.querySelector('#net canvas').getBoundingClientRect(); return [r.left + d.x, r.top + d.y]; }})()""")
    page.mouse.move(x, y)
    tip = page.locator("div.vis-tooltip")
    tip.wait_for(state="visible", timeout=5_000)
    return tip.inner_text()


def test_hostile_text_shows_as_text_and_runs_nothing(page):
    node = page.evaluate("kgNodes.get().find(n => n.label.includes('onerror')).id")
    page.evaluate(f"kgNetwork.focus({node!r}, {{scale: 1.5}})")
    text = _hover(page, f"kgNetwork.getPositions([{node!r}])[{node!r}]")
    assert "<img src=x onerror=alert(1)>" in text
    assert page.locator("div.vis-tooltip img").count() == 0
    edge = page.evaluate("kgEdges.get().find(e => e.details.includes('<script>')).id")
    ends = page.evaluate(f"kgNetwork.getConnectedNodes({edge!r})")
    page.evaluate(f"kgNetwork.fit({{nodes: {ends!r}}})")
    page.mouse.move(1, 1)
    mid = (f"(() => {{ const p = kgNetwork.getPositions({ends!r}); const a = p[{ends[0]!r}], b = p[{ends[1]!r}];"
           " return {x: (a.x + b.x) / 2, y: (a.y + b.y) / 2}; })()")
    text = _hover(page, mid)
    assert "<script>alert(1)</script>" in text
    corner = page.evaluate("(() => { const r = document.querySelector('#net canvas').getBoundingClientRect();"
                           " return [r.right - 3, r.bottom - 3]; })()")
    page.mouse.move(*corner)  # an empty spot: the edge tooltip goes, so that the click lands on the canvas
    page.locator("div.vis-tooltip").wait_for(state="hidden", timeout=5_000)
    page.evaluate(f"kgNetwork.focus({node!r}, {{scale: 1.5}})")
    page.mouse.click(*page.evaluate(f"""(() => {{ const d = kgNetwork.canvasToDOM(kgNetwork.getPositions([{node!r}])[{node!r}]);
        const r = document.querySelector('#net canvas').getBoundingClientRect(); return [r.left + d.x, r.top + d.y]; }})()"""))
    assert "<img src=x onerror=alert(1)>" in page.inner_text("#info")
    assert page.events["dialogs"] == [] and page.events["errors"] == []
    assert page.locator("#info img, #info script").count() == 0
