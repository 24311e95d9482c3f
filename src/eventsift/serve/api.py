"""The HTTP API (FastAPI) and the web page, a thin layer over EventSift and its store.

Reads are open. Writes (documents, review actions) need `Authorization: Bearer
TOKEN` matching the server's token; a server started without a token is
read-only and answers every write with 403. Errors are JSON: {"error": "..."}.
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import logging
import math
import os
import re
import threading
import time
from contextlib import asynccontextmanager
from importlib.metadata import PackageNotFoundError, version
from typing import Annotated, Any, Literal, Optional, Union

from fastapi import Depends, FastAPI, HTTPException, Path as PathParam, Query, Request, Security
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from pydantic import BeforeValidator, Field
from sqlalchemy import event as sa_event
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException

from eventsift.core import EventSift
from eventsift.export.geojson import feature
from eventsift.ingest import IngestError, read_bytes
from eventsift.model import Document
from eventsift.serve import page, views
from eventsift.serve.models import (ClaimPage, ConfirmIn, DeletionPage, DocumentIn, DocumentOut, DocumentsIn,
                                    ErrorOut, EventDetail, EventPage, FeatureCollection, IngestItem,
                                    IngestOut, MergeIn, ReviewOut, SplitIn, ValidationErrorOut)
from eventsift.store import DocumentConflict, ReviewError, search

__all__ = ["create_app", "app_from_env", "MAX_BODY", "GRADES", "ENV_DB", "ENV_CORS", "ENV_TILES", "API_CSP",
           "BBOX_PATTERN", "STORE_ATTEMPTS"]

log = logging.getLogger("eventsift.serve")

MAX_BODY = 5 * 1024 * 1024  # bytes of a request body
GRADES = ("confirmed", "fair", "weak", "contested", "discounted")
Grade = Literal["confirmed", "fair", "weak", "contested", "discounted"]

try:
    VERSION = version("eventsift")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    VERSION = "0"

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "Malformed request: a NUL character in the URL, or a body that "
                                            "is not UTF-8"},
    404: {"model": ErrorOut, "description": "Not found"},
    422: {"model": ValidationErrorOut, "description": "Invalid parameters or body"},
}
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    401: {"model": ErrorOut, "description": "Missing or wrong bearer token"},
    403: {"model": ErrorOut, "description": "The server is read-only (started without a token)"},
    409: {"model": ErrorOut, "description": "The action cannot apply"},
    413: {"model": ErrorOut, "description": "Request body too large"},
}


# /api/events?format=geojson: the same page as a GeoJSON FeatureCollection.
GEOJSON_PAGE: dict[str, Any] = {"content": {"application/geo+json": {
    "schema": {"$ref": "#/components/schemas/FeatureCollection"}}}}


class BodyLimit:
    """ASGI middleware: refuse request bodies over max_bytes with 413, declared or streamed (and NULs in URLs)."""

    def __init__(self, app, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        # NUL in a path or query: no id or filter holds one, and PostgreSQL text cannot.
        if "\x00" in scope.get("path", "") or b"%00" in scope.get("query_string", b"").lower():
            response = JSONResponse({"error": "NUL characters are not allowed in URLs"}, status_code=400)
            return await response(scope, receive, send)
        message = f"request body too large: the limit is {self.max_bytes} bytes"
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                # A length past 18 digits is refused unread (int() of thousands of digits raises).
                if not value.isdigit() or len(value) > 18 or int(value) > self.max_bytes:
                    response = JSONResponse({"error": message}, status_code=413)
                    return await response(scope, receive, send)
        received = 0

        async def limited():
            nonlocal received
            msg = await receive()
            if msg["type"] == "http.request":
                received += len(msg.get("body", b""))
                if received > self.max_bytes:
                    raise HTTPException(413, message)
            return msg

        return await self.app(scope, limited, send)


# JSON, static files and errors: nothing in them may run, load or be framed when opened as a page.
API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
ERROR_HEADERS = {"content-security-policy": API_CSP, "x-content-type-options": "nosniff",
                 "referrer-policy": "no-referrer", "x-frame-options": "DENY"}


class SecurityHeaders:
    """ASGI middleware: on every response nosniff, no referrer, no framing and a CSP.

    The page gets its own strict CSP, everything else API_CSP, unless the
    route set one itself (the API docs, whose inline script is allowed by hash).
    """

    def __init__(self, app, page_csp: str):
        self.app = app
        self.page_csp = page_csp.encode()

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        csp = self.page_csp if scope.get("path") == "/" else API_CSP.encode()

        async def with_headers(msg):
            if msg["type"] == "http.response.start":
                headers = list(msg.get("headers", []))
                if not any(k.lower() == b"content-security-policy" for k, _ in headers):
                    headers.append((b"content-security-policy", csp))
                headers += [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
                            (b"x-frame-options", b"DENY")]
                msg = {**msg, "headers": headers}
            await send(msg)

        return await self.app(scope, receive, with_headers)


def _page_csp(tiles: str | None) -> str:
    img = "'self' data:" + (" https: http:" if tiles else "")
    return ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            f"img-src {img}; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            "form-action 'none'; frame-ancestors 'none'")


_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
_DOCS_ASSETS = "https://cdn.jsdelivr.net"


def _docs_response(html: HTMLResponse) -> HTMLResponse:
    """An API docs page (Swagger UI or ReDoc, scripts from their CDN) with a CSP that allows only those
    scripts and the page's own inline script, by its hash."""
    body = bytes(html.body).decode("utf-8")
    hashes = " ".join("'sha256-" + base64.b64encode(hashlib.sha256(m.group(1).encode("utf-8")).digest()).decode()
                      + "'" for m in _INLINE_SCRIPT.finditer(body))
    html.headers["content-security-policy"] = (
        f"default-src 'none'; script-src {_DOCS_ASSETS} {hashes}".rstrip() + "; "
        f"style-src {_DOCS_ASSETS} https://fonts.googleapis.com 'unsafe-inline'; "
        "font-src https://fonts.gstatic.com data:; "
        f"img-src 'self' data: {_DOCS_ASSETS} https://fastapi.tiangolo.com; connect-src 'self'; "
        "worker-src blob:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
    return html


_NUMBER = r"\s*[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]{1,2})?\s*"
# Four numbers, as the OpenAPI schema documents them; the ranges are checked by _bbox.
BBOX_PATTERN = f"^(?:{_NUMBER}(?:,{_NUMBER}){{3}})?$"


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_date(value: Any) -> Any:
    # pydantic would also read "0" or "1700000000" as a Unix time; a filter date is YYYY-MM-DD only.
    if isinstance(value, str) and not _ISO_DATE.fullmatch(value):
        raise ValueError("a date as YYYY-MM-DD")
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]


class _IndexCatchUp:
    """When a search catches the full-text index up with events changed by other writers.

    Writes through the store index their events as they go, so catching up only
    matters for databases written otherwise (older versions, other tools). The
    first search waits for the first catch-up (the build at start); later ones
    never wait: at most every CATCH_UP_EVERY seconds a catch-up runs in the
    background while the search reads the index as it is. Waiting inline made
    every search queue behind the writers' locks under concurrent writes.
    """

    CATCH_UP_EVERY = 10.0  # seconds

    def __init__(self, engine):
        self.engine = engine
        self.ready = threading.Event()
        self.running = threading.Lock()
        self.last = 0.0

    def refresh(self) -> None:
        with self.running:
            search.refresh(self.engine)
            self.last = time.monotonic()
            self.ready.set()

    def before_search(self) -> None:
        if not self.ready.is_set():
            self.refresh()
        elif time.monotonic() - self.last >= self.CATCH_UP_EVERY and not self.running.locked():
            threading.Thread(target=self._background, daemon=True, name="eventsift-search-catch-up").start()

    def _background(self) -> None:
        if self.running.acquire(blocking=False):
            try:
                search.refresh(self.engine)
                self.last = time.monotonic()
            finally:
                self.running.release()


STORE_ATTEMPTS = 3


def _add_document(sift: EventSift, doc: Document) -> tuple[str, int]:
    """sift.add_document, tried again when the database refuses the transaction.

    Another writer on the same database (an `eventsift run`, another server
    process) can make a document's transaction fail: SQLite's lock held past
    the busy timeout, or on PostgreSQL two transactions indexing the same
    event at once. The transaction is rolled back whole, so trying again is safe.
    """
    for attempt in range(1, STORE_ATTEMPTS + 1):
        try:
            return sift.add_document(doc)
        except DBAPIError as exc:
            if attempt == STORE_ATTEMPTS:
                raise
            log.warning("document %s: %s; trying again (%d of %d)", doc.id, type(exc).__name__, attempt + 1,
                        STORE_ATTEMPTS)
            time.sleep(0.1 * attempt)
    raise AssertionError("unreachable")


def _bbox(value: str | None) -> tuple[float, float, float, float] | None:
    if value is None or value == "":
        return None
    parts = value.split(",")
    try:
        nums = tuple(float(p) for p in parts)
    except ValueError:
        nums = ()
    if len(nums) != 4 or not all(math.isfinite(n) for n in nums):
        raise HTTPException(422, "bbox must be four numbers: minlon,minlat,maxlon,maxlat")
    minlon, minlat, maxlon, maxlat = nums
    if not (-180 <= minlon <= 180 and -180 <= maxlon <= 180 and -90 <= minlat <= maxlat <= 90):
        raise HTTPException(422, "bbox out of range: longitudes in [-180, 180], latitudes in [-90, 90], "
                                 "minlat <= maxlat")
    return nums  # type: ignore[return-value]


BEARER = HTTPBearer(auto_error=False, description="The token the server was started with (--token).")


def writer(request: Request,
           creds: Annotated[Optional[HTTPAuthorizationCredentials], Security(BEARER)]) -> None:
    """Writes need the server's bearer token; a server without one is read-only."""
    expected = request.app.state.token
    if not expected:
        raise HTTPException(403, "this server is read-only: start it with --token TOKEN "
                                 "(or EVENTSIFT_TOKEN) to allow writes")
    given = creds.credentials if creds is not None else ""
    # Digests of equal length, compared in constant time: neither the token nor its length leaks.
    if not hmac.compare_digest(hashlib.sha256(given.encode("utf-8")).digest(),
                               hashlib.sha256(expected.encode("utf-8")).digest()):
        raise HTTPException(401, "a valid 'Authorization: Bearer TOKEN' header is required",
                            headers={"WWW-Authenticate": "Bearer"})


ENV_DB, ENV_CORS, ENV_TILES = "EVENTSIFT_SERVE_DB", "EVENTSIFT_SERVE_CORS", "EVENTSIFT_SERVE_TILES"


def app_from_env() -> FastAPI:
    """The app for each of several uvicorn worker processes (`eventsift serve --workers N`).

    The settings come from the environment the command set: EVENTSIFT_SERVE_DB,
    EVENTSIFT_TOKEN, EVENTSIFT_SERVE_CORS (a JSON list) and EVENTSIFT_SERVE_TILES.
    """
    cors = json.loads(os.environ.get(ENV_CORS) or "[]")
    return create_app(os.environ[ENV_DB], token=os.environ.get("EVENTSIFT_TOKEN") or None, cors=cors or None,
                      tiles=os.environ.get(ENV_TILES) or None)


def _sqlite_read_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA mmap_size=1073741824")  # reads straight from the OS page cache, shared by all
    cur.execute("PRAGMA cache_size=-16384")  # 16 MB a connection
    cur.execute("PRAGMA busy_timeout=10000")  # wait for a writer rather than fail
    cur.close()


def _tune_for_reading(engine) -> None:
    """A serving process reads far more than it writes: memory-map SQLite files."""
    if engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
        sa_event.listen(engine, "connect", _sqlite_read_pragmas)
        engine.dispose()  # pooled connections predate the listener


def create_app(db: str | EventSift | None = None, *, token: str | None = None, cors: list[str] | None = None,
               tiles: str | None = None, max_body: int = MAX_BODY) -> FastAPI:
    """The API and page over a database URL (or an open EventSift, which the caller closes)."""
    owned = not isinstance(db, EventSift)
    sift = EventSift(db) if owned else db
    _tune_for_reading(sift.store.engine)
    write_lock = threading.Lock()  # one write at a time: SQLite has one writer
    search_index = _IndexCatchUp(sift.store.engine)

    @asynccontextmanager
    async def lifespan(_app):
        # Build or catch up the search index in the background, so the first search is quick.
        threading.Thread(target=search_index.refresh, daemon=True, name="eventsift-search-index").start()
        try:
            yield
        finally:
            if owned:
                sift.close()

    app = FastAPI(
        title="eventsift",
        version=VERSION,
        description="Events built from conflict reports, each with the claims of its sources, "
                    "the quoted sentences and the span of every extracted field. Reads are open; "
                    "writes need `Authorization: Bearer TOKEN`.",
        lifespan=lifespan,
        docs_url=None, redoc_url=None,  # served below, with a CSP
    )
    app.state.sift = sift
    app.state.token = token or None

    # -- errors: always JSON with an "error" ----------------------------------------------------

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException):
        return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError):
        details = [{"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", "")),
                    "type": str(e.get("type", ""))} for e in exc.errors()]
        summary = "; ".join(f"{'.'.join(d['loc'][1:] or d['loc'])}: {d['msg']}" for d in details[:5])
        return JSONResponse({"error": f"invalid request: {summary}", "details": details}, status_code=422)

    @app.exception_handler(Exception)
    async def crash(_request: Request, exc: Exception):
        log.exception("unhandled error", exc_info=exc)
        # Answered outside the middleware (by Starlette's outermost error handler): headers set here.
        return JSONResponse({"error": "internal server error"}, status_code=500, headers=ERROR_HEADERS)

    # -- a connection per request ------------------------------------------------------------

    def conn():
        with sift.store.engine.connect() as c:
            yield c

    def _event(c, event_id: str) -> dict[str, Any]:
        from sqlalchemy import select

        from eventsift.store.schema import events
        row = c.execute(select(events).where(events.c.id == event_id)).mappings().first()
        if row is None:
            raise HTTPException(404, f"no event {event_id!r}")
        return views.summaries(c, [row])[0]

    # -- events ---------------------------------------------------------------------------------

    @app.get("/api/events", response_model=EventPage, responses={**ERRORS, 200: GEOJSON_PAGE},
             tags=["events"], summary="Events, filtered and paged (JSON or GeoJSON)")
    def list_events(
        c=Depends(conn),
        date_from: Optional[IsoDate] = Query(None, description="Events on or after this date (YYYY-MM-DD)."),
        date_to: Optional[IsoDate] = Query(None, description="Events on or before this date."),
        bbox: Optional[str] = Query(None, max_length=200, description="minlon,minlat,maxlon,maxlat",
                                    json_schema_extra={"pattern": BBOX_PATTERN}),
        event_type: list[str] = Query([], max_length=20, description="ACLED event type; repeat for several."),
        sub_event_type: list[str] = Query([], max_length=20, description="ACLED sub-event type; repeat for several."),
        actor: Optional[str] = Query(None, max_length=200, description="Part of actor1 or actor2, any case."),
        grade: list[Grade] = Query([], description="Corroboration grade; repeat for several."),
        q: Optional[str] = Query(None, max_length=500, description="Words in the event's notes, place, "
                                                                   "actors and its claims' sentences."),
        limit: int = Query(100, ge=1, le=500),
        offset: int = Query(0, ge=0, le=10_000_000),
        cursor: Optional[str] = Query(None, max_length=2000, description="next_cursor of the previous page.",
                                      json_schema_extra={"pattern": "^[A-Za-z0-9_=-]*$"}),
        order: Literal["asc", "desc"] = Query("desc", description="By event date, then id."),
        format: Literal["json", "geojson"] = Query("json"),
    ):
        if date_from and date_to and date_from > date_to:
            raise HTTPException(422, "date_from is after date_to")
        query = search.EventQuery(
            date_from=date_from.isoformat() if date_from else None,
            date_to=date_to.isoformat() if date_to else None,
            bbox=_bbox(bbox), event_type=[t for t in event_type if t],
            sub_event_type=[t for t in sub_event_type if t], actor=actor, grade=list(grade), q=q)
        if q and q.strip():
            search_index.before_search()
        try:
            rows, total, nxt = search.query_events(c, query, limit=limit, offset=offset, cursor=cursor,
                                                   order=order)
        except search.InvalidCursor as exc:
            raise HTTPException(422, str(exc)) from None
        items = views.summaries(c, rows)
        used_offset = 0 if cursor else offset
        if format == "geojson":
            body = {"type": "FeatureCollection", "features": [feature(e) for e in items], "total": total,
                    "limit": limit, "offset": used_offset, "next_cursor": nxt}
            return JSONResponse(body, media_type="application/geo+json")
        # Validated and serialised by pydantic in one step (the hot path: no second pass through json).
        body = EventPage.model_validate({"items": items, "total": total, "limit": limit, "offset": used_offset,
                                         "next_cursor": nxt})
        return Response(body.model_dump_json(), media_type="application/json")

    @app.get("/api/events/{event_id}", response_model=EventDetail, responses=ERRORS, tags=["events"],
             summary="An event with every claim, its sentence, the span of each field and its document")
    def get_event(event_id: Annotated[str, PathParam(max_length=200)], c=Depends(conn)):
        detail = views.event_detail(c, event_id)
        if detail is None:
            into = views.merged_into(c, event_id)
            if into:
                raise HTTPException(404, f"event {event_id!r} was merged into {into!r}")
            raise HTTPException(404, f"no event {event_id!r}")
        return detail

    # -- claims, documents, deletions -----------------------------------------------------------

    @app.get("/api/claims", response_model=ClaimPage, responses=ERRORS, tags=["claims"],
             summary="Claims, by event or document, paged")
    def list_claims(c=Depends(conn),
                    event_id: Optional[str] = Query(None, max_length=200),
                    doc_id: Optional[str] = Query(None, max_length=2000),
                    limit: int = Query(100, ge=1, le=500),
                    offset: int = Query(0, ge=0, le=10_000_000)):
        items, total = views.claims_page(c, event_id, doc_id, limit, offset)
        return {"items": items, "total": total, "limit": limit, "offset": offset}

    @app.get("/api/documents/{doc_id:path}", response_model=DocumentOut, responses=ERRORS, tags=["documents"],
             summary="A document as stored, with its claims' and events' ids")
    def get_document(doc_id: Annotated[str, PathParam(max_length=2000)], c=Depends(conn)):
        doc = views.document_view(c, doc_id)
        if doc is None:
            raise HTTPException(404, f"no document {doc_id!r}")
        return doc

    @app.get("/api/deletions", response_model=DeletionPage, responses=ERRORS, tags=["events"],
             summary="Events merged away by a reviewer, as ACLED lists deletions")
    def list_deletions(c=Depends(conn), limit: int = Query(100, ge=1, le=500),
                       offset: int = Query(0, ge=0, le=10_000_000)):
        items, total = views.deletions_page(c, limit, offset)
        return {"items": items, "total": total, "limit": limit, "offset": offset}

    # -- writes ---------------------------------------------------------------------------------

    @app.post("/api/documents", response_model=IngestOut, responses=WRITE_ERRORS, tags=["documents"],
              dependencies=[Depends(writer)],
              summary="Ingest documents (JSON Lines records): extract their claims and link them")
    def post_documents(body: Union[DocumentsIn, Annotated[list[DocumentIn], Field(min_length=1, max_length=1000)],
                                   DocumentIn]):
        records = body.documents if isinstance(body, DocumentsIn) else body if isinstance(body, list) else [body]
        if not records:
            raise HTTPException(422, "no documents given")
        if len(records) > 1000:
            raise HTTPException(422, "at most 1000 documents a request")
        results: list[IngestItem] = []
        with write_lock:
            for rec in records:
                data = rec.model_dump(exclude_none=True)
                data["id"] = str(data["id"])
                line = json.dumps(data, ensure_ascii=False).encode("utf-8")
                errors: list[str] = []
                docs: list[Document] = []
                for item in read_bytes("api.jsonl", line, source="api"):
                    (errors.append(str(item)) if isinstance(item, IngestError) else docs.append(item))
                if not docs:
                    results.append(IngestItem(id=data["id"], status="error", error="; ".join(errors) or "not read"))
                    continue
                for doc in docs:
                    try:
                        status, n = _add_document(sift, doc)
                    except DocumentConflict as exc:
                        results.append(IngestItem(id=doc.id, status="conflict", error=str(exc)))
                    except DBAPIError as exc:  # still refused after the retries: nothing of it was kept
                        log.exception("document %s not stored", doc.id)
                        results.append(IngestItem(id=doc.id, status="error",
                                                  error=f"not stored (database: {type(exc).__name__}); send it again"))
                    except Exception as exc:  # extraction failed on this document: report it, go on
                        log.exception("document %s failed", doc.id)
                        results.append(IngestItem(id=doc.id, status="error",
                                                  error=f"extraction failed: {type(exc).__name__}"))
                    else:
                        results.append(IngestItem(id=doc.id, status=status, claims=n,
                                                  error="; ".join(errors) or None))
        added = sum(r.status == "added" for r in results)
        unchanged = sum(r.status == "unchanged" for r in results)
        failed = len(results) - added - unchanged
        return IngestOut(ok=failed == 0, added=added, unchanged=unchanged, failed=failed,
                         claims=sum(r.claims for r in results), results=results)

    def _review(fn):
        with write_lock:
            try:
                return fn()
            except ReviewError as exc:
                message = str(exc)
                raise HTTPException(404 if message.startswith("no event") else 409, message) from None

    @app.post("/api/events/{event_id}/merge", response_model=ReviewOut, responses=WRITE_ERRORS,
              tags=["review"], dependencies=[Depends(writer)],
              summary="Merge another event into this one (the other is then listed in deletions)")
    def merge(event_id: Annotated[str, PathParam(max_length=200)], body: MergeIn, c=Depends(conn)):
        _review(lambda: sift.merge(event_id, body.other, body.reason, body.by or "api"))
        return {"action": "merge", "event": _event(c, event_id), "merged": body.other}

    @app.post("/api/events/{event_id}/split", response_model=ReviewOut, responses=WRITE_ERRORS,
              tags=["review"], dependencies=[Depends(writer)],
              summary="Move claims out of this event into a new event")
    def split(event_id: Annotated[str, PathParam(max_length=200)], body: SplitIn, c=Depends(conn)):
        new_id = _review(lambda: sift.split(event_id, body.claim_ids, body.reason, body.by or "api"))
        return {"action": "split", "event": _event(c, event_id), "new_event": _event(c, new_id)}

    @app.post("/api/events/{event_id}/confirm", response_model=ReviewOut, responses=WRITE_ERRORS,
              tags=["review"], dependencies=[Depends(writer)], summary="Grade the event confirmed, with the reason")
    def confirm(event_id: Annotated[str, PathParam(max_length=200)], body: ConfirmIn, c=Depends(conn)):
        _review(lambda: sift.confirm(event_id, body.reason, body.by or "api"))
        return {"action": "confirm", "event": _event(c, event_id)}

    @app.post("/api/events/{event_id}/discount", response_model=ReviewOut, responses=WRITE_ERRORS,
              tags=["review"], dependencies=[Depends(writer)], summary="Grade the event discounted, with the reason")
    def discount(event_id: Annotated[str, PathParam(max_length=200)], body: ConfirmIn, c=Depends(conn)):
        _review(lambda: sift.discount(event_id, body.reason, body.by or "api"))
        return {"action": "discount", "event": _event(c, event_id)}

    # -- the page -------------------------------------------------------------------------------

    page_html = page.render_page({"tiles": tiles})

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index():
        return HTMLResponse(page_html)

    @app.get("/docs", include_in_schema=False)
    def swagger(request: Request):
        root = request.scope.get("root_path", "")
        return _docs_response(get_swagger_ui_html(openapi_url=f"{root}{app.openapi_url}",
                                                  title=f"{app.title} - Swagger UI"))

    @app.get("/redoc", include_in_schema=False)
    def redoc(request: Request):
        root = request.scope.get("root_path", "")
        return _docs_response(get_redoc_html(openapi_url=f"{root}{app.openapi_url}", title=f"{app.title} - ReDoc"))

    def openapi() -> dict[str, Any]:
        """FastAPI's schema, plus the GeoJSON models that only the geo+json response of /api/events names."""
        if app.openapi_schema is None:
            spec = FastAPI.openapi(app)  # built and kept in app.openapi_schema
            extra = FeatureCollection.model_json_schema(ref_template="#/components/schemas/{model}",
                                                        mode="serialization")
            schemas = spec.setdefault("components", {}).setdefault("schemas", {})
            schemas.update(extra.pop("$defs", {}))
            schemas["FeatureCollection"] = extra
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

    app.mount("/static", StaticFiles(directory=str(page.STATIC)), name="static")

    # The last added is the outermost: the headers go on every response, the limit's and CORS's included.
    app.add_middleware(BodyLimit, max_bytes=max_body)
    if cors:
        app.add_middleware(CORSMiddleware, allow_origins=list(cors), allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type"], allow_credentials=False)
    app.add_middleware(SecurityHeaders, page_csp=_page_csp(tiles))
    return app
