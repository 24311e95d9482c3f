"""The web page in a real browser (Debian's Chromium through Playwright).

The page is served by uvicorn on a free loopback port over a corpus this file
writes (one report carries <script> and <img onerror> markup); the exported
single HTML file is opened from disk. Screenshots go to test-artifacts/.
Skipped when /usr/bin/chromium or the playwright package is missing.
"""
from __future__ import annotations

import socket
import threading
import time
import warnings
from pathlib import Path

import pytest

from eventsift import EventSift
from serve_corpus import write_corpus

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]

if not CHROMIUM.exists():
    pytest.skip(f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)
playwright_api = pytest.importorskip("playwright.sync_api", reason="browser tests need the playwright package "
                                                                   "(pip install -e '.[test]')")
uvicorn = pytest.importorskip("uvicorn")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("browser")
    url = f"sqlite:///{folder}/page.db"
    with EventSift(url) as sift:
        assert sift.run([write_corpus(folder / "docs")]).ok
    return url


@pytest.fixture(scope="module")
def server(db):
    """http://127.0.0.1:PORT/ serving the page and API in a thread, stopped after the module."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from eventsift.serve.api import create_app
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}/"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


class Page:
    """A browser page that records console errors, uncaught exceptions and dialogs."""

    def __init__(self, browser):
        # The page's Content-Security-Policy is bypassed so that markup in reports is shown to be inert
        # by the page's own DOM handling, not only blocked by the policy (and so wait_for_function works).
        self.page = browser.new_page(viewport={"width": 1400, "height": 900}, bypass_csp=True)
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

        def on_dialog(dialog):
            self.dialogs.append(dialog.message)
            dialog.dismiss()

        self.page.on("dialog", on_dialog)

    def open(self, url: str):
        self.page.goto(url)
        self.page.wait_for_selector("body[data-ready]", state="attached", timeout=30000)
        assert self.page.get_attribute("body", "data-ready") == "1", self.page.inner_text("#count")
        return self.page


@pytest.fixture
def page(browser):
    p = Page(browser)
    yield p
    p.page.close()


def events_of(db: str) -> list[dict]:
    with EventSift(db) as sift:
        return list(sift.events())


def shot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path))
    return path


def test_page_loads_with_a_marker_per_located_event(page, server, db):
    pg = page.open(server)
    events = events_of(db)
    located = [e for e in events if e["latitude"] is not None and e["longitude"] is not None]
    assert pg.evaluate("eventsift.markerCount()") == len(located) >= 4
    assert pg.locator("#list li").count() == len(events)
    assert pg.inner_text("#count").startswith(f"{len(events)} of {len(events)}")
    assert pg.locator("#timeline rect.bar").count() >= 1
    assert shot(pg, "page.png").stat().st_size > 10_000
    assert page.errors == [] and page.dialogs == []


def test_clicking_a_marker_shows_each_source_with_the_words_highlighted(page, server, db):
    pg = page.open(server)
    (event,) = [e for e in events_of(db) if e["location"] == "Khalidiya"]
    assert pg.evaluate("id => eventsift.showMarker(id)", event["id"])
    pg.click(f".es-marker[data-id='{event['id']}']")
    pg.wait_for_selector(f"#panel-body[data-id='{event['id']}'] .claim")
    cards = pg.locator("#panel-body .claim")
    assert cards.count() == 2
    texts = [cards.nth(i).inner_text() for i in range(2)]
    assert any("Killed, as this source says: 12" in t for t in texts)
    assert any("Killed, as this source says: 7" in t for t in texts)
    for i in range(2):
        sentence = cards.nth(i).locator("blockquote.sentence")
        marks = sentence.locator("mark")
        assert marks.count() >= 2
        whole = sentence.inner_text()
        for j in range(marks.count()):
            assert marks.nth(j).inner_text() in whole
    panel = pg.inner_text("#panel-body")
    assert "contested" in panel and "Why:" in panel
    shot(pg, "event-panel.png")
    assert page.errors == [] and page.dialogs == []


def test_timeline_brush_filters_the_list(page, server, db):
    pg = page.open(server)
    total = len(events_of(db))
    box = pg.locator("#timeline").bounding_box()
    y = box["y"] + box["height"] / 2
    pg.mouse.move(box["x"] + box["width"] * 0.55, y)
    pg.mouse.down()
    pg.mouse.move(box["x"] + box["width"] * 0.8, y, steps=5)
    pg.mouse.move(box["x"] + box["width"] - 2, y, steps=5)
    pg.mouse.up()
    label = pg.inner_text("#brush-label")
    assert " to " in label, label
    start, end = label.split(" to ")
    dates = pg.eval_on_selector_all("#list li", "items => items.map(li => li.dataset.date)")
    assert 0 < len(dates) < total
    assert all(start <= d <= end for d in dates), (label, dates)
    assert pg.evaluate("eventsift.markerCount()") <= len(dates)
    pg.click("#brush-clear")
    assert pg.locator("#list li").count() == total
    assert page.errors == []


def test_filters_narrow_the_map_and_list(page, server, db):
    pg = page.open(server)
    events = events_of(db)
    pg.select_option("#f-type", "Protests")
    assert pg.locator("#list li").count() == 1
    pg.select_option("#f-type", "")
    pg.fill("#f-text", "Khalidiya")  # the API's full-text search
    pg.wait_for_function("document.querySelectorAll('#list li').length === 1")
    assert "Khalidiya" in pg.inner_text("#list")
    pg.fill("#f-text", "")
    pg.wait_for_function(f"document.querySelectorAll('#list li').length === {len(events)}")
    pg.fill("#f-actor", "rebels")
    rebels = [e for e in events if "rebels" in f"{e['actor1']} {e['actor2']}".lower()]
    assert 0 < pg.locator("#list li").count() == len(rebels) < len(events)
    assert pg.evaluate("eventsift.markerCount()") == len(rebels)
    assert page.errors == []


def _assert_markup_stayed_text(page, pg):
    assert page.dialogs == [], page.dialogs
    assert pg.evaluate("document.querySelectorAll('img[src=\"x\"], img[onerror]').length") == 0
    assert pg.evaluate("document.querySelectorAll('#panel-body script, #list script, .leaflet-pane script, "
                       "#panel-body b, #panel-body i').length") == 0
    assert pg.evaluate("document.querySelectorAll('a[href^=\"javascript\"]').length") == 0
    panel = pg.inner_text("#panel-body")
    assert "<script>alert('x')</script>" in panel and "<img src=x onerror=alert('y')>" in panel
    assert "Evil <b>Outlet</b>" in panel


def test_report_markup_renders_as_text_everywhere(page, server, db):
    pg = page.open(server)
    (event,) = [e for e in events_of(db) if "xss.txt" in e["doc_ids"]]
    pg.click(f"#list li[data-id='{event['id']}']")
    pg.wait_for_selector(f"#panel-body[data-id='{event['id']}'] .claim")
    pg.evaluate("id => eventsift.showMarker(id)", event["id"])
    pg.hover(f".es-marker[data-id='{event['id']}']")  # its tooltip
    pg.wait_for_selector(".leaflet-tooltip")
    _assert_markup_stayed_text(page, pg)
    shot(pg, "markup-as-text.png")
    assert page.errors == []


def test_right_to_left_text_runs_right_to_left(page, server, db):
    pg = page.open(server)
    (event,) = [e for e in events_of(db) if "protest.txt" in e["doc_ids"]]
    pg.click(f"#list li[data-id='{event['id']}']")
    pg.wait_for_selector(f"#panel-body[data-id='{event['id']}'] .claim .doc")
    assert pg.get_attribute("#panel-body .claim .doc", "dir") == "auto"
    assert pg.eval_on_selector("#panel-body .claim .doc", "el => getComputedStyle(el).direction") == "rtl"
    assert pg.eval_on_selector("#panel-body .claim blockquote", "el => getComputedStyle(el).direction") == "ltr"


def test_exported_file_works_offline(page, db, tmp_path):
    out = tmp_path / "events.html"
    with EventSift(db) as sift, open(out, "w", encoding="utf-8") as f:
        sift.export("html", f)
    requests: list[str] = []
    page.page.on("request", lambda r: requests.append(r.url))
    pg = page.open(out.as_uri())
    events = events_of(db)
    located = [e for e in events if e["latitude"] is not None]
    assert pg.evaluate("eventsift.markerCount()") == len(located)
    assert pg.locator("#list li").count() == len(events)
    assert all(u.startswith(("file:", "data:")) for u in requests), requests  # nothing from a network
    (event,) = [e for e in events if "xss.txt" in e["doc_ids"]]
    assert pg.evaluate("id => eventsift.showMarker(id)", event["id"])
    pg.click(f".es-marker[data-id='{event['id']}']")
    pg.wait_for_selector(f"#panel-body[data-id='{event['id']}'] .claim blockquote mark")
    _assert_markup_stayed_text(page, pg)
    pg.fill("#f-text", "detainees")  # offline text search over the inlined reports
    pg.wait_for_function("document.querySelectorAll('#list li').length === 1")
    shot(pg, "export.png")
    assert page.errors == []
