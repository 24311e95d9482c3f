"""The EventSift object: one database, and the pipeline run over it.

The CLI, the HTTP API and the tests are thin layers over this class.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, TextIO

from eventsift.export import write_acled, write_deletions, write_geojson, write_jsonl
from eventsift.extract import ExtractionTimeout, extract_claims
from eventsift.ingest import IngestError, read_paths
from eventsift.model import Document
from eventsift.store import DocumentConflict, Store

__all__ = ["EventSift", "RunReport", "DEFAULT_DB"]

DEFAULT_DB = "sqlite:///eventsift.db"


@dataclass
class RunReport:
    added: int = 0
    unchanged: int = 0
    claims: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def store(self, doc: Document, add: Callable[[], tuple[str, int]]) -> None:
        """Count what `add` did with one document, or the reason it failed: one bad document
        must not cost the rest of the run."""
        try:
            status, n = add()
        except DocumentConflict as exc:
            self.errors.append(f"{doc.source}: {exc}")
        except ExtractionTimeout as exc:
            self.errors.append(f"{doc.source}: extraction {exc}")
        except Exception as exc:
            self.errors.append(f"{doc.source}: extraction failed: {type(exc).__name__}: {exc}")
        else:
            self.claims += n
            if status == "added":
                self.added += 1
            else:
                self.unchanged += 1


class EventSift:
    """A database of reports, claims and events, and the pipeline that fills it."""

    def __init__(self, db: str | None = None):
        self.store = Store(db or DEFAULT_DB)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> "EventSift":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def add_document(self, doc: Document, claims: list | None = None) -> tuple[str, int]:
        """Extract (unless claims are given), store and link one document in one transaction: (status, claims)."""
        if self.store.stored_hash(doc.id) == doc.sha256:
            return "unchanged", 0
        claims = extract_claims(doc) if claims is None else claims
        return self.store.add(doc, claims), len(claims)

    def run(self, paths: Iterable[str | Path], meta: str | Path | None = None,
            on_item: Callable[[str], None] | None = None, dask: str | None = None) -> RunReport:
        """Ingest, extract and link everything under paths; bad inputs are reported, not fatal.

        dask: "local[:N]" or "tcp://SCHEDULER:PORT" runs ingest and extraction on a Dask
        cluster (eventsift.scale); storing and linking stay here, in the same order.
        """
        if dask:
            from eventsift.scale.dask_run import run_dask
            return run_dask(self, paths, meta, dask, on_item=on_item)
        report = RunReport()
        for item in read_paths(paths, meta):
            if isinstance(item, IngestError):
                report.errors.append(str(item))
            else:
                report.store(item, lambda: self.add_document(item))
            if on_item:
                on_item(item.source)
        return report

    def events(self) -> Iterator[dict]:
        return self.store.events()

    def export(self, fmt: str, out: TextIO) -> int:
        if fmt == "acled":
            return write_acled(self.events(), out)
        if fmt == "geojson":
            return write_geojson(self.events(), out)
        if fmt == "jsonl":
            return write_jsonl(self.events(), out, self.store.claims_of)
        if fmt == "deletions":
            return write_deletions(self.store.deletions(), out)
        if fmt == "html":  # the web page with every event and claim inlined: one file, works offline
            from eventsift.serve.page import write_html
            return write_html(self.store, out)
        raise ValueError(f"unknown export format {fmt!r}: choose acled, geojson, jsonl, deletions or html")

    # -- review -------------------------------------------------------------------------------

    def merge(self, keep: str, other: str, reason: str | None = None, by: str | None = None) -> str:
        """Merge event `other` into `keep`; `other` is listed in the deletions export."""
        return self.store.merge(keep, other, reason, by)

    def split(self, event_id: str, claim_ids: list[str], reason: str | None = None,
              by: str | None = None) -> str:
        """Move claims out of an event into a new event; returns the new event's id."""
        return self.store.split(event_id, claim_ids, reason, by)

    def confirm(self, event_id: str, reason: str, by: str | None = None) -> None:
        self.store.set_review(event_id, "confirmed", reason, by)

    def discount(self, event_id: str, reason: str, by: str | None = None) -> None:
        self.store.set_review(event_id, "discounted", reason, by)
