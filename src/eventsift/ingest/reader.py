"""Walking the given paths and handing each file to the reader for its format.

Order is deterministic (arguments in the order given, folders depth-first by
sorted name) so that reruns produce the same documents in the same order. Every
problem becomes an IngestError in the stream and the run goes on: a parser that
fails on a hostile file in a way nobody foresaw costs that file, not the run,
and a document with a field no database can keep (a NUL character, a lone
surrogate) is refused here, the same for every format and backend.
"""
from __future__ import annotations

import datetime as dt
import io
import os
import re
import stat
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from eventsift.model import Document

from .dates import UTC, from_timestamp
from .decoding import SNIFF_BYTES, binary_problem, id_problem, size_problem, unstorable_in
from .errors import IngestError
from .feed import read_feed
from .formats import UnsupportedFormat, detect_kind
from .htmlpage import read_html
from .jsonl import read_records
from .liveblog import split_entries
from .metadata import SIDECAR_SUFFIX, FileMeta, MetadataIndex, find_sidecar, meta_from_mapping, read_sidecar
from .plaintext import read_text
from .warc import read_warc

__all__ = ["document_problem", "input_files", "read_bytes", "read_paths"]

Result = Document | IngestError

_SEPARATORS = re.compile(r"[\\/]")
_FIELDS = ("text", "title", "outlet", "author", "url", "language")


def read_paths(paths: Iterable[str | Path] | str | Path, meta: str | Path | None = None) -> Iterator[Result]:
    """Documents (and errors) from files and folders, folders walked recursively.

    ``meta`` is a metadata CSV for plain text and HTML files; it is not read as
    a document itself, nor are ``*.meta.json`` sidecars or hidden files in folders.
    """
    for item in input_files(paths, meta):
        if isinstance(item, IngestError):
            yield item
        else:
            yield from _read_file(*item)


def input_files(paths: Iterable[str | Path] | str | Path,
                meta: str | Path | None = None) -> Iterator[tuple[Path, MetadataIndex | None] | IngestError]:
    """The files read_paths reads, in its order, each with the metadata index; and the walk's errors.

    One walk for the serial reader and the Dask driver, so both store the same documents in the same order.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    index: MetadataIndex | None = None
    skip: set[str] = set()
    if meta is not None:
        index, errors = MetadataIndex.load(meta)
        yield from errors
        skip.add(_key(meta))
    seen: set[str] = set()
    for given in paths:
        for item in _walk(Path(given), skip):
            if isinstance(item, IngestError):
                yield item
                continue
            key = _key(item)
            if key not in seen:  # a file named twice, or inside a folder also named
                seen.add(key)
                yield item, index


def read_bytes(
    name: str,
    data: bytes,
    meta: Mapping[str, Any] | FileMeta | None = None,
    *,
    retrieved: dt.datetime | None = None,
    source: str | None = None,
) -> Iterator[Result]:
    """Documents (and errors) from bytes received under the file name ``name``, e.g. an upload.

    ``meta`` holds the metadata CSV's keys for this one file (outlet, title,
    published, language, url, author, others into attributes).
    """
    source = source or name
    # The id is the name's last part whichever separator the client used (a
    # browser on Windows may send C:\Users\...\report.txt); nothing is ever
    # opened or written by that name.
    basename = _SEPARATORS.split(name)[-1]
    if basename in ("", ".", ".."):
        yield IngestError(source, None, f"no file name in {name!r}")
        return
    problem = id_problem(basename)
    if problem:
        yield IngestError(source, None, f"file name unusable as an id: {problem}")
        return
    if meta is not None and not isinstance(meta, FileMeta):
        meta, errors = meta_from_mapping(meta, source)
        yield from errors
    yield from _guarded(source, _read_bytes(source, basename, data, meta, retrieved))


def _read_bytes(source: str, basename: str, data: bytes, meta: FileMeta | None,
                retrieved: dt.datetime | None) -> Iterator[Result]:
    if not data:
        yield IngestError(source, None, "empty file")
        return
    try:
        kind = detect_kind(basename, data[:SNIFF_BYTES])
    except UnsupportedFormat as exc:
        yield IngestError(source, None, str(exc))
        return
    if kind == "warc":  # a crawl: many documents, binary when gzipped, streamed record by record
        for result in read_warc(source, io.BytesIO(data)):
            yield _segmented(result)
        return
    problem = (size_problem(len(data)) if kind != "jsonl" else None) or binary_problem(data)
    if problem:
        yield IngestError(source, None, problem)
        return
    when = retrieved or dt.datetime.now(UTC)
    if kind == "jsonl":
        results: Iterable[Result] = read_records(source, io.BytesIO(data), when)
    else:
        results = _read_whole(kind, source, basename, data, meta, when)
    for result in results:
        yield _segmented(result)


def _read_whole(kind: str, source: str, name: str, data: bytes, meta: FileMeta | None, retrieved: dt.datetime) -> Iterator[Result]:
    if kind == "text":
        yield read_text(source, name, data, meta, retrieved)
    elif kind == "html":
        yield read_html(source, name, data, meta, retrieved)
    else:
        yield from read_feed(source, name, data, retrieved)  # metadata is per file, a feed holds many documents


def _guarded(source: str, results: Iterator[Result]) -> Iterator[Result]:
    """The results of reading one input; an exception while reading it becomes its error, and the run goes on."""
    while True:
        try:
            item = next(results)
        except StopIteration:
            return
        except Exception as exc:  # a parser's bug or limit on hostile input (RecursionError, MemoryError, ...)
            message = " ".join(str(exc).split())[:200]
            why = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
            yield IngestError(source, None, f"could not be read: {why}")
            return
        yield item


def document_problem(doc: Document) -> str | None:
    """Why a document cannot be stored alike on every backend, or None."""
    problem = id_problem(doc.id)
    if problem:
        return problem
    fields = {name: getattr(doc, name) for name in _FIELDS if getattr(doc, name) is not None}
    problem = unstorable_in({**fields, "attributes": doc.attributes})
    return f"{problem}, which cannot be stored" if problem else None


def _segmented(result: Result) -> Result:
    """Give a document the segments that cover its text: liveblog entries, or one; or refuse it."""
    if isinstance(result, Document):
        problem = document_problem(result)
        if problem:
            return IngestError(result.source, None, problem)
    if isinstance(result, Document) and not result.segments:
        published: dt.datetime | dt.date | None = result.published
        if published is not None and result.attributes.get("published_precision") == "day":
            published = published.date()  # entries fall on that day, not before midnight
        result.segments = split_entries(result.text, published)
    return result


def _key(path: str | Path) -> str:
    return os.path.normcase(os.path.abspath(path))


def _walk(path: Path, skip: set[str]) -> Iterator[Path | IngestError]:
    try:
        is_dir = path.is_dir()
        exists = is_dir or path.exists()
    except OSError as exc:
        yield IngestError(str(path), None, f"cannot read: {exc.strerror or exc}")
        return
    if not exists:
        yield IngestError(str(path), None, "no such file or directory")
    elif not is_dir:
        if _key(path) not in skip:  # a file named explicitly is read even if hidden
            yield path
    else:
        yield from _walk_folder(path, skip, set())


def _walk_folder(folder: Path, skip: set[str], visiting: set[str]) -> Iterator[Path | IngestError]:
    real = os.path.realpath(folder)
    if real in visiting:  # a symlink back up the tree
        return
    visiting.add(real)
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        yield IngestError(str(folder), None, f"cannot read folder: {exc.strerror or exc}")
        return
    for entry in entries:
        if entry.name.startswith(".") or entry.name.endswith(SIDECAR_SUFFIX):
            continue
        path = folder / entry.name
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            yield from _walk_folder(path, skip, visiting)
        elif _key(path) not in skip:
            yield path
    visiting.discard(real)


def _read_file(path: Path, index: MetadataIndex | None) -> Iterator[Result]:
    yield from _guarded(str(path), _read_file_unguarded(path, index))


def _read_file_unguarded(path: Path, index: MetadataIndex | None) -> Iterator[Result]:
    source = str(path)
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # a FIFO would block the run, /dev/zero never end
            yield IngestError(source, None, "not a regular file (a device, pipe or socket)")
            return
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            retrieved = from_timestamp(os.fstat(handle.fileno()).st_mtime)
            head = handle.read(SNIFF_BYTES)
            if not head:
                yield IngestError(source, None, "empty file")
                return
            try:
                kind = detect_kind(path.name, head)
            except UnsupportedFormat as exc:
                yield IngestError(source, None, str(exc))
                return
            if kind == "warc":  # a crawl: many documents, binary when gzipped, streamed record by record
                handle.seek(0)
                for result in read_warc(source, handle):
                    yield _segmented(result)
                return
            # JSON Lines is streamed line by line, so its size limit is per record.
            problem = (size_problem(size) if kind != "jsonl" else None) or binary_problem(head)
            if problem:
                yield IngestError(source, None, problem)
                return
            if kind == "jsonl":  # records were retrieved whenever the export was made: say now
                handle.seek(0)
                for result in read_records(source, handle, dt.datetime.now(UTC)):
                    yield _segmented(result)
                return
            data = head + handle.read()
    except OSError as exc:
        yield IngestError(source, None, f"cannot read: {exc.strerror or exc}")
        return
    problem = binary_problem(data) if len(data) > len(head) else None  # NULs past the sniffed head
    if problem:
        yield IngestError(source, None, problem)
        return
    meta = None
    if kind in ("text", "html"):
        meta = index.lookup(path) if index is not None else None
        sidecar = find_sidecar(path)
        if sidecar is not None:
            side_meta, errors = read_sidecar(sidecar)
            yield from errors
            meta = side_meta if meta is None else meta.merged(side_meta)
    for result in _read_whole(kind, source, path.name, data, meta, retrieved):
        yield _segmented(result)
