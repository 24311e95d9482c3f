"""Hypothesis strategies for the property tests: text that reaches the extractors' code paths.

Arbitrary Unicode alone rarely says "at least 12 people were killed in Homs on
Monday, activists said", so most examples are assembled from fragments of news
language (numbers, death words, qualifiers, places, dates, sources, hedges,
quotes and brackets, Arabic, right-to-left and control characters) joined by
spaces, punctuation and line breaks, with arbitrary text mixed in.

PROPERTY_EXAMPLES (environment) sets the examples per test; the default keeps
the property suite near a minute on two cores. Run longer by hand with e.g.
``PROPERTY_EXAMPLES=5000 pytest tests/test_properties_*.py``.
"""
from __future__ import annotations

import datetime as dt
import os

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

__all__ = ["EXAMPLES", "SETTINGS", "any_text", "domain_text", "news_text", "refs", "published"]

EXAMPLES = int(os.environ.get("PROPERTY_EXAMPLES", "200"))
# No per-example deadline: the first example pays for loading the gazetteer and the typing model.
SETTINGS = settings(max_examples=EXAMPLES, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Surrogates excluded: a str with a lone surrogate cannot come out of ingest (it is refused).
_CHARS = st.characters(blacklist_categories=("Cs",))
_SPECIAL = st.sampled_from([
    "\u200f", "\u200e", "\u202e", "\u202b", "\u2066", "\u061c", "\u200b", "\ufeff", "\x00", "\x0b", "\x0c",
    "\x85", "\u2028", "\u2029", "\t", "\r", "\u00a0", "\u0640", "\u064b", "\u0651", "\u0301", "İ", "ı", "ß",
    "ﻻ", "\U0001f600", "\u0660", "\u0669", "²", "½", "\u00ad",
])
_ARABIC = st.text(st.characters(min_codepoint=0x0600, max_codepoint=0x06FF), min_size=1, max_size=8)

_FRAGMENTS = [
    # deaths and counts
    "killed", "were killed", "was killed", "have been killed", "died", "dead", "shot dead", "martyrs",
    "killing", "lost their lives", "executed", "massacre", "wounded", "injured", "death toll", "toll rose to",
    "at least", "more than", "up to", "about", "some", "nearly", "as many as", "an estimated",
    "people", "civilians", "soldiers", "children", "women", "a child", "a man", "an elderly man",
    "rebels", "defectors", "protesters", "members of the army", "of them", "including", "and",
    "dozens", "hundreds", "several", "a few", "a dozen", "thousands", "twenty-one", "one hundred",
    "1,200", "3,500", "12", "0", "999999999999", "1,000,000,000", "١٢", "so far", "since March",
    "across Syria", "this week", "in total",
    # what happened
    "air strike", "airstrikes", "warplanes struck", "barrel bombs", "shelling", "shelled", "mortars",
    "car bomb", "suicide bomber", "explosion", "clashes", "clashed with", "ambush", "fighting",
    "opened fire on", "protest", "protesters", "demonstrated", "tear gas", "arrested", "detained",
    "abducted", "kidnapped", "raped", "looted", "withdrew", "ceasefire agreed", "truce was reached",
    "security forces", "the army", "Free Syrian Army", "FSA", "shabiha", "police", "Russian forces",
    "Hezbollah fighters", "government troops", "militants", "gunmen", "tanks", "snipers",
    # where
    "in Homs", "Homs", "Bab Amr", "Baba Amr", "Bab Sbaa", "Bab Siba'a", "al-Waer", "Khalidiya",
    "Aleppo", "Damascus", "Idlib", "Hama", "Daraa", "Deir ez-Zor", "Rastan", "Talbiseh", "Qusayr",
    "Syria", "Lebanon", "Bahrain", "near", "outside", "north of", "fled to", "headed to", "#Aleppo",
    "Homs's", "Homs' Khalidiya", "Jabal al-Zawiya", "Daraa al-Balad", "New York Times", "Wissam Tarif",
    # when
    "on Monday", "Thursday's", "last Thursday", "next Friday", "yesterday", "today", "last night",
    "last week", "this week", "earlier this month", "last weekend", "the weekend of July 16-17",
    "March 3", "3 March 2012", "March 12, 2011", "in June", "early June", "mid-March", "late 2011",
    "in 2011", "since 2011", "the 1982 massacre", "the 1980s", "2011-07-19", "19/7/2011", "8/11/2011",
    "2011/02/30", "two days ago", "six weeks ago", "a month ago", "20 years ago", "for two hours",
    "a four-month siege", "the day before", "between March and May 2017", "December 30 - January 2",
    "31 June", "February 29", "0001-01-01", "9999-12-31",
    "2120 GMT:", "09:15 GMT -", "Update 14:05:", "9.15am:",
    # who says so
    "according to", "according to activists", "activists said", "said", "told", "reported",
    "the Syrian Observatory for Human Rights", "SOHR", "the monitor said", "state media reported",
    "Local Coordination Committees", "a Levant Wire reporter", "witnesses", "residents said",
    "a person who saw", "It", "the group", "citing", "per", "BEIRUT, March 12 (Levant Wire) -",
    "(Reuters)", "RASTAN, Syria -", "Mr.", "Dr.", "U.S.", "Lt. Col.",
    # hedges and talk that is not a report
    "reportedly", "allegedly", "could not be independently verified", "it wasn't possible to independently confirm",
    "independently", "may have", "would", "threatened to", "repeatedly", "if",
    # Arabic
    "أمس", "قتل", "قتلى", "شهداء", "حمص", "بابا عمرو", "18 آذار", "اليوم الثلاثاء", "قصف", "مظاهرة",
    "غارة جوية", "اشتباك",
    # punctuation and shape
    "“", "”", "‘", "’", '"', "'", "(", ")", "[", "]", "«", "»", "—", "–", "-", "...", "…", ";", ":", ",",
    ".", "!", "?", "#", "&", "/", "\\", "<p>", "</p>", "&amp;",
]
_SEPARATORS = st.sampled_from([" ", " ", " ", ", ", ". ", "; ", ".\n", "\n", "\n\n", " - ", "  ", "", ".  ", "?\n"])
_NUMBER = st.one_of(st.integers(0, 10**7).map(str), st.integers(0, 10**9).map("{:,}".format),
                    st.integers(0, 60).map(lambda n: ["zero", "one", "two", "three", "seven", "twelve",
                                                      "twenty", "forty-two", "ninety-nine"][n % 9]))
_WORD = st.one_of(st.sampled_from(_FRAGMENTS), _NUMBER, _ARABIC, _SPECIAL,
                  st.text(_CHARS, max_size=6), st.text("Abc ', .-", max_size=8))


@st.composite
def _assembled(draw, max_pieces: int = 40) -> str:
    pieces = draw(st.lists(st.tuples(_WORD, _SEPARATORS), max_size=max_pieces))
    return "".join(w + sep for w, sep in pieces)


def any_text(max_size: int = 300) -> st.SearchStrategy[str]:
    """Arbitrary Unicode (no lone surrogates), with right-to-left and control characters."""
    return st.text(st.one_of(_CHARS, _SPECIAL, st.characters(min_codepoint=0x0600, max_codepoint=0x06FF)),
                   max_size=max_size)


def domain_text(max_pieces: int = 40) -> st.SearchStrategy[str]:
    """Text assembled from news fragments: what makes the rules fire."""
    return _assembled(max_pieces)


def news_text(max_size: int = 300) -> st.SearchStrategy[str]:
    """Mostly assembled text, some arbitrary, some both run together."""
    return st.one_of(domain_text(), domain_text(), any_text(max_size),
                     st.tuples(domain_text(15), any_text(60), domain_text(15)).map("".join))


# Reference dates over the whole calendar: arithmetic near year 1 and 9999 must not escape.
refs = st.one_of(st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)), st.dates(),
                 st.sampled_from([dt.date.min, dt.date.max, dt.date(2012, 2, 29), dt.date(2011, 12, 31)]))
_UTC = dt.timezone.utc
published = st.one_of(
    st.none(),
    st.sampled_from([dt.datetime(1, 1, 1, tzinfo=_UTC), dt.datetime(9999, 12, 31, 23, 59, tzinfo=_UTC),
                     dt.datetime(2012, 2, 29, 0, 30, tzinfo=_UTC), dt.datetime(2011, 12, 31, 23, 59, tzinfo=_UTC)]),
    st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2030, 1, 1), timezones=st.just(dt.timezone.utc)),
    st.datetimes(timezones=st.sampled_from([dt.timezone.utc, dt.timezone(dt.timedelta(hours=14)),
                                            dt.timezone(dt.timedelta(hours=-12))])),
)
