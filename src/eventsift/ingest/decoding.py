"""Checks on received bytes, and turning them into text without editing it.

Every format reports empty, oversized and binary input the same way, so these
checks run before any format-specific parsing. Text is kept as received except
for newlines (\\r\\n and a lone \\r become \\n) and a leading BOM: spans found
later index into ``Document.text``, so nothing else may change, and decoding
happens once, here, before anything else reads the text.

Encodings. Bytes that are valid UTF-8 are UTF-8. Otherwise a declared encoding
is used (a page's ``<meta charset>``, an XML declaration, a WARC response's
HTTP Content-Type, or ``encoding`` in a file's metadata); undeclared text that
is not UTF-8 is refused, with the likely encoding and how to declare or convert
it in the message. Detectors are not used to decode: on the short texts of news
reports they often guess wrong (a 3-word Windows-1256 line reads as Japanese
cp932), and a wrong guess stores mojibake that every span and quote would then
point into, silently. A refusal costs the user one command; a bad guess costs
the evidence. How a document was decoded is kept in its attributes
(``encoding``, ``encoding_declared``) whenever it was not plain UTF-8.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import Any

__all__ = [
    "MAX_BYTES",
    "MAX_ID_CHARS",
    "MAX_NESTING",
    "XML_ENCODING",
    "SNIFF_BYTES",
    "DecodeProblem",
    "Decoded",
    "binary_problem",
    "canonical_encoding",
    "decode_text",
    "decode_utf8",
    "encoding_hint",
    "id_problem",
    "normalise_newlines",
    "size_problem",
    "unstorable",
    "unstorable_in",
]

MAX_BYTES = 10 * 1024 * 1024  # per document; larger files are almost never one article
SNIFF_BYTES = 8192  # how much of a file the format and binary sniffers look at

_MB = 1024 * 1024
# Control bytes that do not occur in text (tab, newlines, \v, \f are fine).
_CONTROL = bytes(range(0, 9)) + bytes(range(14, 32)) + b"\x7f"
# Above this share of control bytes, call it binary. Bytes that are not UTF-8 do
# not count: an HTML page or feed may declare a legacy encoding, and a .txt in
# one deserves "invalid UTF-8 at byte N" rather than "binary".
_CONTROL_SHARE = 0.10


def size_problem(size: int, what: str = "file") -> str | None:
    """The reason a ``size``-byte input is refused, or None."""
    if size == 0:
        return "empty file"
    if size > MAX_BYTES:
        return f"{what} too large: {size / _MB:.1f} MB > {MAX_BYTES // _MB} MB limit"
    return None


def binary_problem(data: bytes) -> str | None:
    """The reason ``data`` is not text, or None. Cheap: a memchr and an 8 KB sample."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16 text is not supported, convert it to UTF-8"
    if b"\x00" in data:
        return "binary file, not text"
    sample = data[:SNIFF_BYTES]
    controls = len(sample) - len(sample.translate(None, _CONTROL))
    if controls > _CONTROL_SHARE * len(sample):
        return "binary file, not text"
    return None


def decode_utf8(data: bytes) -> str:
    """Strict UTF-8; raises UnicodeDecodeError."""
    return normalise_newlines(data.decode("utf-8"))


def normalise_newlines(text: str) -> str:
    """Drop a leading BOM and make every newline \\n; nothing else changes."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


# -- characters a database cannot keep ---------------------------------------------------------

# NUL: PostgreSQL refuses it in text and JSON, SQLite keeps it; a lone surrogate
# (a JSON "\ud800" escape) is not Unicode and cannot be written as UTF-8 at all.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


MAX_ID_CHARS = 2000  # the API's /api/documents/{id} takes ids up to this length
MAX_NESTING = 64  # JSON levels in a record's extra members: deeper is not metadata


def unstorable(value: str) -> str | None:
    """Why ``value`` cannot be stored the same on every backend, or None."""
    found = _UNSTORABLE.search(value)
    if found is None:
        return None
    char = found.group()
    what = "a NUL character (U+0000)" if char == "\x00" else f"a lone surrogate U+{ord(char):04X} (not valid Unicode)"
    return f"{what} at character {found.start()}"


def unstorable_in(values: dict[str, Any]) -> str | None:
    """Why a document's fields (or a record's members, nested ones too) cannot be stored, or None.

    Iterative, so a hostile record's depth cannot exhaust the stack.
    """
    stack: list[tuple[str, Any, int]] = [(repr(k), v, 1) for k, v in reversed(values.items())]
    while stack:
        where, value, depth = stack.pop()
        if depth > MAX_NESTING:
            return f"{where} is nested over {MAX_NESTING} levels deep"
        if isinstance(value, str):
            problem = unstorable(value)
            if problem:
                return f"{where} has {problem}"
        elif isinstance(value, dict):
            for key, item in reversed(list(value.items())):
                problem = unstorable(key) if isinstance(key, str) else None
                if problem:
                    return f"a member name in {where} has {problem}"
                stack.append((f"{where}[{key!r}]", item, depth + 1))
        elif isinstance(value, (list, tuple)):
            stack.extend((f"{where}[{i}]", item, depth + 1) for i, item in reversed(list(enumerate(value))))
    return None


def id_problem(doc_id: str) -> str | None:
    """Why ``doc_id`` cannot be a document id, or None.

    Ids are kept as given, slashes and all (URLs and URNs are ids; a file's id
    is its name): an id is only ever a key and a value in exports, never a path.
    What is refused is what would not survive storing, or an API path.
    """
    if not doc_id.strip():
        return "empty id"
    if len(doc_id) > MAX_ID_CHARS:
        return f"id longer than {MAX_ID_CHARS} characters ({len(doc_id)})"
    problem = unstorable(doc_id)
    return f"id has {problem}" if problem else None


# -- legacy encodings --------------------------------------------------------------------------

# Encodings that may be declared: text charsets that news pages and exports use
# (Python's codec names). Anything else a page could name (unicode_escape,
# rot13, utf-7, zlib ...) is not a charset and is refused as unknown.
_ALLOWED = frozenset(
    ["utf-8", "cp874", "cp866", "koi8-r", "koi8-u", "mac-roman", "mac-cyrillic", "tis-620",
     "gbk", "gb2312", "gb18030", "big5", "big5hkscs", "euc_jp", "iso2022_jp", "shift_jis", "euc_kr"]
    + [f"cp{n}" for n in range(1250, 1259)]
    + [f"iso8859-{n}" for n in (2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16)]
)
# Labels browsers read differently from Python (WHATWG Encoding Standard): "latin-1"
# and "ascii" mean Windows-1252, whose curly quotes fill 0x80-0x9F in real pages.
_ALIASES = {
    **dict.fromkeys(["iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "cp819", "ibm819",
                     "ascii", "us-ascii", "x-cp1252"], "cp1252"),
    "windows-874": "cp874", "x-mac-roman": "mac-roman", "x-mac-cyrillic": "mac-cyrillic",
    "iso-8859-8-i": "iso8859-8", "x-sjis": "shift_jis",
}
# The encoding an XML declaration gives (an XHTML page's, a feed's); bounded, cheap on any input.
XML_ENCODING = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<\?xml\b[^>]{0,200}?\bencoding\s*=\s*[\"']([A-Za-z0-9._\-]{1,40})[\"']")
_UTF16 = ("utf-16", "utf-32")  # a declaration of these on 8-bit bytes is wrong; WHATWG reads UTF-8


def _undefined_as_latin1(exc: UnicodeError) -> tuple[str, int]:
    # WHATWG's Windows-1252 maps the five bytes Python leaves undefined to U+0081 etc.
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return "".join(map(chr, exc.object[exc.start:exc.end])), exc.end


codecs.register_error("eventsift-latin1", _undefined_as_latin1)


def canonical_encoding(label: str) -> str | None:
    """The codec for a declared charset label, or None when it is not one eventsift reads."""
    name = label.strip().strip("\"'").lower()
    name = _ALIASES.get(name, name)
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    if codec.startswith(_UTF16):
        return "utf-8"
    if codec in ("iso8859-1", "ascii"):  # Python's other spellings of the labels above
        return "cp1252"
    return codec if codec in _ALLOWED else None


def _display(codec: str) -> str:
    if codec.startswith("cp12") or codec == "cp874":
        return "windows-" + codec[2:]
    if codec.startswith("iso8859-"):
        return "iso-8859-" + codec[8:]
    return codec


@dataclass(frozen=True)
class Decoded:
    text: str
    attributes: dict[str, str]  # how it was decoded; empty for plain UTF-8


class DecodeProblem(ValueError):
    """Bytes that cannot be decoded as they are declared (or, undeclared, as UTF-8)."""

    def __init__(self, reason: str, hint: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.hint = hint


def decode_text(data: bytes, declared: str | None = None, declared_by: str | None = None,
                how_to_declare: str = "give its encoding in the metadata", newlines: bool = True) -> Decoded:
    """The text of ``data``: UTF-8 if valid, else the declared encoding; raises DecodeProblem.

    ``declared`` is a charset label as written, ``declared_by`` where it was
    found (e.g. "<meta charset>"), ``how_to_declare`` the hint's advice for
    undeclared input. ``newlines=False`` leaves newlines and a BOM for a parser to see.
    """
    finish = normalise_newlines if newlines else str
    where = f"{declared!r} ({declared_by})" if declared_by else repr(declared)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    else:
        attributes: dict[str, str] = {}
        if declared is not None and not data.isascii() and canonical_encoding(declared) != "utf-8":
            # Valid UTF-8 beyond ASCII is not an accident of a legacy charset: the
            # declaration is stale (a template left over from before a move to UTF-8).
            attributes = {"encoding": "utf-8", "encoding_declared": where}
        return Decoded(finish(text), attributes)
    if data.startswith(codecs.BOM_UTF8):
        raise DecodeProblem(f"invalid UTF-8 at byte {utf8_error.start}",
                            "it starts with a UTF-8 byte order mark, so no other encoding applies")
    if declared is None:
        raise DecodeProblem(f"invalid UTF-8 at byte {utf8_error.start}", encoding_hint(data, how_to_declare))
    codec = canonical_encoding(declared)
    if codec is None:
        raise DecodeProblem(f"invalid UTF-8 at byte {utf8_error.start}, and the declared encoding {where} "
                            "is not one eventsift reads", encoding_hint(data, how_to_declare))
    if codec == "utf-8":
        raise DecodeProblem(f"invalid UTF-8 at byte {utf8_error.start}, though {declared_by or 'it'} declares UTF-8",
                            encoding_hint(data, "fix the declaration"))
    try:
        text = data.decode(codec, "eventsift-latin1" if codec == "cp1252" else "strict")
    except UnicodeDecodeError as exc:
        raise DecodeProblem(f"not valid {_display(codec)} as declared by {declared_by or 'its metadata'}: "
                            f"byte 0x{exc.object[exc.start]:02x} at {exc.start}",
                            encoding_hint(data, "fix the declaration")) from None
    return Decoded(finish(text), {"encoding": _display(codec), "encoding_declared": where})


_HIGH_RUN = re.compile(rb"[\x80-\xff]+")
_ASCII_LETTER = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def encoding_hint(data: bytes, how_to_declare: str) -> str:
    """Advice for bytes that are not UTF-8: the likely encoding and how to declare or convert it.

    Only ever a hint: two cheap, explainable tests for the legacy encodings
    users have (Windows-1256 Arabic, Latin-1 / Windows-1252), not a detector.
    """
    sample = data[:65536]
    runs = list(_HIGH_RUN.finditer(sample))
    if not runs:
        return "convert it to UTF-8"
    as_utf8 = sample.decode("utf-8", "replace")
    damaged = as_utf8.count("\ufffd")
    if sum(1 for c in as_utf8 if c > "\x7f") - damaged > 4 * damaged:
        return "it is mostly UTF-8 with some bytes that are not: a damaged file, or files in two encodings joined"
    # Western European letters sit inside Latin words ("caf\xe9"); Arabic letters
    # make whole words of high bytes between spaces.
    inside_words = sum(1 for m in runs
                       if (m.start() > 0 and sample[m.start() - 1] in _ASCII_LETTER)
                       or (m.end() < len(sample) and sample[m.end()] in _ASCII_LETTER))
    name = None
    if inside_words * 2 >= len(runs):
        name, label = "WINDOWS-1252", "Latin-1 / Windows-1252 Western European text"
    else:
        letters = b"".join(m.group() for m in runs).decode("cp1256")
        if sum(1 for c in letters if "\u0600" <= c <= "\u06ff") >= 0.7 * len(letters):
            name, label = "WINDOWS-1256", "Windows-1256 Arabic text"
    if name is None:
        return f"the encoding is not recognisable: {how_to_declare}, or convert it to UTF-8"
    return f"looks like {label}: {how_to_declare}, or convert it: iconv -f {name} -t UTF-8 < FILE > NEW"
