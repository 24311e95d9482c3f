"""WARC crawls: HTML responses become documents, other records are skipped, broken ones reported."""
from __future__ import annotations

import datetime as dt
import io
import os
import tracemalloc

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from eventsift import EventSift
from eventsift.ingest import IngestError, read_bytes, read_paths
from eventsift.model import Document

WARC_DATE = "2014-03-13T09:30:00Z"


def page(title: str, body: str, published: str | None = None) -> bytes:
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>{meta}</head>'
            f"<body><nav><a href='/'>Home</a> <a href='/syria'>Syria</a></nav><article><h1>{title}</h1>"
            f"<p>{body}</p><p>The toll could not be independently verified, the monitor added.</p>"
            f"</article><footer>Copyright Example News</footer></body></html>").encode()


PAGES = [
    ("https://example.org/2014/03/12/homs-shelling",
     page("Shelling in Homs", "Government forces shelled the Khalidiya district of Homs on Tuesday, killing at "
          "least 12 people, the Syrian Observatory for Human Rights said.", "2014-03-12T10:00:00Z")),
    ("https://example.org/news/talbiseh",
     page("Clashes in Talbiseh", "Rebels and government troops clashed at a checkpoint in Talbiseh on "
          "Wednesday, leaving four soldiers dead, activists said.")),
]
TEXT = ("https://example.org/bulletin.txt",
        b"Protesters marched in Douma on Friday after prayers, residents said.\n")


def response(writer: WARCWriter, uri: str, ctype: str, body: bytes, status: str = "200 OK",
             rtype: str = "response") -> None:
    http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
    record = writer.create_warc_record(uri, rtype, payload=io.BytesIO(body), http_headers=http,
                                       warc_headers_dict={"WARC-Date": WARC_DATE})
    writer.write_record(record)


def write_crawl(path, gzip: bool = True, break_second_page: bool = False) -> int:
    """A crawl: 2 HTML pages, an image, a request, a 404, a text response; returns the broken offset."""
    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=gzip)
    response(w, PAGES[0][0], "text/html; charset=utf-8", PAGES[0][1])
    response(w, "https://example.org/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + os.urandom(2000))
    w.write_record(w.create_warc_record("https://example.org/news/talbiseh", "request",
                                        payload=io.BytesIO(b"GET /news/talbiseh HTTP/1.1\r\nHost: example.org\r\n\r\n")))
    start = buf.tell()
    response(w, PAGES[1][0], "text/html", PAGES[1][1])
    end = buf.tell()
    response(w, "https://example.org/missing", "text/html", b"<html><body>Not found</body></html>",
             status="404 Not Found")
    response(w, TEXT[0], "text/plain; charset=utf-8", TEXT[1])
    data = buf.getvalue()
    if break_second_page:  # cut the record's gzip member in half: the rest of the file must still be read
        data = data[:start] + data[start:start + (end - start) // 2] + data[end:]
    path.write_bytes(data)
    return start


def docs_and_errors(results):
    results = list(results)
    return ([r for r in results if isinstance(r, Document)], [r for r in results if isinstance(r, IngestError)])


def test_html_and_text_responses_become_documents(tmp_path):
    for name, gz in (("crawl.warc.gz", True), ("crawl.warc", False)):
        path = tmp_path / name
        write_crawl(path, gzip=gz)
        docs, errors = docs_and_errors(read_paths([path]))
        assert errors == []
        assert [d.id for d in docs] == [PAGES[0][0], PAGES[1][0], TEXT[0]]
        first, second, text = docs
        assert first.url == first.id and "Khalidiya" in first.text and "Home" not in first.text
        assert first.published == dt.datetime(2014, 3, 12, 10, tzinfo=dt.timezone.utc)  # from the page
        assert second.published == dt.datetime(2014, 3, 13, 9, 30, tzinfo=dt.timezone.utc)  # WARC-Date
        assert first.retrieved == second.retrieved == second.published
        assert text.text == TEXT[1].decode() and text.url == TEXT[0]
        assert all(d.segments and d.source.startswith(f"{path}#offset=") for d in docs)
        assert first.raw == PAGES[0][1]


def test_a_truncated_record_is_reported_and_the_rest_read(tmp_path):
    path = tmp_path / "broken.warc.gz"
    offset = write_crawl(path, break_second_page=True)
    docs, errors = docs_and_errors(read_paths([path]))
    assert [d.id for d in docs] == [PAGES[0][0], TEXT[0]]
    assert len(errors) == 1
    assert errors[0].source == str(path) and f"offset {offset}" in errors[0].reason, errors


def test_garbage_between_records_is_reported_and_the_rest_read(tmp_path):
    path = tmp_path / "junk.warc"
    offset = write_crawl(path, gzip=False)
    data = path.read_bytes()
    path.write_bytes(data[:offset] + b"WARC/1.0\r\nthis is not a header\r\n\r\nnor is this\r\n\r\n" + data[offset:])
    docs, errors = docs_and_errors(read_paths([path]))
    assert [d.id for d in docs] == [PAGES[0][0], PAGES[1][0], TEXT[0]]
    assert len(errors) == 1 and f"offset {offset}" in errors[0].reason, errors


def test_uploaded_bytes_and_a_not_a_warc(tmp_path):
    path = tmp_path / "c.warc.gz"
    write_crawl(path)
    docs, errors = docs_and_errors(read_bytes("upload.warc.gz", path.read_bytes()))
    assert len(docs) == 3 and not errors
    (tmp_path / "bad.warc.gz").write_bytes(b"\x1f\x8b\x08 definitely not gzip")
    (tmp_path / "bad.warc").write_bytes(b"hello, this is no WARC\n")
    for name in ("bad.warc.gz", "bad.warc"):
        docs, errors = docs_and_errors(read_paths([tmp_path / name]))
        assert not docs and len(errors) == 1 and "offset 0" in errors[0].reason, errors


def test_a_crawl_runs_through_the_pipeline(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    write_crawl(path)
    with EventSift(f"sqlite:///{tmp_path}/w.db") as sift:
        report = sift.run([path])
        assert report.ok and report.added == 3, report
        events = list(sift.events())
        assert sift.run([path]).unchanged == 3
    homs = [e for e in events if PAGES[0][0] in e["doc_ids"]]
    assert homs and homs[0]["location"] == "Khalidiya" and homs[0]["fatalities_best"] == 12


def test_memory_stays_flat_in_the_size_of_the_file(tmp_path):
    """~50 MB of crawl (1 MB images between pages) is read holding about one record at a time."""
    path = tmp_path / "big.warc.gz"
    with open(path, "wb") as f:
        w = WARCWriter(f, gzip=True)
        blob = os.urandom(1 << 20)  # incompressible: the file really is ~50 MB
        for i in range(50):
            response(w, f"https://example.org/img/{i}.jpg", "image/jpeg", blob[i:] + blob[:i])
            if i % 10 == 0:
                response(w, f"https://example.org/page/{i}", "text/html", PAGES[0][1])
    size = path.stat().st_size
    assert size > 45 * 2**20
    tracemalloc.start()
    try:
        n = sum(isinstance(r, Document) for r in read_paths([path]))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert n == 5
    assert peak < 8 * 2**20, f"peak {peak / 2**20:.1f} MB reading a {size / 2**20:.0f} MB WARC"
