"""HTML pages: main text with trafilatura, publication date with htmldate.

Only the parsed tree is ever handed to trafilatura and htmldate: given a string
that looks like a URL they would download it, and ingest never goes online.
Metadata from a CSV or sidecar wins over what the page says about itself.
"""
from __future__ import annotations

import datetime as dt
import re

import trafilatura
from trafilatura.utils import load_html

from eventsift.model import Document

from .dates import parse_published
from .decoding import normalise_newlines
from .errors import IngestError
from .metadata import FileMeta

__all__ = ["read_html"]

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


def read_html(source: str, name: str, data: bytes, meta: FileMeta | None, retrieved: dt.datetime) -> Document | IngestError:
    tree = load_html(data)  # detects the page's own encoding
    if tree is None:
        return IngestError(source, None, "not parseable HTML")
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
    )
    if not have_date:
        page_date = _page_date(found.date)
        if page_date is not None:
            doc.published, doc.attributes["published_precision"] = page_date
    if meta is not None:
        meta.apply(doc)
    return doc
