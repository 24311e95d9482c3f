"""Plain text files (.txt, .md): the bytes are the text; metadata comes from outside.

UTF-8, or the encoding its metadata declares (``encoding`` column or sidecar
key); see :mod:`.decoding` for why undeclared legacy text is refused, not guessed.
"""
from __future__ import annotations

import datetime as dt

from eventsift.model import Document

from .decoding import DecodeProblem, decode_text
from .errors import IngestError
from .metadata import FileMeta

__all__ = ["read_text"]

_DECLARE = "give its encoding in its metadata (an 'encoding' column or sidecar key)"


def read_text(source: str, name: str, data: bytes, meta: FileMeta | None, retrieved: dt.datetime,
              charset: tuple[str, str] | None = None) -> Document | IngestError:
    """``charset``: (label, where) from the transport (a WARC response's Content-Type); metadata wins."""
    if meta is not None and meta.encoding is not None:
        charset = (meta.encoding, "metadata")
    try:
        decoded = decode_text(data, *(charset or (None, None)), how_to_declare=_DECLARE)
    except DecodeProblem as exc:
        return IngestError(source, None, exc.reason, exc.hint)
    text = decoded.text
    if not text.strip():
        return IngestError(source, None, "no text found")
    doc = Document(id=name, text=text, raw=data, kind="text", source=source, retrieved=retrieved,
                   attributes=dict(decoded.attributes))
    if meta is not None:
        meta.apply(doc)
    return doc
