"""Ingest: files, folders and uploads in, :class:`~eventsift.model.Document` objects out.

Plain text (+ a metadata CSV or ``NAME.meta.json`` sidecar), HTML pages, JSON
Lines records, RSS/Atom feeds and WARC crawls. Bad input never stops a run: it comes out of
the same stream as an :class:`IngestError` with one line saying why. Text is
UTF-8 or the encoding it declares, decoded once, here (see :mod:`.decoding`).
Every document gets segments covering its text; liveblogs one per timestamped entry.
"""
from __future__ import annotations

from .decoding import MAX_BYTES
from .errors import IngestError, printable
from .formats import EXTENSIONS
from .liveblog import split_entries
from .metadata import FileMeta
from .reader import read_bytes, read_paths

__all__ = ["EXTENSIONS", "MAX_BYTES", "FileMeta", "IngestError", "printable", "read_bytes", "read_paths", "split_entries"]
