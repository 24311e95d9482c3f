"""Plain text files (.txt, .md): the bytes are the text; metadata comes from outside.

Kept to a strict decode and a newline fix, since plain text is the bulk of a
run and has nothing to extract.
"""
from __future__ import annotations

import datetime as dt

from eventsift.model import Document

from .decoding import decode_utf8
from .errors import IngestError
from .metadata import FileMeta

__all__ = ["read_text"]


def read_text(source: str, name: str, data: bytes, meta: FileMeta | None, retrieved: dt.datetime) -> Document | IngestError:
    try:
        text = decode_utf8(data)
    except UnicodeDecodeError as exc:
        return IngestError(source, None, f"invalid UTF-8 at byte {exc.start}")
    if not text.strip():
        return IngestError(source, None, "no text found")
    doc = Document(id=name, text=text, raw=data, kind="text", source=source, retrieved=retrieved)
    if meta is not None:
        meta.apply(doc)
    return doc
