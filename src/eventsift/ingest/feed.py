"""RSS and Atom feeds: every entry is a document.

feedparser gets a stream, never bytes or a string: given either it first tries
to open a file or URL by that name. An entry's raw bytes are its parsed form as
JSON with sorted keys, so the same entry hashes the same in any feed file.

The feed is decoded here first, by the rules of :mod:`.decoding` (UTF-8, else
the XML declaration's encoding), and feedparser is told the result, so it does
not fall back to a guess. A feed that declares entities is refused before any
parser sees it: entity expansion ("billion laughs") is the classic way to make
an XML file take any amount of time or memory, and feeds never need it.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections.abc import Iterator
from html import unescape
from typing import Any

import feedparser
import lxml.html
from lxml import etree

from eventsift.model import Document

from .dates import from_struct_time
from .decoding import SNIFF_BYTES, XML_ENCODING, DecodeProblem, decode_text, normalise_newlines
from .errors import IngestError

__all__ = ["looks_like_feed", "read_feed", "html_fragment_text"]

_FEED_ROOT = re.compile(rb"<(?:[a-z0-9]+:)?(?:rss|feed|rdf)\b", re.IGNORECASE)
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_BLOCKS = frozenset(
    "p div li ul ol h1 h2 h3 h4 h5 h6 tr table blockquote pre section article figure figcaption hr dd dt".split()
)
_CELLS = frozenset(("td", "th"))
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANK_LINES = re.compile(r"\n{3,}")
_TAG = re.compile(r"<[^>]*>")
_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)


def looks_like_feed(head: bytes) -> bool:
    """Whether the first bytes of an XML file open an RSS, Atom or RDF feed."""
    return _FEED_ROOT.search(head[:SNIFF_BYTES]) is not None


def html_fragment_text(html: str) -> str:
    """Readable text of an HTML fragment: paragraphs apart, a <br> a line break.

    trafilatura is made for whole pages and drops short fragments, so feed
    content is flattened here with lxml.
    """
    if "<" not in html:
        return unescape(html).strip()
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return _SPACES.sub(" ", unescape(_TAG.sub(" ", html))).strip()
    for bad in root.xpath("//script|//style|//comment()|//processing-instruction()"):
        bad.drop_tree()  # keeps the tail text that follows it
    pieces: list[str] = []
    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag.lower() if isinstance(element.tag, str) else None  # None: a comment
        if tag == "br":
            pieces.append("\n" if event == "start" else "")
        elif tag in _BLOCKS:
            pieces.append("\n\n")
        elif tag in _CELLS:
            pieces.append(" ")
        if event == "start" and tag is not None and element.text:
            pieces.append(element.text)
        if event == "end" and element is not root and element.tail:
            pieces.append(element.tail)
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(pieces).split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def _entry_text(entry: Any) -> str:
    parts = list(entry.get("content") or [])
    if entry.get("summary_detail"):
        parts.append(entry["summary_detail"])
    elif entry.get("summary"):
        parts.append({"type": "text/html", "value": entry["summary"]})
    for part in parts:
        value = part.get("value") or ""
        text = html_fragment_text(value) if part.get("type", "text/html") in _HTML_TYPES else value
        if text.strip():
            return normalise_newlines(text)
    return ""


def _title(entry: Any) -> str | None:
    title = entry.get("title")
    if not title:
        return None
    if (entry.get("title_detail") or {}).get("type") in _HTML_TYPES:
        title = html_fragment_text(title)
    return title.strip() or None


def read_feed(source: str, name: str, data: bytes, retrieved: dt.datetime) -> Iterator[Document | IngestError]:
    root = _FEED_ROOT.search(data)
    prolog = data[:root.start()] if root else data
    if _ENTITY_DECLARATION.search(prolog):
        yield IngestError(source, None, "feed declares XML entities (<!ENTITY ...>): refused, since expanding "
                                        "them can take any amount of time and memory")
        return
    declared = XML_ENCODING.match(prolog)
    label = declared.group(1).decode("ascii") if declared else None
    try:
        decoded = decode_text(data, label, "XML declaration" if label else None,
                              how_to_declare="add encoding=\"...\" to its XML declaration", newlines=False)
    except DecodeProblem as exc:
        yield IngestError(source, None, exc.reason, exc.hint)
        return
    headers = None
    if decoded.attributes:  # decoded otherwise than as plain UTF-8: feedparser reads our reading, as UTF-8
        data, headers = decoded.text.encode("utf-8"), {"content-type": "application/xml; charset=utf-8"}
    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    if not parsed.entries:
        if parsed.bozo:
            problem = " ".join(str(parsed.get("bozo_exception", "")).split()) or "unknown error"
            yield IngestError(source, None, f"not a parseable feed: {problem}")
        else:
            yield IngestError(source, None, "feed has no entries")
        return
    channel = parsed.feed
    outlet = (channel.get("title") or "").strip() or None
    language = channel.get("language") or None
    for index, entry in enumerate(parsed.entries, 1):
        where = f"{source}#{index}"
        text = _entry_text(entry)
        if not text.strip():
            yield IngestError(where, None, "no text found")
            continue
        doc = Document(
            id=entry.get("id") or entry.get("link") or f"{name}#{index}",
            text=text,
            raw=json.dumps(entry, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8"),
            kind="feed", source=where, retrieved=retrieved, outlet=outlet, title=_title(entry),
            author=entry.get("author") or None, url=entry.get("link") or None,
            language=language or (entry.get("title_detail") or {}).get("language") or None,
            attributes=dict(decoded.attributes),
        )
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        if stamp:
            doc.published = from_struct_time(stamp)
            doc.attributes["published_precision"] = "time"
        yield doc
