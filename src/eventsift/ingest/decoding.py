"""Checks on received bytes, and turning them into text without editing it.

Every format reports empty, oversized and binary input the same way, so these
checks run before any format-specific parsing. Text is kept as received except
for newlines (\\r\\n and a lone \\r become \\n) and a leading BOM: spans found
later index into ``Document.text``, so nothing else may change.
"""
from __future__ import annotations

__all__ = [
    "MAX_BYTES",
    "SNIFF_BYTES",
    "binary_problem",
    "decode_utf8",
    "normalise_newlines",
    "size_problem",
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
    """Strict UTF-8 (no encoding guessing in this version); raises UnicodeDecodeError."""
    return normalise_newlines(data.decode("utf-8"))


def normalise_newlines(text: str) -> str:
    """Drop a leading BOM and make every newline \\n; nothing else changes."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text
