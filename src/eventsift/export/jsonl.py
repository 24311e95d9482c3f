"""JSON Lines: one event a line, with its claims, their spans and their extractors."""
from __future__ import annotations

import json
from typing import Any, Callable, Iterable, TextIO

__all__ = ["write_jsonl"]


def write_jsonl(events: Iterable[dict[str, Any]], out: TextIO,
                claims_of: Callable[[str], list[dict[str, Any]]]) -> int:
    n = 0
    for e in events:
        record = {**e, "claims": [c["data"] for c in claims_of(e["id"])]}
        out.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
        n += 1
    return n
