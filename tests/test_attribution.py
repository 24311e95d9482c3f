from eventsift.extract.attribution import chain, find_hedges, find_sources


def whos(text):
    return [s.who for s in find_sources(text)]


def test_sources():
    assert whos("At least 2 people have died, according to the SOHR.") == ["the SOHR"]
    assert whos("Tanks fired mortars on Thursday, residents said.") == ["residents"]
    assert "Syrian Observatory for Human Rights" in whos("The Syrian Observatory for Human Rights reports clashes.")[0]


def test_chain_and_kind():
    a = chain("the SOHR", "EA WorldView")
    assert a.label == "SOHR via EA WorldView" and a.kind == "monitor"
    assert chain(None, "Levant Wire").chain == ("Levant Wire",)


def test_hedges():
    text = "It wasn't possible to independentLY confirm his account. Video reportedly from Qaboun."
    assert len(find_hedges(text)) == 2
