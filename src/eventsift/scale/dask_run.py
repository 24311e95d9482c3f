"""`eventsift run --dask local[:N]|tcp://SCHEDULER`: ingest and extraction on a Dask cluster.

The driver (this process) walks the inputs exactly as ``read_paths`` does and
cuts them into chunks (8 items at first so every worker starts at once, then
doubling up to 64). A chunk is one task: a worker reads its files (plain text,
HTML, each with the metadata CSV row the driver looked up for it, so workers
never load the CSV), parses WARC payloads, and extracts the claims of every
document. Container files (JSON Lines, feeds,
WARC) are opened by the driver, which reads their records cheaply and ships
documents (or raw WARC payloads) in chunks, so one big file is still spread
over the cluster.

Results come back in submission order and are stored and linked here, one
transaction per document, in the order a serial run would store them: the
database (ids, events, links) ends up the same as after a serial run. At most
``2 × threads + 1`` chunks are in flight, so memory stays flat however many
documents there are.

Workers must see the input paths (a LocalCluster always does; a remote
cluster needs the same paths on a shared file system) and have eventsift
installed.
"""
from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from eventsift.core import RunReport
from eventsift.extract import extract_claims
from eventsift.ingest.errors import IngestError
from eventsift.ingest.formats import EXTENSIONS
from eventsift.ingest.metadata import FileMeta, MetadataIndex
from eventsift.ingest.reader import _read_file, _segmented, input_files
from eventsift.ingest.warc import WarcPayload, iter_payloads, payload_document
from eventsift.model import Claim, Document

__all__ = ["run_dask", "parse_address", "process_chunk", "CHUNK"]

CHUNK = 64  # items per task once under way
FIRST_CHUNK = 8

Item = tuple[str, Any]  # ("path", (str, FileMeta | None)) | ("doc", Document) | ("warc", WarcPayload) | ("err", IngestError)
Outcome = tuple[Document | IngestError, list[Claim] | None, str | None]  # item, its claims, or why not


def parse_address(address: str) -> tuple[str, int | None]:
    """("local", workers or None) or ("remote", None); ValueError for anything else."""
    text = address.strip()
    if text == "local":
        return "local", None
    if text.startswith("local:"):
        n = text[len("local:"):]
        if not n.isdigit() or int(n) < 1:
            raise ValueError(f"--dask {address!r}: local:N needs a number of workers N >= 1")
        return "local", int(n)
    if "://" in text and text.split("://", 1)[0] in ("tcp", "tls", "ucx", "ws", "wss"):
        return "remote", None
    raise ValueError(f"--dask {address!r}: use local, local:N or tcp://SCHEDULER:PORT")


@contextmanager
def _client(address: Any) -> Iterator[Any]:
    from distributed import Client, LocalCluster

    if isinstance(address, Client):  # the caller's own client (tests, notebooks)
        yield address
        return
    kind, n = parse_address(str(address))
    if kind == "remote":
        with Client(str(address)) as client:
            yield client
        return
    with LocalCluster(n_workers=n or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                      dashboard_address=":0", silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        yield client


def run_dask(sift, paths: Iterable[str | Path] | str | Path, meta: str | Path | None, address: Any, *,
             chunk_size: int = CHUNK, on_item: Callable[[str], None] | None = None) -> RunReport:
    """Run ingest + extraction of paths on the cluster at address; store and link into sift in order.

    address: "local" (a LocalCluster with a worker process per CPU), "local:N"
    (N workers), "tcp://HOST:PORT" (a running scheduler), or a distributed.Client.
    """
    report = RunReport()
    with _client(address) as client:
        threads = max(1, sum(client.nthreads().values()))
        in_flight = 2 * threads + 1
        pending: deque = deque()
        for chunk in _chunks(_plan(paths, meta), chunk_size):
            pending.append(client.submit(process_chunk, chunk, pure=False))
            while len(pending) >= in_flight:
                _store(sift, report, pending.popleft().result(), on_item)
        while pending:
            _store(sift, report, pending.popleft().result(), on_item)
    return report


# -- the driver: what read_paths would read, in its order ---------------------------------------


def _plan(paths: Iterable[str | Path] | str | Path, meta: str | Path | None) -> Iterator[Item]:
    """read_paths' inputs and errors in its order; files left for the workers, containers opened here."""
    for found in input_files(paths, meta):
        if isinstance(found, IngestError):
            yield "err", found
            continue
        path, index = found
        kind = _container(path)
        if kind == "warc":
            yield from _warc_items(path, index)
        elif kind is not None:  # JSON Lines, feeds: records are cheap to read, documents to extract
            yield from _wrap(_read_file(path, index))
        else:
            yield "path", (str(path), index.lookup(path) if index is not None else None)


def _container(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith((".warc", ".warc.gz")):
        return "warc"
    dot = name.rfind(".")
    kind = EXTENSIONS.get(name[dot:]) if dot > 0 else None
    return kind if kind in ("jsonl", "feed") else None


def _wrap(results: Iterable[Document | IngestError]) -> Iterator[Item]:
    for r in results:
        yield ("doc", r) if isinstance(r, Document) else ("err", r)


def _warc_items(path: Path, index: MetadataIndex | None) -> Iterator[Item]:
    source = str(path)
    try:
        with path.open("rb") as handle:
            if not handle.read(1):
                yield from _wrap(_read_file(path, index))  # the serial reader's words for it
                return
            handle.seek(0)
            for p in iter_payloads(source, handle):
                yield ("warc", p) if isinstance(p, WarcPayload) else ("err", p)
    except OSError as exc:
        yield "err", IngestError(source, None, f"cannot read: {exc.strerror or exc}")


def _chunks(items: Iterator[Item], size: int) -> Iterator[list[Item]]:
    """Lists of items: small at first, so every worker gets going, then doubling up to size."""
    want = max(1, min(size, FIRST_CHUNK))
    chunk: list[Item] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= want:
            yield chunk
            chunk = []
            want = min(size, want * 2)
    if chunk:
        yield chunk


def _store(sift, report: RunReport, outcomes: list[Outcome], on_item: Callable[[str], None] | None) -> None:
    """What EventSift.run does with each item, with the claims the cluster extracted."""
    for item, claims, failure in outcomes:
        if isinstance(item, IngestError):
            report.errors.append(str(item))
        else:
            _add(sift, report, item, claims, failure)
        if on_item:
            on_item(item.source)


def _add(sift, report: RunReport, doc: Document, claims: list[Claim] | None, failure: str | None) -> None:
    if failure is not None:  # a serial run would have tried to extract it too, unless unchanged
        if sift.store.stored_hash(doc.id) != doc.sha256:
            report.errors.append(failure)
            return
        report.store(doc, lambda: ("unchanged", 0))
    else:
        report.store(doc, lambda: sift.add_document(doc, claims))


# -- the workers ------------------------------------------------------------------------------

class _Found:
    """The metadata CSV row the driver looked up for one file, standing in for the whole index."""

    def __init__(self, meta: FileMeta) -> None:
        self.meta = meta

    def lookup(self, _path) -> FileMeta:
        return self.meta


def process_chunk(items: list[Item]) -> list[Outcome]:
    """On a worker: read, parse and extract a chunk of items; outcomes in item order."""
    out: list[Outcome] = []
    for kind, value in items:
        if kind == "err":
            out.append((value, None, None))
        elif kind == "path":
            path, meta = value
            out.extend(_extract(r) for r in _read_file(Path(path), _Found(meta) if meta is not None else None))
        elif kind == "warc":
            out.append(_extract(_segmented(payload_document(value))))
        else:
            out.append(_extract(value))
    return out


def _extract(item: Document | IngestError) -> Outcome:
    if isinstance(item, IngestError):
        return item, None, None
    try:
        return item, extract_claims(item), None
    except Exception as exc:  # reported when stored, as a serial run reports it
        return item, None, f"{item.source}: extraction failed: {type(exc).__name__}: {exc}"
