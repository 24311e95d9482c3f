"""The web page: served by the API at `/`, or written as one self-contained HTML file.

`render_page(config)` is the served page (scripts and styles under /static/).
`write_html(store, out)` is `eventsift export --format html`: the same page
with every script, style sheet, image and the basemap inlined, and the events
with their claims as JSON, so it works offline from a file. Inlined JSON has
`<`, `>`, `&` and the line separators escaped, so no text in a report can
close its script element.
"""
from __future__ import annotations

import base64
import datetime as dt
import json
import re
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import select

from eventsift.serve import views
from eventsift.store.schema import claims, events

__all__ = ["STATIC", "BASEMAP", "render_page", "standalone_page", "write_html", "json_for_script"]

STATIC = Path(__file__).with_name("static")
BASEMAP = "vendor/world-atlas/countries-50m.json"
_CONFIG = re.compile(r'(<script id="es-config" type="application/json">)(.*?)(</script>)', re.S)
_STYLE = re.compile(r'<link rel="stylesheet" href="static/([^"]+)">')
_SCRIPT = re.compile(r'<script src="static/([^"]+)"></script>')
_CSS_URL = re.compile(r"url\((images/[^)]+\.png)\)")
_SOURCE_MAP = re.compile(r"^//# sourceMappingURL=.*$", re.M)


def json_for_script(value: Any) -> str:
    """JSON safe inside a <script> element: no `</script>`, `<!--` or line separators can appear."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _template() -> str:
    return (STATIC / "index.html").read_text(encoding="utf-8")


def _with_config(html: str, config: dict[str, Any]) -> str:
    return _CONFIG.sub(lambda m: m.group(1) + json_for_script(config) + m.group(3), html, count=1)


def render_page(config: dict[str, Any] | None = None) -> str:
    """The page as served: config (tiles URL) inlined, everything else from /static/."""
    return _with_config(_template(), {"mode": "server", **(config or {})})


def _inline_css(name: str) -> str:
    path = STATIC / name
    css = path.read_text(encoding="utf-8")

    def data_uri(m: re.Match) -> str:
        image = path.parent / m.group(1)
        if not image.is_file():
            return m.group(0)
        return "url(data:image/png;base64," + base64.b64encode(image.read_bytes()).decode() + ")"

    css = _CSS_URL.sub(data_uri, css).replace("</style", "<\\/style")
    return f"<style>/* {name} */\n{css}\n</style>"


def _inline_js(name: str) -> str:
    js = _SOURCE_MAP.sub("", (STATIC / name).read_text(encoding="utf-8"))
    js = js.replace("</script", "<\\/script").replace("<!--", "<\\!--")
    return f"<script>/* {name} */\n{js}\n</script>"


def standalone_page(data: dict[str, Any], config: dict[str, Any] | None = None) -> str:
    """The page with data, scripts, styles and basemap inlined: one file that works offline."""
    html = _with_config(_template(), {"mode": "offline", **(config or {})})
    html = _STYLE.sub(lambda m: _inline_css(m.group(1)), html)
    html = _SCRIPT.sub(lambda m: _inline_js(m.group(1)), html)
    basemap = (STATIC / BASEMAP).read_text(encoding="utf-8")
    blocks = ('<script id="es-data" type="application/json">' + json_for_script(data) + "</script>\n"
              '<script id="es-basemap" type="application/json">' + json_for_script(json.loads(basemap))
              + "</script>\n")
    # Data first, then the scripts that read it.
    head, sep, tail = html.partition("<script>/* vendor/leaflet/leaflet.js */")
    return head + blocks + sep + tail


def page_data(conn) -> dict[str, Any]:
    """Every event (as /api/events lists them) and every claim of each (as /api/events/{id} shows them)."""
    rows = conn.execute(select(events).order_by(events.c.event_date, events.c.id)).mappings().all()
    summaries = views.summaries(conn, rows)
    by_event: dict[str, list[dict[str, Any]]] = {}
    members = conn.execute(select(claims).where(claims.c.event_id.is_not(None))
                           .order_by(claims.c.event_id, claims.c.doc_id, claims.c.position, claims.c.id)).mappings()
    batch: list[dict[str, Any]] = []

    def flush() -> None:
        for c in views.claim_views(conn, batch):
            by_event.setdefault(c["event_id"], []).append(c)
        batch.clear()

    for row in members:
        batch.append(dict(row))
        if len(batch) >= 2000:
            flush()
    flush()
    return {"generated": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "events": summaries, "claims": by_event}


def write_html(store, out: TextIO) -> int:
    """`eventsift export --format html`: the page and all its data in one file; returns the event count."""
    with store.engine.connect() as conn:
        data = page_data(conn)
    out.write(standalone_page(data))
    return len(data["events"])
