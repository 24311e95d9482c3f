"""Properties of every extractor's public functions, on arbitrary and news-shaped text.

For any text: no exception; every span lies inside the text and, where the
extractor keeps the words, ``text[start:end]`` is them; tolls are non-negative
with low <= best <= high; dates have low <= date <= high; the same input gives
the same output. See tests/text_strategies.py for the inputs and the number of
examples (PROPERTY_EXAMPLES).
"""
from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st
from text_strategies import SETTINGS, any_text, news_text, refs

from eventsift.extract import actors, attribution, dates, fatalities, sentences, types, typing_model
from eventsift.extract.patterns import Spans
from eventsift.extract.places import Gazetteer, PlaceContext, geo_precision, normalise

_QUALIFIERS = {"exact", "at_least", "up_to", "about", "vague"}
_KINDS = {"official", "monitor", "witness", "activist", "media", "unknown"}


def _in(text: str, start: int, end: int) -> None:
    assert 0 <= start <= end <= len(text), (start, end, len(text))


def _ordered_apart(spans: list[tuple[int, int]]) -> None:
    for (_, e1), (s2, _) in zip(spans, spans[1:]):
        assert e1 <= s2, spans


# ---- sentences, paragraphs, clauses


@SETTINGS
@given(news_text(), st.integers(0, 40), st.integers(0, 40))
def test_sentences_cover_the_text_in_order(text, cut_start, cut_end):
    start, end = min(cut_start, len(text)), max(min(cut_start, len(text)), len(text) - cut_end)
    for split in (sentences.sentences, sentences.paragraphs):
        spans = split(text, start, end)
        assert spans == split(text, start, end)
        _ordered_apart(spans)
        for s, e in spans:
            assert start <= s < e <= end
            assert not text[s].isspace() and not text[e - 1].isspace()  # trimmed
        # Nothing but whitespace falls between or around them.
        covered = set()
        for s, e in spans:
            covered.update(range(s, e))
        assert all(text[i].isspace() for i in range(start, end) if i not in covered)
    assert all(e - s <= sentences.MAX_SENTENCE for s, e in sentences.sentences(text, start, end))
    for s, e in sentences.sentences(text, start, end):
        clauses = sentences.clauses(text, s, e)
        _ordered_apart(clauses)
        assert all(s <= cs < ce <= e for cs, ce in clauses)


@SETTINGS
@given(st.text(st.sampled_from("ab .\n"), min_size=1, max_size=3000))
def test_long_sentences_are_cut_at_spaces(text):
    for s, e in sentences.sentences(text):
        assert e - s <= sentences.MAX_SENTENCE


# ---- event types


@SETTINGS
@given(news_text())
def test_triggers(text):
    found = types.find_triggers(text)
    assert found == types.find_triggers(text)
    assert set(found) == set(types._find_triggers_ungated(text))  # the gate loses nothing
    for t in found:
        _in(text, t.start, t.end)
        assert 0 <= t.rank < len(types._RULES) and 0 < t.confidence <= 1
    best = types.classify(found)
    assert (best is None) == (not found)
    if best is not None:
        assert 0 < best.confidence <= 0.95 or best.confidence == max(t.confidence for t in found)


# ---- actors


@SETTINGS
@given(news_text(), st.sampled_from(["", "Battles", "Protests", "Riots", "Violence against civilians",
                                     "Explosions/Remote violence", "Strategic developments"]),
       st.sampled_from(["Peaceful protest", "Armed clash", "Attack", "Other"]), st.integers(0, 400))
def test_actors(text, etype, sub, trigger):
    found = actors.find_actors(text)
    assert found == actors.find_actors(text)
    _ordered_apart([(m.start, m.end) for m in found])
    for m in found:
        _in(text, m.start, m.end)
        assert m.start < m.end and actors.INTER[m.key] == m.inter and 1 <= m.inter <= 8
        assert actors.actor_name(m.key, None) and actors.actor_name(m.key, "Syria")
    a1, a2, i1, i2 = actors.assign(etype, sub, found, text, trigger)
    assert a1 is None or a1 in found
    assert a2 is None or a2 in found
    assert i1 is None or 1 <= i1 <= 8
    assert i2 is None or 1 <= i2 <= 8


# ---- fatalities


@SETTINGS
@given(news_text())
def test_tolls(text):
    found = fatalities.find_tolls(text)
    assert found == fatalities.find_tolls(text)
    for t in found:
        _in(text, t.start, t.end)
        assert 0 <= t.toll.low <= t.toll.best <= t.toll.high, t
        assert t.toll.qualifier in _QUALIFIERS
    _ordered_apart([(t.start, t.end) for t in found])
    # In a window, with a sentence as context, the same holds.
    n = len(text)
    for t in fatalities.find_tolls(text, n // 4, n, context=(0, n)):
        assert n // 4 <= t.start <= t.end <= n and 0 <= t.toll.low <= t.toll.best <= t.toll.high


@SETTINGS
@given(st.one_of(any_text(40), st.integers(0, 10**30).map(str), st.integers(0, 10**30).map("{:,}".format),
                 st.sampled_from(["twenty-one", "a hundred", "dozens", "a", "²", "١٢", "1" * 5000])))
def test_parse_number(word):
    n = fatalities.parse_number(word)
    assert n is None or (0 <= n[0] <= n[1] <= n[2] and n[3] in _QUALIFIERS)


# ---- attribution and hedges


@SETTINGS
@given(news_text(), st.one_of(st.none(), st.text(max_size=20)))
def test_sources_and_hedges(text, outlet):
    found = attribution.find_sources(text)
    assert found == attribution.find_sources(text)
    _ordered_apart([(s.start, s.end) for s in found])
    for s in found:
        _in(text, s.start, s.end)
        assert text[s.start:s.end] == s.who, (text[s.start:s.end], s.who)
        chain = attribution.chain(s.who, outlet)
        assert chain.chain and all(isinstance(x, str) for x in chain.chain) and chain.kind in _KINDS
        attribution.is_generic(s.who)
    assert attribution.chain(None, outlet).chain
    hedges = attribution.find_hedges(text)
    assert hedges == attribution.find_hedges(text)
    for a, b in hedges:
        _in(text, a, b)
        assert a < b


# ---- dates


@SETTINGS
@given(news_text(), refs, st.integers(0, 60), st.one_of(st.none(), st.integers(0, 60)))
def test_times(text, ref, start, cut):
    end = None if cut is None else max(0, len(text) - cut)
    found = dates.find_times(text, ref, start, end)
    assert found == dates.find_times(text, ref, start, end)
    for t in found:
        _in(text, t.start, t.end)
        assert text[t.start:t.end] == t.text and t.kind in dates.KINDS
        if t.value is not None:
            v = t.value
            assert v.low <= v.date <= v.high, t
            assert v.precision in (1, 2, 3)
    best = dates.resolve_date(text, ref, start, end)
    assert best is None or (best in found and best.value is not None)


@SETTINGS
@given(news_text(), st.one_of(refs, st.datetimes(timezones=st.just(dt.timezone.utc))))
def test_times_with_a_datetime_reference(text, ref):
    for t in dates.find_times(text, ref):
        assert t.value is None or t.value.low <= t.value.date <= t.value.high


# ---- places


@SETTINGS
@given(news_text(), st.sampled_from([None, "Syria", "Lebanon", "Iraq", "Nowhere"]),
       st.sampled_from([None, "Homs", "Aleppo", "Damascus", "Atlantis"]))
def test_places(text, country, city):
    gaz = Gazetteer.default()
    found = gaz.find(text)
    assert [(m.start, m.end, m.key) for m in found] == [(m.start, m.end, m.key) for m in gaz.find(text)]
    _ordered_apart([(m.start, m.end) for m in found])
    ctx = PlaceContext(country, None, city)
    for m in found:
        _in(text, m.start, m.end)
        assert text[m.start:m.end] == m.surface and m.candidates
        place = gaz.resolve(m, ctx)
        assert place in m.candidates
        assert geo_precision(place) in (1, 2, 3) and geo_precision(place, near=True) in (2, 3)
    gaz.country_of_text(text)


@SETTINGS
@given(any_text(60))
def test_gazetteer_lookups(name):
    gaz = Gazetteer.default()
    assert isinstance(normalise(name), str)
    for place in gaz.lookup(name):
        assert gaz.get(place.id) == place


# ---- the typing model


@SETTINGS
@given(st.lists(news_text(), min_size=1, max_size=3))
def test_typing_model(texts):
    preds = typing_model.predict(texts)
    assert len(preds) == len(texts)
    for p in preds:
        assert 0.0 <= p.confidence <= 1.0
        assert p.is_event == bool(p.event_type) == bool(p.sub_event_type)


# ---- the overlap index the finders share


@SETTINGS
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 8)), max_size=40))
def test_spans_agree_with_a_scan(pairs):
    kept: list[tuple[int, int]] = []
    spans = Spans()
    for s, n in pairs:
        e = s + n
        expected = any(s < e2 and s2 < e for s2, e2 in kept)
        assert spans.overlaps(s, e) == expected, (s, e, kept)
        if not expected:
            kept.append((s, e))
            spans.add(s, e)
