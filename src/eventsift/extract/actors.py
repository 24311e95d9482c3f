"""Actors named in a clause, with ACLED's inter codes, and who did what to whom.

inter: 1 state forces, 2 rebel groups (defectors, the Free Syrian Army), 3 political
militias (shabiha), 4 identity militias, 5 rioters, 6 protesters, 7 civilians,
8 external/other forces (foreign militaries).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from eventsift.extract.patterns import Gate, Spans, fast
from eventsift.model import Actor

__all__ = ["NAME", "VERSION", "INTER", "ActorMention", "find_actors", "assign", "actor_name"]

NAME = "actors"
VERSION = "1"


@dataclass(frozen=True)
class ActorMention:
    start: int
    end: int
    inter: int
    key: str  # the kind of actor: army, police, defectors, protesters ...


def _r(p: str) -> re.Pattern[str]:
    return fast(p)


# Order matters: the first pattern to claim a stretch of text wins (external before state).
_LEXICON: list[tuple[int, str, re.Pattern[str]]] = [
    (8, "russian military police", _r(r"\bRussian (?:military police|forces|troops|soldiers|army|air ?force|jets|warplanes|military)\b")),
    (8, "foreign forces", _r(r"\b(?:Turkish|Iranian|Israeli|American|US|U\.S\.|coalition|Hezbollah) (?:forces|troops|soldiers|jets|warplanes|air ?strikes|military|snipers)\b|\bUN (?:peacekeepers|observers|monitors)\b|\bIranian snipers\b")),
    (2, "defectors", _r(r"\b(?:army |military |suspected |the )?defect(?:ors|ing (?:soldiers|troops)|ed (?:soldiers|men|troops|conscripts))\b|\bdefector\b")),
    (2, "free syrian army", _r(r"\bFree Syrian Army\b|\bFSA\b")),
    (2, "rebels", _r(r"\brebels?\b|\binsurgents?\b|\barmed (?:group|men|gangs?|opposition|factions?)\b|\bopposition (?:fighters|factions|forces)\b|\bmilitants?\b|\bjihadists?\b|\bgunmen\b|\bterrorists?\b")),
    (3, "shabiha", _r(r"\b[sc]habb?ih?a\b|\bpro-(?:government|regime) (?:militias?|gunmen)\b|\bparamilitar(?:y|ies)\b|\bNational Defen[cs]e Forces?\b|\b(?:armed |local |regime )?militias?\b|\bShiite militants\b")),
    (1, "police", _r(r"\b(?:riot |plain[- ]clothes |secret |military )?police(?:men)?\b(?! in civilian)|\bpolice in civilian clothes\b")),
    (1, "security forces", _r(r"\bsecurity (?:forces|services|personnel|agents|officers)\b|\bsecret services\b|\bintelligence (?:services|agents|officers)\b|\bmukhabarat\b")),
    (1, "military", _r(r"\b(?:the |regular |Syrian |government |regime |Assad'?s? |state )?(?:army|troops|soldiers|military|forces|tanks|regiments?|divisions?|conscripts|warplanes|jets|helicopters|snipers?)\b|\bFourth (?:army )?division\b|\bRepublican Guard\b|\bgovernment\b")),
    (4, "sectarian", _r(r"\b(?:Sunni|Alawi(?:te)?|Shia|Shiite|Christian|Druze|Kurdish|tribal|clan|sectarian)(?: Muslims?| minority| residents| gunmen| fighters| groups?| militias?|s)?\b")),
    (5, "rioters", _r(r"\brioters\b|\bmob\b")),
    (6, "protesters", _r(r"\bprotest(?:ers|ors)\b|\bdemonstrators\b|\bmarchers\b|\bmourners\b|\bcrowds? of protesters\b|\bprotesting crowd\b")),
    (7, "civilians", _r(r"\bcivilians?\b|\bresidents\b|\bchild(?:ren)?\b|\bwom[ae]n\b|\bmen\b|\bman\b|\bgirl\b|\bboy\b|\bfamil(?:y|ies)\b|\bpeople\b|\bambulances?\b|\bmedics?\b|\bmedical personnel\b|\bjournalists?\b|\bworshippers\b|\bvillagers\b|\bworkers\b|\bstudents\b|\bhospitals?\b|\bcrowd\b")),
]

_NAMES: dict[str, str] = {
    "military": "Military Forces of {c}", "police": "Police Forces of {c}",
    "security forces": "Military Forces of {c}", "shabiha": "Shabiha Militia",
    "defectors": "Military Forces of {c} - Defectors", "free syrian army": "Free Syrian Army",
    "rebels": "Opposition Rebels ({c})", "sectarian": "Communal Militia ({c})",
    "rioters": "Rioters ({c})", "protesters": "Protesters ({c})", "civilians": "Civilians ({c})",
    "russian military police": "Military Forces of Russia - Military Police",
    "foreign forces": "Foreign Military Forces",
}


INTER = {key: inter for inter, key, _ in _LEXICON}


def actor_name(key: str, country: str | None) -> str:
    return _NAMES.get(key, key.title()).format(c=country or "Unknown")


# Words without which a lexicon entry cannot match, in the lexicon's order (see types._GATES).
_GATES: list[tuple[str, ...]] = [
    ("russian",),
    ("turkish", "iranian", "israeli", "american", "us ", "u.s.", "coalition", "hezbollah", "un "),
    ("defect",),
    ("free syrian army", "fsa"),
    ("rebel", "insurgent", "armed", "opposition", "militant", "jihadist", "gunmen", "terrorist"),
    ("habiha", "habbiha", "haba", "pro-", "paramilitar", "national defen", "militia", "shiite"),
    ("police",),
    ("security", "secret", "intelligence", "mukhabarat"),
    ("army", "troops", "soldier", "military", "forces", "tank", "regiment", "division", "conscripts",
     "warplanes", "jets", "helicopters", "sniper", "republican guard", "government"),
    ("sunni", "alawi", "shia", "shiite", "christian", "druze", "kurdish", "tribal", "clan", "sectarian"),
    ("rioters", "mob"),
    ("protest", "demonstrators", "marchers", "mourners"),
    ("civilian", "residents", "child", "wom", "men", "man", "girl", "boy", "famil", "people", "ambulance",
     "medic", "medical", "journalist", "worshippers", "villagers", "workers", "students", "hospital", "crowd"),
]


_GATE = Gate(_GATES)


def find_actors(text: str, start: int = 0, end: int | None = None) -> list[ActorMention]:
    end = len(text) if end is None else end
    taken = Spans()
    out: list[ActorMention] = []
    for i in _GATE.open(text[start:end]):
        inter, key, pattern = _LEXICON[i]
        for m in pattern.finditer(text, start, end):
            if taken.overlaps(m.start(), m.end()):
                continue
            taken.add(m.start(), m.end())
            out.append(ActorMention(m.start(), m.end(), inter, key))
    out.sort(key=lambda a: a.start)
    return out


_ARMED = {1, 2, 3, 4, 8}
_BY = re.compile(r"\bby\s+(?:the\s+|an?\s+)?$", re.IGNORECASE)


def assign(event_type: str, sub: str, mentions: list[ActorMention], text: str,
           trigger_start: int) -> tuple[ActorMention | None, ActorMention | None, int | None, int | None]:
    """actor1 (initiator) and actor2, as mentions where named, and their inter codes.

    Where the clause names no one, the type implies the usual parties: protesters
    protest; civilians are the targets of violence against civilians.
    """
    armed = [m for m in mentions if m.inter in _ARMED]
    # "killed by security forces": the agent of a passive verb is the initiator.
    agents = [m for m in armed if _BY.search(text, max(0, m.start - 12), m.start)]
    first_armed = agents[0] if agents else (armed[0] if armed else None)
    civilians = next((m for m in mentions if m.inter == 7), None)
    protesters = next((m for m in mentions if m.inter == 6), None)
    if event_type == "Protests":
        a1 = protesters
        a2 = first_armed if sub != "Peaceful protest" else None
        return a1, a2, 6, (a2.inter if a2 else (1 if sub != "Peaceful protest" else None))
    if event_type == "Riots":
        a1 = next((m for m in mentions if m.inter in (4, 5)), None)
        return a1, None, a1.inter if a1 else 5, None
    if event_type in ("Violence against civilians", "Explosions/Remote violence"):
        a2 = civilians if event_type == "Violence against civilians" or civilians else None
        inter2 = 7 if event_type == "Violence against civilians" else (a2.inter if a2 else None)
        return first_armed, a2, first_armed.inter if first_armed else None, inter2
    if event_type == "Battles":
        sides: list[ActorMention] = []
        for m in ([first_armed] if first_armed else []) + armed:
            if m and all(m.key != s.key for s in sides):
                sides.append(m)
        # An ambush or attack named with "by" puts the attacker first even when named last.
        a1 = sides[0] if sides else None
        a2 = sides[1] if len(sides) > 1 else None
        return a1, a2, a1.inter if a1 else None, a2.inter if a2 else None
    a1 = first_armed or protesters or civilians
    return a1, None, a1.inter if a1 else None, None
