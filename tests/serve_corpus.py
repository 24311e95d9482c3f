"""A small corpus written by the serve tests themselves (no ../shared needed)."""
from __future__ import annotations

import json
from pathlib import Path

# name: (text, metadata)
DOCS = {
    "wire.txt": (
        "Syrian government forces shelled the Khalidiya district of Homs on Tuesday, killing at least 12 "
        "people, the Syrian Observatory for Human Rights said.\n",
        {"outlet": "Levant Wire", "published": "2014-03-12T10:00:00Z", "title": "Homs shelling",
         "url": "https://example.org/wire"}),
    "state.txt": (
        "State media said troops killed 7 terrorists in the Khalidiya neighbourhood of Homs on Tuesday.\n",
        {"outlet": "Northern Dispatch", "published": "2014-03-12T12:00:00Z", "title": "Troops strike",
         "url": "https://example.org/state"}),
    "idlib.txt": (
        "Rebels clashed with government forces in Saraqeb in Idlib province on Monday, killing 6 fighters, "
        "activists said.\n",
        {"outlet": "Orontes Monitor", "published": "2014-03-04T09:00:00Z", "title": "Saraqeb clashes",
         "url": "https://example.org/idlib"}),
    "protest.txt": (
        "Hundreds of people protested peacefully in Douma on Friday, demanding the release of detainees, "
        "witnesses said.\n",
        {"outlet": "مرصد دوما", "published": "2014-03-08T09:00:00Z", "title": "تظاهرة في دوما",
         "url": "https://example.org/douma"}),
    # Markup in a report is text: it must never run or become elements anywhere.
    "xss.txt": (
        "Government forces shelled Talbiseh on Sunday, killing 3 people <script>alert('x')</script> and "
        "wounding others <img src=x onerror=alert('y')>, activists said.\n",
        {"outlet": "Evil <b>Outlet</b><script>alert(1)</script>", "published": "2014-03-10T09:00:00Z",
         "title": "<img src=x onerror=alert('t')>", "url": "javascript:alert(1)"}),
}


def write_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, (text, meta) in DOCS.items():
        (folder / name).write_text(text, encoding="utf-8")
        (folder / f"{name}.meta.json").write_text(json.dumps({"language": "en", **meta}), encoding="utf-8")
    return folder
