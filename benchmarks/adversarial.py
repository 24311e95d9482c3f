"""Extraction time on adversarial texts: inputs built to make regular expressions backtrack.

Each case repeats a unit that one of the extractors' patterns used to read in
quadratic or worse time (a run of spaces inside a sentence, a word of
capitals, a run of dots, "A. A. A.", thousands of actor mentions ...), to a
given size. tests/test_extract_limits.py holds `extract_claims` to a bound on
every case; this script prints the table in docs/reliability.md:

    .venv/bin/python benchmarks/adversarial.py                   # this tree
    .venv/bin/python benchmarks/adversarial.py --src OLD/src     # another tree, for "before"
    .venv/bin/python benchmarks/adversarial.py --only dots -n 50000

Every case runs in its own process with a time limit (--limit), so a case
that backtracks for hours is reported as "> limit".
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import time
from typing import Callable

__all__ = ["CASES", "LONG_LINES", "build", "document"]


def _rep(unit: str, size: int, head: str = "", tail: str = "") -> str:
    return head + unit * max(1, (size - len(head) - len(tail)) // len(unit)) + tail


# name -> (builder of a text of about `size` characters, what it attacks)
CASES: dict[str, tuple[Callable[[int], str], str]] = {
    "spaces inside a sentence": (lambda n: _rep(" ", n, "A", "b."), "dateline, clause split, source names"),
    "newline then spaces": (lambda n: _rep(" ", n, "\n", "x"), "clause split"),
    "one word of capitals": (lambda n: _rep("A", n), "source names"),
    "capitals and hyphens": (lambda n: _rep("-A", n), "source names"),
    "capital, spaces, said": (lambda n: _rep(" ", n, "A", " said"), "source names"),
    "according to + capitals": (lambda n: _rep("A", n, "according to "), "source names"),
    "a a a": (lambda n: _rep("a ", n), "dates, tolls"),
    "Abc Abc Abc": (lambda n: _rep("Abc ", n), "source names, places"),
    "commas": (lambda n: _rep(",", n), "clause split"),
    "killed, killed,": (lambda n: _rep("killed, ", n), "triggers, tolls"),
    "nested parentheses": (lambda n: _rep("(", n // 2) + _rep(")", n // 2), "dateline, credits"),
    "10,000 digits, killed": (lambda n: "1" * 10_000 + " killed", "toll numbers"),
    "1,000,000,... killed": (lambda n: _rep(",000", n, "1", " killed"), "toll numbers"),
    "dots": (lambda n: _rep(".", n), "sentence ends"),
    "A. A. A.": (lambda n: _rep("A. ", n), "sentence ends, abbreviations"),
    "Mr. Mr. Mr.": (lambda n: _rep("Mr. ", n), "abbreviations"),
    "!?!?": (lambda n: _rep("!?", n), "sentence ends"),
    "at least 1 1 1 killed": (lambda n: _rep("1 ", n, "at least ", "killed"), "tolls"),
    "a man a man": (lambda n: _rep("a man ", n), "actor mentions"),
    "a person who saw": (lambda n: _rep("a person who saw ", n), "source names"),
    "1 people and ... killed": (lambda n: _rep("1 people and ", n, "", "killed"), "tolls"),
    "reportedly killed in Homs;": (lambda n: _rep("reportedly killed in Homs; ", n), "claims, hedges"),
    "killed in Homs on Monday, and": (lambda n: _rep("2 men killed in Homs on Monday, and ", n), "claims"),
    "fled to Idlib, Foo Homs": (lambda n: _rep("Foo Homs ", n, "fled to Idlib "), "destinations"),
    "Foo Talbiseh": (lambda n: _rep("Foo Talbiseh ", n), "places in persons' names"),
    "Homs Homs": (lambda n: _rep("Homs ", n), "places"),
    "between March and": (lambda n: _rep("between March and ", n), "dates"),
    "BEIRUT BEIRUT": (lambda n: _rep("BEIRUT ", n), "dateline"),
    "independently + spaces": (lambda n: _rep(" ", n, "independently", "x"), "hedges"),
    "Arabic: yesterday killed": (lambda n: _rep("أمس قتل ", n), "Arabic dates, triggers"),
    "right-to-left marks": (lambda n: _rep("\u200f", n), "normalisation"),
    "said said": (lambda n: _rep("Said ", n), "source names"),
    "paragraphs": (lambda n: _rep("killed\n\n", n), "paragraphs"),
}

# Lines of 5 MB with no full stop: what a scraped table or a broken file can look like.
_WORDS = ("the of and to in a is that for on it with as was said he by at from his an were are which "
          "this be or has had not but have they one new after also who their more year two been would "
          "there people first other into over last than about its can only time could when most city")
LONG_LINES: dict[str, Callable[[int], str]] = {
    "5 MB of common words, no full stop": lambda n: _rep(_WORDS + " ", n),
    "5 MB of one character": lambda n: _rep("x", n),
    "5 MB: capital, then spaces": lambda n: _rep(" ", n, "A", "b"),
}


def build(name: str, size: int) -> str:
    if name in CASES:
        return CASES[name][0](size)
    return LONG_LINES[name](size)


def document(text: str):
    from eventsift.model import Document
    return Document(id="adversarial.txt", text=text, raw=text.encode("utf-8", "surrogatepass"), kind="text",
                    source="adversarial.txt", published=dt.datetime(2012, 3, 1, tzinfo=dt.timezone.utc))


def _child(name: str, size: int) -> None:
    from eventsift.extract.claims import extract_claims
    from eventsift.extract.places import Gazetteer
    gaz = Gazetteer.default()
    gaz.find("Homs")  # load the index before the clock starts
    text = build(name, size)
    doc = document(text)
    start = time.perf_counter()
    kwargs = {"budget": float("inf")} if "budget" in extract_claims.__code__.co_varnames else {}
    claims = extract_claims(doc, gaz, **kwargs)
    print(json.dumps({"seconds": time.perf_counter() - start, "chars": len(text), "claims": len(claims)}))


def _time(name: str, size: int, limit: float, src: str | None) -> str:
    env = dict(os.environ)
    if src:
        env["PYTHONPATH"] = os.path.abspath(src) + os.pathsep + env.get("PYTHONPATH", "")
    try:
        done = subprocess.run([sys.executable, __file__, "--child", name, "-n", str(size)], env=env,
                              capture_output=True, text=True, timeout=limit)
    except subprocess.TimeoutExpired:
        return f"> {limit:g} s"
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["?"])[-1]
        return f"error: {last[:80]}"
    return f"{json.loads(done.stdout.strip().splitlines()[-1])['seconds']:.2f} s"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", "--size", type=int, default=100_000, help="characters per case (default 100,000)")
    ap.add_argument("--long", type=int, default=5_000_000, help="characters per long line (default 5 MB)")
    ap.add_argument("--limit", type=float, default=120, help="seconds before a case is given up")
    ap.add_argument("--src", help="time the eventsift package in this src folder instead")
    ap.add_argument("--only", nargs="*", help="case names to run")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        _child(args.child, args.size)
        return
    names = args.only or [*CASES, *LONG_LINES]
    print("| case | characters | attacks | extract_claims |")
    print("|---|---:|---|---:|")
    for name in names:
        size = args.long if name in LONG_LINES else args.size
        chars = len(build(name, size))
        what = CASES[name][1] if name in CASES else "sentence length"
        print(f"| {name} | {chars:,} | {what} | {_time(name, size, args.limit, args.src)} |", flush=True)


if __name__ == "__main__":
    main()
