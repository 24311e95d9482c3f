"""HTML pages: main text with trafilatura, publication date with htmldate.

Only the parsed tree is ever handed to trafilatura and htmldate: given a string
that looks like a URL they would download it, and ingest never goes online.
Metadata from a CSV or sidecar wins over what the page says about itself.

The page is decoded here, before parsing (see :mod:`.decoding`): the charset its
metadata or HTTP response gives, else its ``<meta charset>`` or XML declaration.
trafilatura would otherwise guess, and fall back to replacing what it cannot read.
"""
from __future__ import annotations

import datetime as dt
import re

import trafilatura
from lxml import etree
from trafilatura.utils import load_html

from eventsift.model import Document

from .dates import parse_published
from .decoding import SNIFF_BYTES, XML_ENCODING, DecodeProblem, decode_text, normalise_newlines
from .errors import IngestError
from .metadata import FileMeta

__all__ = ["declared_charset", "read_html"]

# <meta charset="x"> and <meta http-equiv="Content-Type" content="text/html; charset=x">;
# bounded, so a head of unclosed "<meta" tags costs little.
_META_CHARSET = re.compile(rb"<meta\b[^>]{0,512}?\bcharset\s*=\s*[\"']?\s*([A-Za-z0-9._:\-]{1,40})", re.IGNORECASE)
_DECLARE = "declare it in the page (a <meta charset> tag) or its metadata (an 'encoding' column or sidecar key)"
MAX_DEPTH = 255  # libxml2 stops reading a page at 256 nested elements (without its "huge" option)

# htmldate writes midnight with no offset when the page gives a date but no time.
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}T00:00:00$")
_DATE_PARAMS = {
    "extensive_search": True,
    "original_date": True,  # the first publication, not the last edit
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",
}
_NO_DATE_SEARCH = {**_DATE_PARAMS, "extensive_search": False}  # metadata has the date already


def _page_date(value: str | None) -> tuple[dt.datetime, str] | None:
    if not value:
        return None
    try:
        published, precision = parse_published(value)
    except ValueError:
        return None
    return (published, "day") if _DATE_ONLY.match(value) else (published, precision)


def declared_charset(head: bytes) -> tuple[str, str] | None:
    """The charset a page declares in its first bytes, and where: (label, "<meta charset>" | "XML declaration")."""
    head = head[:SNIFF_BYTES]
    found = _META_CHARSET.search(head)
    if found:
        return found.group(1).decode("ascii"), "<meta charset>"
    found = XML_ENCODING.match(head)
    if found:
        return found.group(1).decode("ascii"), "XML declaration"
    return None


def _too_deep(tree) -> bool:
    depth = 0
    for event, _element in etree.iterwalk(tree, events=("start", "end")):
        depth += 1 if event == "start" else -1
        if depth >= MAX_DEPTH:
            return True
    return False


def read_html(source: str, name: str, data: bytes, meta: FileMeta | None, retrieved: dt.datetime,
              charset: tuple[str, str] | None = None) -> Document | IngestError:
    """``charset``: (label, where) from the transport (a WARC response's Content-Type); metadata wins, then it,
    then what the page declares."""
    if meta is not None and meta.encoding is not None:
        charset = (meta.encoding, "metadata")
    try:
        decoded = decode_text(data, *(charset or declared_charset(data) or (None, None)), how_to_declare=_DECLARE,
                              newlines=False)  # as trafilatura would have decoded it
    except DecodeProblem as exc:
        return IngestError(source, None, exc.reason, exc.hint)
    tree = load_html(decoded.text)
    if tree is None:
        return IngestError(source, None, "not parseable HTML")
    if _too_deep(tree):  # the parser stopped there: what it has is not the whole page
        return IngestError(source, None, f"HTML nested over {MAX_DEPTH} elements deep; the parser "
                                         "cannot read the page whole")
    language = tree.get("lang") or None  # read before trafilatura prunes the tree
    have_date = meta is not None and meta.published is not None
    found = trafilatura.bare_extraction(
        tree, fast=True, with_metadata=True, include_comments=False, include_tables=True,
        date_extraction_params=_NO_DATE_SEARCH if have_date else _DATE_PARAMS,
    )
    text = normalise_newlines(found.text or "") if found is not None else ""
    if not text.strip():
        return IngestError(source, None, "no text found")
    doc = Document(
        id=name, text=text, raw=data, kind="html", source=source, retrieved=retrieved,
        outlet=found.sitename or None, title=found.title or None, author=found.author or None,
        url=found.url or None, language=language.strip() if language else None,
        attributes=dict(decoded.attributes),
    )
    if not have_date:
        page_date = _page_date(found.date)
        if page_date is not None:
            doc.published, doc.attributes["published_precision"] = page_date
    if meta is not None:
        meta.apply(doc)
    return doc
