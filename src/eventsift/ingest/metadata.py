"""Metadata for files that carry none themselves: a CSV given with --meta, or a sidecar.

The CSV has columns file, outlet, title, published, language (and optionally
url, author, and encoding: the charset of a file that is not UTF-8, e.g.
windows-1256); any other column is kept in ``Document.attributes``. A sidecar
``NAME.meta.json`` next to a file holds the same keys for that one file and
wins over the CSV key by key. Values from metadata win over what a reader finds
in the content (an HTML page's own title or date), since a person wrote them.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from eventsift.model import Document

from .dates import parse_published
from .decoding import canonical_encoding, encoding_hint, unstorable_in
from .errors import IngestError

__all__ = ["FileMeta", "MetadataIndex", "SIDECAR_SUFFIX", "find_sidecar", "meta_from_mapping", "read_sidecar"]

SIDECAR_SUFFIX = ".meta.json"
_TEXT_KEYS = ("outlet", "title", "language", "url", "author")


@dataclass(frozen=True)
class FileMeta:
    outlet: str | None = None
    title: str | None = None
    language: str | None = None
    url: str | None = None
    author: str | None = None
    published: dt.datetime | None = None
    precision: str | None = None  # "day" | "time", with published
    encoding: str | None = None  # the file's charset as given, when it is not UTF-8
    attributes: Mapping[str, Any] = field(default_factory=dict)

    def merged(self, other: FileMeta | None) -> FileMeta:
        """This metadata with every value ``other`` sets taking its place."""
        if other is None:
            return self
        changes: dict[str, Any] = {k: getattr(other, k) for k in _TEXT_KEYS if getattr(other, k) is not None}
        if other.published is not None:
            changes.update(published=other.published, precision=other.precision)
        if other.encoding is not None:
            changes["encoding"] = other.encoding
        changes["attributes"] = {**self.attributes, **other.attributes}
        return replace(self, **changes)

    def apply(self, doc: Document) -> None:
        """Set the document's fields from this metadata where it has a value."""
        for key in _TEXT_KEYS:
            value = getattr(self, key)
            if value is not None:
                setattr(doc, key, value)
        doc.attributes.update(self.attributes)
        if self.published is not None:
            doc.published = self.published
            doc.attributes["published_precision"] = self.precision


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = value if isinstance(value, str) else str(value)
    return text.strip() or None


def meta_from_mapping(values: Mapping[str, Any], source: str, line: int | None = None) -> tuple[FileMeta, list[IngestError]]:
    """FileMeta from a CSV row or sidecar object; a bad date is reported, the rest kept."""
    problem = unstorable_in({str(k): v for k, v in values.items()})
    if problem:  # the file is read without this metadata rather than refused for it
        return FileMeta(), [IngestError(source, line, f"{problem}, which cannot be stored; metadata ignored")]
    errors: list[IngestError] = []
    published = precision = None
    raw_published = values.get("published")
    if raw_published not in (None, ""):
        try:
            published, precision = parse_published(raw_published)
        except ValueError as exc:
            errors.append(IngestError(source, line, str(exc)))
    encoding = _text(values.get("encoding"))
    if encoding is not None and canonical_encoding(encoding) is None:
        errors.append(IngestError(source, line, f"unknown encoding {encoding!r}, ignored",
                                  "give a charset name such as windows-1256 or latin-1"))
        encoding = None
    attributes = {
        k: v for k, v in values.items()
        if k not in _TEXT_KEYS and k not in ("file", "published", "encoding") and k is not None
        and v not in (None, "")
    }
    meta = FileMeta(
        **{k: _text(values.get(k)) for k in _TEXT_KEYS},
        published=published, precision=precision, encoding=encoding, attributes=attributes,
    )
    return meta, errors


def find_sidecar(path: Path) -> Path | None:
    """``a.txt.meta.json`` or ``a.meta.json`` next to ``a.txt``, whichever exists first."""
    for candidate in (path.with_name(path.name + SIDECAR_SUFFIX), path.with_name(path.stem + SIDECAR_SUFFIX)):
        if candidate.is_file():
            return candidate
    return None


def read_sidecar(path: Path) -> tuple[FileMeta | None, list[IngestError]]:
    source = str(path)
    try:
        values = json.loads(path.read_bytes().decode("utf-8-sig"))
    except OSError as exc:
        return None, [IngestError(source, None, f"cannot read: {exc.strerror or exc}")]
    except UnicodeDecodeError as exc:
        return None, [IngestError(source, None, f"invalid UTF-8 at byte {exc.start}")]
    except json.JSONDecodeError as exc:
        return None, [IngestError(source, exc.lineno, f"malformed JSON: {exc.msg}")]
    if not isinstance(values, dict):
        return None, [IngestError(source, None, "metadata sidecar is not a JSON object")]
    return meta_from_mapping(values, source)


def _key(path: str | Path) -> str:
    # abspath, not resolve(): no system calls per document on the hot path
    return os.path.normcase(os.path.abspath(path))


class MetadataIndex:
    """The rows of a metadata CSV, found by a file's path or, failing that, its name."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._by_path: dict[str, FileMeta] = {}
        self._by_name: dict[str, FileMeta | None] = {}  # None: name used twice, ambiguous

    @classmethod
    def load(cls, path: str | Path) -> tuple[MetadataIndex, list[IngestError]]:
        index = cls(Path(path))
        source = str(path)
        try:
            data = index.path.read_bytes()
        except OSError as exc:
            return index, [IngestError(source, None, f"cannot read metadata: {exc.strerror or exc}")]
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:  # a spreadsheet saved in the system's charset, often
            hint = encoding_hint(data, "save it as CSV UTF-8")
            return index, [IngestError(source, None, f"invalid UTF-8 at byte {exc.start}", hint)]
        reader = csv.DictReader(text.splitlines(keepends=True))
        if not reader.fieldnames or "file" not in reader.fieldnames:
            return index, [IngestError(source, 1, "metadata CSV has no 'file' column")]
        errors: list[IngestError] = []
        base = index.path.parent
        try:
            for row in reader:
                line = reader.line_num
                name = (row.get("file") or "").strip()
                if not name:
                    errors.append(IngestError(source, line, "row has no file name"))
                    continue
                key = _key(base / name)
                if key in index._by_path:
                    errors.append(IngestError(source, line, f"duplicate row for {name!r}, ignored"))
                    continue
                meta, row_errors = meta_from_mapping(row, source, line)
                errors.extend(row_errors)
                index._by_path[key] = meta
                basename = os.path.basename(name)
                index._by_name[basename] = None if basename in index._by_name else meta
        except csv.Error as exc:
            errors.append(IngestError(source, reader.line_num, f"malformed CSV: {exc}"))
        return index, errors

    def __len__(self) -> int:
        return len(self._by_path)

    def lookup(self, path: str | Path) -> FileMeta | None:
        found = self._by_path.get(_key(path))
        if found is None:
            found = self._by_name.get(os.path.basename(path))
        return found
