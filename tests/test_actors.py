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
