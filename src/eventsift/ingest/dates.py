"""Publication times as timezone-aware datetimes with a precision.

A date without a time of day becomes midnight UTC with precision "day", so that
later stages do not read a time into it; a naive time is taken as UTC.
"""
from __future__ import annotations

import datetime as dt
import time
from typing import Any

__all__ = ["UTC", "from_struct_time", "from_timestamp", "parse_published"]

UTC = dt.timezone.utc


def parse_published(value: Any) -> tuple[dt.datetime, str]:
    """``(aware datetime, "day" | "time")`` from an ISO 8601 string, date or datetime.

    Raises ValueError with a one-line message for anything else.
    """
    if isinstance(value, dt.datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)), "time"
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=UTC), "day"
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"invalid published date {value!r}")
    text = value.strip()
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        pass
    else:
        return dt.datetime(day.year, day.month, day.day, tzinfo=UTC), "day"
    try:
        stamp = dt.datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"invalid published date {value!r}") from None
    return (stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)), "time"


def from_struct_time(value: time.struct_time) -> dt.datetime:
    """feedparser's ``*_parsed`` values are UTC struct_times."""
    return dt.datetime(*value[:6], tzinfo=UTC)


def from_timestamp(seconds: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(seconds, UTC)
