"""Event typing by a small learned model: ACLED sub-event type (or no event) of a clause or snippet.

A multinomial logistic regression over hashed text features (word 1-2 grams and
character 3-5 grams inside word boundaries, so no vocabulary is stored) and the
trigger rules of `eventsift.extract.types` (which rules fired, and which one the
rules would pick). Thirty classes: ACLED's 25 sub-event types and five kinds of
report that are not ACLED events (natural and man-made disasters, diplomacy,
organised crime, claims of responsibility). The weights ship in
`eventsift/data/typing_model.npz`, trained by `scripts/train_typing.py`;
docs/typing.md gives the design, the data and the cross-validated scores.

    >>> from eventsift.extract.typing_model import predict
    >>> predict(["Warplanes struck a market in the town, killing four civilians."])[0].sub_event_type
    'Air/drone strike'
"""
from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from importlib import resources
from typing import Any

__all__ = [
    "NAME", "VERSION", "TypePrediction", "predict", "predict_proba",
    "LABELS", "ACLED_LABELS", "NON_EVENT_LABELS", "SUB_EVENT", "EVENT_TYPE",
    "featurize", "DEFAULT_CONFIG",
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
    "char_bits": 17,       # hashed char_wb 3-5 grams
    "word_weight": 1.0,
    "char_weight": 1.0,
    "rule_weight": 1.0,    # 0 turns the rule-trigger features off (text-only model)
    "text_weight": 1.0,    # 0 turns the text features off (rules-only model)
}
MAX_CHARS = 2000  # longer texts are cut: a clause or a snippet is what the model knows


@dataclass(frozen=True)
class TypePrediction:
    event_type: str       # ACLED event type; "" when is_event is False
    sub_event_type: str   # ACLED sub-event type; "" when is_event is False
    confidence: float     # calibrated probability of the top class (for a non-event: that it is no ACLED event)
    is_event: bool


def _n_rules() -> int:
    from eventsift.extract import types as types_x
    return len(types_x._RULES)


_VEC_CACHE: dict[tuple, Any] = {}


def _vectorizers(config: dict[str, Any]):
    key = (config["word_bits"], config["char_bits"])
    vecs = _VEC_CACHE.get(key)
    if vecs is None:
        from sklearn.feature_extraction.text import HashingVectorizer
        word = HashingVectorizer(analyzer="word", ngram_range=(1, 2), n_features=2 ** config["word_bits"],
                                 alternate_sign=False, norm=None, lowercase=True,
                                 token_pattern=r"(?u)\b\w+\b", dtype=__import__("numpy").float32)
        char = HashingVectorizer(analyzer="char_wb", ngram_range=(3, 5), n_features=2 ** config["char_bits"],
                                 alternate_sign=False, norm=None, lowercase=True,
                                 dtype=__import__("numpy").float32)
        vecs = _VEC_CACHE[key] = (word, char)
    return vecs


def rule_features(texts: list[str]):
    """Dense rule features: for each trigger rule, whether it fired; one-hot of the rule that
    `types.classify` picks; a column for 'no trigger at all'."""
    import numpy as np
    from eventsift.extract import types as types_x
    n = _n_rules()
    out = np.zeros((len(texts), 2 * n + 1), dtype=np.float32)
    for i, text in enumerate(texts):
        trig = types_x.find_triggers(text)
        if not trig:
            out[i, 2 * n] = 1.0
            continue
        for t in trig:
            out[i, t.rank] = 1.0
        best = types_x.classify(trig)
        out[i, n + best.rank] = 1.0
    return out


def _l2(m):
    import numpy as np
    from sklearn.preprocessing import normalize
    m.data = np.log1p(m.data)
    return normalize(m, norm="l2", copy=False)


def featurize(texts: list[str], config: dict[str, Any] | None = None):
    """The model's input: a CSR matrix, hashed word and char blocks (log tf, L2 each) then rule features."""
    import scipy.sparse as sp
    config = {**DEFAULT_CONFIG, **(config or {})}
    texts = [_clean(t) for t in texts]
    word, char = _vectorizers(config)
    blocks = []
    tw = config["text_weight"]
    blocks.append(_l2(word.transform(texts)) * (tw * config["word_weight"]))
    blocks.append(_l2(char.transform(texts)) * (tw * config["char_weight"]))
    blocks.append(sp.csr_matrix(rule_features(texts) * config["rule_weight"]))
    return sp.hstack(blocks, format="csr", dtype="float32")


def _clean(text: Any) -> str:
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    return text[:MAX_CHARS]


# ---------------------------------------------------------------- the shipped model

_LOCK = threading.Lock()
_MODEL: dict[str, Any] | None = None


def _load() -> dict[str, Any]:
    """Read typing_model.npz once: weights (dense, or the used columns only), bias, temperature."""
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
            n_features = int(meta["n_features"])
            dense = np.zeros((n_features, w.shape[1]), dtype=np.float32)
            dense[cols] = w
            labels = tuple(meta["labels"])
            _MODEL = {"config": meta["config"], "W": dense, "b": bias, "labels": labels,
                      "temperature": float(meta["temperature"]), "meta": meta,
                      "event_mask": np.array([lab in _ACLED for lab in labels])}
    return _MODEL


def predict_proba(texts: list[str]):
    """Calibrated class probabilities, shape (len(texts), len(labels)), and the labels."""
    import numpy as np
    m = _load()
    if not texts:
        return np.zeros((0, len(m["labels"])), dtype=np.float32), m["labels"]
    x = featurize(list(texts), m["config"])
    z = (x @ m["W"] + m["b"]) / m["temperature"]
    z -= z.max(axis=1, keepdims=True)
    p = np.exp(z)
    p /= p.sum(axis=1, keepdims=True)
    return p, m["labels"]


def predict(texts: list[str]) -> list[TypePrediction]:
    """The ACLED type and sub-type of each text, or is_event=False for a non-event."""
    p, labels = predict_proba(texts)
    mask = _load()["event_mask"]
    out = []
    for row in p:
        k = int(row.argmax())
        conf = float(row[k])
        if mask[k]:
            lab = labels[k]
            out.append(TypePrediction(EVENT_TYPE[lab], SUB_EVENT[lab], _unit(conf), True))
        else:
            out.append(TypePrediction("", "", _unit(float(row[~mask].sum())), False))
    return out


def _unit(x: float) -> float:
    return 0.0 if math.isnan(x) else min(1.0, max(0.0, x))
