#!/usr/bin/env python3
"""Write a synthetic corpus of English news reports about the conflict in Syria.

    python benchmarks/generate.py OUT_DIR [-n 1000] [--seed 1] [--format txt|jsonl]

txt (default): OUT_DIR/NNNNNN-outlet-YYYY-MM-DD.txt, one ~600-word article each,
plus OUT_DIR/metadata.csv (file, outlet, title, published, language).
jsonl: OUT_DIR/corpus.jsonl, one record per article (id, text, outlet, title,
published, language, url).

The articles imitate wire stories, NGO bulletins, state-media dispatches and
newspaper analysis: event sentences (shelling, air strikes, clashes, protests,
arrests, car bombs, abductions, local truces) with real Syrian towns, cities and
neighbourhoods read from the package's gazetteer table (src/eventsift/data/
places.tsv), relative and absolute dates, tolls, sources and hedges, mixed with
background and analysis paragraphs (about half the words) that report no
event. Sentences are assembled from combinable phrase pieces so the text does
not repeat itself.

The output is deterministic given --seed, and article i is the same whatever -n
is (each article draws from its own random stream), so a 1,000-document corpus
is a prefix of the 10,000-document one. About a third of the articles report a
happening that an earlier article already reported (another outlet, other
words, sometimes another toll), so the linker has real merging to do.
Publication dates advance by --per-day articles a day from 2012-01-01, which
keeps the number of same-day events (the linker's candidate block) independent
of the corpus size.

Only the standard library is used.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

__all__ = ["generate", "Article", "make_article", "load_places"]

ROOT = Path(__file__).resolve().parents[1]
PLACES_TSV = ROOT / "src" / "eventsift" / "data" / "places.tsv"
START = dt.date(2012, 1, 1)

# ---------------------------------------------------------------------------------------------
# Places


@dataclass(frozen=True)
class Site:
    name: str
    kind: str  # city | town | neighbourhood
    admin1: str  # OCHA governorate name
    parent: str | None  # the city of a neighbourhood


# OCHA governorate -> the spelling the press uses, and its capital.
PROVINCE = {
    "Aleppo": ("Aleppo", "Aleppo"), "Damascus": ("Damascus", "Damascus"),
    "Rural Damascus": ("Damascus countryside", "Damascus"), "Homs": ("Homs", "Homs"),
    "Hama": ("Hama", "Hama"), "Lattakia": ("Latakia", "Latakia"), "Idleb": ("Idlib", "Idlib"),
    "Al-Hasakeh": ("Hasakah", "Al-Hasakah"), "Deir-ez-Zor": ("Deir ez-Zor", "Deir ez-Zor"),
    "Tartous": ("Tartus", "Tartus"), "Ar-Raqqa": ("Raqqa", "Raqqa"), "Dar'a": ("Daraa", "Daraa"),
    "As-Sweida": ("Sweida", "As-Suwayda"), "Quneitra": ("Quneitra", "Quneitra"),
}
_GOOD_NAME = re.compile(r"^[A-Z][A-Za-z'’ -]{2,30}$")
_BAD_WORDS = re.compile(r"\b(?:Industrial|University|Street|Housing|Area|District|Quarter|Castle|Old|New|"
                        r"East|West|North|South|Eastern|Western|Lower|Upper|Little|Youth|Camp)\b")


def load_places(path: Path = PLACES_TSV) -> dict[str, list[Site]]:
    """Syrian cities, towns and neighbourhoods with press-like names, by kind."""
    if not path.is_file():  # an installed package without the source tree
        from importlib import resources
        text = resources.files("eventsift").joinpath("data/places.tsv").read_text("utf-8")
    else:
        text = path.read_text("utf-8")
    lines = text.split("\n")
    col = {c: i for i, c in enumerate(lines[0].rstrip("\r").split("\t"))}
    out: dict[str, list[Site]] = {"city": [], "town": [], "neighbourhood": []}
    cities = set()
    rows = []
    for line in lines[1:]:
        if not line or line.startswith("#"):
            continue
        r = line.rstrip("\r").split("\t")
        kind, name = r[col["kind"]], r[col["name"]]
        if r[col["country"]] != "Syria" or kind not in out:
            continue
        if not _GOOD_NAME.match(name) or _BAD_WORDS.search(name) or len(name.split()) > 3 or " - " in name:
            continue
        rows.append((name, kind, r[col["admin1"]], r[col["parent"]] or None))
        if kind == "city":
            cities.add(name)
    for name, kind, admin1, parent in rows:
        if kind == "neighbourhood" and parent not in cities:
            continue
        if admin1 not in PROVINCE:
            continue
        out[kind].append(Site(name, kind, admin1, parent))
    for k in out:
        out[k].sort(key=lambda s: (s.name, s.admin1))
        if not out[k]:
            raise SystemExit(f"no {k} rows in {path}")
    return out


# ---------------------------------------------------------------------------------------------
# Phrase expansion: "[a|b|]" picks one alternative (nested allowed), "{slot}" fills from a
# context whose values may be callables (called afresh at each use).


def expand(rng: random.Random, template: str, ctx: dict | None = None) -> str:
    out, _ = _expand(rng, template, 0, top=True)
    if ctx is not None:
        out = re.sub(r"\{(\w+)\}", lambda m: _slot(ctx, m.group(1)), out)
    return out


def _slot(ctx: dict, name: str) -> str:
    v = ctx[name]
    return str(v() if callable(v) else v)


def _expand(rng: random.Random, s: str, i: int, top: bool = False) -> tuple[str, int]:
    """Expand s from i up to the closing ']' (or the end, at top level)."""
    alts: list[list[str]] = [[]]
    while i < len(s):
        c = s[i]
        if c == "[":
            sub, i = _expand(rng, s, i + 1)
            alts[-1].append(sub)
            continue
        if c == "]" and not top:
            return "".join(rng.choice(alts)), i + 1
        if c == "|" and not top:
            alts.append([])
        else:
            alts[-1].append(c)
        i += 1
    return "".join(alts[0]), i


def tidy(s: str) -> str:
    s = re.sub(r"\s+", " ", s).strip()
    s = re.sub(r"\s+([,.;:])", r"\1", s)
    s = re.sub(r",\s*,", ",", s)
    s = re.sub(r"\.\.+", ".", s)
    s = re.sub(r",\.", ".", s)
    return s[:1].upper() + s[1:] if s else s


# ---------------------------------------------------------------------------------------------
# Numbers, dates

_WORDS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
          "fifteen sixteen seventeen eighteen nineteen twenty").split()
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
MONTHS = ("January February March April May June July August September October November "
          "December").split()


def num(rng: random.Random, n: int) -> str:
    """Numbers up to ten mostly in words, as wire style wants."""
    if n <= 10 or (n <= 20 and rng.random() < 0.3):
        return _WORDS[n]
    return str(n)


def cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def date_phrase(rng: random.Random, day: dt.date, pub: dt.date) -> str:
    """How a report published on pub would say day (day <= pub)."""
    delta = (pub - day).days
    wd = WEEKDAYS[day.weekday()]
    md = f"{MONTHS[day.month - 1]} {day.day}"
    options = [f"on {wd}", f"on {wd}", f"on {md}"]
    if delta == 0:
        options += [f"early on {wd}", f"on {wd} morning", f"{wd} afternoon", "today", f"late on {wd}"]
    elif delta == 1:
        options += ["yesterday", f"late on {wd}", f"{wd} night", f"overnight on {wd}", f"on {wd} evening"]
    else:
        options += [f"last {wd}", f"on {wd} {MONTHS[day.month - 1]} {day.day}", f"on {md}"]
    return rng.choice(options)


# ---------------------------------------------------------------------------------------------
# Vocabulary

OUTLETS = [  # name, style, dateline city
    ("Levant Wire", "wire", "BEIRUT"), ("Orontes Monitor", "wire", "BEIRUT"),
    ("Northern Dispatch", "state", "DAMASCUS"), ("Syria Rights Desk", "ngo", None),
    ("Euphrates News Agency", "wire", "AMMAN"), ("Mashreq Press", "wire", "ISTANBUL"),
    ("Crescent Daily", "paper", "BEIRUT"), ("Qasioun Observer", "paper", "GAZIANTEP"),
    ("Damascus Courier", "state", "DAMASCUS"), ("Network for Civil Documentation", "ngo", None),
    ("Aleppo Media Collective", "ngo", None), ("Middle East Ledger", "paper", "AMMAN"),
    ("Global Affairs Review", "paper", "BEIRUT"), ("Frontline Newswire", "wire", "ANTAKYA"),
    ("Hauran Bulletin", "ngo", None), ("The Evening Correspondent", "paper", "ISTANBUL"),
    ("Tigris Agence", "wire", "BEIRUT"), ("Coastal Herald", "state", "LATAKIA"),
]
ANALYSTS_FIRST = ("Nadia Karim Joshua Elena Hassan Laila Tom Rania Yusuf Marc Sophie Omar Amal Daniel "
                  "Hiba Peter Zeina Samer Claire Faisal Ruth Kamal Ines Rami").split()
ANALYSTS_LAST = ("Haddad Lund Okafor Brenner Saleh Mercer Khoury Van Dijk Aziz Holloway Nasr Ferreira "
                 "Lindqvist Bakri Abboud Carver Sayegh Moreau Darwish Kessler Tamimi Wolfe").split()
THINK_TANKS = ["the Carnegie Middle East Center", "the International Crisis Group", "Chatham House",
               "the Washington Institute", "the Center for Syrian Studies", "the Levant Policy Forum",
               "the Norwegian Institute of International Affairs", "the European Council on Foreign Relations",
               "King's College London", "the University of Oklahoma", "the Arab Reform Initiative"]
ACTIVIST_NAMES = ["Abu Hamza", "Abu Omar", "Abu Khaled", "Abu Mahmoud", "Umm Ahmad", "Abu Yazan",
                  "Abu Rami", "Abu Firas", "Abu Jaafar", "Umm Salim", "Abu Bakr", "Abu Muhammad",
                  "Abu Adel", "Abu Wael", "Abu Nour"]
ROLES = ["an activist", "a local activist", "a resident", "a medic at a field hospital", "a nurse",
         "a doctor at a makeshift clinic", "a member of the local council", "a civil defence volunteer",
         "a schoolteacher", "a shopkeeper", "a rescue worker"]
TARGETS = ["a crowded market", "a residential building", "a school", "a bakery", "a mosque",
           "a field hospital", "a bus station", "a cluster of houses", "a vegetable market",
           "an apartment block", "a petrol station", "a main square", "a queue outside a bakery"]


def sources(outlet: str) -> dict[str, list[str]]:
    """Attribution pieces: a suffix clause, a prefix clause, a bare name."""
    return {
        "suffix": [
            ", the Syrian Observatory for Human Rights said", ", the Syrian Observatory for Human Rights reported",
            ", activists said", ", [local |opposition |]activists [said|reported]", ", state media reported",
            ", the state news agency SANA said", ", according to the Local Coordination Committees",
            ", a [Britain-based |]monitoring group said", ", residents told " + outlet,
            ", the army said in a statement", ", according to [activists|residents|medics|a monitoring group]",
            ", [medics|doctors] said", ", witnesses said", ", the monitor said", ", state television said",
            ", according to the Syrian Observatory for Human Rights",
        ],
        "prefix": [
            "the Syrian Observatory for Human Rights said", "activists said", "state media reported",
            "the state news agency SANA reported", "the Local Coordination Committees said",
            "a monitoring group said", "residents said", "[opposition |]activists reported",
            "state television said", "the army said",
        ],
    }


HEDGES_INLINE = ["", "", "", "reportedly ", "allegedly ", "apparently "]
HEDGE_SENTENCES = [
    "The toll could not be independently verified.",
    "{outlet} could not independently confirm the [reports|accounts|figures].",
    "It was not possible to independently verify the [reports|accounts|figures] because of restrictions on [access|reporting|media].",
    "[The|These] [accounts|reports|figures] could not be [independently |]verified.",
    "[Neither side's|None of the] [claims|accounts] could be [confirmed|verified] independently.",
    "The government bars most independent media from [working freely in|reporting from] the area.",
]

# ---------------------------------------------------------------------------------------------
# Happenings


@dataclass
class Happening:
    kind: str
    site: Site
    day: dt.date
    toll: int  # people killed (0 when none)
    children: int
    n2: int  # a second figure: arrested, rebels killed, protesters
    detail: int  # a number the phrasing may use


KINDS = ["shelling", "shelling", "air", "air", "clash", "clash", "protest", "arrest", "carbomb",
         "abduction", "agreement", "execution"]


def make_happening(rng: random.Random, places: dict[str, list[Site]], day: dt.date) -> Happening:
    kind = rng.choice(KINDS)
    r = rng.random()
    site_kind = "neighbourhood" if r < 0.3 else "city" if r < 0.5 else "town"
    site = rng.choice(places[site_kind])
    toll = 0
    if kind in ("shelling", "air", "carbomb", "clash", "execution"):
        toll = rng.choice([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 15, 17, 20, 23, 26, 30, 35, 42])
        if kind == "execution":
            toll = max(toll, 2)
    elif kind == "protest":
        toll = rng.choice([0, 0, 0, 1, 2, 3, 5, 7])
    children = rng.randint(0, max(0, toll // 3)) if toll > 2 else 0
    n2 = rng.choice([3, 5, 8, 12, 15, 20, 30, 40, 60, 100, 200, 500, 1000, 3000])
    return Happening(kind, site, day, toll, children, n2, rng.randint(2, 9))


def site_phrase(rng: random.Random, s: Site, first: bool = True) -> str:
    prov, capital = PROVINCE[s.admin1]
    if s.kind == "neighbourhood":
        opts = [f"the {s.name} district of {s.parent}", f"{s.parent}'s {s.name} neighbourhood",
                f"the {s.name} neighbourhood in {s.parent}", f"the [rebel-held|besieged|government-held|] {s.name} district of {s.parent}",
                f"{s.name}, a [district|neighbourhood] of [the city of |]{s.parent},"]
        if not first:
            opts += [f"{s.name}", f"the {s.name} area"]
    elif s.kind == "city":
        adj = rng.choice(["northern", "central", "southern", "eastern", "western", "northwestern",
                          "northeastern", "coastal", "provincial capital of"])
        opts = [f"the city of {s.name}", f"{s.name}", f"the {adj} city of {s.name}"
                if adj != "provincial capital of" else f"the provincial capital {s.name}",
                f"[parts of|several districts of|the outskirts of|the centre of] {s.name}",
                f"{s.name}, the capital of {prov} province,"]
    else:
        where = (f"in the {prov}" if prov.endswith("countryside") else
                 rng.choice([f"in {prov} province", f"in the {prov} countryside", f"in rural {prov}",
                             _distance(rng, capital)]))
        opts = [f"the town of {s.name} {where}", f"[the rebel-held |the government-held |the besieged |]town of {s.name}",
                f"{s.name} {where}", f"the village of {s.name}", f"{s.name}, a town {where},"]
    return expand(rng, rng.choice(opts))


def _distance(rng: random.Random, capital: str) -> str:
    km = rng.randint(5, 60)
    way = rng.choice(["north", "south", "east", "west", "northwest", "southeast", "northeast", "southwest"])
    return f"{km} km ({round(km * 0.621)} miles) {way} of {capital}"


def toll_obj(rng: random.Random, h: Happening) -> str:
    """The toll as the object of 'killing ...'."""
    n = num(rng, h.toll)
    people = rng.choice(["people", "civilians", "people", "residents"])
    if h.toll == 1:
        return rng.choice(["a man", "a woman", "a child", "one civilian", "a teenage boy", "an elderly man"])
    if h.children and rng.random() < 0.6:
        kids = "a child" if h.children == 1 else f"{num(rng, h.children)} children"
        return expand(rng, f"[at least |]{n} {people}, including {kids}")
    if h.toll == 3 and rng.random() < 0.3:
        return "a woman and her two children"
    return expand(rng, rng.choice([f"at least {n} {people}", f"{n} {people}", f"at least {n}",
                                   f"[as many as|up to|about|nearly] {n} {people}",
                                   f"{n} members of one family" if h.toll < 9 else f"{n} {people}"]))


def _lower_first(s: str) -> str:
    return s[:1].lower() + s[1:]


def toll_subj(rng: random.Random, h: Happening) -> str:
    if h.toll == 1:
        return rng.choice(["A man", "A woman", "A child", "One civilian", "A 12-year-old boy", "A young man"])
    n = num(rng, h.toll)
    people = rng.choice(["people", "civilians", "people", "residents", "people"])
    return cap(expand(rng, rng.choice([f"at least {n} {people}", f"{n} {people}",
                                       f"[as many as|about|some] {n} {people}"])))


def event_sentence(rng: random.Random, h: Happening, pub: dt.date, outlet: str, first: bool = True) -> str:
    """One sentence reporting h, built from pieces."""
    src = sources(outlet)
    ctx = {
        "place": lambda: site_phrase(rng, h.site, first),
        "date": lambda: date_phrase(rng, h.day, pub),
        "tobj": lambda: toll_obj(rng, h),
        "tsubj": lambda: toll_subj(rng, h),
        "tsubj_l": lambda: _lower_first(toll_subj(rng, h)),
        "said": lambda: expand(rng, rng.choice(src["suffix"])),
        "Said": lambda: cap(expand(rng, rng.choice(src["prefix"]))),
        "hedge": lambda: rng.choice(HEDGES_INLINE),
        "n2": lambda: num(rng, h.n2 if h.n2 < 100 else rng.choice([12, 30, 40])),
        "d": lambda: num(rng, h.detail),
        "target": lambda: rng.choice(TARGETS),
        "k": lambda: num(rng, max(1, h.toll - h.detail) if h.toll > h.detail else 1),
    }
    gov = "[Government|Syrian army|Regime|Pro-government|Syrian government|Army] [forces|troops|units]"
    k, t = h.kind, h.toll > 0
    if k == "shelling":
        ts = [
            f"{gov} {{hedge}}[shelled|pounded|bombarded] {{place}} {{date}}" + (", killing {tobj}" if t else ", [wounding {d} people|damaging dozens of homes]") + "{said}.",
            "[Artillery|Mortar|Tank] shells [slammed into|hit|struck|rained down on] {target} in {place} {date}" + (", killing {tobj}" if t else ", [but there was no immediate word on casualties|causing heavy damage]") + "{said}.",
            ("{tsubj} were killed [when|as] [mortar rounds|artillery shells|rockets|tank shells] [hit|struck|landed on] {place} {date}{said}." if h.toll > 1 else
             "{Said} that {place} [came under|was hit by] [heavy|intense|renewed] shelling {date}."),
            "{Said} {date} that " + ("{tsubj_l} [had been|were] killed in [heavy|intense|renewed|government] shelling of {place}." if h.toll > 1 else "[heavy|intense|renewed] shelling hit {place}, [destroying|damaging] {d} houses."),
            "[Rebels|Insurgents|Opposition fighters] fired [mortars|mortar rounds|rockets] at {place} {date}" + (", killing {tobj}" if t else "") + "{said}.",
        ]
    elif k == "air":
        ts = [
            "[Warplanes|Government warplanes|Syrian jets|Russian warplanes] [struck|bombed|carried out air strikes on] {place} {date}" + (", killing {tobj}" if t else "") + "{said}.",
            "An air strike on {target} in {place} {date} " + ("killed {tobj}" if t else "[wounded {d} people|caused heavy damage]") + "{said}.",
            "[A barrel bomb|Barrel bombs] dropped by [a government helicopter|army helicopters] [hit|struck|fell on] {place} {date}" + (", killing {tobj}" if t else "") + "{said}.",
            ("{tsubj} were killed in air strikes on {place} {date}{said}." if h.toll > 1 else "{Said} that [warplanes|helicopter gunships] [bombed|struck] {place} {date}."),
            "{Said} that [warplanes|jets|helicopter gunships] {hedge}[bombed|hit|struck] {place} {date}" + (", killing {tobj}." if t else "."),
        ]
    elif k == "clash":
        rebels = "[Rebels|Insurgents|Opposition fighters|Fighters from the Free Syrian Army|Islamist fighters]"
        rebels_l = "[rebels|insurgents|opposition fighters|fighters from the Free Syrian Army|Islamist fighters]"
        army = "[government troops|the army|pro-government militiamen|soldiers|regime forces]"
        ts = [
            f"{rebels} clashed with {army} [in|on the outskirts of|near|around] {{place}} {{date}}{{said}}" + (", adding that {k} soldiers and {d} rebels were killed." if h.toll > 2 else "."),
            "[Fierce|Heavy|Intense] [fighting|clashes] [broke out|erupted|raged] {date} between " + rebels_l + f" and {army} in {{place}}" + (", leaving {tobj} dead" if t else "") + "{said}.",
            f"{rebels} ambushed an army convoy [near|outside] {{place}} {{date}}" + (", killing {k} soldiers" if t else "") + "{said}.",
            "{Said} " + f"{rebels_l} and {army} fought [for hours|through the night|street by street] in {{place}} {{date}}.",
            ("{tsubj} were killed in clashes [in|around] {place} {date}{said}." if h.toll > 1 else
             f"[Gun battles|Clashes] between {rebels_l} and {army} [were reported|continued] in {{place}} {{date}}{{said}}."),
        ]
    elif k == "protest":
        crowd = "[[Hundreds|Thousands|Dozens|Tens of thousands] of|Several hundred|More than {n2}] [protesters|demonstrators|people]"
        ts = [
            f"{crowd} took to the streets [in|of] {{place}} {{date}}, [calling for|demanding] [the fall of the regime|the release of detainees|an end to the siege|the departure of President Bashar al-Assad]{{said}}.",
            f"{crowd} [rallied|marched|demonstrated] in {{place}} {{date}}" + (", and security forces opened fire on the protesters, killing {tobj}" if t else "") + "{said}.",
            "[A large|A peaceful|A night|Another] [protest|demonstration] [was held|took place|broke out] in {place} {date}" + (" and security forces opened fire on protesters, killing {tobj}" if t else ", with [crowds chanting|protesters chanting] against the government") + "{said}.",
            "[Security forces|Police] [used tear gas|fired tear gas|dispersed protesters] in {place} {date}" + (" and shot dead {tobj}" if t else "") + "{said}.",
        ]
    elif k == "arrest":
        ts = [
            "[Security forces|Intelligence agents|Soldiers|Military police] arrested [dozens of|at least {n2}|more than {n2}|several] [young men|activists|people|students|men] in [a raid on|a sweep through|a house-to-house search in] {place} {date}{said}.",
            "{Said} that [security forces|the army] detained [at least {n2}|dozens of|several] people [at checkpoints|in raids|during house searches] in {place} {date}.",
            "[A wave of|A new|A large] detention campaign [swept|hit] {place} {date}, with [at least {n2}|dozens of] [men|young men|people] arrested{said}.",
            "[Two|Three|Several|{d}] activists were arrested [at a checkpoint|at their homes|outside a mosque] in {place} {date}{said}.",
        ]
    elif k == "carbomb":
        ts = [
            "A car bomb [exploded|went off|ripped through] [near a checkpoint|outside a mosque|in a busy market|near a security building|on a main street] in {place} {date}" + (", killing {tobj}" if t else ", [wounding {d} people|causing damage but no casualties]") + "{said}.",
            "[A suicide bomber|A suicide car bomb|A suicide attacker] [struck|hit|targeted] [an army checkpoint|a security compound|a crowded square|a military post] in {place} {date}" + (", killing {tobj}" if t else "") + "{said}.",
            ("{tsubj} were killed [when|after] a [roadside bomb|bomb|explosive device] [exploded|went off] in {place} {date}{said}." if h.toll > 1 else
             "An explosion [rocked|shook|hit] {place} {date}{said}."),
            "{Said} that a car bomb {hedge}exploded in {place} {date}" + (", killing {tobj}." if t else "."),
        ]
    elif k == "abduction":
        ts = [
            "[Gunmen|Masked gunmen|Unidentified armed men|Militiamen] [abducted|kidnapped|seized] [{d} people|a local council member|a doctor|two aid workers|a group of civilians|a journalist] in {place} {date}{said}.",
            "{Said} that [a group of|several|{d}] [civilians|men|villagers] were kidnapped [at a checkpoint|on the road|from their homes] in {place} {date}.",
        ]
    elif k == "execution":
        ts = [
            "The bodies of {tobj} were found in {place} {date}, [apparently executed|bearing signs of torture|shot in the head]{said}.",
            "[Pro-government militiamen|Gunmen|Militants] {hedge}executed {tobj} in {place} {date}{said}.",
            "{tsubj} were shot dead [at a checkpoint|in their homes|in a field] in {place} {date}{said}." if h.toll > 1 else
            "A man was shot dead by a sniper in {place} {date}{said}.",
        ]
    else:  # agreement
        ts = [
            "[Rebels and government negotiators|Local mediators|The two sides|Elders and army officers] reached a [truce|ceasefire|deal] for {place} {date}{said}.",
            "A [local |]ceasefire brokered by [elders|Russian officers|UN mediators|local notables] took effect in {place} {date}{said}.",
            "[Government and rebel representatives|The warring sides|Negotiators] signed an agreement [on|for] {place} {date} [that provides for the evacuation of fighters|covering the exchange of prisoners|to open a humanitarian corridor]{said}.",
            "[Rebels|Opposition fighters] agreed to [hand over heavy weapons|withdraw] from {place} {date} under a deal [mediated|brokered] by [local elders|Russian officers|a reconciliation committee]{said}.",
        ]
    return tidy(expand(rng, rng.choice(ts), ctx))


def headline(rng: random.Random, h: Happening) -> str:
    place = h.site.parent if h.site.kind == "neighbourhood" else h.site.name
    if h.site.kind == "neighbourhood" and rng.random() < 0.5:
        place = f"{h.site.parent} district"
    n = h.toll
    base = {
        "shelling": [f"Shelling kills {n} in {place}", f"Shells hit {place}", f"Army shells {place}",
                     f"{place}: mortar fire kills {n}"],
        "air": [f"Air strikes kill {n} in {place}", f"Warplanes pound {place}", f"Barrel bombs hit {place}"],
        "clash": [f"Rebels and troops clash near {place}", f"Fighting rages in {place}", f"Battle for {place} intensifies"],
        "protest": [f"Protesters rally in {place}", f"Thousands march in {place}", f"Demonstrations in {place} defy crackdown"],
        "arrest": [f"Dozens detained in {place} sweep", f"Arrest campaign in {place}", f"Security forces round up men in {place}"],
        "carbomb": [f"Car bomb kills {n} in {place}", f"Blast rocks {place}", f"Bomb attack in {place}"],
        "abduction": [f"Gunmen seize civilians in {place}", f"Kidnappings rise in {place}"],
        "execution": [f"Bodies found in {place}", f"{n} found executed in {place}"],
        "agreement": [f"Truce reached in {place}", f"Local ceasefire for {place}", f"Deal struck over {place}"],
    }[h.kind]
    t = rng.choice(base).replace(" 0 ", " ")
    if n == 0:
        t = re.sub(r"(kills|kill) 0", r"\1", t)
    suffix = rng.choice(["", "", ", activists say", ", monitor says", ", state media says", " - report"])
    t = t + suffix
    return t.upper() if rng.random() < 0.15 else t


# ---------------------------------------------------------------------------------------------
# Detail and background


def detail_sentences(rng: random.Random, h: Happening, pub: dt.date, outlet: str) -> list[str]:
    """Follow-up sentences about the lead happening: who, quotes, hedges."""
    name = rng.choice(ACTIVIST_NAMES)
    role = rng.choice(ROLES)
    here = h.site.name
    ctx = {"outlet": outlet, "name": name, "role": role, "here": here, "d": num(rng, h.detail)}
    pool = [
        "\"We pulled [two children|an old woman|three bodies|a family] out from under the rubble. The [shelling|bombing|firing] did not stop until [after dark|the early morning|midnight],\" said {name}, {role} in {here}.",
        "{name}, {role} who spoke by [Internet phone|Skype|telephone|WhatsApp], said [dozens of|{d}|many] people were wounded and that [a makeshift clinic|the only hospital|the field hospital] had run out of [blood bags|anaesthetic|medicine].",
        "[The monitor|The group|Activists] said [{d} of the dead were rebel fighters and the rest civilians|most of the victims were women and children|the dead included a doctor and two nurses].",
        "[Video|Footage|Amateur video] posted online [purportedly|apparently] showed [smoke rising over|rescuers searching the rubble in|ambulances racing through] {here}.",
        "\"People are [terrified|exhausted|desperate]. There is [no bread|no electricity|no safe place] left,\" {name} told {outlet}.",
        "[Residents|Witnesses] described [a scene of chaos|streets littered with debris|buildings reduced to rubble], with [families|people] [sheltering in basements|fleeing toward the fields|searching for relatives].",
        "Officials [did not comment|could not be reached for comment|declined to comment] on the [report|account|incident].",
        "[State media|State television|SANA] [gave a different account|blamed \"terrorists\"|made no mention of the incident], [saying|and said] [armed groups|terrorists] were responsible." ,
    ]
    k = rng.randint(2, 4)
    out = [tidy(expand(rng, t, ctx)) for t in rng.sample(pool, k)]
    if rng.random() < 0.7:
        out.append(tidy(expand(rng, rng.choice(HEDGE_SENTENCES), ctx)))
    return out


def background_paragraph(rng: random.Random, h: Happening, pub: dt.date,
                         used: set[tuple[str, int]] | None = None) -> str:
    """Analysis and context with no new happening in it."""
    city = h.site.parent or (PROVINCE[h.site.admin1][1] if h.site.kind == "town" else h.site.name)
    prov = PROVINCE[h.site.admin1][0]
    analyst = f"{rng.choice(ANALYSTS_FIRST)} {rng.choice(ANALYSTS_LAST)}"
    year0 = rng.choice([2011, 2012]) if pub.year > 2012 else 2011
    ctx = {
        "city": city, "prov": prov, "analyst": analyst, "tank": rng.choice(THINK_TANKS),
        "pct": rng.choice([40, 50, 60, 70, 80, 85, 90]), "mil": rng.choice(["two", "three", "four", "five", "six"]),
        "mil2": rng.choice(["four", "five", "six", "six and a half", "seven"]), "year0": year0,
        "pop": rng.choice(["a million", "800,000", "half a million", "300,000", "two million", "150,000"]),
        "hw": rng.choice(["M5", "M4", "Damascus-Aleppo", "Homs-Hama", "Latakia-Aleppo", "Deraa-Damascus"]),
        "role": rng.choice(["a Syria analyst", "a senior fellow", "a researcher", "a professor of Middle East politics",
                            "a former diplomat", "an expert on Syrian politics"]),
        "envoy": rng.choice(["the UN envoy", "the Arab League envoy", "the special envoy", "the UN mediator"]),
        "cap": rng.choice(["Geneva", "Vienna", "Astana", "Moscow", "Cairo", "Riyadh", "Istanbul"]),
    }
    pools = {
        "place": [
            "{city}, once home to about {pop} people, has [changed hands several times|been divided between government and opposition areas|been a focus of the conflict] since {year0}.",
            "[The|This] [province|area] of {prov} [lies|sits] on the {hw} highway, [a vital supply route|the country's main north-south artery|a route both sides regard as strategic].",
            "Many of {city}'s [residents|inhabitants|families] [have left for Lebanon or Turkey|now live in camps along the border|depend on remittances from relatives abroad].",
            "[Before the uprising|Before 2011|In peacetime], {city} was [known for its textile workshops|a centre of agriculture and trade|a mixed city of Sunnis, Alawites and Christians|a quiet provincial capital].",
        ],
        "humanitarian": [
            "The United Nations says more than {mil} million Syrians have fled the country and {mil2} million more are displaced inside it.",
            "Aid agencies say [food|fuel|medicine] [prices have risen|supplies have dwindled] [sharply|steadily] in {prov}, and that [many families|most households] now [eat one meal a day|rely on aid deliveries].",
            "[The World Food Programme|UNICEF|The International Committee of the Red Cross|Aid officials] [has|have] [warned|said] that [winter|the coming months|the summer heat] will [make conditions worse|strain water supplies|hit children hardest].",
            "[Hospitals|Clinics|Schools] in [the province|the region|{prov}] [operate|work] [with|on] [a fraction of their staff|generators and donated supplies|reduced hours], [according to|said] [doctors|health officials|aid workers].",
            "The Syrian pound has lost about {pct} percent of its value since {year0}, and [bread|fuel|cooking gas] is [scarce|rationed|sold on the black market].",
        ],
        "diplomacy": [
            "{envoy} [has held|held] [several rounds of|fresh|preliminary] talks in {cap}, but [neither side has shown much appetite for compromise|the gap between the two sides remains wide|few diplomats expect a breakthrough].",
            "[Russia and Iran|Moscow and Tehran] [remain|are] President Bashar al-Assad's [main|most important] [allies|backers], while [Turkey, Saudi Arabia and Qatar|Western and Gulf states] [back|support] [parts of|various factions in] the opposition.",
            "[Western governments|Washington and its allies] have [imposed sanctions|called for a political transition|said Assad must go], [but have|yet have] [ruled out|shied away from] [direct military involvement|arming the rebels on a large scale].",
            "The [Security Council|United Nations] has been [deadlocked|divided] over Syria, with Russia and China [blocking|vetoing] [several|three|repeated] [resolutions|draft resolutions].",
        ],
        "analysis": [
            "\"[The regime is betting that exhaustion will do what the army cannot|Neither side can win outright, and both know it|Every local truce is a test of who really controls the ground|The opposition is more fragmented today than at any point since {year0}],\" said {analyst}, {role} at {tank}.",
            "{analyst}, {role} at {tank}, said the [government's strategy|opposition's position|balance on the ground] [had shifted|was changing|looked increasingly fragile] [over the past year|in recent months]." ,
            "[Analysts|Observers|Diplomats] say [the conflict|the war] has [settled into|become] [a war of attrition|a patchwork of front lines|a series of local sieges], [with|and] [little prospect of a negotiated settlement|no side able to hold ground for long].",
            "[Some|Many] [analysts|observers] [argue|believe] that [the rise of Islamist factions|foreign support for both sides|the collapse of the economy] has [changed the nature of|prolonged|complicated] the [conflict|war].",
        ],
        "access": [
            "The government restricts access for independent journalists, making it difficult to [verify|confirm] accounts from either side.",
            "[Foreign reporters|Independent media] [are rarely allowed|can seldom travel] [into|to] [the province|opposition areas|the area] without [official minders|a government escort].",
            "[Communications|Telephone and Internet lines] [in|to] {prov} [are often cut|have been patchy|work only intermittently], [activists say|residents say|according to activists].",
        ],
    }
    used = set() if used is None else used  # templates this article has used already
    topics = rng.sample(list(pools), rng.randint(2, 3))
    sents: list[str] = []
    for tpc in topics:
        fresh = [k for k in range(len(pools[tpc])) if (tpc, k) not in used] or list(range(len(pools[tpc])))
        for k in rng.sample(fresh, min(len(fresh), rng.randint(1, 2))):
            used.add((tpc, k))
            sents.append(tidy(expand(rng, pools[tpc][k], ctx)))
    rng.shuffle(sents)
    return " ".join(sents[: rng.randint(3, 5)])


def closing(rng: random.Random, outlet: str) -> str:
    opts = [
        "More than {n} people have been killed in Syria since the [uprising|revolt|conflict] [began|started] in March 2011, according to [the United Nations|the Syrian Observatory for Human Rights|activists].",
        "The [UN|United Nations] estimates that [more than|over] {n} people have died in the conflict [so far|since 2011].",
        "(Reporting by {outlet}'s [Beirut|Amman|Istanbul] bureau; editing by [the Middle East desk|the news desk])",
        "(Compiled by {outlet} [staff|correspondents])",
    ]
    n = rng.choice(["60,000", "70,000", "100,000", "140,000", "190,000", "250,000", "300,000"])
    return tidy(expand(rng, rng.choice(opts), {"n": n, "outlet": outlet}))


# ---------------------------------------------------------------------------------------------
# Articles


@dataclass
class Article:
    id: str
    outlet: str
    title: str
    published: dt.datetime
    text: str
    language: str = "en"


def incident(seed: int, j: int, places: dict[str, list[Site]], per_day: int) -> Happening:
    """The j-th happening of the corpus timeline: the same for every corpus size."""
    rng = random.Random(f"{seed}:incident:{j}")
    day = START + dt.timedelta(days=j // per_day)
    return make_happening(rng, places, day)


def make_article(seed: int, i: int, places: dict[str, list[Site]], per_day: int = 20,
                 target_words: tuple[int, int] = (540, 680)) -> Article:
    rng = random.Random(f"{seed}:article:{i}")
    # About a third of articles report a happening an earlier article reported.
    j = i if i == 0 or rng.random() > 0.33 else rng.randrange(max(0, i - 3 * per_day), i)
    lead = incident(seed, j, places, per_day)
    if j != i:  # another outlet, another toll sometimes
        lead.toll = max(0, lead.toll + rng.choice([0, 0, 0, 1, -1, 2, 3]))
        lead.children = min(lead.children, lead.toll)
    pub_day = START + dt.timedelta(days=i // per_day)
    pub_day = max(pub_day, lead.day)
    if (pub_day - lead.day).days > 2:
        lead.day = pub_day - dt.timedelta(days=rng.randint(0, 2))
    outlet, style, city = rng.choice(OUTLETS)
    published = dt.datetime.combine(pub_day, dt.time(rng.randint(5, 22), rng.choice([0, 10, 15, 25, 30, 40, 45, 55])),
                                    tzinfo=dt.timezone(dt.timedelta(hours=rng.choice([0, 0, 2, 3]))))
    target = rng.randint(*target_words)

    paras: list[str] = []
    ev_words = bg_words = 0
    lead_s = event_sentence(rng, lead, pub_day, outlet)
    if style in ("wire", "paper", "state") and rng.random() < 0.85 and city:
        stamp = f"{MONTHS[pub_day.month - 1]} {pub_day.day}"
        lead_s = f"{city}, {stamp} ({outlet}) - {lead_s}"
    elif style == "ngo":
        lead_s = expand(rng, "[The|Our] [documentation team|field researchers|network] recorded the following [incidents|violations] [in the past 48 hours|on " + WEEKDAYS[lead.day.weekday()] + "]. ") + lead_s
    paras.append(lead_s)
    ev_words += len(lead_s.split())
    det = detail_sentences(rng, lead, pub_day, outlet)
    cut = rng.randint(1, len(det))
    for chunk in (det[:cut], det[cut:]):
        if chunk:
            paras.append(" ".join(chunk))
            ev_words += len(paras[-1].split())

    # Then alternate: background when it is behind, else another happening elsewhere.
    words = ev_words
    extra = 0
    used: set[tuple[str, int]] = set()
    while words < target:
        if bg_words < ev_words:
            p = background_paragraph(rng, lead, pub_day, used)
            bg_words += len(p.split())
        else:
            extra += 1
            other_day = pub_day - dt.timedelta(days=rng.choice([0, 0, 1, 1, 2, 3]))
            h = make_happening(rng, places, other_day)
            intro = expand(rng, "[Elsewhere, |In [another|a separate] [incident|development], |Meanwhile, |Further [north|south|east|west], |]")
            s = event_sentence(rng, h, pub_day, outlet, first=True)
            if intro:
                first = s.split()[0]
                keep = first in ("Syrian", "Russian", "Islamist", "Free") or (first.isupper() and len(first) > 1)
                s = intro + (s if keep else s[0].lower() + s[1:])
            if rng.random() < 0.5:
                s += " " + " ".join(detail_sentences(rng, h, pub_day, outlet)[:rng.randint(1, 2)])
            p = tidy(s)
            ev_words += len(p.split())
        paras.append(p)
        words = ev_words + bg_words
    if rng.random() < 0.8:
        paras.append(closing(rng, outlet))

    title = headline(rng, lead)
    if style in ("wire", "paper") and rng.random() < 0.5:
        paras.insert(0, title.upper() if rng.random() < 0.5 else title)
    slug = re.sub(r"[^a-z0-9]+", "-", outlet.lower()).strip("-")
    doc_id = f"{i:06d}-{slug}-{pub_day.isoformat()}"
    return Article(doc_id, outlet, title, published, "\n\n".join(paras) + "\n")


def generate(out: Path, n: int, seed: int = 1, fmt: str = "txt", per_day: int = 20) -> Path:
    """Write n articles under out; returns the path to give `eventsift run`."""
    places = load_places()
    out.mkdir(parents=True, exist_ok=True)
    if fmt == "jsonl":
        path = out / "corpus.jsonl"
        with open(path, "w", encoding="utf-8") as f:
            for i in range(n):
                a = make_article(seed, i, places, per_day)
                f.write(json.dumps({"id": a.id, "text": a.text, "outlet": a.outlet, "title": a.title,
                                    "published": a.published.isoformat(), "language": a.language,
                                    "url": f"https://example.org/{a.id}"}, ensure_ascii=False) + "\n")
        return path
    with open(out / "metadata.csv", "w", encoding="utf-8", newline="") as mf:
        w = csv.writer(mf)
        w.writerow(["file", "outlet", "title", "published", "language"])
        for i in range(n):
            a = make_article(seed, i, places, per_day)
            (out / f"{a.id}.txt").write_text(a.text, encoding="utf-8")
            w.writerow([f"{a.id}.txt", a.outlet, a.title, a.published.isoformat(), a.language])
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path, help="output folder (created)")
    ap.add_argument("-n", "--docs", type=int, default=1000, help="number of articles (default 1000)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--format", choices=("txt", "jsonl"), default="txt",
                    help="txt files + metadata.csv (default) or one corpus.jsonl")
    ap.add_argument("--per-day", type=int, default=20, help="articles published per day (default 20)")
    ap.add_argument("--show", type=int, metavar="I", help="print article I to stdout and write nothing")
    args = ap.parse_args(argv)
    if args.show is not None:
        a = make_article(args.seed, args.show, load_places(), args.per_day)
        print(f"# {a.id} | {a.outlet} | {a.published.isoformat()} | {a.title}\n")
        print(a.text)
        print(f"# {len(a.text.split())} words", file=sys.stderr)
        return 0
    path = generate(args.out, args.docs, args.seed, args.format, args.per_day)
    print(f"wrote {args.docs} articles to {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
