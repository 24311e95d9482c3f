"""Time expressions in news text, resolved against the document's time.

One compiled regular expression (an alternation, one branch per family of
expressions) finds every candidate in a single pass; each match is then
resolved against ``ref``, the time of the document or liveblog entry, into a
:class:`~eventsift.model.DateValue` with ACLED's time_precision
(1 exact day, 2 range of days or a week, 3 only the month).

Rules for the ambiguous cases (tests in tests/test_dates.py pin them down):

* No year stated: the year is the one that puts the (first day of the) date on
  or before ``ref`` (never after publication). For such expressions ``high``
  and ``date`` are clamped to ``ref``, so ``date <= ref`` always holds.
* An explicit year is kept as stated, even after ``ref`` (a later stage
  decides); an explicit year is never clamped.
* Plain weekday ("Thursday", "on Thursday", "Thursday's"): the latest such
  day on or before ``ref`` (``ref`` itself if it is that weekday).
  "last / past / previous / the prior Thursday": the latest strictly before
  ``ref``. "next / coming / the following Thursday": future or anchored to a
  narrative date, so value ``None``.
* "last weekend", "this past weekend": the latest Saturday-Sunday strictly
  before ``ref``'s date. "over / during / at the weekend" and "this weekend":
  the current weekend when ``ref`` is a Saturday or Sunday (clamped to
  ``ref``), else the last one ("this weekend" on Tuesday-Friday is the
  coming weekend: ``None``).
* Weeks run Monday-Sunday. "last week": the previous calendar week;
  "this week": Monday..ref; "earlier this week": Monday..ref-1;
  "the past week" / "in the last week": the 7 days up to ``ref``.
* Ranges of days (precision 2) are coded to their first day
  ("the weekend of July 16-17" -> July 16). Month-level values (precision 3)
  are coded to their middle: "in June" -> June 15.
* "early / mid / late June" (also "the beginning / middle / end of June"):
  precision 3, with the range narrowed to days 1-10 / 11-20 / 21-end and the
  date at the middle of that third (5th, 15th, 25th or 26th).
* "N units ago": the date is the arithmetic point, with a window around it:
  days -> precision 1 (2 with "about"/"a couple of"/"a few"); weeks -> +/-3
  days, precision 2 ("six weeks ago" from 2011-07-22 -> 2011-06-10);
  "a month ago" -> +/-7 days, precision 2; two or more months -> +/-15 days,
  precision 3; years -> precision 3 (history when 2 or more).
  "two days earlier / before" resolve against ``ref`` like "ago", unless a
  noun phrase follows ("two days before the vote"): value ``None``. "later",
  "tomorrow", "next week" are the future: value ``None``.
* kind "history": a month-level (precision 3) value ending more than 365 days
  before ``ref``: "in 1982", "the 1982 massacre", "the 1980s",
  "February 2016" in a late-2017 report. Dated days stay kind "day" however
  old ("30 September 2015").
* kind "duration" ("for two hours", "over four months", "a four-month
  siege") has value ``None``.
* Numeric dates: ISO "2011-07-19" and "2011/07/19" are read; "d/m/yyyy" and
  "m/d/yyyy" only when unambiguous (one part above 12, or both equal), so
  "8/11/2011" is skipped. Two-digit years are skipped.
* Bare month names need a cue word before them ("in", "since", "by",
  "early", ...) or a day or year next to them, so "May" the verb and
  "March" the noun at a sentence start are not dates. Month and weekday
  names must be Capitalised or UPPER CASE for months; weekdays may be any
  case. Abbreviated months ("Mar", "Sept.") count only next to a day or year
  ("Mar Elias" is a saint). A bare year needs a cue word ("in 1982",
  "since 2011", "the 1982 ...") or an event noun after it ("1982 massacre"),
  and is not read when a count noun or GMT follows ("the 2000 protesters",
  "2120 GMT").

:func:`resolve_date` picks the best single date of a clause: a dated day over
a weekday over a relative expression over a range over a month; anything
wider than 45 days comes last; history, durations and ``None`` values never.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from eventsift.model import DateValue

__all__ = ["KINDS", "NAME", "VERSION", "TimeMention", "find_times", "resolve_date"]

NAME = "dates"
VERSION = "1"

KINDS = ("day", "range", "month", "relative", "weekday", "history", "duration")


@dataclass(frozen=True)
class TimeMention:
    """One time expression: its span in the text, its resolved value, its kind."""

    start: int
    end: int
    text: str
    value: DateValue | None
    kind: str  # one of KINDS


# ---------------------------------------------------------------- the pattern

_MONTHS = ["January", "February", "March", "April", "May", "June", "July",
           "August", "September", "October", "November", "December"]
_MON_NUM = {m[:3].lower(): i + 1 for i, m in enumerate(_MONTHS)}
_ABBR = ["Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec"]
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WD_NUM = {w: i for i, w in enumerate(_WEEKDAYS)}

_NUM_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60,
}
_VAGUE_NUMS = {"a few", "few", "several", "some", "many"}


def _tu(words: list[str]) -> str:
    return "|".join(f"{w}|{w.upper()}" for w in words)


_MON_FULL = rf"(?:{_tu(_MONTHS)})\b"
_MON_ANY = rf"(?:(?:{_tu(_MONTHS)})\b|(?:{_tu(_ABBR)})\b\.?)"
_WDAY = r"(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
_YEAR = r"(?:1[89]\d\d|20\d\d)(?!\d)"
_ORD = r"(?:st|nd|rd|th)?"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?!\d)"
_SEP = r"(?:\s*[-\u2013\u2014]\s*|\s+(?:to|and|until|till|through|thru)\s+)"
_QUAL = r"(?i:early|late|mid|the\s+(?:beginning|start|end|middle)\s+of)"
_NUMW = ("(?:" + "|".join(sorted((w for w in _NUM_WORDS if len(w) > 2), key=len, reverse=True))
         + ")")
_NUM = (r"(?i:\d{1,3}|a\s+couple\s+of|couple\s+of|a\s+few|few|several|some|many|an|a|"
        + _NUMW[3:-1] + r")\b")
_APPROX = (r"(?i:about|around|roughly|some|nearly|almost|approximately|just\s+over|just|only|"
           r"more\s+than|less\s+than|over|under|barely)\s+")
_UNIT = r"(?i:second|minute|hour|day|night|week|month|year|decade)s?\b"
_WEEKEND_OF = r"(?:(?i:over|during|at|on)\s+)?(?i:the\s+)?(?i:weekend)\s+of\s+"
_NOT_COUNT = (r"(?!\s*(?i:gmt|utc|bst|cet|eet|est|edt|hrs|hours|local|h)\b)"
              r"(?!\s+(?i:people|persons|protesters|demonstrators|troops|soldiers|fighters|"
              r"civilians|families|refugees|residents|men|women|children|dead|deaths|killed|"
              r"wounded|injured|casualties|members|more|others|detainees|prisoners|rebels|"
              r"militants|of|were|are|have|had)\b)")

_BRANCHES = [
    # 2011-07-19
    ("iso", r"(?<![\d-])(?P<iso_y>\d{4})-(?P<iso_m>\d{1,2})-(?P<iso_d>\d{1,2})(?!\d)"),
    # 19/7/2011, 7/19/2011, 2011/07/19
    ("sl", r"(?<![\d/])(?P<sl_a>\d{1,4})/(?P<sl_b>\d{1,2})/(?P<sl_c>\d{1,4})(?![\d/])"),
    # (over the weekend of) (Tuesday,) July 16(-17)(, 2011); July 30 - August 2
    ("md", rf"(?P<md_we>{_WEEKEND_OF})?(?:{_WDAY},?\s+)?(?P<md_m1>{_MON_ANY})\s*"
           rf"(?P<md_d1>{_DAY}){_ORD}\b(?:{_SEP}(?:(?P<md_m2>{_MON_ANY})\s*)?"
           rf"(?P<md_d2>{_DAY}){_ORD}\b)?(?:,?\s+(?P<md_y>{_YEAR}))?"),
    # (the weekend of) (Tuesday,) (the) 16(th)(-17) (of) July(, 2011)
    ("dm", rf"(?P<dm_we>{_WEEKEND_OF})?(?:{_WDAY},?\s+)?(?i:the\s+)?(?P<dm_d1>{_DAY}){_ORD}"
           rf"(?:(?:\s+(?:of\s+)?(?P<dm_m1>{_MON_ANY}))?{_SEP}(?i:the\s+)?(?P<dm_d2>{_DAY}){_ORD})?"
           rf"\s+(?:of\s+)?(?P<dm_m2>{_MON_ANY})(?:,?\s+(?P<dm_y>{_YEAR}))?"),
    # (between) March (2011) and (late) May 2017
    ("mr", rf"(?:(?i:between|from)\s+)?(?:(?P<mr_q1>{_QUAL})[\s-]+)?(?P<mr_m1>{_MON_FULL})"
           rf"(?:,?\s+(?P<mr_y1>{_YEAR}))?(?:\s*[-\u2013\u2014]\s*|\s+(?:and|to|until|till|through|thru|or)\s+)"
           rf"(?:(?P<mr_q2>{_QUAL})[\s-]+)?(?P<mr_m2>{_MON_FULL})(?:,?\s+(?P<mr_y2>{_YEAR}))?"
           rf"(?!\.?\s+{_DAY}{_ORD}\b)"),
    # (early|late|mid|last) June (2011)
    ("mo", rf"(?:(?P<mo_q>{_QUAL}|(?i:last|this|next))[\s-]+)?(?P<mo_m>{_MON_ANY})"
           rf"(?:,?\s+(?:of\s+)?(?P<mo_y>{_YEAR}))?"),
    # (the) (early) 1980s, the '80s
    ("dc", rf"(?i:the\s+)?(?:(?P<dc_q>(?i:early|late|mid))[\s-]+)?"
           r"(?:(?P<dc_c>1[89]|20)(?P<dc_d>\d)0|['\u2019](?P<dc_s>\d)0)(?i:s)\b"),
    # in 1982, since 2011, the 1982 (massacre), in 2011-2012
    ("yr", r"(?P<yr_c>(?i:in|since|until|till|by|during|from|through|throughout|before|after|"
           r"of|the|early|late|mid|around|circa|between))[\s-]+"
           rf"(?P<yr_y1>{_YEAR})(?:(?:\s*[-\u2013\u2014/]\s*|\s+(?:and|to|until|till|through)\s+)"
           rf"(?P<yr_y2>{_YEAR}|\d\d(?!\d)))?\b(?![-\u2013/.:,]\d){_NOT_COUNT}"),
    # 1982 massacre
    ("ye", rf"(?P<ye_y>{_YEAR})(?=\s+(?i:massacres?|uprising|revolution|war|crackdown|siege|coup|"
           r"elections?|protests?|revolt|rebellion|invasion|events|attacks?|bombings?|ceasefire|"
           r"truce|agreement|accords?)\b)"),
    # today, yesterday, last night, the day before
    ("rl", r"(?i:(?P<rl_dby>the\s+day\s+before\s+yesterday)"
           r"|(?P<rl_yest>yesterday(?:\s+(?:morning|afternoon|evening))?|last\s+(?:night|evening))"
           r"|(?P<rl_today>today|tonight|this\s+(?:morning|afternoon|evening)|earlier\s+today|"
           r"later\s+today|overnight|this\s+past\s+night)"
           r"|(?P<rl_prev>the\s+(?:day|night|evening)\s+before|the\s+(?:previous|preceding|prior)\s+"
           r"(?:day|night|evening))"
           r"|(?P<rl_fut>tomorrow(?:\s+(?:morning|afternoon|evening|night))?|the\s+(?:next|following)"
           r"\s+(?:day|morning|night|evening)|the\s+day\s+after)"
           r"|(?P<rl_other>the\s+other\s+day))\b"),
    # in the past two weeks, over the last 24 hours, the past week
    ("ro", rf"(?:(?i:in|over|during|for|within|throughout)\s+)?(?i:the\s+(?:past|last|previous|"
           rf"preceding))\s+(?:(?P<ro_n>{_NUM})\s+)?(?P<ro_u>{_UNIT})(?!\s+of\b)"),
    # six weeks ago, a month ago, two days earlier
    ("ag", rf"(?:{_APPROX})?(?:(?P<ag_n>{_NUM})\s+)?(?P<ag_u>{_UNIT})\s+"
           r"(?P<ag_w>(?i:ago|earlier|before|previously|back|later|prior))\b"),
    # last week, this month, earlier this year, over the weekend
    ("ru", r"(?P<ru_q>(?i:earlier\s+this|later\s+this|this\s+past|this|last|past|next|the\s+coming|"
           r"over\s+the|during\s+the|at\s+the|on\s+the))\s+(?P<ru_u>(?i:weekend|week|month|year))\b"
           r"(?!\s+of\b)"),
    # (last|the prior) Thursday('s) (night)
    ("wd", r"(?:(?P<wd_q>(?i:last|this\s+past|past|previous|this\s+coming|this|next|coming|"
           r"the\s+(?:prior|previous|preceding|following|next|same)))\s+)?"
           rf"(?P<wd_d>{_WDAY})(?:['\u2019]s\b)?(?:\s+(?i:morning|afternoon|evening|night)\b)?"),
    # for two hours, over four months, for weeks
    ("du", rf"(?i:for|over|lasting|spanning|within|throughout|after|during|in)\s+(?:{_APPROX})?"
           rf"(?:{_NUM}\s+)?(?:(?i:more|long|full|straight|consecutive|whole|entire)\s+)?{_UNIT}"),
    # a four-month siege, 10-day, 24-hour
    ("dh", rf"(?i:\d{{1,3}}|{_NUMW[3:-1]})-(?i:second|minute|hour|day|night|week|month|year)"
           r"(?:-long)?\b(?!-old\b|\s+old\b)"),
]

# Every branch starts with a digit, a quote or one of these words (a trailing
# "*" means any word starting so). A lookahead over a trie of them turns most
# word starts away after a character or two, before the branches are tried.
_FIRST_WORDS = (
    "a an about after almost approximately around at barely before between by circa coming "
    "couple during earlier early few for from in just last lasting late later less many mid "
    "more nearly next of on only over overnight past previous roughly several since some "
    "spanning the this through throughout till tomorrow tonight today under until within "
    "yesterday weekend* "
    "jan* feb* mar* apr* may* jun* jul* aug* sep* oct* nov* dec* "
    "mon* tue* wed* thu* fri* sat* sun* "
    "second* minute* hour* day* night* week* month* year* decade* "
    + " ".join(w + "*" for w in _NUM_WORDS if len(w) > 2)
).split()


def _trie_regex(words: list[str]) -> str:
    """A case-insensitive regex for words, factored on common prefixes ([Xx] classes
    let the regex engine skip a failing alternative on its first character)."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w.rstrip("*"):
            node = node.setdefault(ch, {})
        node[""] = "" if w.endswith("*") else r"\b"

    def emit(node: dict) -> str:
        if "" in node and node[""] == "":
            return ""  # a prefix entry: anything may follow
        alts = [f"[{ch}{ch.upper()}]" + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if "" in node:
            alts.append(node[""])
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return emit(trie)


_GATE = r"(?=[0-9'\u2019]|" + _trie_regex(_FIRST_WORDS) + ")"

_PATTERN = re.compile(
    r"(?<!\w)" + _GATE + "(?:" + "|".join(f"(?P<{name}>{body})" for name, body in _BRANCHES) + ")"
)

_PREV_WORD = re.compile(r"([A-Za-z]+)[\s\-\u2013]*\Z")
_NEXT_DET = re.compile(
    r"\s*(?i:the|a|an|this|that|these|those|his|her|their|its|our|my|your)\b"
)
_MONTH_CUES = frozenset(
    "in since until till by of during from through throughout to and or between before after "
    "early late mid last this next around about beginning start end middle each every "
    "until".split()
)


# ---------------------------------------------------------------- date helpers

def _ref_date(ref: dt.datetime | dt.date) -> dt.date:
    if isinstance(ref, dt.datetime):
        return ref.date()
    return ref


def _dv(date: dt.date, low: dt.date, high: dt.date, precision: int) -> DateValue:
    if low > high:
        low, high = high, low
    date = min(max(date, low), high)
    return DateValue(date=date, low=low, high=high, precision=precision)


def _clamp(v: DateValue, ref: dt.date) -> DateValue:
    """For expressions without a year: nothing after ref."""
    high = min(v.high, ref)
    low = min(v.low, high)
    return DateValue(date=min(max(v.date, low), high), low=low, high=high, precision=v.precision)


def _add_months(d: dt.date, n: int) -> dt.date:
    m = d.month - 1 + n
    y = d.year + m // 12
    m = m % 12 + 1
    return dt.date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def _add_years(d: dt.date, n: int) -> dt.date:
    y = d.year + n
    return dt.date(y, d.month, min(d.day, calendar.monthrange(y, d.month)[1]))


def _month_end(y: int, m: int) -> dt.date:
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def _mid(low: dt.date, high: dt.date) -> dt.date:
    return low + (high - low) // 2


def _month_num(s: str) -> int:
    return _MON_NUM[s[:3].lower()]


def _is_abbr(s: str) -> bool:
    s = s.rstrip(".")
    return s.lower() not in ("may", "june", "july") and len(s) <= 4


def _infer_year(month: int, day: int, ref: dt.date) -> int | None:
    """The latest year in which month/day exists and is on or before ref."""
    for y in range(ref.year, ref.year - 9, -1):
        try:
            if dt.date(y, month, day) <= ref:
                return y
        except ValueError:
            continue
    return None


def _month_span(y: int, m: int, qual: str | None) -> DateValue:
    last = calendar.monthrange(y, m)[1]
    q = (qual or "").lower()
    if q.startswith("early") or "beginning" in q or "start" in q:
        low, high = dt.date(y, m, 1), dt.date(y, m, 10)
    elif q.startswith("mid") or "middle" in q:
        low, high = dt.date(y, m, 11), dt.date(y, m, 20)
    elif q.startswith("late") or "end" in q:
        low, high = dt.date(y, m, 21), dt.date(y, m, last)
    else:
        return DateValue(dt.date(y, m, 15), dt.date(y, m, 1), dt.date(y, m, last), 3)
    return DateValue(_mid(low, high), low, high, 3)


def _month_year_for(m: int, qual: str | None, ref: dt.date) -> int:
    """Year that puts the (qualified) month's first day on or before ref."""
    y = ref.year
    if _month_span(y, m, qual).low > ref:
        y -= 1
    return y


def _history(v: DateValue, kind: str, ref: dt.date) -> str:
    if v.precision == 3 and v.high < ref - dt.timedelta(days=365):
        return "history"
    return kind


def _last_weekend(ref: dt.date) -> DateValue:
    sunday = ref - dt.timedelta(days=(ref.weekday() - 6) % 7 or 7)
    sat = sunday - dt.timedelta(days=1)
    return DateValue(sat, sat, sunday, 2)


def _current_weekend(ref: dt.date) -> DateValue:
    sat = ref - dt.timedelta(days=(ref.weekday() - 5) % 7)
    return DateValue(sat, sat, ref, 2)


def _parse_num(s: str | None) -> tuple[int, bool]:
    """(number, vague) for a number word or digits; None means 1."""
    if s is None:
        return 1, False
    s = " ".join(s.lower().split())
    if s.isdigit():
        return int(s), False
    if s in _VAGUE_NUMS:
        return 3, True
    if s in ("a couple of", "couple of"):
        return 2, True
    return _NUM_WORDS.get(s, 1), False


def _unit(s: str) -> str:
    s = s.lower()
    return s[:-1] if s.endswith("s") else s


def _days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


# ---------------------------------------------------------------- handlers
# Each returns (value, kind) or None (no mention).

def _h_iso(m: re.Match, ref: dt.date):
    d = dt.date(int(m["iso_y"]), int(m["iso_m"]), int(m["iso_d"]))
    return DateValue(d, d, d, 1), "day"


def _h_sl(m: re.Match, ref: dt.date):
    a, b, c = m["sl_a"], m["sl_b"], m["sl_c"]
    if len(a) == 4 and len(c) <= 2:
        d = dt.date(int(a), int(b), int(c))
    elif len(c) == 4 and len(a) <= 2:
        x, y = int(a), int(b)
        if x > 12 and y <= 12:
            d = dt.date(int(c), y, x)
        elif y > 12 and x <= 12:
            d = dt.date(int(c), x, y)
        elif x == y:
            d = dt.date(int(c), x, y)
        else:
            return None  # 8/11/2011: day/month order unknown
    else:
        return None
    return DateValue(d, d, d, 1), "day"


def _weekend_around(d: dt.date) -> tuple[dt.date, dt.date]:
    if d.weekday() == 5:
        return d, d + _days(1)
    if d.weekday() == 6:
        return d - _days(1), d
    return d, d


def _day_range(m1: int, d1: int, m2: int | None, d2: int | None, year: str | None,
               weekend: bool, ref: dt.date):
    if year is not None:
        y = int(year)
        if m2 is not None and d2 is not None and (m2, d2) < (m1, d1):
            y1, y2 = y - 1, y  # December 30 - January 2, 2012
        else:
            y1 = y2 = y
    else:
        y1 = _infer_year(m1, d1, ref)
        if y1 is None:
            return None
        y2 = y1 + 1 if m2 is not None and d2 is not None and (m2, d2) < (m1, d1) else y1
    low = dt.date(y1, m1, d1)
    if d2 is None:
        if weekend:
            lo, hi = _weekend_around(low)
            v = DateValue(lo, lo, hi, 2)
        else:
            v = DateValue(low, low, low, 1)
        kind = "range" if weekend else "day"
    else:
        high = dt.date(y2, m2 if m2 is not None else m1, d2)
        if high <= low or (high - low).days > 62:
            return None
        v = DateValue(low, low, high, 2)
        kind = "range"
    if year is None:
        v = _clamp(v, ref)
    return v, kind


def _h_md(m: re.Match, ref: dt.date):
    m1 = _month_num(m["md_m1"])
    m2 = _month_num(m["md_m2"]) if m["md_m2"] else None
    d2 = int(m["md_d2"]) if m["md_d2"] else None
    return _day_range(m1, int(m["md_d1"]), m2, d2, m["md_y"], bool(m["md_we"]), ref)


def _h_dm(m: re.Match, ref: dt.date):
    m2 = _month_num(m["dm_m2"])
    m1 = _month_num(m["dm_m1"]) if m["dm_m1"] else m2
    if m["dm_d2"]:
        return _day_range(m1, int(m["dm_d1"]), m2, int(m["dm_d2"]), m["dm_y"], bool(m["dm_we"]), ref)
    return _day_range(m2, int(m["dm_d1"]), None, None, m["dm_y"], bool(m["dm_we"]), ref)


def _h_mr(m: re.Match, ref: dt.date):
    m1, m2 = _month_num(m["mr_m1"]), _month_num(m["mr_m2"])
    q1, q2 = m["mr_q1"], m["mr_q2"]
    y1s, y2s = m["mr_y1"], m["mr_y2"]
    explicit = bool(y1s or y2s)
    if y2s:
        y2 = int(y2s)
        y1 = int(y1s) if y1s else (y2 if m1 <= m2 else y2 - 1)
    elif y1s:
        y1 = int(y1s)
        y2 = y1 if m2 >= m1 else y1 + 1
    else:
        y1 = _month_year_for(m1, q1, ref)
        y2 = y1 if m2 >= m1 else y1 + 1
    lo = _month_span(y1, m1, q1).low
    hi = _month_span(y2, m2, q2).high
    if hi <= lo or (hi - lo).days > 750:
        return None
    v = DateValue(_mid(lo, hi), lo, hi, 3)
    if not explicit:
        v = _clamp(v, ref)
    return v, _history(v, "range", ref)


def _h_mo(m: re.Match, text: str, ref: dt.date):
    name, q, year = m["mo_m"], m["mo_q"], m["mo_y"]
    if year is None:
        if _is_abbr(name):
            return None
        if q is None:
            pw = _PREV_WORD.search(text, max(0, m.start() - 24), m.start())
            if pw is None or pw.group(1).lower() not in _MONTH_CUES:
                return None
    mon = _month_num(name)
    ql = (q or "").lower()
    if ql == "next":
        return None, "month"
    if year is not None:
        v = _month_span(int(year), mon, q)
        return v, _history(v, "month", ref)
    if ql == "last":  # the latest such month strictly before ref's month
        y = ref.year if mon < ref.month else ref.year - 1
        v = _month_span(y, mon, None)
    else:
        v = _month_span(_month_year_for(mon, q, ref), mon, q)
    v = _clamp(v, ref)
    return v, _history(v, "month", ref)


def _h_dc(m: re.Match, ref: dt.date):
    if m["dc_c"]:
        start = int(m["dc_c"]) * 100 + int(m["dc_d"]) * 10
    else:
        d = int(m["dc_s"]) * 10
        start = 1900 + d if 1900 + d <= ref.year else 1800 + d
    q = (m["dc_q"] or "").lower()
    a, b = {"early": (0, 3), "mid": (3, 6), "late": (6, 9)}.get(q, (0, 9))
    lo, hi = dt.date(start + a, 1, 1), dt.date(start + b, 12, 31)
    v = DateValue(_mid(lo, hi), lo, hi, 3)
    return v, _history(v, "range", ref)


def _h_yr(m: re.Match, ref: dt.date, prefix: str = "yr"):
    y1 = int(m[f"{prefix}_y1" if prefix == "yr" else "ye_y"])
    y2 = y1
    if prefix == "yr" and m["yr_y2"]:
        t = m["yr_y2"]
        y2 = int(t) if len(t) == 4 else (y1 // 100) * 100 + int(t)
        if y2 < y1 or y2 - y1 > 30:
            y2 = y1
    lo, hi = dt.date(y1, 1, 1), dt.date(y2, 12, 31)
    cue = (m["yr_c"] or "").lower() if prefix == "yr" else ""
    if y1 == y2 and cue in ("early", "late", "mid"):
        lo, hi = {"early": (lo, dt.date(y1, 4, 30)), "mid": (dt.date(y1, 5, 1), dt.date(y1, 8, 31)),
                  "late": (dt.date(y1, 9, 1), hi)}[cue]
    v = DateValue(_mid(lo, hi), lo, hi, 3)
    return v, _history(v, "range", ref)


def _h_rl(m: re.Match, text: str, ref: dt.date):
    if m["rl_today"]:
        return DateValue(ref, ref, ref, 1), "relative"
    if m["rl_yest"]:
        d = ref - _days(1)
        return DateValue(d, d, d, 1), "relative"
    if m["rl_dby"]:
        d = ref - _days(2)
        return DateValue(d, d, d, 1), "relative"
    if m["rl_prev"]:
        if _NEXT_DET.match(text, m.end()):
            return None, "relative"  # the day before the attack: anchored elsewhere
        d = ref - _days(1)
        return DateValue(d, d, d, 1), "relative"
    if m["rl_fut"]:
        return None, "relative"
    # the other day
    return DateValue(ref - _days(3), ref - _days(7), ref - _days(1), 2), "relative"


def _h_ro(m: re.Match, ref: dt.date):
    n, _vague = _parse_num(m["ro_n"])
    u = _unit(m["ro_u"])
    if u in ("second", "minute", "hour"):
        secs = n * {"second": 1, "minute": 60, "hour": 3600}[u]
        low = ref - _days(max(1, -(-secs // 86400)))
    elif u in ("day", "night"):
        low = ref - _days(n)
    elif u == "week":
        low = ref - _days(7 * n)
    elif u == "month":
        low = _add_months(ref, -n)
    elif u == "year":
        low = _add_years(ref, -n)
    else:  # decade
        low = _add_years(ref, -10 * n)
    width = (ref - low).days
    if width <= 14:
        v = DateValue(low, low, ref, 2)
    else:
        v = DateValue(_mid(low, ref), low, ref, 3)
    return v, "relative"


def _h_ag(m: re.Match, text: str, ref: dt.date):
    w = m["ag_w"].lower()
    if w == "later":
        return None, "relative"
    if w in ("before", "earlier", "prior") and _NEXT_DET.match(text, m.end()):
        return None, "relative"  # two days before the vote
    n, vague = _parse_num(m["ag_n"])
    u = _unit(m["ag_u"])
    plural = m["ag_u"].lower().endswith("s")
    if m["ag_n"] is None and plural:
        vague = True  # "weeks ago"
    approx = vague or bool(re.match(r"(?i)(about|around|roughly|some|nearly|almost|approx|over|"
                                    r"more|less|under|just over)", m.group("ag")))
    if u in ("second", "minute", "hour"):
        secs = n * {"second": 1, "minute": 60, "hour": 3600}[u]
        d = ref - _days(secs // 86400)
        return DateValue(d, d - _days(1) if secs >= 6 * 3600 else d, d, 1 if secs < 6 * 3600 else 2), \
            "relative"
    if u in ("day", "night"):
        if vague and n == 3:  # a few days ago
            return DateValue(ref - _days(3), ref - _days(7), ref - _days(1), 2), "relative"
        d = ref - _days(n)
        if approx:
            return DateValue(d, d - _days(1), min(d + _days(1), ref), 2), "relative"
        return DateValue(d, d, d, 1), "relative"
    if u == "week":
        if vague and m["ag_n"] is None or (vague and n == 3):
            return DateValue(ref - _days(21), ref - _days(56), ref - _days(10), 3), "relative"
        d = ref - _days(7 * n)
        return DateValue(d, d - _days(3), min(d + _days(3), ref), 2), "relative"
    if u == "month":
        if vague and n == 3:
            return DateValue(_add_months(ref, -3), _add_months(ref, -6), _add_months(ref, -1), 3), \
                "relative"
        d = _add_months(ref, -n)
        if n == 1 and not vague:
            return DateValue(d, d - _days(7), min(d + _days(7), ref), 2), "relative"
        return DateValue(d, d - _days(15), min(d + _days(15), ref), 3), "relative"
    if u == "year":
        if vague and n == 3:
            v = DateValue(_add_years(ref, -5), _add_years(ref, -10), _add_years(ref, -2), 3)
        else:
            d = _add_years(ref, -n)
            win = 30 if n == 1 else 182
            v = DateValue(d, d - _days(win), min(d + _days(win), ref), 3)
        return v, _history(v, "relative", ref)
    # decades
    if vague and n == 3:
        v = DateValue(_add_years(ref, -30), _add_years(ref, -50), _add_years(ref, -20), 3)
    else:
        d = _add_years(ref, -10 * n)
        v = DateValue(d, _add_years(d, -5), _add_years(d, 5), 3)
    return v, "history"


def _h_ru(m: re.Match, ref: dt.date):
    q = " ".join(m["ru_q"].lower().split())
    u = m["ru_u"].lower()
    if q in ("next", "the coming", "later this"):
        return None, "relative"
    monday = ref - _days(ref.weekday())
    if u == "weekend":
        if q in ("last", "this past", "past"):
            return _last_weekend(ref), "relative"
        if ref.weekday() >= 5:
            return _current_weekend(ref), "relative"
        if q == "this" and ref.weekday() != 0:
            return None, "relative"  # this weekend, said on a weekday: the coming one
        return _last_weekend(ref), "relative"
    if u == "week":
        if q == "last":
            lo = monday - _days(7)
            return DateValue(lo, lo, lo + _days(6), 2), "relative"
        if q in ("this past", "past"):
            lo = ref - _days(7)
            return DateValue(lo, lo, ref, 2), "relative"
        if q == "earlier this":
            hi = max(monday, ref - _days(1))
            return DateValue(monday, monday, hi, 2), "relative"
        return DateValue(monday, monday, ref, 2), "relative"
    if u == "month":
        first = ref.replace(day=1)
        if q == "last":
            lo = _add_months(first, -1)
            hi = first - _days(1)
            return DateValue(lo.replace(day=15), lo, hi, 3), "relative"
        if q in ("this past", "past"):
            lo = _add_months(ref, -1)
            return DateValue(_mid(lo, ref), lo, ref, 3), "relative"
        hi = max(first, ref - _days(1)) if q == "earlier this" else ref
        return DateValue(min(first.replace(day=15), hi), first, hi, 3), "relative"
    # year
    jan1 = ref.replace(month=1, day=1)
    if q == "last":
        lo = dt.date(ref.year - 1, 1, 1)
        v = DateValue(dt.date(ref.year - 1, 7, 1), lo, dt.date(ref.year - 1, 12, 31), 3)
        return v, _history(v, "relative", ref)
    if q in ("this past", "past"):
        lo = _add_years(ref, -1)
        return DateValue(_mid(lo, ref), lo, ref, 3), "relative"
    hi = max(jan1, ref - _days(1)) if q == "earlier this" else ref
    return DateValue(_mid(jan1, hi), jan1, hi, 3), "relative"


def _h_wd(m: re.Match, ref: dt.date):
    q = " ".join((m["wd_q"] or "").lower().split())
    wd = _WD_NUM[m["wd_d"].lower()]
    if q in ("next", "coming", "this coming", "the following", "the next", "the same"):
        return None, "weekday"
    back = (ref.weekday() - wd) % 7
    if q in ("last", "this past", "past", "previous", "the prior", "the previous", "the preceding"):
        back = back or 7
    d = ref - _days(back)
    return DateValue(d, d, d, 1), "weekday"


def _h_du(m: re.Match, ref: dt.date):
    return None, "duration"


_HANDLERS = {
    "iso": lambda m, t, r: _h_iso(m, r),
    "sl": lambda m, t, r: _h_sl(m, r),
    "md": lambda m, t, r: _h_md(m, r),
    "dm": lambda m, t, r: _h_dm(m, r),
    "mr": lambda m, t, r: _h_mr(m, r),
    "mo": _h_mo,
    "dc": lambda m, t, r: _h_dc(m, r),
    "yr": lambda m, t, r: _h_yr(m, r),
    "ye": lambda m, t, r: _h_yr(m, r, "ye"),
    "rl": _h_rl,
    "ro": lambda m, t, r: _h_ro(m, r),
    "ag": _h_ag,
    "ru": lambda m, t, r: _h_ru(m, r),
    "wd": lambda m, t, r: _h_wd(m, r),
    "du": lambda m, t, r: _h_du(m, r),
    "dh": lambda m, t, r: _h_du(m, r),
}


# ---------------------------------------------------------------- API

def find_times(text: str, ref: dt.datetime | dt.date, start: int = 0,
               end: int | None = None) -> list[TimeMention]:
    """Every time expression in ``text[start:end]``, offsets into ``text``, in order."""
    n = len(text)
    start = max(0, min(start, n))
    end = n if end is None else max(start, min(end, n))
    r = _ref_date(ref)
    out: list[TimeMention] = []
    for m in _PATTERN.finditer(text, start, end):
        name = m.lastgroup
        try:
            res = _HANDLERS[name](m, text, r)
        except (ValueError, OverflowError):
            res = None  # 31 June, year 0, arithmetic off the calendar
        if res is None:
            continue
        value, kind = res
        s, e = m.span()
        out.append(TimeMention(s, e, text[s:e], value, kind))
    if _HAS_ARABIC.search(text, start, end):
        out += _arabic_times(text, r, start, end)
        out.sort(key=lambda t: t.start)
    return out


# Arabic news time words: "أمس" yesterday, "اليوم الثلاثاء" today Tuesday, "18 آذار" 18 March.
_HAS_ARABIC = re.compile("[\u0600-\u06FF]")
_AR_WEEKDAYS = {"الاثنين": 0, "الإثنين": 0, "الثلاثاء": 1, "الأربعاء": 2, "الاربعاء": 2, "الخميس": 3,
                "الجمعة": 4, "السبت": 5, "الأحد": 6, "الاحد": 6}
_AR_MONTHS = {"كانون الثاني": 1, "يناير": 1, "شباط": 2, "فبراير": 2, "آذار": 3, "اذار": 3, "مارس": 3,
              "نيسان": 4, "أبريل": 4, "ابريل": 4, "أيار": 5, "ايار": 5, "مايو": 5, "حزيران": 6, "يونيو": 6,
              "تموز": 7, "يوليو": 7, "آب": 8, "اب": 8, "أغسطس": 8, "أيلول": 9, "ايلول": 9, "سبتمبر": 9,
              "تشرين الأول": 10, "أكتوبر": 10, "تشرين الثاني": 11, "نوفمبر": 11, "كانون الأول": 12,
              "ديسمبر": 12}
_AR_PATTERN = re.compile(
    "(?P<dby>أول أمس|أول من أمس)|(?P<yday>أمس|البارحة|امس)|(?P<today>اليوم|هذا الصباح|الليلة)"
    "|(?P<wd>(?:يوم )?(?:" + "|".join(_AR_WEEKDAYS) + "))"
    "|(?P<dm>(?P<d>[0-9\u0660-\u0669]{1,2}) (?:من )?(?:شهر )?(?P<mon>" + "|".join(_AR_MONTHS) + "))")


def _arabic_times(text: str, r: dt.date, start: int, end: int) -> list[TimeMention]:
    out: list[TimeMention] = []
    for m in _AR_PATTERN.finditer(text, start, end):
        try:
            found = _arabic_time(m, r)
        except (ValueError, OverflowError):
            continue  # 31 شباط, or a day before year 1
        if found is not None:
            out.append(found)
    return out


def _arabic_time(m: re.Match, r: dt.date) -> TimeMention | None:
    """One Arabic time expression resolved; raises ValueError or OverflowError off the calendar."""
    if m.group("dby"):
        d, kind = r - dt.timedelta(days=2), "relative"
    elif m.group("yday"):
        d, kind = r - dt.timedelta(days=1), "relative"
    elif m.group("today"):
        d, kind = r, "relative"
    elif m.group("wd"):
        day = _AR_WEEKDAYS[m.group("wd").removeprefix("يوم ")]
        d, kind = r - dt.timedelta(days=(r.weekday() - day) % 7), "weekday"
    else:
        num = int(m.group("d").translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")))
        d = dt.date(r.year, _AR_MONTHS[m.group("mon")], num)
        if d > r:
            d = d.replace(year=d.year - 1)
        kind = "day"
    return TimeMention(m.start(), m.end(), m.group(), DateValue(d, d, d, 1), kind)


_TIER = {"day": 0, "weekday": 1, "relative": 2, "range": 3, "month": 4}


def resolve_date(text: str, ref: dt.datetime | dt.date, start: int = 0,
                 end: int | None = None) -> TimeMention | None:
    """The best single date of a sentence or clause, or None (use the document's date).

    A dated day beats a weekday, which beats a relative expression, then a
    range, then a month; anything wider than 45 days comes after all of these;
    ties go to the narrower, then the earlier. History, durations and
    unresolved (future or anchored) expressions are ignored.
    """
    best: TimeMention | None = None
    best_key: tuple[int, int, int] | None = None
    for t in find_times(text, ref, start, end):
        if t.value is None or t.kind not in _TIER:
            continue
        width = (t.value.high - t.value.low).days
        tier = 5 if width > 45 else _TIER[t.kind]
        key = (tier, width, t.start)
        if best_key is None or key < best_key:
            best, best_key = t, key
    return best
