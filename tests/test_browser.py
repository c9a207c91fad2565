"""The HTML view in a real browser: Debian's Chromium driven by Playwright, network blocked.

One browser and one page for the module, two tests: the filters, search and permalink; then a click's
evidence panel, a tooltip, hostile text and the PNG export.  Both watch the console for errors.
Skipped, with the reason, only where Chromium or Playwright is missing (``make test`` installs
Chromium as root).
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
#: An article whose city has more evidence sentences than a page of the side panel holds (25).
MANY = " date 2022-05-06 " + " ".join(f"Xiamen will open industrial park number {i} in its east." for i in range(31))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    src = tmp_path_factory.mktemp("corpus")
    for f in (ROOT / "seeds").glob("*.txt"):
        shutil.copy(f, src / f.name)
    (src / "hostile.txt").write_text(HOSTILE)
    (src / "many.txt").write_text(MANY)
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
def context(browser):
    ctx = browser.new_context(offline=True, viewport={"width": 1400, "height": 900}, accept_downloads=True)
    requests: list[str] = []
    ctx.route("**/*", lambda route: (requests.append(route.request.url),
                                     route.continue_() if route.request.url.startswith("file:") else route.abort()))
    ctx.events = {"errors": [], "dialogs": [], "requests": requests}
    yield ctx
    ctx.close()


def open_page(context, url: str):
    pg = context.new_page()
    pg.on("console", lambda m: m.type == "error" and context.events["errors"].append(m.text))
    pg.on("pageerror", lambda e: context.events["errors"].append(str(e)))
    pg.on("dialog", lambda d: (context.events["dialogs"].append(d.message), d.dismiss()))
    pg.goto(url)
    for _ in range(300):  # wait_for_function would need eval, which the page's CSP forbids
        if pg.evaluate("window.kgReady === true"):
            return pg
        pg.wait_for_timeout(100)
    pytest.fail("the page was not ready within 30 s")


@pytest.fixture(scope="module")
def page(context, built):
    return open_page(context, built[1].as_uri())


def legend(page, kind: str) -> dict[str, int]:
    return dict(page.evaluate(f"""Array.from(document.querySelectorAll('#{kind} label')).map(l =>
        [l.querySelector('input').dataset.cls || l.querySelector('input').dataset.rel, +l.querySelector('.count').textContent])"""))


def set_range(page, selector: str, value: int) -> None:
    page.evaluate(f"(() => {{ const r = document.querySelector({selector!r}); r.value = {value};"
                  " r.dispatchEvent(new Event('input')); })()")


def test_filters_compose_search_skips_what_they_hide_and_the_hash_keeps_them(page, built, context):
    kg = built[0]
    assert context.events["errors"] == [] and context.events["dialogs"] == []
    assert all(u.startswith("file:") for u in context.events["requests"])
    total, edges = page.evaluate("[kgNodes.length, kgEdges.length]")
    assert total == entity_count(kg)
    assert edges == sparql_count(kg, """SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o .
        FILTER(?p IN (kg:locatedIn, kg:governs, kg:partOf, kg:memberOf, kg:heldBy, kg:adoptedAt, kg:adoptedBy,
                      kg:pursues, kg:hasComponent, kg:prioritizes, kg:inGroup)) }""")
    sectors = entity_count(kg, ["Sector"])
    assert legend(page, "legend")["Sector"] == sectors and sum(legend(page, "legend").values()) == total

    # a class filtered out: search finds its label without an error (before: "Cannot read properties of
    # undefined (reading 'shape')"), says it is hidden, and selects nothing
    page.locator("#legend input[data-cls='Sector']").uncheck()
    assert page.evaluate("kgNodes.length") == total - sectors
    assert legend(page, "legend")["Sector"] == sectors  # what ticking it would bring back
    page.fill("#search", "integrated circ")
    assert page.evaluate("kgNetwork.getSelectedNodes()") == []
    assert "0 match(es)" in page.inner_text("#info") and "1 more hidden by the filters" in page.inner_text("#info")
    page.locator("#legend input[data-cls='Sector']").check()
    page.fill("#search", "integrated circ")
    assert page.evaluate("kgNetwork.getSelectedNodes().map(id => kgNodes.get(id).label)") == ["integrated circuits"]
    page.fill("#search", "")

    # relation, document, year and isolated filters compose, and the legends count what they let through
    pursues = legend(page, "rels")["pursues"]
    page.locator("#rels input[data-rel='pursues']").uncheck()
    assert page.evaluate("kgEdges.length") == edges - pursues
    page.select_option("#docfilter", "hostile.txt")
    strategies = page.evaluate("kgNodes.get().filter(n => n.group === 'Strategy').length")
    assert 0 < page.evaluate("kgNodes.length") < total and legend(page, "legend")["Strategy"] == strategies
    page.select_option("#docfilter", "")
    page.select_option("#placefilter", "xiamen")  # the documents that mention Xiamen: not the seeds
    labels = page.evaluate("kgNodes.get().map(n => n.label)")
    assert "Xiamen" in labels and "Shanghai" not in labels and "biomedicine" in labels
    page.select_option("#placefilter", "")
    set_range(page, "#yfrom", 2025)
    in_2025 = page.evaluate("kgNodes.length")
    assert 0 < in_2025 < total and page.inner_text("#years") == "2025"
    page.check("#isolated")
    assert page.evaluate("""kgNodes.getIds().every(id => kgNetwork.getConnectedEdges(id)
        .some(e => kgEdges.get(e)))""")
    shown = page.evaluate("[kgNodes.length, kgEdges.length]")
    assert shown[0] <= in_2025

    # the permalink: a new page opened at this URL shows the same
    url = page.url
    assert "rels=pursues" in url and "from=2025" in url and "iso=1" in url
    again = open_page(context, url)
    assert again.evaluate("[kgNodes.length, kgEdges.length]") == shown
    assert not again.locator("#rels input[data-rel='pursues']").is_checked()
    again.close()
    page.click("#reset")
    assert page.evaluate("[kgNodes.length, kgEdges.length]") == [total, edges] and "#" not in page.url.rstrip("#")
    assert context.events["errors"] == []


def _at(page, js_point: str) -> tuple[float, float]:
    return page.evaluate(f"""(() => {{ const d = kgNetwork.canvasToDOM({js_point});
        const r = document.querySelector('#net canvas').getBoundingClientRect(); return [r.left + d.x, r.top + d.y]; }})()""")


def _node(page, label_part: str) -> str:
    node = page.evaluate(f"kgNodes.get().find(n => n.label.includes({label_part!r})).id")
    page.evaluate(f"kgNetwork.focus({node!r}, {{scale: 1.2}})")
    return node


def test_a_click_lists_all_evidence_by_document_page_by_page_and_hostile_text_runs_nothing(page, context):
    # a tooltip shows hostile text as text, and stays inside the window at the canvas' bottom right corner
    node = _node(page, "onerror")
    page.mouse.move(*_at(page, f"kgNetwork.getPositions([{node!r}])[{node!r}]"))
    tip = page.locator("#tip")
    tip.wait_for(state="visible", timeout=5_000)
    assert "<img src=x onerror=alert(1)>" in tip.inner_text() and page.locator("#tip img").count() == 0
    page.mouse.move(1, 1)
    tip.wait_for(state="hidden", timeout=5_000)
    page.evaluate(f"""(() => {{ const c = document.querySelector('#net canvas').getBoundingClientRect();
        const p = kgNetwork.getPositions([{node!r}])[{node!r}];
        kgNetwork.moveTo({{position: {{x: p.x - (c.width / 2 - 12) / 1.2, y: p.y - (c.height / 2 - 12) / 1.2}},
                          scale: 1.2, animation: false}}); }})()""")
    page.mouse.move(*_at(page, f"kgNetwork.getPositions([{node!r}])[{node!r}]"))
    tip.wait_for(state="visible", timeout=5_000)
    box, window = tip.bounding_box(), page.viewport_size
    assert box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= window["width"]
    assert box["y"] + box["height"] <= window["height"]

    # a click: the neighbourhood stays, the rest fades; every sentence is listed, 25 a page, by document
    node = _node(page, "Xiamen")
    page.mouse.click(*_at(page, f"kgNetwork.getPositions([{node!r}])[{node!r}]"))
    info = page.locator("#info")
    assert info.locator(".head").inner_text().startswith("Xiamen (City)")
    total = int(page.inner_text("#info").split(" evidence sentence")[0].rsplit("\n", 1)[-1])
    assert total > 31 and "page 1 of 2" in page.inner_text("#info")
    seen = info.locator(".sent").all_inner_texts()
    page.click("#info button[data-step='1']")
    seen += info.locator(".sent").all_inner_texts()
    assert len(seen) == total == len(set(seen)) and "industrial park number 30" in " ".join(seen)
    assert "2022-05-06 · many.txt (continued)" in info.locator(".doc").all_inner_texts()  # the page cut a document
    near = page.evaluate(f"kgNetwork.getConnectedNodes({node!r})")
    assert sorted(page.evaluate("kgHighlighted()")) == sorted([node, *near]) and len(near) < page.evaluate("kgNodes.length") - 1
    assert f"sel={node}" in page.url
    page.select_option("#hops", "2")
    assert len(page.evaluate("kgHighlighted()")) > len(near) + 1 and "hops=2" in page.url

    # an edge: its own evidence
    edge = page.evaluate("""kgEdges.get().find(e => e.label === 'prioritizes' && kgNodes.get(e.from).label === 'Xiamen'
        && kgNodes.get(e.to).label === 'biomedicine').id""")
    ends = page.evaluate(f"kgNetwork.getConnectedNodes({edge!r})")
    page.evaluate(f"kgNetwork.fit({{nodes: {ends!r}, animation: false}})")
    page.mouse.click(*_at(page, f"kgNetwork.body.edges[{edge!r}].edgeType.getPoint(0.5)"))
    assert info.locator(".head").inner_text() == "Xiamen —prioritizes→ biomedicine"
    assert "<script>alert(1)</script>" in page.inner_text("#info") and "1 evidence sentence(s)" in page.inner_text("#info")
    assert page.locator("#info img, #info script").count() == 0

    # the PNG of the visible subgraph
    with page.expect_download() as download:
        page.click("#png")
    assert Path(download.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert context.events["errors"] == [] and context.events["dialogs"] == []
