from eventsift.extract.actors import assign, find_actors


def inters(text, etype, sub="Attack"):
    ms = find_actors(text)
    a1, a2, i1, i2 = assign(etype, sub, ms, text, 0)
    return i1, i2


def test_inter_codes():
    assert inters("Security forces shot a man.", "Violence against civilians") == (1, 7)
    assert inters("The shabiha attacked residents.", "Violence against civilians") == (3, 7)
    assert inters("14 defectors fought the army and security forces.", "Battles", "Armed clash") == (2, 1)
    assert inters("Soldiers were killed in an ambush by the Free Syrian Army.", "Battles", "Armed clash")[0] == 2
    assert inters("Protesters chant in the square.", "Protests", "Peaceful protest") == (6, None)
    assert inters("Russian military police escorted the buses.", "Strategic developments", "Other") == (8, None)


def test_lexicon_gates_lose_no_match():
    from test_types import _texts

    from eventsift.extract.actors import _GATES, _LEXICON
    assert len(_GATES) == len(_LEXICON)
    for text in _texts():
        for (_, key, pattern), gate in zip(_LEXICON, _GATES):
            for m in pattern.finditer(text):
                assert any(w in m.group().lower() for w in gate), (key, m.group())
