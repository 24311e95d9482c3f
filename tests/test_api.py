"""The HTTP API: filters, paging, GeoJSON, details with spans, errors, writes, limits, CORS, OpenAPI.

Most tests run on a small corpus this file writes; one set runs on the seed
articles in ../shared (skipped when it is absent), and one on PostgreSQL
(skipped without a server, see conftest.py).
"""
from __future__ import annotations

import io
import json
import warnings
from pathlib import Path
from urllib.parse import quote

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # Starlette's note that it prefers httpx2 to httpx
    from fastapi.testclient import TestClient

from eventsift import EventSift
from eventsift.serve.api import MAX_BODY, create_app
from serve_corpus import write_corpus

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("api")
    url = f"sqlite:///{folder}/api.db"
    with EventSift(url) as sift:
        assert sift.run([write_corpus(folder / "docs")]).ok
    return url


@pytest.fixture(scope="module")
def client(db):
    with TestClient(create_app(db)) as c:  # read-only: no token
        yield c


@pytest.fixture
def writable(tmp_path):
    """A fresh database and a client with a token, for tests that write."""
    url = f"sqlite:///{tmp_path}/w.db"
    with EventSift(url) as sift:
        assert sift.run([write_corpus(tmp_path / "docs")]).ok
    with TestClient(create_app(url, token=TOKEN)) as c:
        yield c


def all_events(client, **params):
    out, cursor = [], None
    while True:
        r = client.get("/api/events", params={**params, "limit": 500, **({"cursor": cursor} if cursor else {})})
        assert r.status_code == 200, r.text
        body = r.json()
        out += body["items"]
        cursor = body["next_cursor"]
        if not cursor:
            return out


def ids(items):
    return {e["id"] for e in items}


# -- reading ----------------------------------------------------------------------------------------

def test_events_list_everything_with_total(client, db):
    with EventSift(db) as sift:
        expected = {e["id"]: e for e in sift.events()}
    r = client.get("/api/events")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert body["total"] == len(expected) == len(body["items"]) >= 4
    for e in body["items"]:
        assert e["doc_ids"] == expected[e["id"]]["doc_ids"]
        assert e["claim_count"] == len(expected[e["id"]]["claim_ids"])
    dates = [e["event_date"] for e in body["items"]]
    assert dates == sorted(dates, reverse=True)  # newest first by default


def test_filters(client):
    everything = all_events(client)
    battles = client.get("/api/events", params={"event_type": "Battles"}).json()
    assert battles["total"] == sum(e["event_type"] == "Battles" for e in everything) >= 1
    assert all(e["event_type"] == "Battles" for e in battles["items"])
    two = client.get("/api/events", params=[("event_type", "Battles"), ("event_type", "Protests")]).json()
    assert two["total"] == sum(e["event_type"] in ("Battles", "Protests") for e in everything)

    sub = client.get("/api/events", params={"sub_event_type": "Peaceful protest"}).json()
    assert sub["total"] >= 1 and all(e["sub_event_type"] == "Peaceful protest" for e in sub["items"])

    window = client.get("/api/events", params={"date_from": "2014-03-05", "date_to": "2014-03-10"}).json()
    assert window["total"] == sum("2014-03-05" <= e["event_date"] <= "2014-03-10" for e in everything) >= 1
    assert all("2014-03-05" <= e["event_date"] <= "2014-03-10" for e in window["items"])

    homs = client.get("/api/events", params={"bbox": "36.5,34.5,36.9,34.9"}).json()["items"]
    assert homs and all(36.5 <= e["longitude"] <= 36.9 and 34.5 <= e["latitude"] <= 34.9 for e in homs)
    assert "Saraqab" not in {e["location"] for e in homs}

    rebels = client.get("/api/events", params={"actor": "opposition REBELS"}).json()["items"]
    assert rebels and all("rebels" in f"{e['actor1']} {e['actor2']}".lower() for e in rebels)

    contested = client.get("/api/events", params={"grade": "contested"}).json()["items"]
    assert contested and all(e["corroboration"] == "contested" for e in contested)


def test_free_text_search(client):
    khalidiya = client.get("/api/events", params={"q": "Khalidiya"}).json()
    assert khalidiya["total"] == 1 and khalidiya["items"][0]["location"] == "Khalidiya"
    assert client.get("/api/events", params={"q": "khal"}).json()["total"] == 1  # a prefix of the last word
    # claim sentences are searched, not only event fields
    assert client.get("/api/events", params={"q": "Observatory Human Rights"}).json()["total"] == 1
    assert client.get("/api/events", params={"q": "detainees"}).json()["total"] == 1
    assert client.get("/api/events", params={"q": "nowhere-to-be-found"}).json()["total"] == 0
    assert client.get("/api/events", params={"q": "?!"}).json()["total"] == len(all_events(client))
    combined = client.get("/api/events", params={"q": "Homs", "event_type": "Protests"}).json()
    assert combined["total"] == 0


def test_pagination_offset_and_cursor(client):
    everything = [e["id"] for e in all_events(client)]
    by_offset = []
    for offset in range(0, len(everything)):
        page = client.get("/api/events", params={"limit": 1, "offset": offset}).json()
        assert page["total"] == len(everything) and page["offset"] == offset
        by_offset += [e["id"] for e in page["items"]]
    assert by_offset == everything
    by_cursor, cursor = [], None
    while True:
        params = {"limit": 2, "order": "asc", **({"cursor": cursor} if cursor else {})}
        page = client.get("/api/events", params=params).json()
        by_cursor += [e["id"] for e in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert by_cursor == list(reversed(everything)) and len(set(by_cursor)) == len(everything)
    for bad in ({"limit": 501}, {"limit": 0}, {"offset": -1}, {"cursor": "not-a-cursor"},
                {"cursor": client.get("/api/events", params={"limit": 1}).json()["next_cursor"], "order": "asc"}):
        r = client.get("/api/events", params=bad)
        assert r.status_code == 422 and isinstance(r.json()["error"], str), bad


def test_geojson(client):
    r = client.get("/api/events", params={"format": "geojson", "limit": 500})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/geo+json")
    fc = r.json()
    assert fc["type"] == "FeatureCollection" and fc["total"] == len(fc["features"])
    for f in fc["features"]:
        assert f["type"] == "Feature" and f["id"] == f["properties"]["id"]
        if f["geometry"]:
            lon, lat = f["geometry"]["coordinates"]
            assert -180 <= lon <= 180 and -90 <= lat <= 90
            assert "latitude" not in f["properties"]


def test_event_detail_has_claims_spans_sources_and_documents(client):
    (event,) = client.get("/api/events", params={"q": "Khalidiya"}).json()["items"]
    detail = client.get(f"/api/events/{event['id']}").json()
    assert {c["doc_id"] for c in detail["claims"]} == {"wire.txt", "state.txt"}
    assert {d["outlet"] for d in detail["documents"]} == {"Levant Wire", "Northern Dispatch"}
    for claim in detail["claims"]:
        text = client.get(f"/api/documents/{claim['doc_id']}").json()["text"]
        start, end = claim["sentence_span"]
        assert text[start:end] == claim["sentence"]
        assert claim["document"]["url"].startswith("https://example.org/")
        assert claim["attribution"]["chain"] and claim["attribution"]["label"]
        assert isinstance(claim["hedges"], list)
        spanned = 0
        for name, field in claim["fields"].items():
            if field and field["span"]:
                a, b = field["span"]
                assert text[a:b] == field["text"], name
                assert start <= a <= b <= end or name == "source"
                assert "/" in field["extractor"] and 0 <= field["confidence"] <= 1
                spanned += 1
        assert spanned >= 3
    tolls = {c["doc_id"]: c["fields"]["fatalities"]["value"] for c in detail["claims"]}
    assert tolls["wire.txt"]["low"] == 12 and tolls["state.txt"]["best"] == 7
    assert detail["corroboration"] == "contested" and detail["corroboration_reason"]


def test_claims_documents_deletions(client):
    everything = all_events(client)
    total = sum(e["claim_count"] for e in everything)
    page = client.get("/api/claims", params={"limit": 2}).json()
    assert page["total"] == total and len(page["items"]) == 2
    (event,) = client.get("/api/events", params={"q": "Khalidiya"}).json()["items"]
    of_event = client.get("/api/claims", params={"event_id": event["id"]}).json()
    assert of_event["total"] == 2 and {c["event_id"] for c in of_event["items"]} == {event["id"]}
    of_doc = client.get("/api/claims", params={"doc_id": "idlib.txt"}).json()
    assert of_doc["total"] >= 1 and {c["doc_id"] for c in of_doc["items"]} == {"idlib.txt"}
    doc = client.get("/api/documents/wire.txt").json()
    assert doc["outlet"] == "Levant Wire" and doc["claim_ids"] and doc["event_ids"] == [event["id"]]
    assert "raw" not in doc and len(doc["sha256"]) == 64
    assert client.get("/api/deletions").json() == {"items": [], "total": 0, "limit": 100, "offset": 0}


def test_not_found_is_json(client):
    for path in ("/api/events/ev_missing", "/api/documents/missing.txt", "/api/nothing-here"):
        r = client.get(path)
        assert r.status_code == 404 and r.headers["content-type"].startswith("application/json")
        assert isinstance(r.json()["error"], str) and r.json()["error"]
    assert "ev_missing" in client.get("/api/events/ev_missing").json()["error"]


def test_server_errors_are_json_and_say_nothing_inside(db, monkeypatch):
    from eventsift.serve import views

    def broken(*_args, **_kwargs):
        raise RuntimeError("secret: /srv/data/api.db password=hunter2")

    monkeypatch.setattr(views, "event_detail", broken)
    with TestClient(create_app(db), raise_server_exceptions=False) as c:
        r = c.get("/api/events/ev_anything")
    assert r.status_code == 500 and r.json() == {"error": "internal server error"}
    assert "secret" not in r.text


def test_invalid_parameters_are_json(client):
    for params in ({"date_from": "yesterday"}, {"bbox": "1,2,3"}, {"bbox": "0,0,1,nan"}, {"bbox": "0,95,1,96"},
                   {"grade": "excellent"}, {"format": "xml"}, {"date_from": "2014-03-10", "date_to": "2014-03-01"}):
        r = client.get("/api/events", params=params)
        assert r.status_code == 422, params
        assert r.json()["error"], params


INJECTIONS = [
    "' OR '1'='1", "'; DROP TABLE events; --", "\" OR 1=1 --", "1 UNION SELECT id, text FROM documents --",
    "%", "_", "\\", "Battles' --", "*", "NEAR(a b)", "body:x", "\"unterminated", "a OR b", "-x", "^x",
    "x\x00y", "ظ' OR 1=1", "%' OR 'x' LIKE '%",
]


@pytest.mark.parametrize("payload", INJECTIONS)
def test_injection_attempts_are_just_text(client, payload):
    everything = len(all_events(client))
    for name in ("event_type", "sub_event_type", "actor", "q"):
        r = client.get("/api/events", params={name: payload})
        if "\x00" in payload:
            assert r.status_code == 400 and r.json()["error"]
            continue
        assert r.status_code == 200, (name, payload, r.text)
        body = r.json()
        assert body["total"] == len(body["items"]) or body["total"] > len(body["items"])
        if name != "q":  # free text may match real words; these filters must match nothing
            assert body["total"] == 0, (name, payload)
    assert client.get("/api/events/" + quote(payload, safe="")).status_code in (400, 404, 422)
    claims = client.get("/api/claims", params={"event_id": payload})
    assert claims.status_code == 400 if "\x00" in payload else claims.json()["total"] == 0
    for name in ("date_from", "bbox", "cursor", "grade"):
        r = client.get("/api/events", params={name: payload})
        assert r.status_code in (400, 422) and r.json()["error"]
    assert len(all_events(client)) == everything  # nothing was dropped or changed


# -- writing ----------------------------------------------------------------------------------------

def test_read_only_server_refuses_writes(client):
    (event,) = client.get("/api/events", params={"q": "Khalidiya"}).json()["items"]
    for path, body in (("/api/documents", {"id": "n", "text": "x"}),
                       (f"/api/events/{event['id']}/confirm", {"reason": "checked"}),
                       (f"/api/events/{event['id']}/discount", {"reason": "checked"}),
                       (f"/api/events/{event['id']}/merge", {"other": "ev_x"}),
                       (f"/api/events/{event['id']}/split", {"claim_ids": ["c"]})):
        for headers in ({}, AUTH):
            r = client.post(path, json=body, headers=headers)
            assert r.status_code == 403 and "read-only" in r.json()["error"], path
    assert client.get(f"/api/events/{event['id']}").json()["corroboration"] == "contested"


def test_writes_need_the_token(writable):
    (event,) = writable.get("/api/events", params={"q": "Khalidiya"}).json()["items"]
    path = f"/api/events/{event['id']}/confirm"
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"},
                    {"Authorization": TOKEN}):
        r = writable.post(path, json={"reason": "checked"}, headers=headers)
        assert r.status_code == 401 and r.json()["error"] and r.headers["www-authenticate"] == "Bearer"
    r = writable.post(path, json={"reason": "matched against hospital records"}, headers=AUTH)
    assert r.status_code == 200 and r.json()["event"]["corroboration"] == "confirmed"
    assert writable.get("/api/events", params={"grade": "confirmed"}).json()["total"] == 1
    r = writable.post(f"/api/events/{event['id']}/discount", json={"reason": "staged"}, headers=AUTH)
    assert r.json()["event"]["corroboration"] == "discounted"
    assert writable.post(path, json={}, headers=AUTH).status_code == 422  # a reason is required
    assert writable.post("/api/events/ev_missing/confirm", json={"reason": "x"}, headers=AUTH).status_code == 404


def test_post_documents_then_search_finds_them(writable):
    before = writable.get("/api/events").json()["total"]
    assert writable.get("/api/events", params={"q": "Rastan"}).json()["total"] == 0  # index built now
    record = {"id": "api-1", "text": "Government forces shelled Rastan on Monday, killing 4 people, activists said.",
              "outlet": "API Wire", "published": "2014-03-18T08:00:00Z", "url": "https://example.org/api-1",
              "language": "en", "desk": "north"}
    r = writable.post("/api/documents", json=record, headers=AUTH)
    assert r.status_code == 200, r.text
    assert r.json()["added"] == 1 and r.json()["ok"] and r.json()["claims"] >= 1
    again = writable.post("/api/documents", json={"documents": [record]}, headers=AUTH).json()
    assert again["unchanged"] == 1 and again["added"] == 0
    conflict = writable.post("/api/documents", json=[{**record, "text": record["text"] + " More."}],
                             headers=AUTH).json()
    assert conflict["results"][0]["status"] == "conflict" and not conflict["ok"]
    assert writable.get("/api/events").json()["total"] == before + 1
    found = writable.get("/api/events", params={"q": "Rastan"}).json()["items"]  # the index caught up
    assert len(found) == 1 and found[0]["doc_ids"] == ["api-1"]
    doc = writable.get("/api/documents/api-1").json()
    assert doc["attributes"]["desk"] == "north" and doc["kind"] == "jsonl"
    bad = writable.post("/api/documents", json={"id": "x", "text": ""}, headers=AUTH)
    assert bad.status_code == 422 and bad.json()["error"]


def test_split_and_merge_keep_the_index_in_step(writable):
    (event,) = writable.get("/api/events", params={"q": "Khalidiya"}).json()["items"]
    claims = writable.get("/api/claims", params={"event_id": event["id"]}).json()["items"]
    state = [c["id"] for c in claims if c["doc_id"] == "state.txt"]
    r = writable.post(f"/api/events/{event['id']}/split", json={"claim_ids": state, "reason": "two clashes"},
                      headers=AUTH)
    assert r.status_code == 200, r.text
    new = r.json()["new_event"]["id"]
    assert ids(writable.get("/api/events", params={"q": "terrorists"}).json()["items"]) == {new}
    assert ids(writable.get("/api/events", params={"q": "Observatory"}).json()["items"]) == {event["id"]}
    r = writable.post(f"/api/events/{event['id']}/merge", json={"other": new, "reason": "same shelling"},
                      headers=AUTH)
    assert r.status_code == 200 and r.json()["merged"] == new
    assert ids(writable.get("/api/events", params={"q": "terrorists"}).json()["items"]) == {event["id"]}
    gone = writable.get(f"/api/events/{new}")
    assert gone.status_code == 404 and event["id"] in gone.json()["error"]
    deletions = writable.get("/api/deletions").json()
    assert deletions["total"] == 1 and deletions["items"][0]["merged_into"] == event["id"]
    bad = writable.post(f"/api/events/{event['id']}/merge", json={"other": event["id"]}, headers=AUTH)
    assert bad.status_code == 409 and bad.json()["error"]


def test_request_body_size_is_limited(writable):
    big = json.dumps({"id": "big", "text": "x" * (MAX_BODY + 10)})
    r = writable.post("/api/documents", content=big, headers={**AUTH, "Content-Type": "application/json"})
    assert r.status_code == 413 and "too large" in r.json()["error"]

    def chunks():  # no Content-Length: counted as it streams
        for _ in range(6):
            yield b" " * (1024 * 1024)

    r = writable.post("/api/documents", content=chunks(), headers={**AUTH, "Content-Type": "application/json"})
    assert r.status_code == 413 and r.json()["error"]


# -- CORS, OpenAPI, the page ------------------------------------------------------------------------

def test_cors_only_when_configured(client, db):
    origin = {"Origin": "https://desk.example.org"}
    r = client.get("/api/events", headers=origin)
    assert "access-control-allow-origin" not in r.headers
    r = client.options("/api/events", headers={**origin, "Access-Control-Request-Method": "GET"})
    assert "access-control-allow-origin" not in r.headers
    with TestClient(create_app(db, cors=["https://desk.example.org"])) as c:
        assert c.get("/api/events", headers=origin).headers["access-control-allow-origin"] == origin["Origin"]
        other = c.get("/api/events", headers={"Origin": "https://evil.example.com"})
        assert "access-control-allow-origin" not in other.headers


def test_openapi_is_complete(client):
    spec = client.get("/openapi.json").json()
    expected = {
        ("get", "/api/events"), ("get", "/api/events/{event_id}"), ("get", "/api/documents/{doc_id}"),
        ("get", "/api/claims"), ("get", "/api/deletions"), ("post", "/api/documents"),
        ("post", "/api/events/{event_id}/merge"), ("post", "/api/events/{event_id}/split"),
        ("post", "/api/events/{event_id}/confirm"), ("post", "/api/events/{event_id}/discount"),
    }
    found = {(m, p) for p, ops in spec["paths"].items() for m in ops}
    assert expected <= found
    schemas = spec["components"]["schemas"]
    for name in ("EventOut", "EventPage", "EventDetail", "ClaimOut", "FieldOut", "DocumentOut", "DocumentRef",
                 "FeatureCollection", "DeletionPage", "IngestOut", "ReviewOut", "ErrorOut", "MergeIn", "SplitIn"):
        assert name in schemas, name
    for method, path in expected:
        op = spec["paths"][path][method]
        ok = op["responses"]["200"]["content"]["application/json"]["schema"]
        assert ok.get("$ref") or ok.get("anyOf") or ok.get("oneOf"), (method, path)
        assert op["responses"]["404"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorOut")
        assert "ValidationErrorOut" in op["responses"]["422"]["content"]["application/json"]["schema"]["$ref"]
        if method == "post":
            assert {"401", "403", "413"} <= set(op["responses"]), path
            assert op.get("security"), path
    assert "HTTPBearer" in spec["components"]["securitySchemes"]


def test_page_and_static_files(client):
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    for path in ("/static/app.js", "/static/app.css", "/static/vendor/leaflet/leaflet.js",
                 "/static/vendor/leaflet.markercluster/leaflet.markercluster.js",
                 "/static/vendor/topojson-client/topojson-client.min.js",
                 "/static/vendor/world-atlas/countries-50m.json"):
        assert client.get(path).status_code == 200, path
    assert "innerHTML" not in client.get("/static/app.js").text


def test_html_export_is_one_safe_file(db):
    out = io.StringIO()
    with EventSift(db) as sift:
        n = sift.export("html", out)
        events = list(sift.events())
    html = out.getvalue()
    assert n == len(events)
    assert 'src="static/' not in html and 'href="static/' not in html
    assert html.count("</script>") == html.count("<script")  # no report text closes a script element
    assert "<script>alert" not in html and "<img src=x" not in html
    data = html.split('<script id="es-data" type="application/json">', 1)[1].split("</script>", 1)[0]
    parsed = json.loads(data)
    assert {e["id"] for e in parsed["events"]} == {e["id"] for e in events}
    assert any("<script>alert('x')</script>" in c["sentence"] for cs in parsed["claims"].values() for c in cs)


# -- the seed articles in ../shared ------------------------------------------------------------------

@pytest.fixture(scope="module")
def seeds_client(tmp_path_factory):
    seeds = SHARED / "corpus" / "seeds"
    if not seeds.is_dir():
        pytest.skip(f"needs ../shared (not found at {SHARED}): the seed articles")
    url = f"sqlite:///{tmp_path_factory.mktemp('seeds')}/seeds.db"
    with EventSift(url) as sift:
        sift.run([seeds], meta=seeds / "metadata.csv")
        n = sum(1 for _ in sift.events())
    with TestClient(create_app(url)) as c:
        yield c, n


def test_seed_articles_through_the_api(seeds_client):
    client, n = seeds_client
    events = all_events(client)
    assert len(events) == n > 0
    assert client.get("/api/events", params={"q": "Homs"}).json()["total"] >= 1
    assert client.get("/api/events", params={"bbox": "36.5,34.5,36.9,34.9"}).json()["total"] >= 1
    docs: dict[str, str] = {}
    for e in events[:40]:
        detail = client.get(f"/api/events/{e['id']}").json()
        assert len(detail["claims"]) == e["claim_count"] >= 1
        for claim in detail["claims"]:
            text = docs.setdefault(claim["doc_id"], client.get(f"/api/documents/{claim['doc_id']}").json()["text"])
            for name, field in claim["fields"].items():
                if field and field["span"]:
                    a, b = field["span"]
                    assert text[a:b] == field["text"], (e["id"], name)


# -- PostgreSQL: the same queries through to_tsvector/plainto_tsquery ---------------------------------

def test_search_and_filters_on_postgresql(pg_url, tmp_path):
    with EventSift(pg_url) as sift:
        assert sift.run([write_corpus(tmp_path / "docs")]).ok
    with TestClient(create_app(pg_url, token=TOKEN)) as client:
        assert client.get("/api/events").json()["total"] >= 4
        assert client.get("/api/events", params={"q": "Khalidiya"}).json()["total"] == 1
        assert client.get("/api/events", params={"q": "Observatory for Human Rights"}).json()["total"] == 1
        assert client.get("/api/events", params={"actor": "REBELS"}).json()["total"] >= 1
        for payload in INJECTIONS:
            for name in ("q", "actor", "event_type", "sub_event_type"):
                r = client.get("/api/events", params={name: payload})
                assert r.status_code == (400 if "\x00" in payload else 200), (name, payload, r.text)
            assert client.get("/api/events/" + quote(payload, safe="")).status_code in (400, 404)
        paged = all_events(client)
        assert len(paged) == client.get("/api/events").json()["total"]
        r = client.post("/api/documents", headers=AUTH, json={
            "id": "pg-1", "text": "Government forces shelled Rastan on Monday, killing 4 people, activists said.",
            "published": "2014-03-18T08:00:00Z", "outlet": "API Wire"})
        assert r.json()["added"] == 1
        assert client.get("/api/events", params={"q": "Rastan"}).json()["total"] == 1
