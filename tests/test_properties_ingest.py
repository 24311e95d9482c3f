"""Properties of the ingest parsers on arbitrary and nearly-valid input.

`read_bytes` under every kind of name never raises and yields only Documents
and IngestErrors; every Document keeps ingest's contract (an id, text that is
not blank, no NUL or lone surrogate in any text field, no carriage returns or
leading BOM in the text, segments covering the text end to end), every error
prints on one line. `read_bytes` turns a reader's unforeseen exception into an
error ("could not be read: ..."), so the readers are also called directly
here: an exception there is a bug that the guard would only hide.
"""
from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import event, given
from hypothesis import strategies as st
from text_strategies import SETTINGS, any_text, news_text
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from eventsift.ingest import IngestError, read_bytes
from eventsift.ingest.decoding import MAX_ID_CHARS
from eventsift.ingest.feed import read_feed
from eventsift.ingest.htmlpage import read_html
from eventsift.ingest.jsonl import read_records
from eventsift.ingest.metadata import MetadataIndex, meta_from_mapping
from eventsift.ingest.plaintext import read_text
from eventsift.ingest.warc import read_warc
from eventsift.model import Document

UTC = dt.timezone.utc
WHEN = dt.datetime(2012, 3, 1, tzinfo=UTC)
_KINDS = {"text", "html", "jsonl", "feed", "warc"}
# Lone surrogates and NUL, as JSON escapes can carry them ("\ud800", "\u0000"): ingest must refuse them.
_HOSTILE = st.sampled_from(["\ud800", "\udfff", "a\x00b", "\ud83d\ude00", "\ud83d"])
_NAMES = ["a.txt", "a.md", "a.html", "a.htm", "a.jsonl", "a.ndjson", "a.xml", "a.rss", "a.atom", "a.warc",
          "a.warc.gz", "a", "a.csv", "a.pdf", ".txt", "dir/a.txt", "C:\\x\\a.html", "a.TXT", "\u202ea.txt"]


def _no_hidden(value: str | None) -> bool:
    return value is None or not any(ch == "\x00" or "\ud800" <= ch <= "\udfff" for ch in value)


def check_results(results: list, stored: bool = True) -> list[Document]:
    """What every reader promises of what it yields.

    ``stored``: what read_bytes yields, which is also checked to be storable on every backend
    (no NUL or lone surrogate in its fields) and segmented; readers called directly leave that to it.
    """
    docs = []
    for item in results:
        assert isinstance(item, (Document, IngestError)), type(item)
        if isinstance(item, IngestError):
            line = str(item)
            assert line and "\n" not in line and "\r" not in line, line
            assert isinstance(item.reason, str) and item.reason.strip()
            if item.reason.startswith("could not be read"):  # a reader's exception, caught by read_bytes
                event(f"guarded: {item.reason.split(':')[1].strip()}")
            continue
        docs.append(item)
        assert isinstance(item.text, str) and item.text.strip()
        assert isinstance(item.id, str) and item.id.strip()
        for value in (item.id, item.text, item.title, item.outlet, item.author, item.url, item.language):
            assert value is None or isinstance(value, str)
        assert item.kind in _KINDS and isinstance(item.raw, bytes)
        assert item.published is None or item.published.tzinfo is not None
        if stored:
            assert "\r" not in item.text and not item.text.startswith("\ufeff")
            assert len(item.id) <= MAX_ID_CHARS
            for value in (item.id, item.text, item.title, item.outlet, item.author, item.url, item.language):
                assert _no_hidden(value), value
            assert item.segments[0].start == 0 and item.segments[-1].end == len(item.text)
            assert all(a.end == b.start for a, b in zip(item.segments, item.segments[1:]))
    return docs


# ---- read_bytes: any name, any bytes

_BYTES = st.one_of(
    st.binary(max_size=600),
    news_text().map(lambda t: t.encode("utf-8")),
    st.tuples(st.sampled_from([b"\xef\xbb\xbf", b"<html><body><p>", b"<rss><channel><item><description>",
                               b'{"id": "x", "text": "', b"WARC/1.0\r\n", b"\x1f\x8b\x08", b"\xff\xfe", b""]),
              st.binary(max_size=300)).map(b"".join),
)


@SETTINGS
@given(st.one_of(st.sampled_from(_NAMES), st.text(max_size=20), _HOSTILE.map(lambda h: h + ".txt")), _BYTES,
       st.one_of(st.none(), st.dictionaries(st.sampled_from(["outlet", "title", "published", "language", "url",
                                                             "author", "encoding", "file", "x"]),
                                            st.one_of(any_text(20), st.none(), st.integers(), _HOSTILE),
                                            max_size=4)))
def test_read_bytes_yields_documents_or_errors(name, data, meta):
    check_results(list(read_bytes(name, data, meta, retrieved=WHEN)))


# ---- JSON Lines

_JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | any_text(30),
                     lambda inner: st.lists(inner, max_size=3) | st.dictionaries(any_text(8), inner, max_size=3),
                     max_leaves=8)
_RECORD = st.fixed_dictionaries(
    {},
    optional={"id": st.one_of(any_text(20), st.integers(), st.booleans(), st.none(), _JSON, _HOSTILE),
              "text": st.one_of(news_text(), _JSON, _HOSTILE.map(lambda h: "killed " + h)),
              "title": st.one_of(any_text(20), _JSON, _HOSTILE),
              "outlet": any_text(20), "author": st.one_of(any_text(20), st.lists(any_text(8), max_size=3)),
              "published": st.one_of(st.sampled_from(["2011-07-19", "2011-07-19T10:00:00Z", "0001-01-01",
                                                      "9999-12-31T23:59:59+14:00", "yesterday", ""]),
                                     any_text(20), _JSON),
              "language": any_text(5), "url": any_text(30), "extra": _JSON})


@SETTINGS
@given(st.lists(st.one_of(_RECORD.map(lambda r: json.dumps(r).encode()),
                          _RECORD.map(lambda r: json.dumps(r, ensure_ascii=False).encode("utf-8", "surrogatepass")),
                          st.binary(max_size=80), any_text(60).map(lambda t: t.encode("utf-8"))),
                max_size=6),
       st.sampled_from([b"\n", b"\r\n"]))
def test_jsonl_lines(lines, newline):
    data = newline.join(lines)
    check_results(list(read_records("a.jsonl", io.BytesIO(data), WHEN)), stored=False)
    check_results(list(read_records("a.jsonl", data.splitlines(keepends=True), WHEN)), stored=False)
    check_results(list(read_bytes("a.jsonl", data, retrieved=WHEN)))


# ---- feeds

def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@st.composite
def _feeds(draw) -> bytes:
    entries = draw(st.lists(st.tuples(any_text(30), news_text(), st.booleans(),
                                      st.sampled_from(["", "Tue, 08 Nov 2011 21:30:00 GMT", "2011-11-08T21:30:00Z",
                                                       "not a date", "Mon, 99 Foo 9999 99:99:99"])),
                            max_size=3))
    escape = draw(st.booleans())
    body = (lambda t: _escape(t)) if escape else (lambda t: t)
    if draw(st.booleans()):
        items = "".join(f"<item><title>{body(t)}</title><description>{'<![CDATA[' + d + ']]>' if cdata else body(d)}"
                        f"</description><pubDate>{p}</pubDate><guid>{body(t)}</guid></item>"
                        for t, d, cdata, p in entries)
        xml = f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>{items}</channel></rss>'
    else:
        items = "".join(f'<entry><title type="html">{body(t)}</title><content type="html">{body(d)}</content>'
                        f"<updated>{p}</updated><id>{body(t)}</id></entry>" for t, d, cdata, p in entries)
        xml = f'<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>{items}</feed>'
    data = xml.encode("utf-8", "surrogatepass")
    cut = draw(st.one_of(st.none(), st.integers(0, len(data))))
    return data if cut is None else data[:cut]


@SETTINGS
@given(_feeds())
def test_feeds(data):
    check_results(list(read_feed("a.rss", "a.rss", data, WHEN)), stored=False)
    check_results(list(read_bytes("a.rss", data, retrieved=WHEN)))


# ---- HTML pages

@SETTINGS
@given(any_text(30), news_text(), st.sampled_from(["", '<meta charset="windows-1256">', '<meta charset="bogus">',
                                                   '<meta property="article:published_time" content="2011-07-19">']),
       st.integers(0, 3), st.booleans())
def test_html_pages(title, body, head, nesting, escape):
    text = _escape(body) if escape else body
    page = (f"<!DOCTYPE html><html><head>{head}<title>{title}</title></head><body>"
            + "<div>" * nesting + f"<article><p>{text}</p></article>" + "</div>" * nesting + "</body></html>")
    data = page.encode("utf-8", "surrogatepass")
    check_results([read_html("a.html", "a.html", data, None, WHEN)], stored=False)
    check_results([read_text("a.txt", "a.txt", data, None, WHEN)], stored=False)
    check_results(list(read_bytes("a.html", data, retrieved=WHEN)))


# ---- WARC

@st.composite
def _warcs(draw) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=draw(st.booleans()))
    for _ in range(draw(st.integers(1, 3))):
        ctype = draw(st.sampled_from(["text/html; charset=utf-8", "text/plain", "text/html; charset=bogus",
                                      "image/png", "text/plain; charset=windows-1256", ""]))
        body = draw(st.one_of(news_text().map(lambda t: f"<html><body><p>{t}</p></body></html>".encode()),
                              st.binary(max_size=200)))
        status = draw(st.sampled_from(["200 OK", "404 Not Found", "301 Moved"]))
        http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
        uri = draw(st.sampled_from(["https://example.org/a", "", "urn:x", "https://example.org/\u202e"]))
        record = writer.create_warc_record(uri, draw(st.sampled_from(["response", "resource", "request"])),
                                           payload=io.BytesIO(body), http_headers=http,
                                           warc_headers_dict={"WARC-Date": draw(st.sampled_from(
                                               ["2014-03-13T09:30:00Z", "garbage", ""]))})
        writer.write_record(record)
    data = buf.getvalue()
    # Break it: cut it short, splice bytes in, or leave it whole.
    # (Where, as a share of the length: record ids are random, so the length varies between runs.)
    how, where = draw(st.sampled_from(["whole", "cut", "splice"])), draw(st.integers(0, 1000))
    at = len(data) * where // 1000
    if how == "cut":
        data = data[:at]
    elif how == "splice":
        data = data[:at] + draw(st.binary(max_size=40)) + data[at:]
    return data


@SETTINGS
@given(_warcs())
def test_warc_files(data):
    check_results(list(read_warc("a.warc", io.BytesIO(data))), stored=False)
    check_results(list(read_bytes("a.warc.gz" if data[:2] == b"\x1f\x8b" else "a.warc", data, retrieved=WHEN)))


def test_a_gzip_member_that_is_no_warc():
    check_results(list(read_bytes("a.warc.gz", gzip.compress(b"hello"), retrieved=WHEN)))


# ---- metadata: CSV rows and sidecar mappings

_CELL = st.one_of(any_text(20), st.sampled_from(["2011-07-19", "2011-07-19T21:30:00+02:00", "bogus", "",
                                                 "utf-8", "windows-1256", "rot13", "a.txt", "../a.txt"]))


@SETTINGS
@given(st.lists(st.sampled_from(["file", "outlet", "title", "published", "language", "url", "author",
                                 "encoding", "extra", ""]), min_size=1, max_size=6),
       st.lists(st.lists(_CELL, max_size=7), max_size=5), st.booleans())
def test_metadata_csv(header, rows, raw_garbage):
    buf = io.StringIO()
    out = csv.writer(buf)
    out.writerow(header)
    out.writerows(rows)
    data = buf.getvalue().encode("utf-8", "surrogatepass")
    if raw_garbage:
        data += b'\n"unclosed,\x00\xff\n'
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "metadata.csv"
        path.write_bytes(data)
        index, errors = MetadataIndex.load(path)
        check_results(errors, stored=False)
        for row in rows:
            if row:
                index.lookup(Path(folder) / str(row[0]))


@SETTINGS
@given(st.dictionaries(st.one_of(st.sampled_from(["outlet", "title", "published", "language", "url", "author",
                                                  "encoding", "file"]), any_text(8)),
                       st.one_of(_CELL, _JSON), max_size=6))
def test_meta_from_mapping(values):
    meta, errors = meta_from_mapping(values, "a.meta.json")
    check_results(errors, stored=False)
    doc = Document(id="a.txt", text="x", raw=b"x", kind="text", source="a.txt")
    meta.apply(doc)
    assert doc.published is None or doc.published.tzinfo is not None


@pytest.mark.parametrize("name", _NAMES)
def test_every_name_with_empty_and_tiny_input(name):
    for data in (b"", b"\x00", b"x", b"\n", b"{", b"<", b"\xef\xbb\xbf", os.urandom(64)):
        check_results(list(read_bytes(name, data, retrieved=WHEN)))
