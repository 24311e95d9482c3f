"""Event type and sub-type in ACLED's taxonomy, from trigger words in a clause.

Rules are ordered by ACLED's convention that the most serious and specific type
wins when a report fits two. Each rule names the words that fired it, so the
claim keeps the span of its trigger.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from eventsift.extract.patterns import Gate, fast

__all__ = ["NAME", "VERSION", "TypeMatch", "classify", "find_triggers", "CASUALTY_ONLY", "WEAK"]

NAME = "types"
VERSION = "1"

VAC, EXP, BAT, PRO, RIO, STR = ("Violence against civilians", "Explosions/Remote violence",
                                "Battles", "Protests", "Riots", "Strategic developments")
CASUALTY_ONLY = "casualty"
WEAK = 0.35  # confidence of triggers that need the clause's other words to settle the type  # a death reported with no words saying how


@dataclass(frozen=True)
class TypeMatch:
    event_type: str
    sub_event_type: str
    start: int
    end: int
    rank: int  # lower is more serious/specific
    confidence: float


def _r(pattern: str) -> re.Pattern[str]:
    return fast(pattern)


# (event_type, sub_event_type, pattern, confidence). Order = precedence.
_RULES: list[tuple[str, str, re.Pattern[str], float]] = [
    (EXP, "Chemical weapon", _r(r"\bchemical (?:attack|weapons?|strike)s?\b|\b(?:sarin|chlorine gas|nerve agent)\b"), 0.9),
    (EXP, "Suicide bomb", _r(r"\bsuicide (?:bomb(?:er|ing)?s?|attack(?:er)?s?|car bomb)\b"), 0.9),
    (PRO, "Excessive force against protesters",
     _r(r"\b(?:opened fire|fired|shot|shooting|firing|gunfire)\b[^.;]{0,40}\b(?:protesters|demonstrators|crowds?|mourners|funeral|marchers|sit-ins?)\b"
        r"|\b(?:protesters|demonstrators|crowds?|mourners)\b[^.;]{0,40}\b(?:dodged gunfire|shot dead|were shot|killed by|came under fire)\b"
        r"|\bkill(?:ed|ing) (?:\w+ )?(?:protesters|demonstrators)\b"), 0.75),
    (EXP, "Air/drone strike", _r(r"\bair ?(?:strikes?|raids?|attacks?)\b|\bairstrikes?\b|\bwarplanes?\b|\bjets? (?:struck|bombed|hit)\b|\bbarrel bombs?\b|\bhelicopter gunships?\b|\bdrone strikes?\b|\baerial bombardment\b|\b(?:MiG|Sukhoi|jet|warplane|helicopter)s? (?:strikes?|raids?|attacks?)\b"
        r"|غار(?:ة|ات) جوي|الطيران الحربي|طائر(?:ة|ات) حربي|برميل متفجر|البراميل المتفجرة"), 0.85),
    (EXP, "Remote explosive/landmine/IED", _r(r"\bcar bombs?\b|\bcar[- ]bomb(?:ing)?\b|\broadside bombs?\b|\b(?:IED|IEDs)\b|\bimprovised explosive\b|\blandmines?\b|\bexplosive device\b|\bbomb (?:exploded|went off|blast)\b|\bbomb(?:ing)? (?:in|at|near)\b|\bexplosion\b"
        r"|سيارة مفخخة|عبوة ناسفة|انفجار"), 0.7),
    (EXP, "Shelling/artillery/missile attack", _r(r"\bshell(?:ed|ing|s)\b|\bartillery\b|\bmortars?\b|\brockets? (?:fire|attacks?|hit|struck|landed)\b|\bmissiles?\b|\btanks? (?:fired|shelled|strikes?|fire)\b|\btank strike\b|\bbombard(?:ed|ment)\b"
        r"|قصف|قذائف|صواريخ|مدفعي"), 0.8),
    (EXP, "Grenade", _r(r"\b(?:threw|hurled|lobbed) (?:a |hand )?grenades?\b|\bgrenade attack\b"), 0.8),
    (BAT, "Government regains territory", _r(r"\b(?:regained|retook|recaptured|retake|re-?took|restored) (?:control|the|large|parts|most)\b|\b(?:troops|army|forces)\b[^.;]{0,60}\bnow control\b"), 0.7),
    (BAT, "Non-state actor overtakes territory", _r(r"\b(?:rebels|insurgents|defectors|fighters|militants|opposition)\b[^.;]{0,40}\b(?:captured|seized|took control|overran|stormed)\b"), 0.7),
    (BAT, "Armed clash", _r(r"\bclash(?:es|ed)?\b|\bfought\b|\bfighting\b|\bfights\b|\bgun ?battles?\b|(?-i:\bbattles?\b)(?! (?:for hearts|of ideas))|\bambush(?:ed)?\b|\bfirefights?\b|\bexchange(?:d)? (?:of )?fire\b|\bskirmish(?:es)?\b|\bstorm(?:ed)? (?:the|a)\b|اشتباك|معارك|كمين"), 0.75),
    (VAC, "Sexual violence", _r(r"\brap(?:e|ed|ing)\b|\bsexual(?:ly)? (?:violence|assault(?:ed)?|abuse)\b"), 0.85),
    (VAC, "Abduction/forced disappearance", _r(r"\babduct(?:ed|ion|s)?\b|\bkidnap(?:ped|ping)?\b|\bforcibly disappeared\b|\bdisappearance\b|\btaken hostage\b"), 0.8),
    (VAC, "Attack", _r(r"\bmassacre[ds]?\b|\bexecut(?:ed|ion|ions)\b|\bshot dead\b|\bgunned down\b|\btortur(?:ed|e)\b|\bsnipers? (?:shot|killed|fire)\b|\bopened fire (?:on|at)\b|\bshot at\b|\bgunfire rained\b|\bcame under fire\b|\briddled with bullet|\bbeat(?:en)? to death\b|\bstabbed\b|\bslaughter(?:ed)?\b"), 0.6),
    (RIO, "Mob violence", _r(r"\bmob\b|\blynch(?:ed|ing)?\b|\bvigilantes?\b"), 0.7),
    (RIO, "Violent demonstration", _r(r"\briot(?:s|ers|ing|ed)?\b|\bthrew (?:stones|rocks|petrol bombs|molotov)|\btorched\b|\bset fire to\b"), 0.7),
    (PRO, "Protest with intervention", _r(r"\btear ?gas\b|\bdispers(?:ed|e|ing)\b|\b(?:protesters|demonstrators) (?:were )?(?:arrested|detained|beaten)\b|\bwater cannon\b|\bbatons?\b"), 0.7),
    (PRO, "Peaceful protest", _r(r"(?<!\bin )\bprotest(?:ed|ing)\b|\bdemonstrat(?:ed|ing)\b|\brall(?:ied|ying)\b|(?-i:\bmarch(?:ed|ing)\b)|\bchant(?:s|ed|ing)?\b|\btook to the streets\b|مظاهر(?:ة|ات)|تظاهر|احتجاج|اعتصام"
        r"|\b(?:a|the|another|large|small|huge|mass|peaceful|weekly|new|night|evening) (?:anti-government |pro-democracy |student |night )?(?:protests?|demonstrations?|rall(?:y|ies)|(?-i:march(?:es)?)|sit-ins?)\b"
        r"(?! movements?| hubs?| coordinators?| slogans?| leaders?| organi[sz]ers?)|\b(?:protests?|demonstrations?|rall(?:y|ies)|sit-ins?) (?:in|at|outside|near|took place|erupted|broke out|were held|was held|spread)\b|\bprotests? (?:swell|grow)\b"), 0.7),
    (STR, "Agreement", _r(r"\b(?:ceasefire|cease-fire|truce|agreement|deal|accord|settlement|prisoner (?:swap|exchange))\b[^.;]{0,40}\b(?:reached|signed|concluded|struck|brokered|agreed|took effect|came into effect|announced|mediated)\b"
        r"|\b(?:reached|signed|concluded|struck|brokered|agreed on|announced|mediated)\b[^.;]{0,40}\b(?:ceasefire|cease-fire|truce|agreement|deal|accord|settlement)\b"
        r"|\bagreed to (?:a |an )?(?:ceasefire|truce|withdraw|release|exchange|evacuate|hand over|lay down)\b|\b(?:a|the) (?:ceasefire|truce|deal) (?:last|on|this)\b"), 0.6),
    (STR, "Arrests", _r(r"\barrest(?:ed|s|ing)?\b|\bdetain(?:ed|ing)\b|\bround-?up\b|\bdetention campaign\b|اعتقال|حملة مداهمات"), 0.6),
    (STR, "Non-violent transfer of territory", _r(r"\bwithdr(?:ew|awn|awal)\b|\b(?:first|second|third|last|final|new) (?:batch|convoy|group) of (?:evacuees|exiles|fighters|civilians|displaced)\b|\b(?:evacuees|exiles|fighters) (?:departed|left)\b|\bhanded over\b|\bpulled out\b|\bevacuat(?:ed|ion|ions)\b|\bevacuees\b|\bleft the (?:city|town|neighbourhood|neighborhood)\b"), 0.55),
    (STR, "Disrupted weapons use", _r(r"\bdefused\b|\bintercepted\b|\bweapons? (?:cache|seized)\b|\bdismantled (?:a|an|the) (?:bomb|device)\b"), 0.7),
    (STR, "Change to group/activity", _r(r"\bdefected\b(?! (?:soldiers|men|troops|conscripts|military))|\bdefection of\b|\bjoined (?:the )?(?:rebels|opposition|Free Syrian Army)\b"), 0.45),
    (STR, "Looting/property destruction", _r(r"\bloot(?:ed|ing)\b|\bransack(?:ed)?\b|\bdemolish(?:ed)?\b|\bburn(?:ed|t) (?:down )?(?:homes|houses|shops)\b"), 0.6),
    (STR, "Other", _r(r"\b(?:troops|soldiers|army|forces|tanks|regiment|division|battalions?)\b[^.;]{0,40}\b(?:arrived|deployed|moved into|rolled into|entered|were sent|was sent|surrounded|besieg(?:ed|ing)|lined)\b"), 0.45),
    # Nouns that name violence without saying against whom: weak evidence, typed by context.
    (VAC, "Attack", _r(r"\b(?:crackdown|repression|raids?|assault|attack(?:ed)?)\b"), WEAK),
    ("", CASUALTY_ONLY, _r(r"\bkill(?:ed|ing|s)?\b|\bdied\b|\bdead\b|\bdeaths?\b|\blost (?:their|his|her) li(?:ves|fe)\b|\bfatalit(?:y|ies)\b|\bbodies\b|\bmartyr(?:s|ed|dom)?\b|مقتل|قتل|قتيل|قتلى|شهيد|شهداء|استشهاد"), 0.4),
]
_RANK = {(t, s): i for i, (t, s, _, _) in enumerate(_RULES)}


# Words without which a rule cannot match (each of its alternatives contains one), in the
# rules' order. A clause is lower-cased once and a rule runs only when one of its words is in
# it: most rules are skipped on most clauses. tests/test_types.py checks the gate loses nothing.
_GATES: list[tuple[str, ...]] = [
    ("chemical", "sarin", "chlorine", "nerve agent"),
    ("suicide",),
    ("fire", "shot", "shooting", "gunfire", "kill"),
    ("air", "warplane", "jet", "barrel", "helicopter", "drone", "aerial", "mig", "sukhoi", "غار", "الطيران",
     "طائر", "برميل", "البراميل"),
    ("bomb", "ied", "explosive", "landmine", "explosion", "سيارة", "عبوة", "انفجار"),
    ("shell", "artillery", "mortar", "rocket", "missile", "tank", "bombard", "قصف", "قذائف", "صواريخ", "مدفعي"),
    ("grenade",),
    ("regained", "retook", "recaptured", "retake", "took", "restored", "now control"),
    ("captured", "seized", "took control", "overran", "stormed"),
    ("clash", "fought", "fighting", "fights", "battle", "ambush", "firefight", "fire", "skirmish", "storm",
     "اشتباك", "معارك", "كمين"),
    ("rap", "sexual"),
    ("abduct", "kidnap", "disappear", "hostage"),
    ("massacre", "execut", "shot", "gunned", "tortur", "sniper", "fire", "riddled", "beat", "stabbed", "slaughter"),
    ("mob", "lynch", "vigilante"),
    ("riot", "threw", "torched", "set fire"),
    ("tear", "dispers", "arrested", "detained", "beaten", "water cannon", "baton"),
    ("protest", "demonstrat", "rall", "march", "chant", "streets", "sit-in", "مظاهر", "تظاهر", "احتجاج",
     "اعتصام"),
    ("ceasefire", "cease-fire", "truce", "agreement", "deal", "accord", "settlement", "prisoner", "agreed"),
    ("arrest", "detain", "round", "detention", "اعتقال", "مداهمات"),
    ("withdr", "batch", "convoy", "group of", "departed", "left", "handed over", "pulled out", "evacuat",
     "evacuee"),
    ("defused", "intercepted", "weapon", "dismantled"),
    ("defect", "joined"),
    ("loot", "ransack", "demolish", "burn"),
    ("troops", "soldiers", "army", "forces", "tanks", "regiment", "division", "battalion"),
    ("crackdown", "repression", "raid", "assault", "attack"),
    ("kill", "died", "dead", "death", "lost", "fatalit", "bodies", "martyr", "مقتل", "قتل", "قتيل", "قتلى",
     "شهيد", "شهداء", "استشهاد"),
]


_GATE = Gate(_GATES)


def find_triggers(text: str, start: int = 0, end: int | None = None) -> list[TypeMatch]:
    end = len(text) if end is None else end
    out = []
    for rank in _GATE.open(text[start:end]):
        etype, sub, pattern, conf = _RULES[rank]
        for m in pattern.finditer(text, start, end):
            out.append(TypeMatch(etype, sub, m.start(), m.end(), rank, conf))
    return out


def _find_triggers_ungated(text: str, start: int = 0, end: int | None = None) -> list[TypeMatch]:
    """Every rule on the whole span: the reference the gates are tested against."""
    end = len(text) if end is None else end
    return [TypeMatch(etype, sub, m.start(), m.end(), rank, conf)
            for rank, (etype, sub, pattern, conf) in enumerate(_RULES)
            for m in pattern.finditer(text, start, end)]


def classify(triggers: list[TypeMatch]) -> TypeMatch | None:
    """The most serious/specific trigger; casualty words alone give a provisional match."""
    if not triggers:
        return None
    best = min(triggers, key=lambda t: (t.rank, t.start))
    # Corroborating triggers of the same type raise confidence.
    same = sum(1 for t in triggers if t.event_type == best.event_type)
    if same > 1 and best.event_type and best.confidence > WEAK:
        best = TypeMatch(best.event_type, best.sub_event_type, best.start, best.end, best.rank,
                         min(0.95, best.confidence + 0.1))
    return best
