"""JSON Lines: one record per line, each becoming a document with the record's id.

Read line by line, so a bad line costs only that line and a large export never
sits in memory whole; the size limit applies to each record, not to the file,
and a line over it is skipped without being held in memory. A record's raw
bytes are its line without the line ending, so the same record hashes the same
wherever it sits. JSON Lines is UTF-8 by definition: no other encoding is read.
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO

from eventsift.model import Document

from .dates import parse_published
from .decoding import MAX_BYTES, id_problem, normalise_newlines, size_problem, unstorable_in
from .errors import IngestError

__all__ = ["read_records"]

_FIELDS = ("url", "outlet", "title", "language", "author")
_BOM = b"\xef\xbb\xbf"
_SKIP_CHUNK = 1 << 20  # how much of an over-long line is read (and dropped) at a time


def _field(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        value = ", ".join(value)  # several authors
    text = value if isinstance(value, str) else str(value)
    return text.strip() or None


def _record_id(record: dict[str, Any]) -> str:
    """The record's id as given; raises ValueError when missing, empty or not a scalar."""
    value = record.get("id")
    if value is None:
        raise ValueError("missing 'id'")
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ValueError(f"'id' must be a string or an integer, not {type(value).__name__}")
    text = str(value)
    if not text.strip():
        raise ValueError("empty 'id'")
    problem = id_problem(text)
    if problem:
        raise ValueError(problem)
    return text  # kept as given, even with slashes or control characters: never used as a path


def _bounded_lines(stream: BinaryIO) -> Iterator[tuple[bytes | None, int]]:
    """(line, size) for each line; line is None when it is over MAX_BYTES, read past but not kept."""
    while True:
        line = stream.readline(MAX_BYTES + 3)  # room for the limit, a line ending, and one byte over
        if not line:
            return
        size = len(line)
        if size <= MAX_BYTES + 2 or line.endswith(b"\n"):
            yield line, size
            continue
        while not line.endswith(b"\n"):
            line = stream.readline(_SKIP_CHUNK)
            if not line:
                break
            size += len(line)
        yield None, size


def read_records(source: str, lines: Iterable[bytes] | BinaryIO, retrieved: dt.datetime) -> Iterator[Document | IngestError]:
    """Documents (and errors) from JSON Lines: a binary stream (read with bounded memory) or lines."""
    sized = _bounded_lines(lines) if hasattr(lines, "readline") else ((line, len(line)) for line in lines)
    for number, (line, size) in enumerate(sized, 1):
        if line is None:
            yield IngestError(source, number, size_problem(size, "record") or "record too large")
            continue
        body = line.rstrip(b"\r\n")
        if number == 1 and body.startswith(_BOM):
            body = body[len(_BOM):]
        if not body.strip():
            continue
        if len(body) > MAX_BYTES:
            yield IngestError(source, number, size_problem(len(body), "record") or "record too large")
            continue
        try:
            record = json.loads(body.decode("utf-8"))
        except UnicodeDecodeError as exc:
            yield IngestError(source, number, f"invalid UTF-8 at byte {exc.start}")
            continue
        except json.JSONDecodeError as exc:
            yield IngestError(source, number, f"malformed JSON: {exc.msg}")
            continue
        except RecursionError:  # [[[[... thousands deep: the parser gives up before Python's stack does
            yield IngestError(source, number, "malformed JSON: nested too deeply")
            continue
        try:
            results = list(_record(source, number, body, record, retrieved))
        except Exception as exc:  # a value no rule foresaw: it costs this line only
            results = [IngestError(source, number, f"could not be read: {type(exc).__name__}: {exc}"[:300])]
        yield from results


def _record(source: str, number: int, body: bytes, record: Any, retrieved: dt.datetime) -> Iterator[Document | IngestError]:
    if not isinstance(record, dict):
        yield IngestError(source, number, f"not a JSON object but {type(record).__name__}")
        return
    try:
        doc_id = _record_id(record)
    except ValueError as exc:
        yield IngestError(source, number, str(exc))
        return
    text = record.get("text")
    if text is None:
        yield IngestError(source, number, "missing 'text'")
        return
    if not isinstance(text, str):
        yield IngestError(source, number, f"'text' must be a string, not {type(text).__name__}")
        return
    text = normalise_newlines(text)
    if not text.strip():
        yield IngestError(source, number, "no text found")
        return
    problem = unstorable_in(record)  # PostgreSQL refuses NUL where SQLite keeps it: refuse it on both
    if problem:
        yield IngestError(source, number, f"{problem}, which cannot be stored; record skipped")
        return
    doc = Document(
        id=doc_id, text=text, raw=body, kind="jsonl", source=f"{source}:{number}", retrieved=retrieved,
        **{key: _field(record.get(key)) for key in _FIELDS},
        attributes={k: v for k, v in record.items() if k not in _FIELDS and k not in ("id", "text", "published")},
    )
    published = record.get("published")
    if published not in (None, ""):
        try:
            doc.published, doc.attributes["published_precision"] = parse_published(published)
        except ValueError as exc:
            # The record is kept without a date; the bad value stays visible.
            doc.attributes["published_raw"] = published
            yield IngestError(source, number, f"{exc}, record kept without a date")
    yield doc
