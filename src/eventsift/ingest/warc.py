"""WARC files (.warc, .warc.gz): every HTML or plain-text response of a crawl becomes a document.

Read with warcio record by record, never the whole file: memory stays flat in
the file's size (one record's payload at a time, at most MAX_BYTES). A
``response`` (or ``resource``) record with a 2xx status and an HTML payload
goes through the same path as an .html page (:func:`~.htmlpage.read_html`),
one with a plain-text payload through the .txt path, decoded by the charset of
the response's Content-Type when it gives one; other records (requests,
metadata, images, redirects, ...) are skipped. The document's id and url are
the record's WARC-Target-URI (the WARC-Record-ID when it has none); its
publication time is the page's own (htmldate), else the WARC-Date, which is
also when it was retrieved.

A malformed record (bad headers, a broken or truncated gzip member, a payload
cut short) becomes an IngestError naming the file and the record's byte
offset; reading resumes at the next record that parses (the next gzip member
that starts a WARC record, or the next ``WARC/1.x`` line), so the rest of the
file goes on.

:func:`iter_payloads` does the cheap part (walking records, copying payload
bytes) and :func:`payload_document` the costly one (HTML parsing), so a
cluster can run the second on workers (see eventsift.scale).
"""
from __future__ import annotations

import datetime as dt
import re
import zlib
from dataclasses import dataclass
from typing import BinaryIO, Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.limitreader import LimitReader

from eventsift.model import Document

from .dates import UTC
from .decoding import MAX_BYTES, binary_problem, size_problem
from .errors import IngestError
from .htmlpage import read_html
from .plaintext import read_text

__all__ = ["WarcPayload", "iter_payloads", "payload_document", "read_warc"]

HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain",)
_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_LINE = re.compile(rb"WARC/1\.[01]\r?\n")
_BLOCK = 1 << 20  # how much a resync scan reads at a time
_READ = 1 << 16


@dataclass
class WarcPayload:
    """One record's payload, read but not yet parsed."""

    source: str  # FILE#offset=N
    offset: int  # byte offset of the record (of its gzip member in a .warc.gz)
    uri: str | None  # WARC-Target-URI
    record_id: str | None  # WARC-Record-ID
    date: dt.datetime | None  # WARC-Date
    kind: str  # html | text
    data: bytes
    charset: str | None = None  # from the HTTP Content-Type, which wins over what the page declares


def read_warc(source: str, handle: BinaryIO) -> Iterator[Document | IngestError]:
    """Documents (and errors) from a WARC file open for binary reading."""
    for item in iter_payloads(source, handle):
        yield payload_document(item) if isinstance(item, WarcPayload) else item


def payload_document(payload: WarcPayload) -> Document | IngestError:
    """A payload through the .html (or .txt) path, with the record's URI and dates."""
    name = payload.uri or payload.record_id or payload.source
    retrieved = payload.date or dt.datetime.now(UTC)
    problem = binary_problem(payload.data)  # an image served as text/html
    if problem:
        return IngestError(payload.source, None, problem)
    read = read_html if payload.kind == "html" else read_text
    charset = (payload.charset, "HTTP Content-Type") if payload.charset else None
    try:
        doc = read(payload.source, name, payload.data, None, retrieved, charset)
    except Exception as exc:  # a parser failing on a hostile page costs that record, not the crawl
        return IngestError(payload.source, None, f"could not be read: {type(exc).__name__}: {exc}"[:300])
    if isinstance(doc, Document):
        doc.kind = "warc"
        if payload.uri:
            doc.url = payload.uri
        if doc.published is None and payload.date is not None:
            doc.published = payload.date
            doc.attributes["published_precision"] = "time"
            doc.attributes["published_from"] = "WARC-Date"
        if payload.record_id:
            doc.attributes["warc_record_id"] = payload.record_id
    return doc


def iter_payloads(source: str, handle: BinaryIO) -> Iterator[WarcPayload | IngestError]:
    """The HTML and text payloads of a WARC file in order, and an error per malformed record."""
    start = handle.tell()
    compressed = handle.read(len(_GZIP_MAGIC)) == _GZIP_MAGIC
    pos: int | None = start
    while pos is not None:
        handle.seek(pos)
        records = ArchiveIterator(handle)
        offset = pos
        try:
            for record in records:
                offset = records.offset  # this record's start, until the iterator reads past it
                item = _payload(source, offset, record)
                if item is not None:
                    yield item
            return
        except Exception as exc:  # warcio's ArchiveLoadFailed, zlib.error, EOFError, ValueError ...
            bad = max(records.offset, offset)
            yield IngestError(source, None, f"malformed WARC record at offset {bad}: {_why(exc)}")
            pos = _resync(handle, bad + 1, compressed)


def _payload(source: str, offset: int, record) -> WarcPayload | IngestError | None:
    if not record.format.startswith("warc"):  # warcio also reads the older ARC format: not here
        raise ValueError("not a WARC record")
    if not record.rec_type or record.rec_headers.get_header("Content-Length") is None:
        # warcio would read such a record to the end of the file, swallowing every later one
        raise ValueError("no WARC-Type or Content-Length header")
    if record.rec_type == "response":
        http = record.http_headers
        if http is None or not http.get_statuscode().startswith("2"):
            return None
        ctype = http.get_header("Content-Type")
    elif record.rec_type == "resource":
        ctype = record.rec_headers.get_header("Content-Type")
    else:
        return None
    kind = _kind(ctype)
    if kind is None:
        return None
    where = f"{source}#offset={offset}"
    stream = record.content_stream()
    chunks, size = [], 0
    while size <= MAX_BYTES:
        chunk = stream.read(_READ)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    if size > MAX_BYTES:
        return IngestError(where, None, size_problem(size, "WARC record") or "WARC record too large")
    raw = record.raw_stream
    if isinstance(raw, LimitReader) and raw.limit > 0:
        raise EOFError(f"record cut short: {raw.limit} of its bytes missing")
    if size == 0:
        return IngestError(where, None, "empty WARC record payload")
    headers = record.rec_headers
    return WarcPayload(source=where, offset=offset, uri=headers.get_header("WARC-Target-URI") or None,
                       record_id=headers.get_header("WARC-Record-ID") or None,
                       date=_warc_date(headers.get_header("WARC-Date")), kind=kind, data=b"".join(chunks),
                       charset=_charset(ctype))


def _kind(content_type: str | None) -> str | None:
    mime = (content_type or "").split(";", 1)[0].strip().lower()
    if mime in HTML_TYPES:
        return "html"
    if mime in TEXT_TYPES:
        return "text"
    return None


def _charset(content_type: str | None) -> str | None:
    for param in (content_type or "").split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip().strip("\"'"):
            return value.strip().strip("\"'")[:40]
    return None


def _warc_date(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        stamp = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


def _why(exc: Exception) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    text = lines[0] if lines else type(exc).__name__
    return text if len(text) <= 160 else text[:160] + "…"


def _resync(handle: BinaryIO, pos: int, compressed: bool) -> int | None:
    """The offset of the next record that starts at or after pos, or None at the end of the file."""
    marker = _GZIP_MAGIC if compressed else b"WARC/1."
    carry = b""
    base = pos
    handle.seek(pos)
    while True:
        block = handle.read(_BLOCK)
        if not block:
            return None
        buf = carry + block
        i = buf.find(marker)
        while i >= 0:
            at = base + i
            if _starts_record(handle, at, compressed):
                return at
            i = buf.find(marker, i + 1)
        keep = len(marker) - 1
        carry = buf[-keep:]
        base += len(buf) - keep
        handle.seek(base + keep)


def _starts_record(handle: BinaryIO, at: int, compressed: bool) -> bool:
    here = handle.tell()
    try:
        handle.seek(at)
        head = handle.read(_READ)
        if compressed:
            try:
                head = zlib.decompressobj(31).decompress(head, 64)
            except zlib.error:
                return False
        elif at > 0:
            handle.seek(at - 1)
            if handle.read(1) != b"\n":
                return False
        return _WARC_LINE.match(head) is not None
    finally:
        handle.seek(here)
