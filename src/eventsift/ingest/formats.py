"""Which reader a file goes to: by extension, with a look at the content where
the extension alone does not say (.xml, or no extension at all)."""
from __future__ import annotations

from .feed import looks_like_feed

__all__ = ["EXTENSIONS", "UnsupportedFormat", "detect_kind"]

EXTENSIONS: dict[str, str] = {
    ".txt": "text", ".md": "text",
    ".html": "html", ".htm": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".rss": "feed", ".atom": "feed", ".xml": "feed",  # .xml only when it sniffs as a feed
    ".warc": "warc",  # and .warc.gz (see detect_kind): web crawls, streamed record by record
}


class UnsupportedFormat(ValueError):
    """The file is of a kind ingest does not read; the message says which."""


def detect_kind(name: str, head: bytes) -> str:
    """``text``, ``html``, ``jsonl``, ``feed`` or ``warc`` for a file called ``name`` starting with ``head``."""
    if name.lower().endswith(".warc.gz"):
        return "warc"
    dot = name.rfind(".")
    suffix = name[dot:].lower() if dot > 0 else ""
    if not suffix:
        return _sniff(head)
    kind = EXTENSIONS.get(suffix)
    if kind is None:
        hint = " (a metadata CSV? pass it with --meta)" if suffix == ".csv" else ""
        raise UnsupportedFormat(f"unsupported file type {suffix!r}{hint}")
    if suffix == ".xml" and not looks_like_feed(head):
        raise UnsupportedFormat("unsupported file type '.xml' (not an RSS or Atom feed)")
    return kind


def _sniff(head: bytes) -> str:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:512].lower()
    if start.startswith((b"<!doctype html", b"<html")):
        return "html"
    if start.startswith(b"<") and looks_like_feed(head):
        return "feed"
    if start.startswith(b"{"):
        return "jsonl"
    if start.startswith(b"warc/1."):
        return "warc"
    return "text"
