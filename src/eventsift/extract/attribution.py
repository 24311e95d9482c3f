"""Who is quoted as saying so (the attribution chain) and how the claim is hedged."""
from __future__ import annotations

import re
from dataclasses import dataclass

from eventsift.extract.patterns import Spans, fast
from eventsift.model import Attribution

__all__ = ["NAME", "VERSION", "SourceMention", "chain", "find_sources", "find_hedges", "is_generic",
           "source_kind"]

NAME = "attribution"
VERSION = "1"

# Who: a named body, or a kind of witness. Capitalised names of up to six words, or known groups.
# The second pattern is tried at every capital letter, so words are bounded (40 characters) and
# read once (possessive: what follows a name is a comma or a space, never more of the word), and
# so are the spaces between them: a long run of capitals or spaces stays linear. After "said" a
# name may end in a dot that the closing \b gives back ("said Mr."), so there words backtrack.
_WHO_TEMPLATE = (
    r"(?P<who>(?:the\s+)?(?:Syrian Observatory for Human Rights|SOHR|LCCS|Local Coordination Committees|"
    r"[A-Z][\w'’.-]{0,40}+(?:\s++(?:of|for|the|al|el|in|&)?\s*+[A-Z][\w'’.-]{0,40}+){0,5}|"
    r"(?:local |other |several )?(?:activists?|residents?|witness(?:es)?|eyewitness(?:es| reports)?|"
    r"medics|doctors|officials?|state media|state television|the government|the army|the military|"
    r"rights groups?|monitors?|the monitor|a monitoring group|sources?|narrators|observers|our Observers|"
    r"one of our Observers|a person who saw [\w ]{1,60}?|my contacts(?: there)?|the report|a defector|"
    r"the group|the observatory|the agency|the network|the committees?|It|it|"
    r"defectors|the opposition|opposition activists|a spokesman|the ministry)))")
_WHO = _WHO_TEMPLATE
_WHO_BACKTRACKING = _WHO_TEMPLATE.replace("{0,40}+", "{0,40}")
_PATTERNS = [
    re.compile(r"\baccording to\s+" + _WHO, re.IGNORECASE),
    # (tried only at a capital or where a word starts: "it said" in "visit said" names no one)
    re.compile(r"(?=[A-Z]|\b[a-z])" + _WHO + r",?\s+(?:has |have |had )?(?:said|says|say|reported|reports|reporting|is reporting|are reporting|claimed|claims|told|estimate[sd]?|described|confirmed|stated|announced|alleged|accuse[sd]?)\b"),
    re.compile(r"\b(?:said|says|say|reported|told)\s+" + _WHO_BACKTRACKING + r"\b"),
    re.compile(r"\b(?:per|citing|cited by)\s+" + _WHO),
    # "a Levant Wire reporter at the scene said": the outlet's own reporting
    re.compile(r"\b(?:an?|our|the)\s+(?P<who>[A-Z][\w'’.&-]{0,40}(?:\s+[A-Z][\w'’.&-]{0,40}){0,3})\s+"
               r"(?:reporter|correspondent|journalist|photographer|crew|team)s?\b"),
]
_CASELESS_WHO = re.compile(r"^(?:the\s+)?(?:activists?|residents?|witness|eyewitness|medics|doctors|officials?|state media|"
                           r"rights groups?|monitors?|sources?|narrators|observers|our observers|one of our observers|"
                           r"a person who saw|my contacts|the report|a defector|defectors|the opposition|"
                           r"opposition activists|a spokesman|the ministry|the government|the army|the military|"
                           r"the monitor|a monitoring group|state television|local |other |several )", re.IGNORECASE)
_NOT_WHO = re.compile(r"^(?:The|A|An|In|On|It|He|She|They|We|This|That|There|But|And|Video|Footage|"
                      r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)$")

_KINDS = [
    ("official", re.compile(r"government|state media|state television|ministry|official|army|military|SANA", re.I)),
    ("monitor", re.compile(r"observatory|SOHR|monitor|rights|LCCS|coordination|Insan|Amnesty|Human Rights Watch", re.I)),
    ("witness", re.compile(r"resident|witness|observer|narrator|contact|person who saw|defector|Lt\.|clerk", re.I)),
    ("activist", re.compile(r"activist|opposition|protester", re.I)),
    ("media", re.compile(r"\b(?:AP|AFP|Reuters|Al Jazeera|BBC|Guardian|Times|News|Press|TV|Agency|Lebanon)\b", re.I)),
]

_HEDGES = fast(
    r"\breportedly\b|\bpurportedly\b|\ballegedly\b|\bapparently\b|\bunconfirmed\b|\bclaimed\b|\bsaid to be\b|"
    r"\bare said to\b|\bis said to\b|\bcould not (?:be )?(?:independently )?(?:confirm|verif)\w*|"
    r"\b(?:was|is|wasn['’]t|isn['’]t) (?:not )?possible to independently (?:confirm|verify)\b|"
    r"\bnot (?:be )?independently (?:confirmed|verified)\b|\bindependently\s*+(?:\w+\s*+)?(?:confirm|verif)\w*|"
    r"\bI['’]ve heard\b|\bwe['’]re hearing\b|\brumou?rs?\b|\bsuspected\b|\bappears? to\b|\bmay have\b|\bpossibly\b",
    re.IGNORECASE)


@dataclass(frozen=True)
class SourceMention:
    start: int
    end: int
    who: str


_GENERIC = re.compile(r"^(?:the|a|an|it|its)?\s*(?:monitor|group|observatory|organi[sz]ation|agency|network|"
                      r"report|statement|committee|committees|council|ministry|outlet|channel|broadcaster|"
                      r"monitoring group|rights group|it|they)$", re.IGNORECASE)


def is_generic(who: str) -> bool:
    """"the monitor", "the group", "it": a source named earlier in the text, not a new one."""
    return bool(_GENERIC.match(who.strip()))


def source_kind(who: str) -> str:
    for kind, pattern in _KINDS:
        if pattern.search(who):
            return kind
    return "unknown"


def find_sources(text: str, start: int = 0, end: int | None = None) -> list[SourceMention]:
    end = len(text) if end is None else end
    out: list[SourceMention] = []
    taken = Spans()
    for pattern in _PATTERNS:
        for m in pattern.finditer(text, start, end):
            who = m.group("who").strip(" ,.")
            first = who.split()[0] if who.split() else ""
            bare = re.sub(r"^the\s+", "", who, flags=re.IGNORECASE)
            if not bare or _NOT_WHO.match(who) or (bare[0].islower() and not _CASELESS_WHO.match(who)):
                continue
            if first.lower() == "the" and len(who.split()) == 1:
                continue
            if taken.overlaps(m.start("who"), m.end("who")):
                continue
            mention = SourceMention(m.start("who"), m.start("who") + len(m.group("who").rstrip(" ,.")), who)
            taken.add(mention.start, mention.end)
            out.append(mention)
    out.sort(key=lambda s: s.start)
    return out


def chain(who: str | None, outlet: str | None) -> Attribution:
    """The chain from the original source to the outlet: "SOHR via EA WorldView"."""
    links: list[str] = []
    if who:
        links.append(re.sub(r"^(?:the|a|an)\s+", "", who, flags=re.IGNORECASE))
    if outlet and (not links or links[-1].lower() != outlet.lower()):
        links.append(outlet)
    return Attribution(tuple(links) or ("unattributed",), source_kind(who or outlet or ""))


def find_hedges(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    end = len(text) if end is None else end
    return [(m.start(), m.end()) for m in _HEDGES.finditer(text, start, end)]

