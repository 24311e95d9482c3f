"""Properties of the whole extraction: `extract_claims` on a Document built from any text.

Documents come plain (one segment), as liveblogs (segments from the entries'
clock times) and with publication times anywhere in the calendar. For each:
no exception; every Field with a span points into the text and holds the
words there; tolls and dates are ordered; a second run gives the same claims.
"""
from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st
from text_strategies import SETTINGS, news_text, published

from eventsift.extract import extract_claims
from eventsift.ingest import split_entries
from eventsift.model import Claim, Document, Segment

_TYPES = {"Battles", "Protests", "Riots", "Violence against civilians", "Explosions/Remote violence",
          "Strategic developments"}


def _document(text: str, when: dt.datetime | None, segmented: bool, outlet: str | None,
              title: str | None = None) -> Document:
    doc = Document(id="doc.txt", text=text, raw=text.encode("utf-8", "surrogatepass"), kind="text",
                   source="doc.txt", outlet=outlet, published=when, title=title)
    if segmented:
        doc.segments = split_entries(text, when)
    return doc


def check_claims(doc: Document, claims: list[Claim]) -> None:
    """The guarantees every claim of every document keeps."""
    text = doc.text
    for claim in claims:
        fields = [*claim.fields().values(), *claim.hedges]
        for f in fields:
            if f is None:
                continue
            assert (f.start is None) == (f.end is None), f
            if f.start is not None:
                assert 0 <= f.start <= f.end <= len(text), f
                assert text[f.start:f.end] == f.text, (f, text[f.start:f.end])
            assert 0.0 <= f.confidence <= 1.0, f
        assert claim.event_type.value in _TYPES, claim.event_type
        toll = claim.fatalities.value if claim.fatalities else None
        if toll is not None:
            assert 0 <= toll.low <= toll.best <= toll.high, toll
        date = claim.date.value
        assert date.low <= date.date <= date.high and date.precision in (1, 2, 3), date
        assert claim.geo_precision in (1, 2, 3)
        assert claim.sentence.start is not None and claim.sentence.text.strip()
        assert claim.doc_id == doc.id
    assert len({c.id for c in claims}) == len(claims)


@SETTINGS
@given(news_text(), published, st.booleans(), st.sampled_from([None, "Levant Wire", "SOHR"]),
       st.one_of(st.none(), news_text()))
def test_extract_claims(text, when, segmented, outlet, title):
    doc = _document(text, when, segmented, outlet, title)
    claims = extract_claims(doc)
    check_claims(doc, claims)
    again = extract_claims(_document(text, when, segmented, outlet, title))
    assert [c.to_dict() for c in claims] == [c.to_dict() for c in again]


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(["2120 GMT: ", "09:15 GMT - ", "Update 14:05: ", "9.15am: ",
                                           "  * 21:20 BST: ", "> 10:00 UTC - "]), news_text()),
                min_size=2, max_size=4),
       published)
def test_liveblogs(entries, when):
    text = "\n".join(label + body.replace("\n", " ") for label, body in entries)
    doc = _document(text, when, True, None)
    check_claims(doc, extract_claims(doc))


@SETTINGS
@given(news_text(), st.lists(st.integers(0, 400), max_size=4), published)
def test_any_segments(text, cuts, when):
    """Segments need not be what ingest makes: any cover of the text in order is read."""
    points = sorted({min(c, len(text)) for c in cuts} | {0, len(text)})
    doc = _document(text, when, False, None)
    doc.segments = [Segment(a, b, when, None) for a, b in zip(points, points[1:])] or [Segment(0, 0, when)]
    check_claims(doc, extract_claims(doc))
