"""Pydantic models of the API's requests and responses (they make its OpenAPI schema)."""
from __future__ import annotations

from typing import Annotated, Any, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, StrictInt

__all__ = [
    "Attribution", "ClaimFields", "ClaimOut", "ClaimPage", "ConfirmIn", "Deletion", "DeletionPage",
    "DocumentIn", "DocumentOut", "DocumentRef", "DocumentsIn", "ErrorOut", "EventDetail", "EventOut",
    "EventPage", "Feature", "FeatureCollection", "FieldOut", "IngestItem", "IngestOut", "MergeIn",
    "Point", "ReviewOut", "SplitIn", "Text", "ValidationErrorOut",
]


class ErrorOut(BaseModel):
    error: str = Field(description="What went wrong, in words.")


class ValidationErrorOut(ErrorOut):
    details: list[dict[str, Any]] = Field(default_factory=list,
                                          description="Each invalid parameter or body field.")


class EventOut(BaseModel):
    """An event: ACLED's fields, the reconciled tolls, the grade and why."""

    id: str
    event_date: str
    date_low: str
    date_high: str
    time_precision: int
    event_type: str
    sub_event_type: str
    actor1: Optional[str] = None
    inter1: Optional[int] = None
    actor2: Optional[str] = None
    inter2: Optional[int] = None
    country: Optional[str] = None
    admin1: Optional[str] = None
    admin2: Optional[str] = None
    location: Optional[str] = None
    place_id: Optional[str] = None
    place_kind: Optional[str] = None
    place_parent: Optional[str] = None
    latitude: Optional[float] = None
    longitude: Optional[float] = None
    geo_precision: int
    fatalities_low: int
    fatalities_best: int
    fatalities_high: int
    corroboration: str = Field(description="confirmed, fair, weak, contested or discounted")
    corroboration_reason: Optional[str] = None
    notes: Optional[str] = None
    timestamp: int
    review: Optional[str] = None
    review_reason: Optional[str] = None
    doc_ids: list[str] = Field(description="Ids of the documents that report it.")
    sources: list[str] = Field(description="Attribution chains of its claims.")
    claim_count: int


class EventPage(BaseModel):
    items: list[EventOut]
    total: int = Field(description="Events matching the filters, all pages.")
    limit: int
    offset: int
    next_cursor: Optional[str] = Field(None, description="Pass as ?cursor= for the next page; null on the last.")


class Point(BaseModel):
    type: Literal["Point"] = "Point"
    coordinates: list[float] = Field(description="[longitude, latitude]")


class Feature(BaseModel):
    type: Literal["Feature"] = "Feature"
    id: str
    geometry: Optional[Point] = None
    properties: dict[str, Any]


class FeatureCollection(BaseModel):
    """GeoJSON; total, limit, offset and next_cursor are foreign members for paging."""

    type: Literal["FeatureCollection"] = "FeatureCollection"
    features: list[Feature]
    total: int
    limit: int
    offset: int
    next_cursor: Optional[str] = None


class FieldOut(BaseModel):
    """One extracted value and where it came from."""

    value: Any = None
    span: Optional[list[Optional[int]]] = Field(None, description="[start, end) in the document's text")
    text: str = Field("", description="The words the value was read from.")
    extractor: str = ""
    confidence: float = 0.0


class ClaimFields(BaseModel):
    sentence: Optional[FieldOut] = None
    event_type: Optional[FieldOut] = None
    sub_event_type: Optional[FieldOut] = None
    date: Optional[FieldOut] = None
    place: Optional[FieldOut] = None
    actor1: Optional[FieldOut] = None
    actor2: Optional[FieldOut] = None
    fatalities: Optional[FieldOut] = None
    source: Optional[FieldOut] = None


class Attribution(BaseModel):
    chain: list[str] = Field(description="From who originally says so to the outlet.")
    label: str
    kind: str = "unknown"


class DocumentRef(BaseModel):
    id: str
    kind: Optional[str] = None
    outlet: Optional[str] = None
    title: Optional[str] = None
    author: Optional[str] = None
    url: Optional[str] = None
    published: Optional[str] = None
    language: Optional[str] = None


class ClaimOut(BaseModel):
    """One statement in one document, with the span of each field."""

    id: str
    doc_id: str
    event_id: Optional[str] = None
    event_type: str
    sub_event_type: str
    event_date: str
    date_low: str
    date_high: str
    time_precision: int
    location: Optional[str] = None
    admin1: Optional[str] = None
    country: Optional[str] = None
    latitude: Optional[float] = None
    longitude: Optional[float] = None
    geo_precision: int
    actor1: Optional[str] = None
    inter1: Optional[int] = None
    actor2: Optional[str] = None
    inter2: Optional[int] = None
    fatalities_low: Optional[int] = None
    fatalities_best: Optional[int] = None
    fatalities_high: Optional[int] = None
    source_label: Optional[str] = None
    source_root: Optional[str] = None
    attribution: Attribution
    hedged: bool
    hedges: list[FieldOut]
    sentence: str
    sentence_span: Optional[list[Optional[int]]] = None
    reported_at: Optional[str] = None
    fields: ClaimFields
    document: DocumentRef


class ClaimPage(BaseModel):
    items: list[ClaimOut]
    total: int
    limit: int
    offset: int


class EventDetail(EventOut):
    claims: list[ClaimOut]
    documents: list[DocumentRef]


class DocumentOut(DocumentRef):
    sha256: str
    retrieved: Optional[str] = None
    ingested_at: str
    attributes: dict[str, Any]
    segments: list[dict[str, Any]]
    text: str
    claim_ids: list[str]
    event_ids: list[str]


class Deletion(BaseModel):
    event_id: str
    merged_into: Optional[str] = None
    reason: Optional[str] = None
    timestamp: int


class DeletionPage(BaseModel):
    items: list[Deletion]
    total: int
    limit: int
    offset: int


# Text in a request body: no NUL characters (PostgreSQL text cannot hold them, and no report has them).
Text = Annotated[str, Field(pattern=r"^[^\x00]*$")]


class DocumentIn(BaseModel):
    """A report, as a JSON Lines record; other members are kept as attributes."""

    model_config = ConfigDict(extra="allow")

    # StrictInt: true, false and 2.0 are not ids (pydantic would otherwise read them as 1, 0 and 2);
    # at most 2000 characters, as GET /api/documents/{id} takes.
    id: Union[Annotated[Text, Field(max_length=2000)], StrictInt] = Field(
        description="The document's id, e.g. its file name or the record's id.")
    text: Text = Field(min_length=1)
    url: Optional[Text] = None
    outlet: Optional[Text] = None
    published: Optional[Text] = Field(None, description="ISO 8601")
    title: Optional[Text] = None
    language: Optional[Text] = None
    author: Optional[Text] = None


class DocumentsIn(BaseModel):
    documents: list[DocumentIn] = Field(min_length=1, max_length=1000)


class IngestItem(BaseModel):
    id: str
    status: Literal["added", "unchanged", "conflict", "error"]
    claims: int = 0
    error: Optional[str] = None


class IngestOut(BaseModel):
    ok: bool
    added: int
    unchanged: int
    failed: int
    claims: int
    results: list[IngestItem]


class ReviewIn(BaseModel):
    reason: Optional[Text] = Field(None, max_length=10_000)
    by: Optional[Text] = Field(None, max_length=200, description="Who decided (default: api).")


class MergeIn(ReviewIn):
    other: Text = Field(max_length=200, description="The event merged into this one; it is then listed as deleted.")


class SplitIn(ReviewIn):
    claim_ids: list[Text] = Field(min_length=1, max_length=10_000, description="Claims moved into a new event.")


class ConfirmIn(ReviewIn):
    reason: Text = Field(min_length=1, max_length=10_000)


class ReviewOut(BaseModel):
    action: Literal["merge", "split", "confirm", "discount"]
    event: EventOut = Field(description="The event as it is now.")
    new_event: Optional[EventOut] = Field(None, description="The event a split created.")
    merged: Optional[str] = Field(None, description="The event a merge removed.")
