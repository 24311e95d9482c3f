#!/usr/bin/env python3
"""Train eventsift's typing model and print its cross-validated scores.

    .venv/bin/python scripts/train_typing.py            # CV table, then write the shipped model
    .venv/bin/python scripts/train_typing.py --no-save  # CV table only

Training data: the hand-written examples in src/eventsift/data/typing_examples.jsonl
(in every fold's training set) and the CASE 2021 dev snippets read from
../shared/corpus/case2021/dev.tsv at training time (only in the training folds;
never copied into the project). The CV table scores, with stratified k-fold CV
(fixed seed) on the dev snippets: the rules of eventsift.extract.types alone; the
model on text alone (hashed word and char n-grams); the hybrid (text + rule
triggers); the hybrid with context cues and the lead sentence (the shipped model);
and, with --logreg, logistic regression on the shipped features. Figures: weighted
F1 over ACLED's 25 sub-event types as the CASE 2021 task 2 scorer
(../shared/eval/score_types.py) computes it, and the share of non-event snippets
kept out. The shipped model is trained on all examples and all dev snippets; its
softmax temperature is fitted on the out-of-fold scores. Deterministic.
"""
from __future__ import annotations

import argparse
import collections
import csv
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from eventsift.extract import types as types_x  # noqa: E402
from eventsift.extract import typing_model as tm  # noqa: E402

SHARED = ROOT.parent / "shared"
DEV = SHARED / "corpus" / "case2021" / "dev.tsv"
EXAMPLES = ROOT / "src" / "eventsift" / "data" / "typing_examples.jsonl"
OUT = ROOT / "src" / "eventsift" / "data" / "typing_model.npz"
SEED = 20210801
NONE = "no event"

# The model settings compared by the CV below; SHIPPED is the one written to typing_model.npz
# (the feature settings are DEFAULT_CONFIG of eventsift.extract.typing_model).
_TEXT = {"lead_weight": 0.0, "rule_weight": 0.0, "context_weight": 0.0}
_BASE = {**tm.DEFAULT_CONFIG, "rules": tm.rule_keys()}  # the rule columns: today's rules of types.py
SPECS = {
    "model (text)": {"config": {**_BASE, **_TEXT}, "learner": "svm", "C": 1.0},
    "hybrid (text+rules)": {"config": {**_BASE, **_TEXT, "rule_weight": 0.3}, "learner": "svm", "C": 1.0},
    "hybrid+context": {"config": {**_BASE}, "learner": "svm", "C": 1.0},
}
SHIPPED = "hybrid+context"
LOGREG = {"config": {**_BASE}, "learner": "logreg", "C": 100.0}
EXAMPLE_WEIGHT = 1.0
_SUB_TO_LABEL = {v: k for k, v in tm.SUB_EVENT.items()}


def load_dev(path: Path = DEV) -> tuple[list[str], list[str]]:
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    return [r["EventSnippet"] for r in rows], [r["SubType"] for r in rows]


def load_examples(path: Path = EXAMPLES) -> tuple[list[str], list[str]]:
    texts, labels = [], []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            rec = json.loads(line)
            if rec["label"] not in tm.LABELS:
                raise ValueError(f"{path}:{n}: unknown label {rec['label']!r}")
            texts.append(rec["text"])
            labels.append(rec["label"])
    return texts, labels


# ---------------------------------------------------------------- scoring (as score_types.py)

def to_scored(label: str) -> str:
    """A predicted label as the scorer sees it: ACLED sub-types keep their name, the rest is 'no event'."""
    return label if label in tm.SUB_EVENT else NONE


def score(gold: list[str], pred: list[str]) -> dict:
    """Weighted F1 over the ACLED classes present in gold, per-class F1, and non-events kept out."""
    pred = [to_scored(p) for p in pred]
    support = collections.Counter(g for g in gold if g in tm.SUB_EVENT)
    tp, fp, fn = collections.Counter(), collections.Counter(), collections.Counter()
    for g, p in zip(gold, pred):
        if g not in tm.SUB_EVENT:
            continue
        if p == g:
            tp[g] += 1
        else:
            fn[g] += 1
            fp[p] += 1
    f1 = {}
    for c in support:
        prec = tp[c] / (tp[c] + fp[c]) if tp[c] + fp[c] else 0.0
        rec = tp[c] / (tp[c] + fn[c]) if tp[c] + fn[c] else 0.0
        f1[c] = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    total = sum(support.values())
    non = [p for g, p in zip(gold, pred) if g not in tm.SUB_EVENT]
    return {
        "weighted_f1": sum(f1[c] * support[c] for c in support) / total,
        "accuracy": sum(tp.values()) / total,
        "kept_out": sum(p == NONE for p in non) / len(non) if non else float("nan"),
        "per_class": f1,
        "support": dict(support),
    }


# ---------------------------------------------------------------- models

def rules_label(text: str) -> str:
    t = types_x.classify(types_x.find_triggers(text))
    if t is None or t.sub_event_type not in _SUB_TO_LABEL:
        return NONE
    return _SUB_TO_LABEL[t.sub_event_type]


def fit_matrix(x, labels: list[str], weights: np.ndarray, spec: dict):
    """A linear model on x; returns a full (n_features, 30) weight matrix and biases, whose
    x @ w + b are the class scores (absent classes score very low)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.svm import LinearSVC
    y = np.array([tm.LABELS.index(lab) for lab in labels])
    # Only the columns some training text uses (the rest get weight 0 under L2 anyway): much faster.
    used = np.unique(x.indices)
    if spec["learner"] == "svm":
        clf = LinearSVC(C=spec["C"], max_iter=5000, random_state=SEED)
    else:
        clf = LogisticRegression(C=spec["C"], tol=1e-3, max_iter=1000)
    clf.fit(x[:, used], y, sample_weight=weights)
    w = np.zeros((x.shape[1], len(tm.LABELS)), dtype=np.float64)
    b = np.full(len(tm.LABELS), -10.0)
    coef, icpt = clf.coef_, clf.intercept_
    if len(clf.classes_) == 2:  # binary case (never with this data) stored as one row
        coef, icpt = np.vstack([-coef, coef]), np.concatenate([-icpt, icpt])
    w[np.ix_(used, clf.classes_)] = coef.T
    b[clf.classes_] = icpt
    return w, b


def softmax(z: np.ndarray, t: float = 1.0) -> np.ndarray:
    z = z / t
    z = z - z.max(axis=1, keepdims=True)
    p = np.exp(z)
    return p / p.sum(axis=1, keepdims=True)


def fit_temperature(z: np.ndarray, y: np.ndarray) -> float:
    """Temperature that minimises the log loss of out-of-fold logits (a grid, then refined)."""
    def nll(t):
        p = softmax(z, t)
        return -np.mean(np.log(p[np.arange(len(y)), y] + 1e-12))
    grid = np.exp(np.linspace(np.log(0.05), np.log(20), 200))
    best = min(grid, key=nll)
    fine = np.linspace(best * 0.9, best * 1.1, 41)
    return float(min(fine, key=nll))


def cross_val(spec: dict, dev_x, dev_y, ex_x, ex_y, folds: int = 5, seed: int = SEED):
    """Out-of-fold logits on the dev snippets; own examples are in every training fold."""
    import warnings
    import scipy.sparse as sp
    from sklearn.model_selection import StratifiedKFold
    skf = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # classes with fewer members than folds
        splits = list(skf.split(np.zeros(len(dev_y)), dev_y))
    xd = tm.featurize(list(dev_x), spec["config"])  # features depend on each text alone
    xe = tm.featurize(list(ex_x), spec["config"])
    dev_y = np.array(dev_y, dtype=object)
    z = np.zeros((len(dev_x), len(tm.LABELS)))
    for tr, te in splits:
        x = sp.vstack([xe, xd[tr]], format="csr")
        labels = list(ex_y) + list(dev_y[tr])
        wts = np.concatenate([np.full(len(ex_x), EXAMPLE_WEIGHT), np.ones(len(tr))])
        w, b = fit_matrix(x, labels, wts, spec)
        z[te] = np.asarray(xd[te] @ w) + b
    return z


def labels_of(z: np.ndarray) -> list[str]:
    return [tm.LABELS[k] for k in z.argmax(axis=1)]


# ---------------------------------------------------------------- report

def table(results: dict[str, dict]) -> str:
    names = list(results)
    lines = ["| class | support | " + " | ".join(names) + " |",
             "| --- | ---: | " + " | ".join("---:" for _ in names) + " |"]
    first = results[names[0]]
    for c in sorted(first["support"], key=lambda c: tm.LABELS.index(c)):
        lines.append(f"| {c} | {first['support'][c]} | "
                     + " | ".join(f"{results[n]['per_class'][c]:.2f}" for n in names) + " |")
    for key, title in (("weighted_f1", "**weighted F1 (25 ACLED types)**"), ("accuracy", "accuracy (ACLED snippets)"),
                       ("kept_out", "**non-events kept out**")):
        lines.append(f"| {title} | | " + " | ".join(f"{results[n][key]:.3f}" for n in names) + " |")
    return "\n".join(lines)


def save(w: np.ndarray, b: np.ndarray, temperature: float, spec: dict, info: dict, path: Path = OUT) -> None:
    """Keep only the columns some training text used; int8 weights with a per-class scale."""
    used = np.flatnonzero(np.abs(w).max(axis=1) > 0)
    wu = w[used]
    scale = np.abs(wu).max(axis=0) / 127.0
    scale[scale == 0] = 1.0
    q = np.clip(np.rint(wu / scale[None, :]), -127, 127).astype(np.int8)
    meta = {"name": tm.NAME, "version": tm.VERSION, "labels": list(tm.LABELS), "config": spec["config"],
            "learner": spec["learner"], "C": spec["C"], "example_weight": EXAMPLE_WEIGHT,
            "n_features": int(w.shape[0]), "temperature": temperature, **info}
    np.savez_compressed(path, columns=used.astype(np.int32), weights=q, scale=scale.astype(np.float32),
                        bias=b.astype(np.float32), meta=np.array(json.dumps(meta)))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--repeats", type=int, default=1,
                    help="also report the mean over this many CV seeds (seed, seed+1, ...)")
    ap.add_argument("--logreg", action="store_true", help="also score logistic regression on the shipped features")
    ap.add_argument("--no-save", action="store_true", help="print the CV table only")
    ap.add_argument("--json", help="write the CV figures here")
    args = ap.parse_args(argv)

    if not DEV.is_file():
        print(f"needs the CASE 2021 dev snippets at {DEV}", file=sys.stderr)
        return 2
    dev_x, dev_y = load_dev()
    ex_x, ex_y = load_examples()
    print(f"dev snippets: {len(dev_x)}; own examples: {len(ex_x)} ({len(set(ex_y))} classes); "
          f"{args.folds}-fold stratified CV, seed {args.seed}\n")

    t0 = time.time()
    specs = dict(SPECS)
    if args.logreg:
        specs["hybrid+context, logreg"] = LOGREG
    results = {"rules": score(dev_y, [rules_label(t) for t in dev_x])}
    oof = {}
    for name, spec in specs.items():
        oof[name] = cross_val(spec, dev_x, dev_y, ex_x, ex_y, args.folds, args.seed)
        results[name] = score(dev_y, labels_of(oof[name]))
    print(table(results))
    if args.repeats > 1:
        seeds = [args.seed + k for k in range(args.repeats)]
        print(f"\nmean over {args.repeats} CV seeds {seeds[0]}..{seeds[-1]} (weighted F1 / kept out):")
        for name, spec in specs.items():
            rs = [score(dev_y, labels_of(cross_val(spec, dev_x, dev_y, ex_x, ex_y, args.folds, sd))) for sd in seeds]
            f1s, kos = [r["weighted_f1"] for r in rs], [r["kept_out"] for r in rs]
            print(f"  {name:<24} {np.mean(f1s):.3f} (sd {np.std(f1s):.3f}) / {np.mean(kos):.3f}")
    z = oof[SHIPPED]
    y = np.array([tm.LABELS.index(lab) for lab in dev_y])
    temperature = fit_temperature(z, y)
    p = softmax(z, temperature)
    conf = p.max(axis=1)
    right = p.argmax(axis=1) == y
    bins = np.digitize(conf, [0.4, 0.6, 0.8])
    cal = "; ".join(f"{lo}-{hi}: n={int((bins == k).sum())} acc={right[bins == k].mean():.2f}"
                    for k, (lo, hi) in enumerate([(0, .4), (.4, .6), (.6, .8), (.8, 1)]) if (bins == k).any())
    print(f"\n{SHIPPED}: temperature {temperature:.4f}; out-of-fold mean confidence {conf.mean():.3f} vs "
          f"accuracy {right.mean():.3f} (30 classes); by confidence {cal}; took {time.time() - t0:.0f}s")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2), encoding="utf-8")
    if args.no_save:
        return 0

    spec = SPECS[SHIPPED]
    wts = np.concatenate([np.full(len(ex_x), EXAMPLE_WEIGHT), np.ones(len(dev_x))])
    w, b = fit_matrix(tm.featurize(ex_x + dev_x, spec["config"]), ex_y + dev_y, wts, spec)
    info = {"cv": {k: {"weighted_f1": round(v["weighted_f1"], 4), "kept_out": round(v["kept_out"], 4)}
                   for k, v in results.items() if k == "rules" or k in SPECS},
            "folds": args.folds, "seed": args.seed, "trained_on": {"examples": len(ex_x), "dev": len(dev_x)}}
    save(w, b, temperature, spec, info)
    print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
