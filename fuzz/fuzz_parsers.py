"""Coverage-guided fuzzing of the ingest parsers and extraction (atheris; see fuzz/README.md).

Each input's first byte picks the name the rest is received under (.txt,
.html, .jsonl, .xml, .rss, .atom, .warc, .warc.gz, no extension ...). The bytes
then go through:

- `read_bytes`, which must yield only Documents and IngestErrors, each
  Document keeping ingest's contract (see tests/test_properties_ingest.py);
- the format's reader called directly (`read_records`, `read_feed`,
  `read_html`, `read_text`, `read_warc`): `read_bytes` turns a reader's
  exception into an error, so only here does such a bug show;
- `extract_claims` on every Document, and on the bytes decoded as text: no
  exception (an ExtractionTimeout included), and every claim keeping the
  extraction contract (spans inside the text and holding its words, ordered
  tolls and dates).

Anything else raises, and atheris reports the crash with the input that caused
it (written to crash-<sha1> in the current folder).
"""
from __future__ import annotations

import contextlib
import datetime as dt
import io
import sys

try:
    import atheris
except ImportError:  # the checks still run without it: tests/test_fuzz_target.py replays the corpus
    atheris = None

_INSTRUMENTED = ["eventsift", "feedparser", "warcio", "trafilatura", "htmldate"]
with atheris.instrument_imports(include=_INSTRUMENTED) if atheris else contextlib.nullcontext():
    from eventsift.extract import extract_claims
    from eventsift.extract.places import Gazetteer
    from eventsift.ingest import IngestError, read_bytes
    from eventsift.ingest.decoding import SNIFF_BYTES, binary_problem
    from eventsift.ingest.feed import read_feed
    from eventsift.ingest.formats import UnsupportedFormat, detect_kind
    from eventsift.ingest.htmlpage import read_html
    from eventsift.ingest.jsonl import read_records
    from eventsift.ingest.plaintext import read_text
    from eventsift.ingest.warc import read_warc
    from eventsift.model import Document

__all__ = ["NAMES", "TestOneInput"]

NAMES = ["a.txt", "a.html", "a.jsonl", "a.xml", "a.rss", "a.atom", "a.warc", "a.warc.gz", "report", "a.md",
         "a.csv", "dir/a.htm"]
WHEN = dt.datetime(2012, 3, 1, tzinfo=dt.timezone.utc)
BUDGET = 10.0  # seconds per document: far above what a fuzz input of a few KB takes
_KINDS = {"text", "html", "jsonl", "feed", "warc"}
_TYPES = {"Battles", "Protests", "Riots", "Violence against civilians", "Explosions/Remote violence",
          "Strategic developments"}


def _check_outcomes(results, stored: bool) -> list[Document]:
    docs = []
    for item in results:
        if isinstance(item, IngestError):
            line = str(item)
            if not line or "\n" in line or not item.reason.strip():
                raise AssertionError(f"error not on one line: {line!r}")
            continue
        if not isinstance(item, Document):
            raise AssertionError(f"reader yielded {type(item).__name__}, not a Document or IngestError")
        if not isinstance(item.text, str) or not item.text.strip() or item.kind not in _KINDS:
            raise AssertionError(f"bad document {item.id!r}: kind {item.kind!r}, text {item.text[:40]!r}")
        if stored:
            for value in (item.id, item.text, item.title, item.outlet, item.author, item.url, item.language):
                if value is not None and ("\x00" in value or any("\ud800" <= c <= "\udfff" for c in value)):
                    raise AssertionError(f"unstorable character in document {item.id!r}: {value[:60]!r}")
            if "\r" in item.text or not item.segments or item.segments[0].start != 0 \
                    or item.segments[-1].end != len(item.text):
                raise AssertionError(f"document {item.id!r}: carriage return or segments not covering the text")
        docs.append(item)
    return docs


def _check_claims(doc: Document) -> None:
    text = doc.text
    for claim in extract_claims(doc, GAZ, budget=BUDGET):
        for f in [*claim.fields().values(), *claim.hedges]:
            if f is None or f.start is None:
                continue
            if not (0 <= f.start <= f.end <= len(text)) or text[f.start:f.end] != f.text:
                raise AssertionError(f"span {f.start}:{f.end} does not hold {f.text!r} ({f.extractor})")
        if claim.event_type.value not in _TYPES:
            raise AssertionError(f"event type {claim.event_type.value!r}")
        toll = claim.fatalities.value if claim.fatalities else None
        if toll is not None and not 0 <= toll.low <= toll.best <= toll.high:
            raise AssertionError(f"toll {toll}")
        d = claim.date.value
        if not d.low <= d.date <= d.high:
            raise AssertionError(f"date {d}")


def _direct(name: str, data: bytes) -> list:
    """The format's own reader, unguarded, on what read_bytes would hand it (not binary, of its kind)."""
    try:
        kind = detect_kind(name, data[:SNIFF_BYTES])
    except UnsupportedFormat:
        return []
    if kind == "warc":
        return list(read_warc(name, io.BytesIO(data)))
    if binary_problem(data):
        return []
    if kind == "jsonl":
        return list(read_records(name, io.BytesIO(data), WHEN))
    if kind == "feed":
        return list(read_feed(name, name, data, WHEN))
    if kind == "html":
        return [read_html(name, name, data, None, WHEN)]
    return [read_text(name, name, data, None, WHEN)]


def TestOneInput(raw: bytes) -> None:  # noqa: N802 (atheris' name)
    if not raw:
        return
    name, data = NAMES[raw[0] % len(NAMES)], raw[1:]
    for doc in _check_outcomes(list(read_bytes(name, data, retrieved=WHEN)), stored=True):
        _check_claims(doc)
    if data:
        _check_outcomes(_direct(name, data), stored=False)
    text = data.decode("utf-8", "replace")
    if text.strip():
        _check_claims(Document(id="fuzz.txt", text=text, raw=data, kind="text", source="fuzz.txt",
                               published=WHEN))


GAZ = Gazetteer.default()


def main() -> None:
    if atheris is None:
        sys.exit("atheris is not installed: pip install -e '.[fuzz]' (see fuzz/README.md)")
    GAZ.find("Homs")  # load the index before fuzzing starts
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
