"""Tests for eventsift.ingest: every format, metadata, liveblogs and bad input."""
from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventsift.ingest import MAX_BYTES, IngestError, read_bytes, read_paths, split_entries
from eventsift.model import Document, Segment

UTC = dt.timezone.utc
SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "seeds"
LIVEBLOG_SEED = "002_887b92821c214543.txt"

ARTICLE = (
    "Shelling in Homs\n"
    "Activists said at least 20 people were killed in the Khalidiya district of Homs overnight.\n"
    "The claims could not be independently verified.\n"
)

LIVEBLOG = (
    "Syria LiveBlog: a test page\n"
    "Tuesday, by our desk\n"
    "\n"
    "2120 GMT: Protesters gathered in Barzeh outside Damascus.\n"
    "\n"
    "A second paragraph of the same entry.\n"
    "\n"
    "1703 GMT: An MP told a television channel that the troops keep the peace.\n"
    "\n"
    "0510 GMT: The first entry of the day.\n"
)

HTML_PAGE = b"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Shelling in Homs | Example News</title>
<meta property="article:published_time" content="2012-02-04T09:15:00+02:00">
<meta name="author" content="Jane Doe">
<link rel="canonical" href="https://example.org/2012/02/homs">
<meta property="og:site_name" content="Example News"></head>
<body><nav>Home | World | Middle East</nav>
<article><h1>Shelling in Homs</h1>
<p>Activists said at least 200 people were killed in the Khalidiya district of Homs overnight,
in what they called the bloodiest attack of the uprising so far.</p>
<p>The claims could not be independently verified. State media denied that the army had shelled
the city and blamed armed gangs for the deaths.</p></article>
<footer>Copyright 2012 Example News</footer></body></html>
"""

RSS_FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
<title>Example Wire</title><link>https://wire.example.org/</link><language>en</language>
<item>
  <title>Clashes near Hama</title>
  <link>https://wire.example.org/1</link>
  <guid>urn:example:1</guid>
  <pubDate>Tue, 08 Nov 2011 16:15:00 GMT</pubDate>
  <description>&lt;p&gt;Clashes were reported near &lt;b&gt;Hama&lt;/b&gt;.&lt;/p&gt;&lt;p&gt;Eight soldiers were killed.&lt;/p&gt;</description>
</item>
<item>
  <title>Protest in Irbeen</title>
  <link>https://wire.example.org/2</link>
  <description>A protest was held in Irbeen near Damascus.</description>
</item>
<item>
  <title>No link, no guid</title>
  <description>An entry with neither id nor link.</description>
</item>
</channel></rss>
"""

ATOM_FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Example Atom Outlet</title>
  <id>urn:example:feed</id>
  <updated>2012-02-04T10:00:00Z</updated>
  <entry>
    <title>Homs under fire</title>
    <id>urn:example:atom:1</id>
    <link href="https://atom.example.org/1"/>
    <updated>2012-02-04T09:00:00Z</updated>
    <published>2012-02-04T08:30:00+02:00</published>
    <author><name>A. Reporter</name></author>
    <content type="html">&lt;p&gt;Shelling hit Baba Amr.&lt;/p&gt;&lt;p&gt;Residents fled.&lt;/p&gt;</content>
  </entry>
</feed>
"""


def documents(results):
    return [r for r in results if isinstance(r, Document)]


def errors(results):
    return [r for r in results if isinstance(r, IngestError)]


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def covers(segments: list[Segment], text: str) -> bool:
    if not segments or segments[0].start != 0 or segments[-1].end != len(text):
        return False
    return all(a.end == b.start for a, b in zip(segments, segments[1:])) and all(s.start <= s.end for s in segments)


# --- IngestError -------------------------------------------------------------------------------

def test_ingest_error_is_one_line():
    err = IngestError("path/to/file.jsonl", 12, "malformed JSON: Expecting ',' delimiter")
    assert str(err) == "path/to/file.jsonl:12: malformed JSON: Expecting ',' delimiter"
    assert str(IngestError("a.txt", None, "empty file")) == "a.txt: empty file"
    assert isinstance(err, Exception)
    assert {err} == {IngestError("path/to/file.jsonl", 12, "malformed JSON: Expecting ',' delimiter")}


# --- plain text and metadata -------------------------------------------------------------------

def test_plain_text_with_metadata_csv(tmp_path):
    text_file = write(tmp_path / "docs" / "a.txt", ARTICLE)
    os.utime(text_file, (1_600_000_000, 1_600_000_000))
    write(tmp_path / "docs" / "b.md", "# Notes\n\nA markdown note about Rastan.\n")
    meta = write(
        tmp_path / "meta.csv",
        "file,outlet,title,published,language,kind,published_note\n"
        "a.txt,Example News,Shelling in Homs,2012-02-04,en,news article,\n"
        "b.md,Notes Weekly,Notes,2012-02-05T09:15:00+02:00,en,,\n",
    )
    results = list(read_paths([tmp_path / "docs"], meta=meta))
    assert errors(results) == []
    a, b = documents(results)
    assert (a.id, a.kind, a.outlet, a.title, a.language) == ("a.txt", "text", "Example News", "Shelling in Homs", "en")
    assert a.text == ARTICLE and a.raw == ARTICLE.encode()
    assert a.source == str(tmp_path / "docs" / "a.txt")
    assert a.published == dt.datetime(2012, 2, 4, tzinfo=UTC)
    assert a.published.tzinfo is not None
    assert a.attributes == {"kind": "news article", "published_precision": "day"}
    assert a.retrieved == dt.datetime.fromtimestamp(1_600_000_000, UTC)
    assert a.segments == [Segment(0, len(ARTICLE), dt.datetime(2012, 2, 4, tzinfo=UTC))]
    assert b.id == "b.md" and b.kind == "text"
    assert b.published == dt.datetime(2012, 2, 5, 7, 15, tzinfo=UTC)
    assert b.attributes["published_precision"] == "time"


def test_metadata_csv_is_skipped_when_inside_the_folder(tmp_path):
    write(tmp_path / "a.txt", ARTICLE)
    meta = write(tmp_path / "metadata.csv", "file,outlet\na.txt,Example News\n")
    results = list(read_paths([tmp_path], meta=meta))
    assert errors(results) == []
    assert [d.outlet for d in documents(results)] == ["Example News"]


def test_other_csv_in_folder_is_unsupported_with_a_hint(tmp_path):
    write(tmp_path / "a.txt", ARTICLE)
    write(tmp_path / "metadata.csv", "file,outlet\na.txt,Example News\n")
    results = list(read_paths([tmp_path]))
    assert len(documents(results)) == 1
    (err,) = errors(results)
    assert err.reason.startswith("unsupported file type '.csv'")


def test_bad_date_in_metadata_csv_is_reported_and_the_document_kept(tmp_path):
    write(tmp_path / "a.txt", ARTICLE)
    meta = write(tmp_path / "meta.csv", "file,outlet,published\na.txt,Example News,2012-13-45\n")
    results = list(read_paths([tmp_path / "a.txt"], meta=meta))
    (err,) = errors(results)
    assert str(err) == f"{meta}:2: invalid published date '2012-13-45'"
    (doc,) = documents(results)
    assert doc.outlet == "Example News" and doc.published is None


def test_missing_metadata_file_is_reported(tmp_path):
    write(tmp_path / "a.txt", ARTICLE)
    results = list(read_paths([tmp_path], meta=tmp_path / "nope.csv"))
    assert len(documents(results)) == 1
    (err,) = errors(results)
    assert "cannot read metadata" in err.reason


def test_sidecar_metadata(tmp_path):
    write(tmp_path / "a.txt", ARTICLE)
    write(tmp_path / "a.txt.meta.json", json.dumps({
        "outlet": "Sidecar Outlet", "title": "From the sidecar", "published": "2012-02-04T09:15:00Z",
        "language": "en", "url": "https://example.org/a", "author": "Jane Doe", "desk": "Middle East",
    }))
    write(tmp_path / "b.txt", ARTICLE)
    write(tmp_path / "b.meta.json", json.dumps({"outlet": "Stem Sidecar"}))
    meta = write(tmp_path / "meta.csv", "file,outlet,title,language\na.txt,CSV Outlet,CSV title,ar\n")
    results = list(read_paths([tmp_path], meta=meta))
    assert errors(results) == []
    a, b = documents(results)  # the sidecars themselves are not documents
    assert a.outlet == "Sidecar Outlet" and a.title == "From the sidecar"  # the sidecar wins over the CSV
    assert (a.url, a.author, a.language) == ("https://example.org/a", "Jane Doe", "en")
    assert a.published == dt.datetime(2012, 2, 4, 9, 15, tzinfo=UTC)
    assert a.attributes == {"desk": "Middle East", "published_precision": "time"}
    assert b.outlet == "Stem Sidecar"


def test_malformed_sidecar_is_reported_and_the_document_kept(tmp_path):
    write(tmp_path / "a.txt", ARTICLE)
    write(tmp_path / "a.txt.meta.json", "{not json")
    results = list(read_paths([tmp_path]))
    (err,) = errors(results)
    assert err.source.endswith("a.txt.meta.json") and err.reason.startswith("malformed JSON")
    assert len(documents(results)) == 1


def test_newlines_and_bom_are_normalised_and_nothing_else(tmp_path):
    raw = b"\xef\xbb\xbfLine one  \r\nLine\ttwo\rLine three\n\n  indented\n"
    write(tmp_path / "a.txt", raw)
    (doc,) = documents(read_paths([tmp_path / "a.txt"]))
    assert doc.text == "Line one  \nLine\ttwo\nLine three\n\n  indented\n"
    assert doc.raw == raw


# --- HTML --------------------------------------------------------------------------------------

def test_html_page(tmp_path):
    write(tmp_path / "page.html", HTML_PAGE)
    (doc,) = documents(read_paths([tmp_path]))
    assert doc.id == "page.html" and doc.kind == "html"
    assert doc.raw == HTML_PAGE
    assert "at least 200 people were killed in the Khalidiya district" in doc.text
    assert "Copyright" not in doc.text and "<p>" not in doc.text
    assert doc.title == "Shelling in Homs"
    assert doc.author == "Jane Doe"
    assert doc.url == "https://example.org/2012/02/homs"
    assert doc.outlet == "Example News"
    assert doc.language == "en"
    assert doc.published == dt.datetime(2012, 2, 4, 7, 15, tzinfo=UTC)
    assert doc.attributes["published_precision"] == "time"
    assert covers(doc.segments, doc.text)


def test_html_metadata_wins_over_the_page(tmp_path):
    write(tmp_path / "page.htm", HTML_PAGE)
    meta = write(tmp_path / "meta.csv", "file,outlet,title,published\npage.htm,CSV Outlet,CSV title,2012-02-06\n")
    (doc,) = documents(read_paths([tmp_path], meta=meta))
    assert (doc.outlet, doc.title) == ("CSV Outlet", "CSV title")
    assert doc.published == dt.datetime(2012, 2, 6, tzinfo=UTC)
    assert doc.attributes["published_precision"] == "day"
    assert doc.author == "Jane Doe"  # not in the metadata: from the page


def test_html_date_only_page_has_day_precision(tmp_path):
    page = HTML_PAGE.replace(b"2012-02-04T09:15:00+02:00", b"2012-02-04")
    write(tmp_path / "page.html", page)
    (doc,) = documents(read_paths([tmp_path]))
    assert doc.published == dt.datetime(2012, 2, 4, tzinfo=UTC)
    assert doc.attributes["published_precision"] == "day"


def test_html_without_text_is_an_error(tmp_path):
    write(tmp_path / "empty.html", b"<html><head><title>x</title></head><body></body></html>")
    (err,) = list(read_paths([tmp_path]))
    assert isinstance(err, IngestError) and err.reason == "no text found"


# --- JSON Lines --------------------------------------------------------------------------------

def test_jsonl_records_and_a_malformed_line_among_good_ones(tmp_path):
    lines = [
        json.dumps({"id": "r1", "text": "Shelling in Baba Amr.", "url": "https://x.example/1", "outlet": "X",
                    "published": "2012-02-04T09:15:00+02:00", "title": "T1", "language": "en",
                    "author": "A", "feed": "wire", "tags": ["a", "b"]}),
        '{"id": "r2", "text": "broken" "x"}',
        json.dumps([1, 2]),
        json.dumps({"text": "no id"}),
        json.dumps({"id": "r5"}),
        json.dumps({"id": "  ", "text": "empty id"}),
        "",
        json.dumps({"id": "a/b\tc", "text": "Line one\r\nline two", "published": "2012-02-05"}),
        json.dumps({"id": 7, "text": "Integer id."}),
    ]
    path = write(tmp_path / "records.jsonl", "\r\n".join(lines) + "\n")
    results = list(read_paths([path]))
    assert [str(e) for e in errors(results)] == [
        f"{path}:2: malformed JSON: Expecting ',' delimiter",
        f"{path}:3: not a JSON object but list",
        f"{path}:4: missing 'id'",
        f"{path}:5: missing 'text'",
        f"{path}:6: empty 'id'",
    ]
    r1, r8, r9 = documents(results)
    assert (r1.id, r1.kind, r1.source) == ("r1", "jsonl", f"{path}:1")
    assert (r1.url, r1.outlet, r1.title, r1.language, r1.author) == ("https://x.example/1", "X", "T1", "en", "A")
    assert r1.published == dt.datetime(2012, 2, 4, 7, 15, tzinfo=UTC)
    assert r1.attributes == {"feed": "wire", "tags": ["a", "b"], "published_precision": "time"}
    assert r1.raw == lines[0].encode()  # the line, without its line ending
    assert r1.retrieved is not None and r1.retrieved.tzinfo is not None
    assert r8.id == "a/b\tc" and r8.text == "Line one\nline two"  # id kept as given
    assert r8.published == dt.datetime(2012, 2, 5, tzinfo=UTC) and r8.attributes["published_precision"] == "day"
    assert r8.source == f"{path}:8"
    assert r9.id == "7"
    for doc in (r1, r8, r9):
        assert covers(doc.segments, doc.text)


def test_jsonl_bad_date_keeps_the_record(tmp_path):
    path = write(tmp_path / "r.jsonl", json.dumps({"id": "r1", "text": "Text.", "published": "yesterday"}) + "\n")
    results = list(read_paths([path]))
    (err,) = errors(results)
    assert err.line == 1 and "invalid published date 'yesterday'" in err.reason
    (doc,) = documents(results)
    assert doc.published is None and doc.attributes["published_raw"] == "yesterday"


def test_legacy_encoded_html_is_not_called_binary(tmp_path):
    body = ("<p>" + "\u0642\u0635\u0641 \u0639\u0644\u0649 \u062d\u0645\u0635 " * 40 + "</p>").encode("cp1256")
    page = b'<html lang="ar"><head><meta charset="windows-1256"><title>t</title></head><body><article>' + body + b"</article></body></html>"
    write(tmp_path / "ar.html", page)
    write(tmp_path / "ar.txt", body)
    results = list(read_paths([tmp_path]))
    assert [e.reason for e in errors(results)] == ["invalid UTF-8 at byte 3"]  # the .txt: no encoding guessing
    (doc,) = documents(results)
    assert "\u062d\u0645\u0635" in doc.text and doc.language == "ar"


def test_jsonl_invalid_utf8_line(tmp_path):
    good = json.dumps({"id": "ok", "text": "Fine."}).encode()
    path = write(tmp_path / "r.jsonl", b'{"id": "x", "text": "caf\xe9"}\n' + good + b"\n")
    results = list(read_paths([path]))
    assert [str(e) for e in errors(results)] == [f"{path}:1: invalid UTF-8 at byte 24"]
    assert [d.id for d in documents(results)] == ["ok"]


# --- feeds -------------------------------------------------------------------------------------

def test_rss_feed(tmp_path):
    path = write(tmp_path / "wire.rss", RSS_FEED)
    results = list(read_paths([path]))
    assert errors(results) == []
    first, second, third = documents(results)
    assert (first.id, first.kind, first.source) == ("urn:example:1", "feed", f"{path}#1")
    assert first.outlet == "Example Wire" and first.language == "en"
    assert first.title == "Clashes near Hama" and first.url == "https://wire.example.org/1"
    assert first.text == "Clashes were reported near Hama.\n\nEight soldiers were killed."
    assert first.published == dt.datetime(2011, 11, 8, 16, 15, tzinfo=UTC)
    assert first.attributes["published_precision"] == "time"
    assert json.loads(first.raw)["title"] == "Clashes near Hama"
    assert second.id == "https://wire.example.org/2" and second.published is None
    assert third.id == "wire.rss#3" and third.text == "An entry with neither id nor link."
    assert all(covers(d.segments, d.text) for d in (first, second, third))


def test_feed_html_is_flattened_to_paragraphs():
    from eventsift.ingest.feed import html_fragment_text

    html = "<p>One <b>bold</b>&nbsp;word.</p><!-- ad --><p>Two &amp; three<br>four</p><script>x()</script>end"
    assert html_fragment_text(html) == "One bold word.\n\nTwo & three\nfour\n\nend"
    assert html_fragment_text("plain &amp; simple") == "plain & simple"


def test_atom_feed_in_an_xml_file(tmp_path):
    path = write(tmp_path / "feed.xml", ATOM_FEED)
    (doc,) = documents(read_paths([path]))
    assert doc.id == "urn:example:atom:1" and doc.outlet == "Example Atom Outlet"
    assert doc.text == "Shelling hit Baba Amr.\n\nResidents fled."
    assert doc.author == "A. Reporter"
    assert doc.published == dt.datetime(2012, 2, 4, 6, 30, tzinfo=UTC)


def test_xml_that_is_not_a_feed_is_unsupported(tmp_path):
    write(tmp_path / "data.xml", b'<?xml version="1.0"?><catalog><book>A</book></catalog>')
    (err,) = list(read_paths([tmp_path]))
    assert isinstance(err, IngestError) and err.reason.startswith("unsupported file type '.xml'")


def test_unparseable_feed_is_an_error(tmp_path):
    write(tmp_path / "broken.rss", b"<rss><channel><title>Broken & <item>never closed")
    (err,) = list(read_paths([tmp_path]))
    assert isinstance(err, IngestError) and err.reason.startswith("not a parseable feed")
    assert "\n" not in str(err)


def test_feed_entry_without_text_is_an_error(tmp_path):
    feed = RSS_FEED.replace(b"<description>A protest was held in Irbeen near Damascus.</description>", b"")
    path = write(tmp_path / "wire.rss", feed)
    results = list(read_paths([path]))
    assert [str(e) for e in errors(results)] == [f"{path}#2: no text found"]
    assert len(documents(results)) == 2


# --- bad input ---------------------------------------------------------------------------------

def test_bad_inputs_are_errors_and_the_run_goes_on(tmp_path):
    write(tmp_path / "a_good.txt", ARTICLE)
    write(tmp_path / "b_empty.txt", b"")
    write(tmp_path / "c_binary.txt", b"GIF89a\x00\x01\x02\x03" * 10)
    write(tmp_path / "d_noise.txt", bytes(range(1, 9)) * 200)
    write(tmp_path / "e_latin1.txt", "Caf\u00e9 in Homs".encode("latin-1"))
    write(tmp_path / "f_report.xyz", b"whatever")
    write(tmp_path / "g_blank.txt", b"  \n\t\n")
    write(tmp_path / "h_also_good.txt", ARTICLE)
    results = list(read_paths([tmp_path, tmp_path / "missing.txt"]))
    reasons = {Path(e.source).name: e.reason for e in errors(results)}
    assert reasons == {
        "b_empty.txt": "empty file",
        "c_binary.txt": "binary file, not text",
        "d_noise.txt": "binary file, not text",
        "e_latin1.txt": "invalid UTF-8 at byte 3",
        "f_report.xyz": "unsupported file type '.xyz'",
        "g_blank.txt": "no text found",
        "missing.txt": "no such file or directory",
    }
    assert [d.id for d in documents(results)] == ["a_good.txt", "h_also_good.txt"]


def test_file_over_the_size_limit(tmp_path):
    line = b"Shelling was reported in Homs again today, activists said.\n"
    big = write(tmp_path / "big.txt", line * (20 * 1024 * 1024 // len(line) + 1))
    write(tmp_path / "small.txt", ARTICLE)
    assert big.stat().st_size > MAX_BYTES
    results = list(read_paths([tmp_path]))
    (err,) = errors(results)
    assert err.reason == "file too large: 20.0 MB > 10 MB limit"
    assert [d.id for d in documents(results)] == ["small.txt"]


def test_unknown_extension(tmp_path):
    path = write(tmp_path / "report.xyz", ARTICLE)
    (err,) = list(read_paths([path]))
    assert str(err) == f"{path}: unsupported file type '.xyz'"


def test_file_without_extension_is_sniffed(tmp_path):
    write(tmp_path / "page", HTML_PAGE)
    write(tmp_path / "notes", ARTICLE)
    notes, page = documents(read_paths([tmp_path]))
    assert (notes.kind, page.kind) == ("text", "html")


# --- order, identity, paths ----------------------------------------------------------------------

def test_deterministic_order(tmp_path):
    for name in ["b.txt", "a/z.txt", "a/b/c.txt", "c.txt", "a.txt", ".hidden.txt", "a/.git/x.txt"]:
        write(tmp_path / name, f"Text of {name}.\n")
    first = [d.source for d in documents(read_paths([tmp_path]))]
    second = [d.source for d in documents(read_paths([str(tmp_path)]))]
    assert first == second
    # depth-first by sorted name, hidden files and folders skipped: the order of sorted(Path.rglob())
    assert [Path(s).relative_to(tmp_path).as_posix() for s in first] == ["a/b/c.txt", "a/z.txt", "a.txt", "b.txt", "c.txt"]
    assert [Path(s) for s in first] == sorted(p for p in tmp_path.rglob("*.txt") if ".git" not in p.parts and not p.name.startswith("."))


def test_a_single_path_and_duplicates(tmp_path):
    write(tmp_path / "a.txt", ARTICLE)
    assert len(documents(read_paths(str(tmp_path)))) == 1  # a bare string is one path, not characters
    assert len(documents(read_paths([tmp_path, tmp_path / "a.txt"]))) == 1  # each file once


def test_same_bytes_give_same_id_and_hash(tmp_path):
    write(tmp_path / "one" / "a.txt", ARTICLE)
    write(tmp_path / "two" / "a.txt", ARTICLE)
    record = json.dumps({"id": "r1", "text": "Shelling in Baba Amr."})
    write(tmp_path / "one" / "r.jsonl", record + "\n")
    write(tmp_path / "two" / "r.jsonl", json.dumps({"id": "r0", "text": "Other."}) + "\r\n" + record + "\r\n")
    write(tmp_path / "one" / "wire.rss", RSS_FEED)
    write(tmp_path / "two" / "wire.rss", RSS_FEED)
    one = {(d.kind, d.id): d.sha256 for d in documents(read_paths([tmp_path / "one"]))}
    two = {(d.kind, d.id): d.sha256 for d in documents(read_paths([tmp_path / "two"]))}
    assert len(one) == 5
    for key, digest in one.items():
        assert two[key] == digest
    again = {(d.kind, d.id): d.sha256 for d in documents(read_paths([tmp_path / "one"]))}
    assert again == one


def test_read_bytes_for_uploads():
    results = list(read_bytes("upload/a.txt", ARTICLE.encode(), {"outlet": "Upload", "published": "2012-02-04"}))
    (doc,) = documents(results)
    assert (doc.id, doc.source, doc.outlet) == ("a.txt", "upload/a.txt", "Upload")
    assert doc.attributes["published_precision"] == "day"
    assert covers(doc.segments, doc.text)
    assert [str(e) for e in read_bytes("x.txt", b"")] == ["x.txt: empty file"]
    assert [d.id for d in documents(read_bytes("w.rss", RSS_FEED))][:1] == ["urn:example:1"]
    jsonl = json.dumps({"id": "r1", "text": "Text."}).encode() + b"\n{bad\n"
    out = list(read_bytes("r.jsonl", jsonl))
    assert [d.id for d in documents(out)] == ["r1"] and errors(out)[0].line == 2


# --- liveblogs ---------------------------------------------------------------------------------

def test_liveblog_entries_with_a_published_time():
    published = dt.datetime(2011, 11, 8, 21, 30, tzinfo=UTC)
    segments = split_entries(LIVEBLOG, published)
    assert covers(segments, LIVEBLOG)
    preamble, *entries = segments
    assert preamble.label is None and preamble.time == published
    assert LIVEBLOG[preamble.start:preamble.end].startswith("Syria LiveBlog")
    assert [s.label for s in entries] == ["2120 GMT", "1703 GMT", "0510 GMT"]
    assert [s.time for s in entries] == [
        dt.datetime(2011, 11, 8, 21, 20, tzinfo=UTC),
        dt.datetime(2011, 11, 8, 17, 3, tzinfo=UTC),
        dt.datetime(2011, 11, 8, 5, 10, tzinfo=UTC),
    ]
    first = LIVEBLOG[entries[0].start:entries[0].end]
    assert first.startswith("2120 GMT: Protesters") and "second paragraph" in first


def test_liveblog_entry_later_than_publication_is_from_the_day_before():
    segments = split_entries(LIVEBLOG, dt.datetime(2011, 11, 9, 0, 40, tzinfo=UTC))
    assert [s.time for s in segments[1:]] == [
        dt.datetime(2011, 11, 8, 21, 20, tzinfo=UTC),
        dt.datetime(2011, 11, 8, 17, 3, tzinfo=UTC),
        dt.datetime(2011, 11, 8, 5, 10, tzinfo=UTC),
    ]


def test_liveblog_with_a_date_only_publication_keeps_every_entry_on_that_day():
    segments = split_entries(LIVEBLOG, dt.date(2011, 11, 8))
    assert segments[0].time == dt.datetime(2011, 11, 8, tzinfo=UTC)
    assert segments[1].time == dt.datetime(2011, 11, 8, 21, 20, tzinfo=UTC)


def test_liveblog_header_styles_and_zones():
    text = (
        "Intro line.\n"
        "9.15am: Morning entry.\n"
        "**Update 14:05:** Afternoon update.\n"
        "21:20 BST Evening entry.\n"
        "09:15 GMT\nEntry with the time on its own line.\n"
        "1703 GMT+2: Entry with an offset.\n"
        "14.30 percent of the vote is not a header.\n"
        "2011: a year is not a header either.\n"
    )
    segments = split_entries(text, dt.date(2012, 6, 1))
    assert covers(segments, text)
    assert [s.label for s in segments] == [None, "9.15am", "Update 14:05", "21:20 BST", "09:15 GMT", "1703 GMT+2"]
    day = dt.datetime(2012, 6, 1, tzinfo=UTC)
    assert [s.time - day for s in segments[1:]] == [
        dt.timedelta(hours=9, minutes=15),
        dt.timedelta(hours=14, minutes=5),
        dt.timedelta(hours=20, minutes=20),  # BST is UTC+1
        dt.timedelta(hours=9, minutes=15),
        dt.timedelta(hours=15, minutes=3),
    ]


def test_clock_time_without_zone_is_in_the_page_zone():
    damascus = dt.timezone(dt.timedelta(hours=2))
    segments = split_entries("10:00: one\n12pm: two\n", dt.datetime(2012, 6, 1, 13, 0, tzinfo=damascus))
    assert [s.time for s in segments] == [
        dt.datetime(2012, 6, 1, 8, 0, tzinfo=UTC),
        dt.datetime(2012, 6, 1, 10, 0, tzinfo=UTC),
    ]


def test_not_a_liveblog_gives_one_segment():
    published = dt.datetime(2012, 2, 4, tzinfo=UTC)
    assert split_entries(ARTICLE, published) == [Segment(0, len(ARTICLE), published)]
    assert split_entries("2120 GMT: only one stamped line.\n", None) == [Segment(0, 33, None)]
    assert split_entries("", None) == [Segment(0, 0, None)]


def test_liveblog_without_publication_keeps_labels():
    segments = split_entries(LIVEBLOG, None)
    assert [s.label for s in segments[1:]] == ["2120 GMT", "1703 GMT", "0510 GMT"]
    assert all(s.time is None for s in segments)


def test_liveblog_document_through_read_paths(tmp_path):
    write(tmp_path / "live.txt", LIVEBLOG)
    meta = write(tmp_path / "meta.csv", "file,published\nlive.txt,2011-11-08T21:30:00Z\n")
    (doc,) = documents(read_paths([tmp_path], meta=meta))
    assert len(doc.segments) == 4 and covers(doc.segments, doc.text)
    assert doc.segment_at(LIVEBLOG.index("Barzeh")).time == dt.datetime(2011, 11, 8, 21, 20, tzinfo=UTC)


HEADERISH = st.sampled_from([
    "2120 GMT: ", "1703 GMT", "09:15 GMT\n", "9.15am: ", "21:20 BST ", "Update 14:05: ", "12pm:", "\n", "\r\n",
    "00:00 UTC-5: ", "23:59 CEST:", " * 10:30 - ", "99:99: ", "12.10.2011",
])


@settings(max_examples=300, deadline=None)
@given(
    text=st.lists(st.one_of(st.text(max_size=40), HEADERISH), max_size=30).map("".join),
    published=st.one_of(
        st.none(),
        st.dates(),
        st.datetimes(),
        st.datetimes(timezones=st.sampled_from([UTC, dt.timezone(dt.timedelta(hours=14)), dt.timezone(dt.timedelta(hours=-12))])),
    ),
)
def test_split_entries_always_covers_the_text(text, published):
    segments = split_entries(text, published)
    assert covers(segments, text)
    for segment in segments:
        assert segment.time is None or segment.time.tzinfo is not None


# --- the real seeds ----------------------------------------------------------------------------

@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"shared seed corpus not found at {SEEDS}")
def test_real_seeds_with_metadata(tmp_path):
    results = list(read_paths([SEEDS], meta=SEEDS / "metadata.csv"))
    assert errors(results) == []
    docs = documents(results)
    assert len(docs) == 5
    assert all(d.published is not None and d.published.tzinfo is not None for d in docs)
    assert [d.id for d in docs] == sorted(d.id for d in docs)
    live = next(d for d in docs if d.id == LIVEBLOG_SEED)
    assert live.published == dt.datetime(2011, 11, 8, 21, 30, tzinfo=UTC)
    assert len(live.segments) > 10 and covers(live.segments, live.text)
    entry = next(s for s in live.segments if s.label == "2120 GMT")
    assert entry.time == dt.datetime(2011, 11, 8, 21, 20, tzinfo=UTC)
    assert live.text[entry.start:].startswith("2120 GMT:")
    for doc in docs:
        if doc is not live:
            assert len(doc.segments) == 1 and covers(doc.segments, doc.text)
    # the same bytes under another path: same id and hash
    shutil.copy(SEEDS / LIVEBLOG_SEED, tmp_path / LIVEBLOG_SEED)
    (copy,) = documents(read_paths([tmp_path / LIVEBLOG_SEED]))
    assert (copy.id, copy.sha256) == (live.id, live.sha256)
