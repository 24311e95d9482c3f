"""The data model: Document, Claim and Event, and the values their fields hold.

A Document is what a source published, stored as received. A Claim is one
statement in one document about one happening; every field of it is a
:class:`Field` that keeps the character span it came from and the extractor
that produced it. An Event is one real-world happening built from claims.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

__all__ = [
    "Actor",
    "Attribution",
    "Claim",
    "DateValue",
    "Document",
    "Event",
    "Field",
    "Place",
    "Segment",
    "Toll",
    "stable_id",
]

T = TypeVar("T")


def stable_id(prefix: str, *parts: object) -> str:
    """A short id that depends only on its parts, so reruns give the same ids."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return f"{prefix}_{digest[:16]}"


@dataclass(frozen=True)
class Segment:
    """A timed stretch of a document: a liveblog entry, or the whole text."""

    start: int
    end: int
    time: dt.datetime | None = None
    label: str | None = None  # e.g. "2120 GMT"


@dataclass
class Document:
    id: str  # file name, or a JSON Lines record's `id`
    text: str  # main text, as extracted from what was received
    raw: bytes  # what was received, never edited
    kind: str  # text | html | jsonl | feed
    source: str  # the path (and line or entry) it came from
    outlet: str | None = None
    title: str | None = None
    author: str | None = None
    url: str | None = None
    published: dt.datetime | None = None
    retrieved: dt.datetime | None = None
    language: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    segments: list[Segment] = field(default_factory=list)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.raw).hexdigest()

    def segment_at(self, offset: int) -> Segment | None:
        for seg in self.segments:
            if seg.start <= offset < seg.end:
                return seg
        return None


@dataclass(frozen=True)
class Field(Generic[T]):
    """One extracted value with its provenance: span, words, extractor, confidence."""

    value: T
    start: int | None
    end: int | None
    text: str
    extractor: str
    version: str
    confidence: float = 0.5

    def to_dict(self) -> dict[str, Any]:
        value = self.value.to_dict() if hasattr(self.value, "to_dict") else self.value
        return {
            "value": value,
            "span": [self.start, self.end] if self.start is not None else None,
            "text": self.text,
            "extractor": f"{self.extractor}/{self.version}",
            "confidence": round(self.confidence, 3),
        }


@dataclass(frozen=True)
class DateValue:
    """A date with ACLED's time_precision: 1 day, 2 range of days or week, 3 month."""

    date: dt.date
    low: dt.date
    high: dt.date
    precision: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "low": self.low.isoformat(),
            "high": self.high.isoformat(),
            "precision": self.precision,
        }


@dataclass(frozen=True)
class Place:
    """A gazetteer place. kind: country, admin1, region, city, town, village, neighbourhood, camp."""

    id: str
    name: str
    kind: str
    country: str
    admin1: str | None
    lat: float | None
    lon: float | None
    parent: str | None = None  # the city, for a neighbourhood
    admin2: str | None = None
    population: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "name": self.name, "kind": self.kind, "country": self.country,
            "admin1": self.admin1, "admin2": self.admin2, "parent": self.parent,
            "lat": self.lat, "lon": self.lon,
        }


@dataclass(frozen=True)
class Actor:
    """An actor with its ACLED inter code (1 state forces ... 8 external/other forces)."""

    name: str
    inter: int

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "inter": self.inter}


@dataclass(frozen=True)
class Toll:
    """A fatality figure as stated: exact, at least, up to, or a vague word."""

    low: int
    best: int
    high: int
    qualifier: str = "exact"  # exact | at_least | up_to | about | vague

    def to_dict(self) -> dict[str, Any]:
        return {"low": self.low, "best": self.best, "high": self.high, "qualifier": self.qualifier}


@dataclass(frozen=True)
class Attribution:
    """Who says so: the chain from the original source to the document's outlet."""

    chain: tuple[str, ...]
    kind: str = "unknown"  # official | activist | monitor | witness | media | unknown

    @property
    def label(self) -> str:
        return " via ".join(self.chain)

    def to_dict(self) -> dict[str, Any]:
        return {"chain": list(self.chain), "label": self.label, "kind": self.kind}


@dataclass
class Claim:
    id: str
    doc_id: str
    sentence: Field[str]
    event_type: Field[str]
    sub_event_type: Field[str]
    date: Field[DateValue]
    place: Field[Place | None]
    geo_precision: int
    actor1: Field[Actor] | None = None
    actor2: Field[Actor] | None = None
    fatalities: Field[Toll] | None = None
    source: Field[Attribution] | None = None
    hedges: list[Field[str]] = field(default_factory=list)

    def fields(self) -> dict[str, Field | None]:
        return {
            "sentence": self.sentence, "event_type": self.event_type,
            "sub_event_type": self.sub_event_type, "date": self.date, "place": self.place,
            "actor1": self.actor1, "actor2": self.actor2, "fatalities": self.fatalities,
            "source": self.source,
        }

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "doc_id": self.doc_id, "geo_precision": self.geo_precision}
        for name, f in self.fields().items():
            out[name] = f.to_dict() if f is not None else None
        out["hedges"] = [h.to_dict() for h in self.hedges]
        return out


@dataclass
class Event:
    id: str
    event_date: dt.date
    date_low: dt.date
    date_high: dt.date
    time_precision: int
    event_type: str
    sub_event_type: str
    country: str
    admin1: str | None
    location: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int
    actor1: str = ""
    inter1: int | None = None
    actor2: str = ""
    inter2: int | None = None
    fatalities_low: int = 0
    fatalities_best: int = 0
    fatalities_high: int = 0
    corroboration: str = "weak"
    claim_ids: list[str] = field(default_factory=list)
    doc_ids: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    notes: str = ""
    admin2: str | None = None
    timestamp: int = 0

    @property
    def interaction(self) -> int | None:
        codes = sorted(c for c in (self.inter1, self.inter2) if c)
        if not codes:
            return None
        return int("".join(str(c) for c in codes)) if len(codes) == 2 else codes[0] * 10
