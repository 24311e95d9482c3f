from hypothesis import given, strategies as st

from eventsift.extract.fatalities import find_tolls, parse_number


def tolls(text):
    return [(t.toll.best, t.toll.qualifier, t.aggregate) for t in find_tolls(text)]


def test_exact_and_at_least():
    assert tolls("At least 30 people were killed, according to eyewitness reports.") == [(30, "at_least", False)]
    assert tolls("8 members of Syrian army and security forces were killed in an ambush.") == [(8, "exact", False)]


def test_words_and_articles():
    assert tolls("I've heard six people were killed there on July 18 alone.")[0][:2] == (6, "exact")
    assert tolls("A child has been killed in the neighbourhood.")[0][0] == 1
    assert tolls("a group of 14 defectors fought the army, killing 20 of them")[0][0] == 20
    assert tolls("Dozens were killed when the market was hit.")[0][:2] == (12, "vague")
    assert parse_number("twenty-one")[1] == 21


def test_aggregates_are_marked():
    assert tolls("The death toll in Syria, according to the UN, has hit 3,500.") == [(3500, "exact", True)]
    assert tolls("5 people have died today across Syria.")[0][2] is True
    assert tolls("An estimated 130 people have lost their lives since then.")[0][2] is True


def test_injuries_are_not_tolls():
    assert tolls("Three people were injured in the blast.") == []


@given(st.text(max_size=300))
def test_never_raises_and_low_best_high(text):
    for t in find_tolls(text):
        assert 0 <= t.start <= t.end <= len(text)
        assert t.toll.low <= t.toll.best <= t.toll.high
