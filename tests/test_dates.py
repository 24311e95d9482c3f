"""Tests for eventsift.extract.dates: news time expressions resolved against a reference time."""
from __future__ import annotations

import datetime as dt
import re
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventsift.extract import dates as D
from eventsift.extract.dates import KINDS, NAME, VERSION, TimeMention, find_times, resolve_date
from eventsift.model import DateValue

d = dt.date.fromisoformat

TUE_2011_07_19 = d("2011-07-19")
THU_2011_09_08 = d("2011-09-08")
FRI_2011_07_22 = d("2011-07-22")
LIVEBLOG = dt.datetime(2011, 11, 8, 14, 35, tzinfo=dt.timezone.utc)
NOV_2017 = d("2017-11-29")


def one(text: str, ref) -> TimeMention:
    found = find_times(text, ref)
    assert len(found) == 1, found
    m = found[0]
    assert text[m.start:m.end] == m.text
    return m


def val(m: TimeMention) -> tuple[str, str, str, int]:
    assert m.value is not None, m
    v = m.value
    return v.date.isoformat(), v.low.isoformat(), v.high.isoformat(), v.precision


def rd(text: str, ref) -> tuple[str, str, str, int]:
    m = resolve_date(text, ref)
    assert m is not None, text
    return val(m)


# ---------------------------------------------------------------- the API


def test_api():
    assert NAME == "dates" and VERSION == "1"
    assert set(D.__all__) >= {"NAME", "VERSION", "TimeMention", "find_times", "resolve_date"}
    m = one("on July 17", TUE_2011_07_19)
    assert isinstance(m, TimeMention) and isinstance(m.value, DateValue)
    with pytest.raises(Exception):
        m.start = 3  # frozen


# ---------------------------------------------------------------- from the seed reports


@pytest.mark.parametrize("text, expected", [
    ("on July 17", ("2011-07-17", "2011-07-17", "2011-07-17", 1)),
    ("over the weekend of July 16-17", ("2011-07-16", "2011-07-16", "2011-07-17", 2)),
    ("on Tuesday", ("2011-07-19", "2011-07-19", "2011-07-19", 1)),
    ("six people were killed there on July 18 alone", ("2011-07-18", "2011-07-18", "2011-07-18", 1)),
    ("They cut the power in the city last night", ("2011-07-18", "2011-07-18", "2011-07-18", 1)),
])
def test_eyewitness_2011_07_19(text, expected):
    assert rd(text, TUE_2011_07_19) == expected


def test_weekend_of_kind_and_span():
    text = "Protests reached levels in the city over the weekend of July 16-17."
    m = one(text, TUE_2011_07_19)
    assert m.kind == "range" and m.text == "over the weekend of July 16-17"
    m = one("the weekend of July 16-17", TUE_2011_07_19)
    assert m.kind == "range" and val(m)[1:] == ("2011-07-16", "2011-07-17", 2)
    # one day of a weekend stands for the whole weekend
    assert val(one("the weekend of July 16", TUE_2011_07_19)) == ("2011-07-16", "2011-07-16", "2011-07-17", 2)


@pytest.mark.parametrize("text, expected", [
    ("rose to 23 people Thursday after government forces", "2011-09-08"),
    ("The strike reported on Wednesday appeared", "2011-09-07"),
])
def test_la_times_2011_09_08(text, expected):
    m = one(text, THU_2011_09_08)
    assert m.kind == "weekday" and val(m) == (expected, expected, expected, 1)


@pytest.mark.parametrize("text, expected", [
    ("mortars in two Homs neighborhoods on Thursday", ("2011-07-21", "2011-07-21", "2011-07-21", 1)),
    ("appeared to implode last weekend, when", ("2011-07-16", "2011-07-16", "2011-07-17", 2)),
    ("at least 24 killed the prior Friday", ("2011-07-15", "2011-07-15", "2011-07-15", 1)),
    ("one weekend in June", ("2011-06-15", "2011-06-01", "2011-06-30", 3)),
    ("the regime's withdrawal six weeks ago from Hama", ("2011-06-10", "2011-06-07", "2011-06-13", 2)),
    ("a deal last week by which", ("2011-07-11", "2011-07-11", "2011-07-17", 2)),
    ("showed relative restraint Friday", ("2011-07-22", "2011-07-22", "2011-07-22", 1)),
    ("Thursday's clashes", ("2011-07-21", "2011-07-21", "2011-07-21", 1)),
])
def test_wsj_2011_07_22(text, expected):
    assert rd(text, FRI_2011_07_22) == expected


def test_wsj_history():
    for text in ("a brutal crackdown in 1982, remains", "In 1982, Mr. Assad's father",
                 "is the 1982 massacre", "the harsh crackdown in the 1980s", "Hama's 1982 massacre",
                 "in the '80s"):
        found = find_times(text, FRI_2011_07_22)
        assert [m.kind for m in found] == ["history"], (text, found)
        assert found[0].value.high < FRI_2011_07_22
        assert resolve_date(text, FRI_2011_07_22) is None
    m = one("What saved Hama in 2011 is", FRI_2011_07_22)
    assert m.kind == "range" and val(m)[1:] == ("2011-01-01", "2011-12-31", 3)


@pytest.mark.parametrize("text, expected", [
    ("a woman who died of injuries sustained yesterday", "2011-11-07"),
    ("shelter from gunfire in Homs in Syria on Monday", "2011-11-07"),
    ("5 people have died today across Syria", "2011-11-08"),
    ("in Buri this morning:", "2011-11-08"),
])
def test_liveblog_2011_11_08(text, expected):
    assert rd(text, LIVEBLOG) == (expected, expected, expected, 1)


def test_liveblog_header_is_one_mention():
    m = one("Tuesday, November 8, 2011 at 21:30", LIVEBLOG)
    assert m.kind == "day" and val(m) == ("2011-11-08", "2011-11-08", "2011-11-08", 1)
    assert m.text == "Tuesday, November 8, 2011"
    assert val(one("(Nov. 8)", LIVEBLOG))[0] == "2011-11-08"
    assert find_times("2120 GMT: Back from an academic break. 1435 GMT: James", LIVEBLOG) == []


def test_syria_untold_2017_11_29():
    m = one("a settlement agreement on 13 March 2017.", NOV_2017)
    assert m.kind == "day" and val(m) == ("2017-03-13", "2017-03-13", "2017-03-13", 1)
    m = one("intervention in Syria on 30 September 2015, along", NOV_2017)
    assert m.kind == "day" and val(m) == ("2015-09-30", "2015-09-30", "2015-09-30", 1)
    m = one("took place between March and late May 2017.", NOV_2017)
    assert m.kind == "range" and m.text == "between March and late May 2017"
    date, low, high, p = val(m)
    assert (low, high, p) == ("2017-03-01", "2017-05-31", 3) and low <= date <= high
    assert val(one("until May 20, 2017, with", NOV_2017)) == ("2017-05-20",) * 3 + (1,)
    m = one("Homs, April 2017. Photo", NOV_2017)
    assert m.kind == "month" and val(m) == ("2017-04-15", "2017-04-01", "2017-04-30", 3)
    assert one("Homs, February 2016. Photo", NOV_2017).kind == "history"
    m = one("surrender to government forces in March.", NOV_2017)
    assert m.text == "March" and val(m) == ("2017-03-15", "2017-03-01", "2017-03-31", 3)


# ---------------------------------------------------------------- days and ranges


@pytest.mark.parametrize("text, expected", [
    ("17 July 2011", "2011-07-17"),
    ("on the 17th of July", "2011-07-17"),
    ("July 17th", "2011-07-17"),
    ("Sunday, 17 July", "2011-07-17"),
    ("Sept. 30, 2010", "2010-09-30"),
    ("2011-07-19", "2011-07-19"),
    ("2011-07-19T10:00:00Z", "2011-07-19"),
    ("19/7/2011", "2011-07-19"),
    ("7/19/2011", "2011-07-19"),
    ("8/8/2011", "2011-08-08"),
    ("2011/07/19", "2011-07-19"),
])
def test_days(text, expected):
    m = one(text, TUE_2011_07_19)
    assert m.kind == "day" and val(m) == (expected, expected, expected, 1)


def test_ambiguous_slash_dates_are_skipped():
    assert find_times("on 8/11/2011 and 3/4/2011", THU_2011_09_08) == []
    assert find_times("on 8/11/11", THU_2011_09_08) == []


@pytest.mark.parametrize("text, expected", [
    ("July 16-17", ("2011-07-16", "2011-07-16", "2011-07-17", 2)),
    ("July 16 to 18, 2011", ("2011-07-16", "2011-07-16", "2011-07-18", 2)),
    ("16-17 July 2011", ("2011-07-16", "2011-07-16", "2011-07-17", 2)),
    ("June 30-July 2", ("2011-06-30", "2011-06-30", "2011-07-02", 2)),
])
def test_day_ranges(text, expected):
    m = one(text, TUE_2011_07_19)
    assert m.kind == "range" and val(m) == expected


def test_year_inference_never_after_ref():
    ref = d("2011-01-10")
    assert val(one("on December 28", ref))[0] == "2010-12-28"
    assert val(one("on July 17", ref))[0] == "2010-07-17"
    assert val(one("on January 10", ref))[0] == "2011-01-10"
    assert val(one("on January 11", ref))[0] == "2010-01-11"
    assert val(one("on February 29", d("2011-03-01")))[0] == "2008-02-29"
    # a range that straddles the new year
    assert val(one("December 30 - January 2", ref))[1:3] == ("2010-12-30", "2011-01-02")


def test_explicit_year_after_ref_is_kept():
    m = one("on 17 July 2012", TUE_2011_07_19)
    assert m.kind == "day" and val(m)[0] == "2012-07-17"
    m = one("in July 2012", TUE_2011_07_19)
    assert m.kind == "month" and val(m)[0] == "2012-07-15"


def test_invalid_days_are_not_mentions():
    assert find_times("on 31 June and on July 32", TUE_2011_07_19) == []
    assert find_times("2011-13-45", TUE_2011_07_19) == []


# ---------------------------------------------------------------- weekdays


def test_weekdays():
    ref = FRI_2011_07_22
    expected = {"Monday": "2011-07-18", "Tuesday": "2011-07-19", "Wednesday": "2011-07-20",
                "Thursday": "2011-07-21", "Friday": "2011-07-22", "Saturday": "2011-07-16",
                "Sunday": "2011-07-17"}
    for name, day in expected.items():
        for text in (name, f"on {name}", f"{name}'s", f"{name}\u2019s", f"{name} night", name.lower()):
            m = one(text, ref)
            assert m.kind == "weekday" and val(m) == (day, day, day, 1), text
    for text in ("last Friday", "the previous Friday", "this past Friday"):
        assert val(one(text, ref))[0] == "2011-07-15"
    assert val(one("last Monday", ref))[0] == "2011-07-18"


def test_future_and_anchored_have_no_value():
    for text in ("next Friday", "the following Monday", "tomorrow", "two days later",
                 "the day before the vote", "two days before the funeral", "next week",
                 "later this month"):
        found = find_times(text, FRI_2011_07_22)
        assert len(found) == 1 and found[0].value is None, (text, found)
        assert resolve_date(text, FRI_2011_07_22) is None


# ---------------------------------------------------------------- relative


@pytest.mark.parametrize("text, expected", [
    ("today", ("2011-07-22", "2011-07-22", "2011-07-22", 1)),
    ("this morning", ("2011-07-22", "2011-07-22", "2011-07-22", 1)),
    ("tonight", ("2011-07-22", "2011-07-22", "2011-07-22", 1)),
    ("earlier today", ("2011-07-22", "2011-07-22", "2011-07-22", 1)),
    ("last night", ("2011-07-21", "2011-07-21", "2011-07-21", 1)),
    ("Yesterday", ("2011-07-21", "2011-07-21", "2011-07-21", 1)),
    ("yesterday morning", ("2011-07-21", "2011-07-21", "2011-07-21", 1)),
    ("the day before", ("2011-07-21", "2011-07-21", "2011-07-21", 1)),
    ("the day before yesterday", ("2011-07-20", "2011-07-20", "2011-07-20", 1)),
    ("two days earlier", ("2011-07-20", "2011-07-20", "2011-07-20", 1)),
    ("3 days ago", ("2011-07-19", "2011-07-19", "2011-07-19", 1)),
    ("six weeks ago", ("2011-06-10", "2011-06-07", "2011-06-13", 2)),
    ("a week ago", ("2011-07-15", "2011-07-12", "2011-07-18", 2)),
    ("a month ago", ("2011-06-22", "2011-06-15", "2011-06-29", 2)),
    ("two months ago", ("2011-05-22", "2011-05-07", "2011-06-06", 3)),
    ("this week", ("2011-07-18", "2011-07-18", "2011-07-22", 2)),
    ("earlier this week", ("2011-07-18", "2011-07-18", "2011-07-21", 2)),
    ("last week", ("2011-07-11", "2011-07-11", "2011-07-17", 2)),
    ("the past week", ("2011-07-15", "2011-07-15", "2011-07-22", 2)),
    ("in the last week", ("2011-07-15", "2011-07-15", "2011-07-22", 2)),
    ("last weekend", ("2011-07-16", "2011-07-16", "2011-07-17", 2)),
    ("over the weekend", ("2011-07-16", "2011-07-16", "2011-07-17", 2)),
    ("earlier this month", ("2011-07-15", "2011-07-01", "2011-07-21", 3)),
    ("this month", ("2011-07-15", "2011-07-01", "2011-07-22", 3)),
    ("last month", ("2011-06-15", "2011-06-01", "2011-06-30", 3)),
    ("in the last two months", ("2011-06-21", "2011-05-22", "2011-07-22", 3)),
    ("over the past two weeks", ("2011-07-08", "2011-07-08", "2011-07-22", 2)),
])
def test_relative(text, expected):
    m = one(text, FRI_2011_07_22)
    assert m.kind == "relative" and val(m) == expected, text


def test_weekends_by_reference_weekday():
    # last weekend: the latest Saturday-Sunday strictly before the reference day
    assert val(one("last weekend", d("2011-07-17")))[1:3] == ("2011-07-09", "2011-07-10")  # Sunday
    assert val(one("last weekend", d("2011-07-18")))[1:3] == ("2011-07-16", "2011-07-17")  # Monday
    assert val(one("last weekend", d("2011-07-16")))[1:3] == ("2011-07-09", "2011-07-10")  # Saturday
    # over the weekend / this weekend on a weekend day: the current one, up to ref
    assert val(one("over the weekend", d("2011-07-17")))[1:3] == ("2011-07-16", "2011-07-17")
    assert val(one("this weekend", d("2011-07-16")))[1:3] == ("2011-07-16", "2011-07-16")
    assert val(one("this weekend", d("2011-07-18")))[1:3] == ("2011-07-16", "2011-07-17")
    assert one("this weekend", d("2011-07-20")).value is None  # the coming one


def test_ago_windows_and_history():
    m = one("two years ago", FRI_2011_07_22)
    assert m.kind == "history" and val(m)[0] == "2009-07-22"
    m = one("a year ago", FRI_2011_07_22)
    assert m.kind == "relative" and val(m)[0] == "2010-07-22" and val(m)[3] == 3
    m = one("a few days ago", FRI_2011_07_22)
    assert val(m)[3] == 2 and m.value.low < m.value.date < m.value.high < FRI_2011_07_22
    assert val(one("weeks ago", FRI_2011_07_22))[3] == 3


# ---------------------------------------------------------------- months


def test_months():
    ref = FRI_2011_07_22
    m = one("in June", ref)
    assert m.kind == "month" and val(m) == ("2011-06-15", "2011-06-01", "2011-06-30", 3)
    assert val(one("in August", ref))[0] == "2010-08-15"  # never after the report
    assert val(one("since March 2011", ref)) == ("2011-03-15", "2011-03-01", "2011-03-31", 3)
    # early / mid / late narrow the range, precision stays 3
    assert val(one("in early June", ref)) == ("2011-06-05", "2011-06-01", "2011-06-10", 3)
    assert val(one("mid-June", ref)) == ("2011-06-15", "2011-06-11", "2011-06-20", 3)
    assert val(one("late May", ref)) == ("2011-05-26", "2011-05-21", "2011-05-31", 3)
    assert val(one("the end of May", ref)) == ("2011-05-26", "2011-05-21", "2011-05-31", 3)
    assert val(one("the beginning of May", ref))[1:] == ("2011-05-01", "2011-05-10", 3)
    assert val(one("last June", d("2011-06-20")))[0] == "2010-06-15"


def test_current_month_is_clamped_to_ref():
    ref = d("2011-07-10")
    assert val(one("in July", ref)) == ("2011-07-10", "2011-07-01", "2011-07-10", 3)
    assert val(one("in late July", ref))[1] == "2010-07-21"  # late July 2011 has not begun


def test_month_ranges():
    m = one("in September and October", FRI_2011_07_22)
    assert m.kind == "range" and val(m)[1:] == ("2010-09-01", "2010-10-31", 3)
    m = one("in September and October", NOV_2017)
    assert val(m)[1:] == ("2017-09-01", "2017-10-31", 3)
    assert val(one("from November 2010 to February 2011", FRI_2011_07_22))[1:3] == ("2010-11-01", "2011-02-28")
    assert val(one("between November and February 2011", FRI_2011_07_22))[1:3] == ("2010-11-01", "2011-02-28")
    assert val(one("March-May", FRI_2011_07_22))[1:3] == ("2011-03-01", "2011-05-31")


def test_month_words_that_are_not_dates():
    ref = FRI_2011_07_22
    for text in ("May God protect us.", "They may leave.", "March on Damascus!", "a long march",
                 "the Mar Elias church", "Jan Egeland said", "an august body"):
        assert find_times(text, ref) == [], text


def test_years_and_decades():
    ref = FRI_2011_07_22
    assert one("since 2011", ref).kind == "range"
    m = one("in 2010", ref)
    assert m.kind == "range"  # ends less than a year before ref
    assert one("in 2009", ref).kind == "history"
    m = one("between 2000 and 2005", ref)
    assert m.kind == "history" and val(m)[1:3] == ("2000-01-01", "2005-12-31")
    m = one("the early 1980s", ref)
    assert m.kind == "history" and val(m)[1:3] == ("1980-01-01", "1983-12-31")
    for text in ("the 2000 protesters", "of 1500 people", "at 1945 GMT", "Homs does not have 1982 hanging",
                 "a 10-year-old boy", "route 2011 north"):
        assert [m.kind for m in find_times(text, ref) if m.kind != "duration"] == [], text


# ---------------------------------------------------------------- durations


@pytest.mark.parametrize("text", [
    "for two hours", "over four months", "for weeks", "for over 2 hours", "a four-month siege",
    "the 10-day offensive", "lasting three days", "within hours",
])
def test_durations(text):
    found = find_times(text, FRI_2011_07_22)
    assert [(m.kind, m.value) for m in found] == [("duration", None)], found


# ---------------------------------------------------------------- resolve_date


def test_resolve_date_preferences():
    ref = FRI_2011_07_22
    assert rd("Yesterday, on July 17, soldiers fired", ref)[0] == "2011-07-17"  # day > relative
    assert rd("in June, on Thursday, soldiers fired", ref)[0] == "2011-07-21"  # weekday > month
    assert rd("on Thursday, yesterday, soldiers fired", ref)[0] == "2011-07-21"  # weekday > relative
    assert rd("last week, in June", ref)[0] == "2011-07-11"  # relative > month
    assert rd("in June, the weekend of July 16-17", ref)[0] == "2011-07-16"  # range > month
    assert rd("in 2011 in June", ref)[0] == "2011-06-15"  # a month beats a whole year
    assert resolve_date("the 1982 massacre, for two hours", ref) is None
    assert resolve_date("Protesters chanted in the square.", ref) is None
    assert resolve_date("", ref) is None


def test_resolve_date_clause_bounds():
    ref = FRI_2011_07_22
    text = "On Thursday, troops entered. Activists said six were killed on July 17."
    cut = text.index("Activists")
    m = resolve_date(text, ref, cut)
    assert m is not None and m.text == "July 17" and text[m.start:m.end] == "July 17"
    m = resolve_date(text, ref, 0, cut)
    assert m is not None and m.text == "Thursday"
    assert find_times(text, ref, 3, 9) == []  # part of a word is not a mention


def test_datetime_ref_with_timezone():
    assert rd("on Monday", dt.datetime(2011, 11, 8, 23, 59)) == ("2011-11-07",) * 3 + (1,)


# ---------------------------------------------------------------- robustness and speed

_UNGATED = re.compile(r"(?<!\w)(?:" + "|".join(f"(?P<{n}>{b})" for n, b in D._BRANCHES) + ")")

_TIME_WORDS = [
    "on", "in", "the", "of", "last", "this", "next", "early", "late", "mid-", "weekend", "over",
    "for", "between", "and", "to", "-", "ago", "earlier", "before", "later", "a", "two", "six",
    "weeks", "week", "days", "day", "months", "month", "year", "years", "hours", "yesterday",
    "today", "tonight", "morning", "night", "prior", "past", "July", "June", "May", "March",
    "September", "Sept.", "Nov.", "Monday", "Thursday", "Friday's", "17", "16-17", "1982",
    "2011", "2017", "1980s", "'80s", "13th", "8/11/2011", "19/7/2011", "2011-07-19", ",", ".",
    "soldiers", "killed", "protesters", "GMT", "may", "since", "about", "some", "few",
]
_REFS = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2090, 12, 31))
_NEWSY = st.lists(st.sampled_from(_TIME_WORDS), max_size=30).map(" ".join)


def _check_invariants(text: str, ref: dt.date, start: int, end: int | None) -> None:
    found = find_times(text, ref, start, end)
    stop = len(text) if end is None else min(end, len(text))
    for m in found:
        assert start <= m.start < m.end <= stop
        assert text[m.start:m.end] == m.text
        assert m.kind in KINDS
        if m.kind == "duration":
            assert m.value is None
        if m.value is not None:
            v = m.value
            assert v.low <= v.date <= v.high
            assert v.precision in (1, 2, 3)
            if not re.search(r"\d{4}|['\u2019]\d0s", m.text):
                assert v.date <= ref, m  # no year stated: never after the report
    best = resolve_date(text, ref, start, end)
    assert best is None or best in found


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200), _REFS, st.integers(0, 250), st.one_of(st.none(), st.integers(0, 250)))
def test_never_raises_on_arbitrary_text(text, ref, start, end):
    if end is not None and end < start:
        start, end = end, start
    _check_invariants(text, ref, start, end)


@settings(max_examples=500, deadline=None)
@given(_NEWSY, _REFS, st.integers(0, 20))
def test_invariants_on_time_words(text, ref, start):
    _check_invariants(text, ref, min(start, len(text)), None)


@settings(max_examples=500, deadline=None)
@given(_NEWSY)
def test_gate_loses_no_match(text):
    gated = [(m.span(), m.lastgroup) for m in D._PATTERN.finditer(text)]
    ungated = [(m.span(), m.lastgroup) for m in _UNGATED.finditer(text)]
    assert gated == ungated


@pytest.mark.parametrize("s", [
    "July " * 20000, "1" * 100000, "1 " * 50000, "the " * 25000, "in the past " * 10000,
    "between March and " * 5000, "-1" * 50000, "1/" * 50000, "over the weekend of " * 5000,
    "a few " * 20000, "July 1" * 15000, "about some " * 10000,
])
def test_pathological_inputs_are_linear(s):
    # CPU time, and a bound far above the ~0.1 s these take: backtracking would take minutes.
    t0 = time.process_time()
    find_times(s, FRI_2011_07_22)
    assert time.process_time() - t0 < 5.0
