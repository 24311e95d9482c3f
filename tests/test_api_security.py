"""Security of the served API, over real sockets: tokens, body limits, injection, traversal, headers.

`eventsift serve` runs in a child process (tests/live_server.py) over the
serve tests' corpus plus Arabic text, markup and a path-like document id.
Raw requests go through a socket as written, so chunked bodies, lying
Content-Length headers and unnormalised paths reach the server unchanged.
What tests/test_api.py already checks (filters with SQL and FTS payloads,
the read-only server, the page's CSP, the HTML export of <script> text) and
tests/test_browser.py (markup shown as text in Chromium) is not repeated.
"""
from __future__ import annotations

import base64
import hashlib
import http.client
import io
import json
import re
import select
import socket
import sqlite3
import time
import warnings
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # Starlette's note that it prefers httpx2 to httpx
    from fastapi.testclient import TestClient

from eventsift import EventSift
from eventsift.serve import api
from eventsift.serve.api import MAX_BODY, create_app
from live_server import hostile_records, serve, write_hostile_corpus
from serve_corpus import write_corpus

TOKEN = "s3cret-security-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
CORE_TABLES = ("documents", "claims", "events", "links", "deletions", "decisions")
HEADERS = {"x-content-type-options": "nosniff", "x-frame-options": "DENY", "referrer-policy": "no-referrer"}


def digest(db_file: Path) -> dict[str, tuple[int, str]]:
    """Row count and a hash of every row of each table that holds data (not the search index)."""
    out = {}
    with sqlite3.connect(db_file) as conn:
        for table in CORE_TABLES:
            rows = conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()  # noqa: S608 - fixed names
            out[table] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("security")
    db_file = folder / "security.db"
    url = f"sqlite:///{db_file}"
    with EventSift(url) as sift:
        assert sift.run([write_corpus(folder / "docs"), write_hostile_corpus(folder / "jsonl")]).ok
        event = next(e for e in sift.events() if len(e["claim_ids"]) >= 2)
    return url, db_file, event


@pytest.fixture(scope="module")
def server(corpus):
    url, db_file, event = corpus
    with serve(url, token=TOKEN) as live:
        yield live, db_file, event


def raw(port: int, head: bytes, body_chunks=None, wait: float = 20.0) -> tuple[int, bytes, int]:
    """Send head (and body_chunks as long as the server has not answered); return (status, response, sent).

    The body is sent without blocking and stops as soon as a response arrives,
    so a server that answers early is not made to read what it refused.
    """
    sock = socket.create_connection(("127.0.0.1", port), timeout=wait)
    sent = 0
    try:
        sock.sendall(head)
        answered = False
        for chunk in body_chunks or ():
            view = memoryview(chunk)
            while view and not answered:
                readable, writable, _ = select.select([sock], [sock], [], wait)
                if readable:
                    answered = True
                elif writable:
                    try:
                        n = sock.send(view)
                    except (BrokenPipeError, ConnectionResetError):
                        answered = True
                        break
                    sent += n
                    view = view[n:]
            if answered:
                break
        response = b""
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            try:
                data = sock.recv(65536)
            except (ConnectionResetError, socket.timeout):
                break
            if not data:
                break
            response += data
            head_end = response.find(b"\r\n\r\n")
            if head_end >= 0:
                m = re.search(rb"content-length: *(\d+)", response[:head_end], re.I)
                if m and len(response) >= head_end + 4 + int(m.group(1)):
                    break
    finally:
        sock.close()
    status = int(response.split(b" ", 2)[1]) if response.startswith(b"HTTP/1.1 ") else 0
    return status, response, sent


def post_head(path: str, extra: bytes, token: str | None = TOKEN) -> bytes:
    auth = f"Authorization: Bearer {token}\r\n".encode() if token else b""
    return (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n".encode() + auth
            + extra + b"\r\n")


# -- tokens -------------------------------------------------------------------------------------------

def writes(event_id: str) -> list[tuple[str, dict]]:
    return [("/api/documents", {"id": "sneaky", "text": "Troops shelled Rastan on Monday, killing 3."}),
            (f"/api/events/{event_id}/confirm", {"reason": "checked"}),
            (f"/api/events/{event_id}/discount", {"reason": "checked"}),
            (f"/api/events/{event_id}/merge", {"other": event_id}),
            (f"/api/events/{event_id}/split", {"claim_ids": ["cl_x"]})]


WRONG = [None, "wrong", TOKEN[:-1], TOKEN + "x", TOKEN.upper(), "x" * 8000, "tökén",
         "' OR '1'='1"]


def test_every_write_refuses_without_or_with_a_wrong_token(server):
    live, db_file, event = server
    before = digest(db_file)
    with httpx.Client(base_url=live.base, timeout=30) as http:
        for path, body in writes(event["id"]):
            for token in WRONG:
                headers = {} if token is None else {"Authorization": f"Bearer {token}".encode("utf-8")}
                r = http.post(path, json=body, headers=headers)
                assert r.status_code == 401, (path, token, r.status_code)
                assert r.headers["www-authenticate"] == "Bearer" and r.json()["error"]
            for header in (f"Basic {TOKEN}", TOKEN, f"Token {TOKEN}", f"Bearer{TOKEN}"):
                r = http.post(path, json=body, headers={"Authorization": header})
                assert r.status_code == 401, (path, header)
            # the token in another place than the Authorization header does not count
            r = http.post(path, json=body, params={"token": TOKEN}, headers={"Cookie": f"token={TOKEN}"})
            assert r.status_code == 401
    assert digest(db_file) == before


def test_token_is_compared_in_constant_time(corpus, monkeypatch):
    """Every comparison is hmac.compare_digest over equal-length digests, whatever the length given."""
    calls = []
    real = api.hmac.compare_digest

    def spy(a, b):
        calls.append((len(a), len(b)))
        return real(a, b)

    monkeypatch.setattr(api.hmac, "compare_digest", spy)
    url, _, event = corpus
    with TestClient(create_app(url, token=TOKEN)) as c:
        for token in ("", "x", TOKEN[:-1], TOKEN + "x" * 1000):
            r = c.post(f"/api/events/{event['id']}/confirm", json={"reason": "r"},
                       headers={"Authorization": f"Bearer {token}"})
            assert r.status_code == 401
    assert len(calls) == 4 and all(a == b == 32 for a, b in calls), calls


# -- request bodies -------------------------------------------------------------------------------------

def test_declared_length_over_the_limit_is_refused_before_the_body_is_sent(server):
    live, db_file, _ = server
    before = digest(db_file)
    for length in (MAX_BODY + 1, 10 * 1024 ** 3):
        started = time.monotonic()
        status, response, _ = raw(live.port, post_head("/api/documents", f"Content-Length: {length}\r\n".encode()))
        assert status == 413 and b"too large" in response, response[:200]
        assert b"x-frame-options: DENY" in response and b"x-content-type-options: nosniff" in response
        assert time.monotonic() - started < 10  # answered at once, not after waiting for a body
    assert digest(db_file) == before


def test_chunked_body_over_the_limit_is_refused_while_streaming(server):
    """64 MB sent chunked with no Content-Length: 413 after about the limit, memory flat."""
    live, db_file, _ = server
    before, rss_before = digest(db_file), live.rss_kib()
    total = 64 * 1024 * 1024
    chunk = b" " * (1024 * 1024)

    def body():
        for _ in range(total // len(chunk)):
            yield b"%x\r\n" % len(chunk) + chunk + b"\r\n"
        yield b"0\r\n\r\n"

    status, response, sent = raw(live.port, post_head("/api/documents", b"Transfer-Encoding: chunked\r\n"), body())
    assert status == 413 and b"too large" in response, response[:200]
    assert sent < total / 2, sent  # the server stopped reading (socket buffers hold a few MB more)
    assert live.rss_kib() - rss_before < 32 * 1024  # it never held the body
    assert digest(db_file) == before
    assert httpx.get(f"{live.base}/api/events", params={"limit": 1}).status_code == 200


def test_body_exactly_at_the_limit_is_read_one_byte_more_is_not(tmp_path):
    url = f"sqlite:///{tmp_path}/limit.db"
    record = json.dumps({"id": "limit.json", "text": "Troops shelled Rastan on Monday, killing 3 people."})
    at_limit = record + " " * (MAX_BODY - len(record))  # JSON may end in white space
    with TestClient(create_app(url, token=TOKEN)) as c:
        r = c.post("/api/documents", content=at_limit, headers={**AUTH, "Content-Type": "application/json"})
        assert r.status_code == 200, r.text[:200]

        def stream(text):  # no Content-Length: counted as it arrives
            yield text.encode()

        r = c.post("/api/documents", content=stream(at_limit + " "),
                   headers={**AUTH, "Content-Type": "application/json"})
        assert r.status_code == 413
        r = c.post("/api/documents", content=at_limit + " ", headers={**AUTH, "Content-Type": "application/json"})
        assert r.status_code == 413


def test_lying_content_length(server):
    live, db_file, _ = server
    before = digest(db_file)
    record = json.dumps({"id": "liar.json", "text": "Troops shelled Rastan on Monday, killing 3 people."}).encode()
    # Shorter than the body: only that many bytes are the body (invalid JSON); the rest is not a request.
    status, response, _ = raw(live.port, post_head("/api/documents", b"Content-Length: 12\r\n") + record
                              + b"x" * 65536)
    assert status in (400, 422), response[:200]
    # Longer than the body, then the client goes away: the server drops the request and goes on.
    sock = socket.create_connection(("127.0.0.1", live.port))
    sock.sendall(post_head("/api/documents", b"Content-Length: 100000\r\n") + record)
    sock.close()
    # Invalid, duplicated or conflicting lengths, or both a length and chunked (request smuggling).
    for extra in (b"Content-Length: abc\r\n", b"Content-Length: -1\r\n", b"Content-Length: %d\r\n" % 10 ** 30,
                  b"Content-Length: 5\r\nContent-Length: 6\r\n", b"Content-Length: " + b"9" * 5000 + b"\r\n",
                  b"Content-Length: 1e9\r\n"):
        status, response, _ = raw(live.port, post_head("/api/documents", extra) + record)
        assert status in (400, 413), (extra[:40], response[:200])
    status, response, _ = raw(live.port, post_head(
        "/api/documents", b"Content-Length: %d\r\nTransfer-Encoding: chunked\r\n" % len(record))
        + b"0\r\n\r\n" + record)
    assert status in (400, 422), response[:200]  # read as chunked (empty), never as the record
    time.sleep(0.5)
    assert digest(db_file) == before
    assert httpx.get(f"{live.base}/api/events", params={"limit": 1}).status_code == 200


# -- SQL: bound parameters ----------------------------------------------------------------------------------

PAYLOADS = ["' OR '1'='1", "'; DROP TABLE events; --", "1; DELETE FROM documents", "\" OR \"\"=\"",
            "x' UNION SELECT sha256, text, 1, 1 FROM documents --", "%' OR 1=1 --", "' || (SELECT 1) || '",
            "ev_' OR id LIKE '%", "]]; DROP TABLE claims; --", "حمص' OR 'ا'='ا", "\\'; SELECT 1; --"]


def test_sql_in_every_read_parameter_is_a_bound_value(corpus):
    """The payloads never reach the SQL text (only its parameters), match nothing and change nothing."""
    url, db_file, event = corpus
    before = digest(db_file)
    app = create_app(url, token=TOKEN)
    statements: list[str] = []

    def record(_conn, _cursor, statement, _params, _context, _many):
        statements.append(statement)

    from sqlalchemy import event as sa_event
    sa_event.listen(app.state.sift.store.engine, "before_cursor_execute", record)
    with TestClient(app) as c:
        for p in PAYLOADS:
            for params in ({"event_type": p}, {"sub_event_type": p}, {"actor": p}, {"q": p}, {"grade": p},
                           {"event_type": p, "q": p, "actor": p}):
                r = c.get("/api/events", params=params)
                assert r.status_code in (200, 422), (params, r.text)
                if r.status_code == 200 and "q" not in params:
                    assert r.json()["total"] == 0, params
            for params in ({"event_id": p}, {"doc_id": p}):
                r = c.get("/api/claims", params=params)
                assert r.status_code == 200 and r.json()["total"] == 0, params
            for path in (f"/api/events/{quote(p, safe='')}", f"/api/documents/{quote(p, safe='')}"):
                r = c.get(path)
                assert r.status_code == 404 and r.json()["error"], path
            # and in bodies: an id, reasons, names and claim ids
            for path, body in ((f"/api/events/{event['id']}/merge", {"other": p, "reason": p, "by": p}),
                               (f"/api/events/{event['id']}/split", {"claim_ids": [p], "reason": p}),
                               (f"/api/events/{quote(p, safe='')}/confirm", {"reason": p, "by": p})):
                r = c.post(path, json=body, headers=AUTH)
                assert r.status_code in (404, 409), (path, r.text)
    leaked = [s for s in statements for p in PAYLOADS if p in s]
    assert not leaked, leaked[:3]
    assert len(statements) > 100
    assert digest(db_file) == before


def test_sql_in_a_posted_document_is_stored_as_text(tmp_path):
    url = f"sqlite:///{tmp_path}/w.db"
    with TestClient(create_app(url, token=TOKEN)) as c:
        record = {"id": "'; DROP TABLE documents; --", "text": "Troops shelled Rastan on Monday, killing 3 people. "
                  "' OR '1'='1", "outlet": "x'); DELETE FROM events; --", "title": PAYLOADS[4]}
        r = c.post("/api/documents", json=record, headers=AUTH)
        assert r.status_code == 200 and r.json()["added"] == 1, r.text
        doc = c.get("/api/documents/" + quote(record["id"], safe="")).json()
        assert (doc["id"], doc["text"], doc["outlet"], doc["title"]) == (
            record["id"], record["text"], record["outlet"], record["title"])
        assert c.get("/api/events").json()["total"] >= 1


# -- path traversal ----------------------------------------------------------------------------------------

TRAVERSALS = ["../api.py", "..%2fapi.py", "%2e%2e/api.py", "%2e%2e%2fapi.py", "%252e%252e%252fapi.py",
              "..%5capi.py", "..\\api.py", "....//api.py", "vendor/../../api.py", "vendor/%2e%2e/%2e%2e/api.py",
              "%c0%ae%c0%ae/api.py", "..;/api.py", "../../../../../../../../etc/passwd",
              "%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/etc/passwd",
              "%2fetc%2fpasswd", "..%00/api.py", ".%2e/.%2e/api.py"]


def get_raw_path(port: int, path: str) -> tuple[int, bytes]:
    """GET a path exactly as written: no client normalises its dot segments."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.putrequest("GET", path, skip_accept_encoding=True)
        conn.endheaders()
        r = conn.getresponse()
        return r.status, r.read()
    finally:
        conn.close()


def test_paths_with_traversal_do_not_escape(server):
    live, _, _ = server
    secrets = (b"def create_app", b"root:x:0:0", b"import ")
    for t in TRAVERSALS:
        for prefix in ("/static/", "/static/vendor/leaflet/", "/api/documents/", "/api/events/", "/"):
            status, body = get_raw_path(live.port, prefix + t)
            assert not any(s in body for s in secrets), (prefix + t, status, body[:120])
            assert status in (400, 404, 405), (prefix + t, status, body[:120])
    # A document whose id looks like a path is a key, served as stored, however it is written.
    stored = next(r for r in hostile_records() if r["id"].startswith(".."))
    for written in (quote(stored["id"], safe=""), quote(stored["id"], safe="/")):
        status, body = get_raw_path(live.port, "/api/documents/" + written)
        assert status == 200, (written, body[:200])
        assert json.loads(body)["text"].rstrip() == stored["text"]


# -- headers and escaping ------------------------------------------------------------------------------------

def test_security_headers_on_every_response(server):
    live, _, event = server
    requests = [("GET", "/", None), ("GET", "/static/app.js", None), ("GET", "/static/missing.js", None),
                ("GET", "/openapi.json", None), ("GET", "/docs", None), ("GET", "/redoc", None),
                ("GET", "/api/events", None), ("GET", f"/api/events/{event['id']}", None),
                ("GET", "/api/events/ev_missing", None), ("GET", "/api/events?limit=0", None),
                ("GET", "/api/events?actor=%00", None), ("DELETE", "/api/events", None),
                ("POST", "/api/documents", {}), ("POST", "/api/documents", AUTH), ("GET", "/nowhere", None)]
    with httpx.Client(base_url=live.base, timeout=30) as http:
        for method, path, headers in requests:
            r = http.request(method, path, headers=headers, content=b"{" if method == "POST" else None)
            for name, value in HEADERS.items():
                assert r.headers.get(name) == value, (method, path, r.status_code, name)
            csp = r.headers.get("content-security-policy", "")
            assert "frame-ancestors 'none'" in csp and "default-src" in csp, (path, csp)
            if "script-src" in csp:  # the page and the docs: no inline script but by hash
                assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0], (path, csp)
            else:
                assert "default-src 'none'" in csp, (path, csp)
            if r.status_code >= 400:
                assert r.headers["content-type"].startswith("application/json") and r.json()["error"], path


def test_api_docs_allow_only_their_own_inline_script(server):
    live, _, _ = server
    r = httpx.get(f"{live.base}/docs")
    scripts = re.findall(r"<script>(.*?)</script>", r.text, re.S)
    assert scripts
    script_src = r.headers["content-security-policy"].split("script-src")[1].split(";")[0]
    for s in scripts:
        assert "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'" in script_src
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src


def test_json_responses_carry_report_markup_as_data(server):
    """Report text with markup comes back verbatim, as JSON that a browser will not sniff into HTML."""
    live, _, _ = server
    hostile = next(r for r in hostile_records() if r["id"] == "hostile-1.json")
    r = httpx.get(f"{live.base}/api/documents/hostile-1.json")
    assert r.headers["content-type"] == "application/json" and r.headers["x-content-type-options"] == "nosniff"
    doc = r.json()
    assert doc["text"].rstrip() == hostile["text"] and doc["outlet"] == hostile["outlet"]
    arabic = httpx.get(f"{live.base}/api/documents/ar-1.json").json()
    assert arabic["text"].startswith("قصفت قوات النظام") and arabic["title"] == "قصف على حي الخالدية"


def test_export_and_page_config_cannot_be_closed_by_text(corpus):
    url, _, _ = corpus
    out = io.StringIO()
    with EventSift(url) as sift:
        sift.export("html", out)
    html = out.getvalue()
    data = html.split('<script id="es-data" type="application/json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in data and "\u2028" not in data  # no </script>, <!-- or line separator inside
    sentences = " ".join(c["sentence"] for cs in json.loads(data)["claims"].values() for c in cs)
    assert "<script>alert(" in sentences and "onerror=alert(" in sentences
    # the served page inlines only its configuration; a hostile tile URL stays inside it
    tiles = "https://t.example/{z}/{x}/{y}.png</script><script>alert(1)</script><!--"
    with TestClient(create_app(url, tiles=tiles)) as c:
        page = c.get("/").text
    assert "<script>alert(1)" not in page and page.count("<script") == page.count("</script>")


def test_a_write_refused_by_the_database_is_tried_again_then_reported(tmp_path, monkeypatch):
    """Another writer's lock or a concurrent index entry fails a transaction: it is rolled back and tried
    again; refused every time, the document is reported as not stored (never a 500, never half stored)."""
    from sqlalchemy.exc import OperationalError

    monkeypatch.setattr(api.time, "sleep", lambda _s: None)
    url = f"sqlite:///{tmp_path}/retry.db"
    app = create_app(url, token=TOKEN)
    sift = app.state.sift
    real, calls = sift.add_document, []

    def flaky(doc, fail=2):
        calls.append(doc.id)
        if calls.count(doc.id) <= fail:
            raise OperationalError("INSERT ...", {}, Exception("database is locked"))
        return real(doc)

    record = {"id": "retry.json", "text": "Troops shelled Rastan on Monday, killing 3 people."}
    with TestClient(app) as c:
        monkeypatch.setattr(sift, "add_document", flaky)
        r = c.post("/api/documents", json=record, headers=AUTH)
        assert r.status_code == 200 and r.json()["added"] == 1 and calls.count("retry.json") == 3
        monkeypatch.setattr(sift, "add_document", lambda doc: flaky(doc, fail=99))
        r = c.post("/api/documents", json={**record, "id": "never.json"}, headers=AUTH)
        assert r.status_code == 200 and not r.json()["ok"]
        assert "not stored" in r.json()["results"][0]["error"] and calls.count("never.json") == api.STORE_ATTEMPTS
        assert c.get("/api/documents/never.json").status_code == 404
