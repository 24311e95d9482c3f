"""The gazetteer: variant spellings, context, offsets, common words, speed-critical paths."""
from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventsift.extract.places import (Gazetteer, PlaceContext, PlaceMention, country_of_text,
                                      find, geo_precision, normalise, resolve)
from eventsift.model import Place

SYRIA = PlaceContext("Syria", None, None)
HOMS = PlaceContext("Syria", "Homs", "Homs")


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.default()


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def one(gaz: Gazetteer, text: str, context: PlaceContext = SYRIA) -> Place:
    """The single place named in text."""
    ms = gaz.find(text)
    assert len(ms) == 1, [(m.surface, m.key) for m in ms]
    return gaz.resolve(ms[0], context)


def near(p: Place, lat: float, lon: float, within_km: float = 2.0) -> bool:
    return p.lat is not None and km(p.lat, p.lon, lat, lon) <= within_km


# ---- variant spellings resolve to the same place

VARIANTS = {
    "Bab Sbaa": ["Bab Sbaa", "Bab Siba'a", "Bab Siba’a", "Bab al-Sibaa", "Bab Al Sebaa",
                 "Bab as-Sibaa"],
    "Bab Dreib": ["Bab Dreib", "Bab Idreb", "Bab Draib", "Bab al-Dreib"],
    "Baba Amr": ["Baba Amr", "Bab Amr", "Baba Amro", "Baba 'Amr"],
    "Khalidiya": ["Khalidiya", "Khaldiyeh", "Khalidiyeh", "al-Khalidiya", "Al-Khalidiya"],
    "Al-Waer": ["Al-Waer", "Waer", "al-Waer", "Al Waer"],
    "Bab Tadmur": ["Bab Tadmur", "Bab Tadmor"],
    "Inshaat": ["Inshaat", "al-Inshaat", "Insha'at"],
    "Ashira": ["Ashira", "al-Ashira"],
    "Al-Hader": ["Al-Hader", "Al-Haader", "Hader"],
    "Mezrab": ["Mezrab", "Al-Mezrab"],
    "Barzeh": ["Barzeh", "Barza"],
    "Qaboun": ["Qaboun", "Qabun", "al-Qaboun"],
    "Irbin": ["Irbin", "Irbeen", "Arbeen"],
    "Douma": ["Douma", "Duma"],
    "Jobar": ["Jobar", "Joubar"],
    "Harasta": ["Harasta", "Harrasta"],
    "Idlib": ["Idlib", "Idleb", "Idlib city"],
    "Ariha": ["Ariha"],
    "Saraqib": ["Saraqib", "Sarakeb", "Saraqeb"],
    "Maarat": ["Maarat al-Numan", "Ma'arrat Numan", "Ma’arrat Numan", "Maarat An Numan",
               "Ma'arrat an-Nu'man"],
    "Rastan": ["Ar Rastan", "al-Rastan", "Rastan", "Ar-Rastan", "Al Rastan"],
    "Talbiseh": ["Talbiseh", "Talbisah", "Telbiseh"],
}


@pytest.mark.parametrize("group", sorted(VARIANTS))
def test_variants_resolve_to_one_place(gaz, group):
    context = HOMS if group in ("Bab Sbaa", "Bab Dreib", "Baba Amr", "Khalidiya", "Al-Waer",
                                "Bab Tadmur", "Inshaat", "Ashira") else SYRIA
    if group in ("Al-Hader", "Mezrab"):
        context = PlaceContext("Syria", "Hama", "Hama")
    ids = set()
    for spelling in VARIANTS[group]:
        text = f"Shelling was reported in {spelling} on Monday."
        p = one(gaz, text, context)
        ms = gaz.find(text)
        assert spelling in ms[0].surface, (spelling, ms[0].surface)
        ids.add(p.id)
    assert len(ids) == 1, (group, ids)


@pytest.mark.parametrize("name,lat,lon,kind,parent", [
    ("Khalidiya", 34.7561, 36.7203, "neighbourhood", "Homs"),
    ("Bab Dreib", 34.7273, 36.7237, "neighbourhood", "Homs"),
    ("Bab Sbaa", 34.7225, 36.7173, "neighbourhood", "Homs"),
    ("Baba Amr", 34.7107, 36.6905, "neighbourhood", "Homs"),
    ("Al-Waer", 34.7383, 36.6661, "neighbourhood", "Homs"),
    ("Ashira", 34.7400, 36.7050, "neighbourhood", "Homs"),
    ("Hama", 35.1318, 36.7578, "city", None),
    ("Homs", 34.7324, 36.7137, "city", None),
    ("Ma'arrat Numan", 35.6483, 36.6769, "town", None),
    ("Irbeen", 33.5372, 36.3664, "town", None),
    ("Sarakeb", 35.8646, 36.8006, "town", None),
    ("Ariha", 35.8137, 36.6096, "town", None),
    ("Idlib", 35.9306, 36.6339, "city", None),
    ("Qaboun", 33.5461, 36.3403, "neighbourhood", "Damascus"),
    ("Barzeh", 33.5514, 36.3170, "neighbourhood", "Damascus"),
    ("Ar Rastan", 34.9267, 36.7324, "town", None),
])
def test_coordinates(gaz, name, lat, lon, kind, parent):
    p = one(gaz, f"Clashes in {name} today.", HOMS)
    assert near(p, lat, lon), (p, km(p.lat, p.lon, lat, lon))
    assert p.kind == kind and p.parent == parent and p.country == "Syria"


def test_khalidiya_in_a_homs_story_is_the_homs_neighbourhood(gaz):
    (m,) = gaz.find("Troops entered Khalidiya at dawn.")
    p = gaz.resolve(m, PlaceContext("Syria", "Homs", "Homs"))
    assert p.kind == "neighbourhood" and p.parent == "Homs" and p.admin1 == "Homs"
    assert near(p, 34.7561, 36.7203)
    assert p.id == "ocha:N0239"


def test_context_city_picks_the_neighbourhood_of_that_city(gaz):
    (m,) = gaz.find("Snipers fired in Hamidiyeh.")
    assert gaz.resolve(m, PlaceContext("Syria", "Homs", "Homs")).parent == "Homs"
    assert gaz.resolve(m, PlaceContext("Syria", "Hama", "Hama")).parent == "Hama"


def test_city_beats_village_and_governorate(gaz):
    for name, admin1 in (("Homs", "Homs"), ("Hama", "Hama"), ("Aleppo", "Aleppo"),
                         ("Idlib", "Idleb"), ("Damascus", "Damascus")):
        p = one(gaz, f"Protests in {name}.", PlaceContext(None, None, None))
        assert p.kind == "city" and p.admin1 == admin1 and p.country == "Syria", p


def test_governorate_mentions(gaz):
    for text in ("in Idlib province", "in the province of Idlib", "across Idleb governorate",
                 "in rural Damascus", "in the Damascus countryside", "in Rural Damascus"):
        (m,) = gaz.find(text)
        p = gaz.resolve(m, SYRIA)
        assert p.kind == "admin1", (text, p)
        assert geo_precision(p) == 3
    assert one(gaz, "in Idlib province").name == "Idleb"
    assert one(gaz, "in Rural Damascus").name == "Rural Damascus"


def test_arabic_names(gaz):
    p = one(gaz, "قصف على حمص اليوم")
    assert p.name == "Homs" and p.kind == "city"
    p = one(gaz, "اشتباكات في حي بابا عمرو", HOMS)
    assert p.name == "Baba Amr"
    p = one(gaz, "مظاهرة بحماة")  # proclitic ب, taa marbuta
    assert p.name == "Hama"
    p = one(gaz, "في الخالدية", HOMS)
    assert p.id == "ocha:N0239"


def test_offsets_map_back_to_the_original_text(gaz):
    text = ("Shelling hit Bab Siba’a  and  al-Waer (Homs’s west) — then Ma'arrat  Numan, "
            "Ḥamāh and \u0628\u062d\u0645\u0635\u0650; Baba\u00a0Amr, BAB AMR and Idlib's edge.")
    ms = gaz.find(text)
    assert ms
    for m in ms:
        assert text[m.start:m.end] == m.surface
    surfaces = [m.surface for m in ms]
    assert "Bab Siba’a" in surfaces
    assert "al-Waer" in surfaces
    assert "Homs" in surfaces
    assert "Ma'arrat  Numan" in surfaces
    assert "Ḥamāh" in surfaces
    assert "Baba\u00a0Amr" in surfaces
    assert "Idlib" in surfaces


def test_common_words_are_not_places(gaz):
    text = ("The army fired at the funeral at night, Power was cut. Time will tell. "
            "Army units and the Funeral procession: Sale of bread stopped. The Free Syrian Army "
            "said Monday that Sunday's march was peaceful; Police and Security forces attacked.")
    ms = gaz.find(text)
    syrian = [(m.surface, c.name) for m in ms for c in m.candidates if c.country == "Syria"]
    assert syrian == []
    assert ms == []


def test_lower_case_and_short_names_do_not_match(gaz):
    assert gaz.find("the homs of hama") == []
    assert gaz.find("we saw them") == []


def test_persons_names_are_not_places(gaz):
    assert [m.surface for m in gaz.find("said Wissam Tarif, head of the group")] == []
    assert [m.surface for m in gaz.find("Scott Lucas in Birmingham writes")] == ["Birmingham"]


def test_outlets_are_not_places(gaz):
    ms = gaz.find("Anthony Shadid wrote for The New York Times and FRANCE 24 in Beirut.")
    assert [m.surface for m in ms] == ["Beirut"]


def test_longest_match_wins(gaz):
    ms = gaz.find("Fighting near Bab Amr and Deir Baalba.")
    assert [m.surface for m in ms] == ["Bab Amr", "Deir Baalba"]
    ms = gaz.find("Clashes in Idlib Province and in Idlib.")
    assert [m.surface for m in ms] == ["Idlib Province", "Idlib"]
    assert [gaz.resolve(m, SYRIA).kind for m in ms] == ["admin1", "city"]


def test_countries(gaz):
    p = one(gaz, "Protesters in Bahrain marched.")
    assert p.kind == "country" and p.country == "Bahrain" and p.name == "Bahrain"
    assert geo_precision(p) == 3
    p = one(gaz, "Refugees crossed into Turkey.", SYRIA)
    assert p.kind == "country" and p.name == "Turkey"
    assert one(gaz, "US officials said").name == "United States"
    assert gaz.find("Let us go") == []
    assert [gaz.resolve(m).name for m in gaz.find("حلب وسوريا")] == ["Aleppo", "Syria"]


def test_places_abroad(gaz):
    p = one(gaz, "She fled to Beirut.", SYRIA)
    assert p.country == "Lebanon" and p.kind == "city"
    p = one(gaz, "Police fired tear gas in Sitra.")
    assert p.country == "Bahrain"
    p = one(gaz, "A rally in London.")
    assert p.country == "United Kingdom"


def test_geo_precision():
    village = Place("x", "X", "village", "Syria", "Homs", 1.0, 2.0)
    hood = Place("y", "Y", "neighbourhood", "Syria", "Homs", 1.0, 2.0, parent="Homs")
    gov = Place("z", "Homs", "admin1", "Syria", "Homs", 1.0, 2.0)
    assert geo_precision(village) == 1 and geo_precision(hood) == 1
    assert geo_precision(village, near=True) == 2
    assert geo_precision(gov) == 3 and geo_precision(gov, near=True) == 3


def test_ids_are_stable_and_lookup_works(gaz):
    assert gaz.get("ocha:C2528").name == "Homs"
    assert gaz.get("ocha:N0268").name == "Baba Amr"
    assert [p.id for p in gaz.lookup("Bab Siba'a")] == ["ocha:N0260"]
    (ashira,) = [p for p in gaz.lookup("Ashira") if p.country == "Syria"]
    assert ashira.id.startswith("eventsift:") and ashira.parent == "Homs"


def test_normalise():
    assert normalise("Bab Siba’a") == normalise("Bab Sibaa") == "bab sibaa"
    assert normalise("Ar-Rastan") == normalise("al Rastan") == "al rastan"
    assert normalise("Ḥamāh") == "hamah"
    assert normalise("حماة") == normalise("حماه")


def test_module_shortcuts_and_country_of_text():
    ms = find("Tanks shelled Baba Amr in Homs.")
    assert [resolve(m, HOMS).name for m in ms] == ["Baba Amr", "Homs"]
    assert country_of_text("Tanks shelled Baba Amr in Homs, Syria.") == "Syria"
    assert country_of_text("nothing here") is None


def test_small_gazetteer_without_world():
    g = Gazetteer(world=False)
    assert one(g, "In Homs.").name == "Homs"
    assert g.find("A rally in London.") == []


def test_default_is_cached():
    assert Gazetteer.default() is Gazetteer.default()


def test_seed_corpus_places(gaz, shared):
    """The five seed articles: the places a coder geocodes are all found."""
    texts = "\n".join(p.read_text(encoding="utf-8") for p in sorted((shared / "corpus" / "seeds").glob("*.txt")))
    found = {gaz.resolve(m, SYRIA).name for m in gaz.find(texts)}
    for name in ("Homs", "Khalidiya", "Bab al-Sibaa", "Bab al-Dreib", "Baba Amr", "Al-Waer",
                 "Hama", "Barzeh", "Qaboun", "Ma'arrat An Nu'man", "Idlib", "Ariha", "Irbin",
                 "Ashira", "Saraqab", "Ar-Rastan", "Talbiseh", "Douma", "Syria", "Bahrain"):
        assert name in found, name
    for wrong in ("Tarif", "Lucas", "Fidaa", "York"):
        assert wrong not in found


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab AHmsoBdIl-'’ʿ\u00a0\n.,حمصالب\u0650\u0640Ḥāé")) , max_size=80)
       | st.text(max_size=120))
def test_find_never_raises_and_spans_lie_inside(text):
    gaz = Gazetteer.default()
    for m in gaz.find(text):
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.surface
        assert m.candidates
        assert isinstance(gaz.resolve(m, HOMS), Place)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["Homs", "Bab Siba'a", "al-Waer", "the", "army", "in", "—", "’s",
                                 "Baba Amr", "Ma’arrat Numan", "حمص", "  ", "\n", ",", "Idlib"]),
                max_size=20))
def test_find_on_word_soup(words):
    text = " ".join(words)
    ms = Gazetteer.default().find(text)
    for a, b in zip(ms, ms[1:]):
        assert a.end <= b.start
    for m in ms:
        assert text[m.start:m.end] == m.surface


def test_place_mention_is_a_plain_record():
    m = PlaceMention(0, 4, "Homs", [])
    assert m.surface == "Homs" and m.candidates == []
