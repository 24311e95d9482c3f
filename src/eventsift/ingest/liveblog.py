"""Split liveblogs into their timestamped entries.

A liveblog is a page of entries, each starting on its own line with a clock
time: ``2120 GMT: ...``, ``09:15 GMT``, ``9.15am: ...``, ``21:20 BST``,
``Update 14:05: ...``. Extraction resolves "this morning" against the entry's
time, not the page's, so each entry becomes a :class:`Segment` with its own time.

How an entry's clock time becomes a datetime (kept simple on purpose):

* The day is the page's publication day, in the entry's time zone.
* If ``published`` has a time of day and the entry's time would be later than
  it, the entry is from the day before (the page was published after all its
  entries, so a later clock time must have wrapped round midnight).
* If ``published`` is only a date (pass a ``datetime.date``), every entry is on
  that day.
* A clock time without a zone is in the zone of ``published`` (UTC if none).
* Times are returned in UTC. With no ``published`` an entry's time is None and
  its label still says the clock time.
"""
from __future__ import annotations

import datetime as dt
import re

from eventsift.model import Segment

__all__ = ["MIN_ENTRIES", "split_entries"]

MIN_ENTRIES = 2  # one stamped line alone is not a liveblog

UTC = dt.timezone.utc

# Fixed offsets of the zone names news liveblogs use. Ambiguous ones (IST, AST)
# are left out: a wrong offset is worse than none.
_ZONES: dict[str, int] = {
    "GMT": 0, "UTC": 0, "WET": 0, "BST": 60, "WEST": 60, "CET": 60, "CEST": 120,
    "EET": 120, "EEST": 180, "MSK": 180,
    "EST": -300, "EDT": -240, "CST": -360, "CDT": -300, "MST": -420, "MDT": -360,
    "PST": -480, "PDT": -420,
}
_ZONE_NAMES = "|".join(sorted(_ZONES, key=len, reverse=True))

_HEADER = re.compile(
    rf"""
    ^[ \t]*(?:[*_#>\u2022][ \t]*)*                       # markdown bullets and emphasis
    (?P<label>
      (?P<update>(?i:update[sd]?(?:[ \t]+at)?)[ \t]*[,:\-\u2013]?[ \t]*)?
      (?:
          (?P<h>[01]?\d|2[0-3])[:.](?P<m>[0-5]\d)(?!\d)            # 09:15, 9.15
        | (?P<h4>[01]\d|2[0-3])(?P<m4>[0-5]\d)(?=[ \t]*(?:{_ZONE_NAMES})\b)  # 2120 GMT
        | (?P<h12>1[0-2]|0?[1-9])(?=[ \t]*[aApP]\.?[mM]\b)          # 9am
      )
      (?:[ \t]*(?P<ampm>[aApP])\.?[mM]\b\.?)?
      (?:[ \t]*(?P<zone>{_ZONE_NAMES})\b
         (?P<offset>[+-](?:1[0-4]|0?\d)(?::?[0-5]\d)?)?)?
    )
    [ \t*_]*(?P<sep>[:\-\u2013\u2014|]|$)?
    """,
    re.MULTILINE | re.VERBOSE,
)


def _clock(match: re.Match[str]) -> tuple[dt.time, dt.tzinfo | None] | None:
    """The entry's clock time and zone, or None when the line is not an entry header."""
    zone, update, sep = match["zone"], match["update"], match["sep"]
    if not (zone or update or sep is not None):
        return None  # "14.30 percent of ..." : a bare time needs a separator, zone or "Update"
    if match["h4"] is not None:
        hour, minute = int(match["h4"]), int(match["m4"])
    elif match["h12"] is not None:
        hour, minute = int(match["h12"]), 0
    else:
        hour, minute = int(match["h"]), int(match["m"])
    if match["ampm"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match["ampm"] in "pP" else 0)
    tz: dt.tzinfo | None = None
    if zone:
        minutes = _ZONES[zone]
        if match["offset"]:
            sign = -1 if match["offset"][0] == "-" else 1
            digits = match["offset"][1:].replace(":", "")
            hh, mm = (digits[:-2], digits[-2:]) if len(digits) > 2 else (digits, "0")
            minutes += sign * (int(hh) * 60 + int(mm))
        tz = dt.timezone(dt.timedelta(minutes=minutes))
    return dt.time(hour, minute), tz


def _page_time(published: dt.datetime | dt.date | None) -> dt.datetime | None:
    if published is None:
        return None
    if isinstance(published, dt.datetime):
        aware = published if published.tzinfo else published.replace(tzinfo=UTC)
        try:
            return aware.astimezone(UTC)
        except OverflowError:
            return aware
    return dt.datetime(published.year, published.month, published.day, tzinfo=UTC)


def _entry_time(clock: dt.time, tz: dt.tzinfo | None, published: dt.datetime | dt.date | None) -> dt.datetime | None:
    if published is None:
        return None
    if not isinstance(published, dt.datetime):  # date only: the entry is on that day
        try:
            return dt.datetime.combine(published, clock, tz or UTC).astimezone(UTC)
        except OverflowError:
            return None
    page = _page_time(published)
    assert page is not None
    zone = tz or published.tzinfo or UTC  # a bare clock time is in the page's own zone
    try:
        when = dt.datetime.combine(page.astimezone(zone).date(), clock, zone)
        if when > page:
            when -= dt.timedelta(days=1)
        return when.astimezone(UTC)
    except OverflowError:  # within a day of year 1 or 9999
        return None


def split_entries(text: str, published: dt.datetime | dt.date | None) -> list[Segment]:
    """Segments covering ``text`` end to end: one per liveblog entry, or one for all.

    ``published`` is the page's publication time; pass a ``datetime.date`` when
    only the day is known. Never raises; the segments are contiguous, start at 0
    and end at ``len(text)``.
    """
    page = _page_time(published)
    headers: list[tuple[int, str, dt.datetime | None]] = []
    for match in _HEADER.finditer(text):
        clock = _clock(match)
        if clock is not None:
            headers.append((match.start(), match["label"].strip(), _entry_time(*clock, published)))
    if len(headers) < MIN_ENTRIES:
        return [Segment(0, len(text), page)]
    segments: list[Segment] = []
    if headers[0][0] > 0:
        segments.append(Segment(0, headers[0][0], page))  # text before the first entry: the page's own
    ends = [start for start, _, _ in headers[1:]] + [len(text)]
    for (start, label, when), end in zip(headers, ends):
        segments.append(Segment(start, end, when, label))
    return segments
