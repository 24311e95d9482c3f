"""Event typing by a small learned model: ACLED sub-event type (or no event) of a clause or snippet.

A linear classifier (one-vs-rest linear SVM; its scores become probabilities by a
softmax with a temperature fitted on cross-validated scores) over hashed text
features (word 1-2 grams and character 4-5 grams inside word boundaries, and word
1-2 grams of the lead sentence, so no vocabulary is stored), the trigger rules of
`eventsift.extract.types` (which rules fired, and which one the rules would pick)
and a few context cues (who takes territory: state forces or a non-state group; is
a protest met with lethal force, dispersed, or does it turn violent). Thirty
classes: ACLED's 25 sub-event types and five kinds of report that are not ACLED
events (natural and man-made disasters, diplomacy, organised crime, claims of
responsibility). The weights ship in `eventsift/data/typing_model.npz`, trained by
`scripts/train_typing.py`; docs/typing.md gives the design, the data and the
cross-validated scores. The model is read once, on first use.

    >>> from eventsift.extract.typing_model import predict
    >>> predict(["Warplanes struck a market in the town, killing four civilians."])[0].sub_event_type
    'Air/drone strike'
"""
from __future__ import annotations

import math
import re
import threading
from dataclasses import dataclass
from importlib import resources
from typing import Any

__all__ = [
    "NAME", "VERSION", "TypePrediction", "predict", "predict_proba",
    "LABELS", "ACLED_LABELS", "NON_EVENT_LABELS", "SUB_EVENT", "EVENT_TYPE",
    "featurize", "n_features", "rule_features", "context_features", "lead_sentence",
    "CONTEXT_FEATURES", "DEFAULT_CONFIG", "rule_keys", "fired_rules",
]

NAME = "typing-model"
VERSION = "1"

_BAT, _EXP, _VAC = "Battles", "Explosions/Remote violence", "Violence against civilians"
_PRO, _RIO, _STR = "Protests", "Riots", "Strategic developments"

# CASE 2021 label -> (ACLED event type, ACLED sub-event type); names as in eventsift.extract.types.
_ACLED: dict[str, tuple[str, str]] = {
    "ARMED_CLASH": (_BAT, "Armed clash"),
    "GOV_REGAINS_TERIT": (_BAT, "Government regains territory"),
    "NON_STATE_ACTOR_OVERTAKES_TER": (_BAT, "Non-state actor overtakes territory"),
    "CHEM_WEAP": (_EXP, "Chemical weapon"),
    "AIR_STRIKE": (_EXP, "Air/drone strike"),
    "SUIC_BOMB": (_EXP, "Suicide bomb"),
    "ART_MISS_ATTACK": (_EXP, "Shelling/artillery/missile attack"),
    "REM_EXPLOS": (_EXP, "Remote explosive/landmine/IED"),
    "GRENADE": (_EXP, "Grenade"),
    "SEX_VIOL": (_VAC, "Sexual violence"),
    "ATTACK": (_VAC, "Attack"),
    "ABDUCT_DISSAP": (_VAC, "Abduction/forced disappearance"),
    "PEACE_PROTEST": (_PRO, "Peaceful protest"),
    "PROTEST_WITH_INTER": (_PRO, "Protest with intervention"),
    "FORCE_AGAINST_PROTEST": (_PRO, "Excessive force against protesters"),
    "VIOL_DEMONSTR": (_RIO, "Violent demonstration"),
    "MOB_VIOL": (_RIO, "Mob violence"),
    "AGREEMENT": (_STR, "Agreement"),
    "ARREST": (_STR, "Arrests"),
    "CHANGE_TO_GROUP_ACT": (_STR, "Change to group/activity"),
    "DISR_WEAP": (_STR, "Disrupted weapons use"),
    "HQ_ESTABLISHED": (_STR, "Headquarters or base established"),
    "PROPERTY_DISTRUCT": (_STR, "Looting/property destruction"),
    "NON_VIOL_TERRIT_TRANSFER": (_STR, "Non-violent transfer of territory"),
    "OTHER": (_STR, "Other"),
}
ACLED_LABELS: tuple[str, ...] = tuple(_ACLED)
NON_EVENT_LABELS: tuple[str, ...] = ("NATURAL_DISASTER", "MAN_MADE_DISASTER", "DIPLO", "ORG_CRIME", "ATTRIB")
LABELS: tuple[str, ...] = ACLED_LABELS + NON_EVENT_LABELS
SUB_EVENT: dict[str, str] = {k: v[1] for k, v in _ACLED.items()}
EVENT_TYPE: dict[str, str] = {k: v[0] for k, v in _ACLED.items()}

# Feature settings; the shipped model stores the ones it was trained with.
DEFAULT_CONFIG: dict[str, Any] = {
    "word_bits": 17,       # hashed word 1-2 grams
    "char_bits": 17,       # hashed char_wb n-grams
    "char_ngrams": [4, 5],  # their lengths, from and to
    "lead_bits": 16,       # hashed word 1-2 grams of the first sentence
    "word_weight": 1.0,
    "char_weight": 1.0,
    "lead_weight": 0.5,
    "rule_weight": 0.3,    # trigger rules of eventsift.extract.types; 0 turns them off
    "context_weight": 0.3,  # context cues (_CONTEXT); 0 turns them off
    "text_weight": 1.0,    # scales word, char and lead blocks; 0 turns the text off
}
MAX_CHARS = 2000  # longer texts are cut: a clause or a snippet is what the model knows


@dataclass(frozen=True)
class TypePrediction:
    event_type: str       # ACLED event type; "" when is_event is False
    sub_event_type: str   # ACLED sub-event type; "" when is_event is False
    confidence: float     # calibrated probability of the top class (of 30: 25 ACLED types, 5 non-events)
    is_event: bool


_VEC_CACHE: dict[tuple, Any] = {}


def _vectorizers(config: dict[str, Any]):
    key = (config["word_bits"], config["char_bits"], config["lead_bits"], tuple(config.get("char_ngrams", (3, 5))))
    vecs = _VEC_CACHE.get(key)
    if vecs is None:
        import numpy as np
        from sklearn.feature_extraction.text import HashingVectorizer
        common = {"alternate_sign": False, "norm": None, "lowercase": True, "dtype": np.float32}
        word = HashingVectorizer(analyzer="word", ngram_range=(1, 2), n_features=2 ** config["word_bits"],
                                 token_pattern=r"(?u)\b\w+\b", **common)
        char = HashingVectorizer(analyzer="char_wb", ngram_range=tuple(config.get("char_ngrams", (3, 5))),
                                 n_features=2 ** config["char_bits"],
                                 **common)
        lead = HashingVectorizer(analyzer="word", ngram_range=(1, 2), n_features=2 ** config["lead_bits"],
                                 token_pattern=r"(?u)\b\w+\b", **common)
        vecs = _VEC_CACHE[key] = (word, char, lead)
    return vecs


def _required_literals(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Lower-case strings of which every match of pattern contains at least one, or None when
    no such set is found. Read from the parsed pattern: a sequence needs any one of its mandatory
    parts (a run of literal characters, a group, a branch whose every arm needs a literal)."""
    try:
        from re import _constants as c, _parser as parser  # Python >= 3.11
    except ImportError:  # pragma: no cover - older Pythons
        import sre_constants as c  # type: ignore[no-redef]
        import sre_parse as parser  # type: ignore[no-redef]
    repeats = {c.MAX_REPEAT, c.MIN_REPEAT} | ({c.POSSESSIVE_REPEAT} if hasattr(c, "POSSESSIVE_REPEAT") else set())

    def walk(seq) -> frozenset[str] | None:
        options: list[frozenset[str]] = []
        run = ""
        for op, av in seq:
            if op is c.LITERAL and (av < 128 or _caseless(chr(av))):
                run += chr(av).lower()
                continue
            if run:
                options.append(frozenset([run]))
                run = ""
            sub = None
            if op is c.SUBPATTERN:
                sub = walk(av[-1])
            elif op is c.BRANCH:
                arms = [walk(arm) for arm in av[1]]
                sub = frozenset().union(*arms) if all(arms) else None
            elif op in repeats and av[0] >= 1:
                sub = walk(av[2])
            if sub:
                options.append(sub)
        if run:
            options.append(frozenset([run]))
        return max(options, key=lambda o: min(map(len, o))) if options else None

    try:
        return walk(parser.parse(pattern.pattern, pattern.flags))
    except Exception:  # an unexpected construct: no prefilter, the regex always runs
        return None


def _caseless(ch: str) -> bool:
    """A letter without case (Arabic, say): re.IGNORECASE matches it to itself alone."""
    return ch.lower() == ch == ch.upper() and ch.casefold() == ch


_PREFILTER: list | None = None


def _rules_with_prefilter() -> list:
    global _PREFILTER
    if _PREFILTER is None:
        from eventsift.extract import types as types_x
        _PREFILTER = [(rank, pattern, _required_literals(pattern))
                      for rank, (_, _, pattern, _) in enumerate(types_x._RULES)]
    return _PREFILTER


def _fold(text: str) -> str:
    # casefold, and the two letters that re.IGNORECASE matches to 'i' but casefold() does not give as 'i'
    return text.casefold().replace("\u0131", "i").replace("i\u0307", "i")


def fired_rules(text: str, folded: str | None = None) -> list[int]:
    """Ranks of the trigger rules of eventsift.extract.types that match text: the same set as
    {t.rank for t in types.find_triggers(text)}, faster (a rule runs only where its literals occur).
    folded: _fold(text), where the caller has it."""
    folded = _fold(text) if folded is None else folded
    return [rank for rank, pattern, need in _rules_with_prefilter()
            if (need is None or any(lit in folded for lit in need)) and pattern.search(text)]


def rule_keys() -> list[str]:
    """A name for each trigger rule of eventsift.extract.types, in its order: the sub-event type and
    how many rules of that sub-type came before ("Attack#1"). The model stores the keys it was trained
    with, so rules added, removed or reordered later do not shift its columns."""
    from eventsift.extract import types as types_x
    seen: dict[str, int] = {}
    keys = []
    for _, sub, _, _ in types_x._RULES:
        keys.append(f"{sub}#{seen.get(sub, 0)}")
        seen[sub] = seen.get(sub, 0) + 1
    return keys


_KEY_MAPS: dict[tuple, list[int]] = {}


def _key_map(keys: tuple[str, ...]) -> list[int]:
    """For each current rule (by rank), its column among keys, or -1."""
    current = tuple(rule_keys())
    got = _KEY_MAPS.get((current, keys))
    if got is None:
        where = {k: i for i, k in enumerate(keys)}
        got = _KEY_MAPS[(current, keys)] = [where.get(k, -1) for k in current]
    return got


def rule_features(texts: list[str], triggers: list[list] | None = None, keys: list[str] | None = None,
                  folded: list[str] | None = None):
    """Dense rule features, one block per rule key: whether the rule fired; one-hot of the rule that
    `types.classify` picks (the lowest rank that fired); then a column for 'no trigger at all'.
    keys: the rule keys of the columns (default: the current rules, rule_keys()). triggers, when
    given, are types.find_triggers of each text (a caller that has them saves time)."""
    import numpy as np
    keys = tuple(keys) if keys is not None else tuple(rule_keys())
    col = _key_map(keys)
    n = len(keys)
    out = np.zeros((len(texts), 2 * n + 1), dtype=np.float32)
    for i, text in enumerate(texts):
        if triggers is not None:
            ranks = sorted({t.rank for t in triggers[i]})
        else:
            ranks = fired_rules(text, folded[i] if folded is not None else None)
        if not ranks:
            out[i, 2 * n] = 1.0
            continue
        for r in ranks:
            if col[r] >= 0:
                out[i, col[r]] = 1.0
        if col[ranks[0]] >= 0:
            out[i, n + col[ranks[0]]] = 1.0
    return out


# ---------------------------------------------------------------- context cues

def _ri(p: str) -> re.Pattern[str]:
    return re.compile(p, re.IGNORECASE)


# State forces, and non-state armed groups (generic words, and well-known group names;
# acronyms are matched case-sensitively so that "IS" is not "is").
_STATE = _ri(r"\b(?:army|armies|troops|soldiers|military|(?:pro-)?government forces|security forces|regime forces"
             r"|federal (?:forces|troops)|police(?:men)?|commandos|marines|gendarmes?|national guard|loyalist forces"
             r"|state forces|armed forces|coalition forces|peacekeepers|security personnel|navy|air force)\b")
_NONSTATE = _ri(r"\b(?:rebels?|militants?|insurgents?|jihadists?|fighters|terrorists?|guerrillas?|militias?|militiamen"
                r"|Taliban|al[- ]Shabaa?b|Shabaab|Boko Haram|Islamic State|Daesh|al[- ]Qaeda|al-Nusra|Nusra"
                r"|Houthis?|Ansar Allah|Hezbollah|separatists|gunmen|bandits|Seleka|anti-Balaka|mujahideen"
                r"|extremists|armed groups?|Arakan Army|Tigrayan forces|opposition forces)\b"
                r"|(?-i:\b(?:ISIS|ISIL|IS|HTS|PKK|YPG|SDF|M23|ADF|FARC|ELN|NPA|JNIM|TPLF|AQAP|ISWAP)\b)")
_TAKE = _ri(r"\b(?:captur(?:ed?|ing)|seiz(?:ed?|es|ing)|took (?:over|control|back)|tak(?:en|ing) (?:over|control)"
            r"|retook|retak(?:en?|ing)|recaptur(?:ed?|ing)|regain(?:ed|ing)?|overr?an|overrun|liberat(?:ed?|ing)"
            r"|gained control|wrest(?:ed)?|reclaimed|drove|driven|pushed (?:back|out)|expelled|control(?:s|led|ling)? (?:of )?the)\b")
_TAKEN_BY = _ri(r"\b(?:fell to|fall(?:en)? to|(?:captured|seized|taken|overrun|liberated|retaken|recaptured) by)\b")
_PROTEST = _ri(r"\bprotest\w*|\bdemonstrat\w*|\brall(?:y|ies|ied)\b|\bmarch(?:ed|es|ers)?\b|\bsit-ins?\b"
               r"|\bmourners\b|\bcrowds?\b|\bstrik(?:e|es|ing)\b")
_LETHAL = _ri(r"\blive (?:ammunition|rounds|fire|bullets)\b|\bkill(?:ed|ing)\b|\bshot\b|\bopened fire\b"
              r"|\bfired (?:on|at|into)\b|\bdead\b|\bdied\b|\bexcessive force\b|\bviolently\b|\bbeat(?:en|ing)?\b"
              r"|\bbatons?\b|\binjur(?:ed|ing|ies)\b|\bwounded\b|\bcrackdown\b")
_INTERVENE = _ri(r"\btear ?gas\b|\bwater cannons?\b|\bdispers\w*|\bdetain\w*|\barrest\w*|\bbroke up\b"
                 r"|\bbroken up\b|\bsuppress\w*|\bpepper spray\b|\bstun grenades?\b|\brubber bullets\b")
_RIOT = _ri(r"\bstones?\b|\brocks?\b|\btorch\w*|\bset (?:fire|ablaze)\b|\bburn\w*|\bvandal\w*|\bclash\w*"
            r"|\bpetrol bombs?\b|\bmolotov\b|\bviolen\w*|\bsmash\w*|\bloot\w*|\bstorm(?:ed|ing)\b|\bthrew\b"
            r"|\bthrowing\b|\briot\w*|\bbarricades?\b")
CONTEXT_FEATURES = ("take_by_state", "take_by_nonstate", "taken_by_state", "taken_by_nonstate",
                    "first_actor_state", "first_actor_nonstate", "no_armed_actor",
                    "protest_lethal", "protest_intervention", "protest_violent", "protest_only")


def _last_actor_before(text: str, pos: int, width: int = 90) -> str | None:
    seg = text[max(0, pos - width):pos]
    s = [m.end() for m in _STATE.finditer(seg)]
    n = [m.end() for m in _NONSTATE.finditer(seg)]
    if not s and not n:
        return None
    return "s" if (s[-1] if s else -1) > (n[-1] if n else -1) else "n"


def _first_actor(text: str, folded: str | None = None) -> str | None:
    s = _STATE.search(text) if _may_match(_STATE, folded) else None
    n = _NONSTATE.search(text) if _may_match(_NONSTATE, folded) else None
    if s and (not n or s.start() < n.start()):
        return "s"
    return "n" if n else None


_LITERALS: dict[re.Pattern[str], frozenset[str] | None] = {}


def _may_match(pattern: re.Pattern[str], folded: str | None) -> bool:
    """False only where pattern cannot match: none of its required literals is in the folded text
    (folded None: no prefilter)."""
    if folded is None:
        return True
    if pattern not in _LITERALS:
        _LITERALS[pattern] = _required_literals(pattern)
    need = _LITERALS[pattern]
    return need is None or any(lit in folded for lit in need)


def _context_row(text: str, f, folded: str | None) -> None:
    if _may_match(_TAKE, folded):
        for m in _TAKE.finditer(text):
            who = _last_actor_before(text, m.start())
            if who:
                f[0 if who == "s" else 1] = 1.0
    if _may_match(_TAKEN_BY, folded):
        for m in _TAKEN_BY.finditer(text):
            who = _first_actor(text[m.end():m.end() + 60])
            if who:
                f[2 if who == "s" else 3] = 1.0
    who = _first_actor(text, folded)
    f[4 if who == "s" else 5 if who == "n" else 6] = 1.0
    if _may_match(_PROTEST, folded) and _PROTEST.search(text):
        lethal, intervene, riot = (_may_match(p, folded) and p.search(text) is not None
                                   for p in (_LETHAL, _INTERVENE, _RIOT))
        f[7], f[8], f[9], f[10] = lethal, intervene, riot, not (lethal or intervene or riot)


def context_features(texts: list[str], prefilter: bool = True, folded: list[str] | None = None):
    """Dense context cues, one column each (CONTEXT_FEATURES). prefilter=False runs every regex
    (the same result, slower: for tests); folded: _fold of each text, where the caller has them."""
    import numpy as np
    out = np.zeros((len(texts), len(CONTEXT_FEATURES)), dtype=np.float32)
    for i, text in enumerate(texts):
        _context_row(text, out[i], (folded[i] if folded is not None else _fold(text)) if prefilter else None)
    return out


_SENTENCE_END = re.compile(r"(?<=[a-z0-9\)\]\"'])[.!?]\s+(?=[A-Z\"'])")


def lead_sentence(text: str) -> str:
    return _SENTENCE_END.split(text, maxsplit=1)[0]


def _log_l2(m, weight: float):
    """log(1 + tf), each row scaled to L2 norm `weight` (in place; rows of zeros stay zero)."""
    import numpy as np
    d = np.log1p(m.data, out=m.data)
    if d.size:
        lengths = np.diff(m.indptr)
        sq = np.add.reduceat(d * d, m.indptr[:-1][lengths > 0])
        norms = np.ones(len(lengths), dtype=d.dtype)
        norms[lengths > 0] = np.sqrt(sq)
        d *= np.repeat(weight / norms, lengths)
    return m


def n_features(config: dict[str, Any]) -> int:
    n_rules = len(config.get("rules") or rule_keys())
    return (2 ** config["word_bits"] + 2 ** config["char_bits"] + 2 ** config["lead_bits"]
            + 2 * n_rules + 1 + len(CONTEXT_FEATURES))


def _blocks(texts: list[str], config: dict[str, Any], triggers: list[list] | None):
    """The feature blocks, in column order: three sparse hashed blocks, then two dense ones;
    a block whose weight is 0 is None (its columns are all zero)."""
    texts = [_clean(t) for t in texts]
    word, char, lead = _vectorizers(config)
    tw = config["text_weight"]
    out = []
    for vec, weight, docs in ((word, tw * config["word_weight"], texts),
                              (char, tw * config["char_weight"], texts),
                              (lead, tw * config["lead_weight"], None)):
        if weight:
            docs = docs if docs is not None else [lead_sentence(t) for t in texts]
            out.append(_log_l2(vec.transform(docs), weight))
        else:
            out.append(None)
    rw, cw = config["rule_weight"], config["context_weight"]
    folded = [_fold(t) for t in texts] if (rw and triggers is None) or cw else None
    out.append(rule_features(texts, triggers, config.get("rules"), folded) * rw if rw else None)
    out.append(context_features(texts, folded=folded) * cw if cw else None)
    return out


def _widths(config: dict[str, Any]) -> list[int]:
    return [2 ** config["word_bits"], 2 ** config["char_bits"], 2 ** config["lead_bits"],
            2 * len(config.get("rules") or rule_keys()) + 1, len(CONTEXT_FEATURES)]


def featurize(texts: list[str], config: dict[str, Any] | None = None, triggers: list[list] | None = None):
    """The model's input, a CSR matrix: hashed word, char and lead-sentence blocks (log tf, L2 each),
    then the rule and context columns, each block scaled by its weight in config. config["rules"]
    names the rule columns (default: the current rules); triggers: see rule_features."""
    import scipy.sparse as sp
    config = {**DEFAULT_CONFIG, **(config or {})}
    n = len(texts)
    if n == 0:
        return sp.csr_matrix((0, n_features(config)), dtype="float32")
    blocks = [sp.csr_matrix(b) if b is not None else sp.csr_matrix((n, w), dtype="float32")
              for b, w in zip(_blocks(texts, config, triggers), _widths(config))]
    x = sp.hstack(blocks, format="csr", dtype="float32")
    x.eliminate_zeros()
    return x


def _scores(texts: list[str], m: dict[str, Any], triggers: list[list] | None):
    """featurize(texts) @ weights + bias, block by block (no stacked matrix: faster)."""
    import numpy as np
    import scipy.sparse as sp
    cfg, row, w = m["config"], m["row"], m["W"]
    z = np.tile(m["b"], (len(texts), 1))
    offset = 0
    for block, width in zip(_blocks(texts, cfg, triggers), _widths(cfg)):
        if block is not None:
            if sp.issparse(block):
                remapped = sp.csr_matrix((block.data, row[block.indices + offset], block.indptr),
                                         shape=(block.shape[0], w.shape[0]))
                z += remapped @ w
            else:
                z += block @ w[row[offset:offset + width]]
        offset += width
    return z


def _clean(text: Any) -> str:
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    text = text[:MAX_CHARS]
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: the hashing vectorizers encode to UTF-8
        text = text.encode("utf-8", "replace").decode("utf-8")
    return text


# ---------------------------------------------------------------- the shipped model

_LOCK = threading.Lock()
_MODEL: dict[str, Any] | None = None


def _load() -> dict[str, Any]:
    """Read typing_model.npz once: the weights of the feature columns the training texts used
    (int8 with a per-class scale), biases, temperature, feature settings."""
    global _MODEL
    if _MODEL is not None:
        return _MODEL
    with _LOCK:
        if _MODEL is None:
            import json
            import numpy as np
            ref = resources.files("eventsift") / "data" / "typing_model.npz"
            with resources.as_file(ref) as path, np.load(path, allow_pickle=False) as z:
                meta = json.loads(str(z["meta"]))
                cols = z["columns"].astype(np.int64)
                w = z["weights"].astype(np.float32) * z["scale"].astype(np.float32)[None, :]
                bias = z["bias"].astype(np.float32)
            # feature column -> row of w; unused columns point at a final row of zeros
            row = np.full(int(meta["n_features"]), len(cols), dtype=np.int32)
            row[cols] = np.arange(len(cols), dtype=np.int32)
            w = np.vstack([w, np.zeros((1, w.shape[1]), dtype=np.float32)])
            labels = tuple(meta["labels"])
            _MODEL = {"config": meta["config"], "W": w, "row": row, "b": bias, "labels": labels,
                      "temperature": float(meta["temperature"]), "meta": meta,
                      "event_mask": np.array([lab in _ACLED for lab in labels])}
    return _MODEL


def predict_proba(texts: list[str], triggers: list[list] | None = None):
    """Calibrated probabilities of the 30 classes, shape (len(texts), 30), and the class labels
    (CASE 2021 names: LABELS). triggers: optional types.find_triggers of each text, to save time."""
    import numpy as np
    m = _load()
    texts = list(texts)
    if not texts:
        return np.zeros((0, len(m["labels"])), dtype=np.float32), m["labels"]
    if triggers is not None and len(triggers) != len(texts):
        raise ValueError("triggers must give one list of triggers per text")
    z = _scores(texts, m, triggers) / m["temperature"]
    z -= z.max(axis=1, keepdims=True)
    p = np.exp(z)
    p /= p.sum(axis=1, keepdims=True)
    return p, m["labels"]


def predict(texts: list[str], triggers: list[list] | None = None) -> list[TypePrediction]:
    """The ACLED event type and sub-event type of each text (a clause or a short snippet), or
    is_event=False where the top class is not an ACLED event (disaster, diplomacy, crime, claim of
    responsibility). confidence is the calibrated probability of the top class. triggers: optional
    eventsift.extract.types.find_triggers of each text, which the model would otherwise compute."""
    p, labels = predict_proba(texts, triggers)
    mask = _load()["event_mask"]
    out = []
    for row in p:
        k = int(row.argmax())
        conf = _unit(float(row[k]))
        if mask[k]:
            lab = labels[k]
            out.append(TypePrediction(EVENT_TYPE[lab], SUB_EVENT[lab], conf, True))
        else:
            out.append(TypePrediction("", "", conf, False))
    return out


def _unit(x: float) -> float:
    return 0.0 if math.isnan(x) else min(1.0, max(0.0, x))
