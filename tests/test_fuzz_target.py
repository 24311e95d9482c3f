"""The fuzz target's checks on its seed corpus, and on inputs it once crashed on, without atheris.

fuzz/fuzz_parsers.py is run by hand (fuzz/README.md); replaying its corpus here
keeps the target working as the code changes.
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("eventsift_fuzz_parsers", ROOT / "fuzz" / "fuzz_parsers.py")
target = importlib.util.module_from_spec(_spec)
# Loaded as if atheris were absent, so that it instruments nothing this test session imports.
_saved = sys.modules.get("atheris")
sys.modules["atheris"] = None  # type: ignore[assignment]
try:
    _spec.loader.exec_module(target)
finally:
    if _saved is None:
        del sys.modules["atheris"]
    else:
        sys.modules["atheris"] = _saved

INPUTS = sorted((ROOT / "fuzz" / "corpus").iterdir())


@pytest.mark.parametrize("path", INPUTS, ids=[p.name for p in INPUTS])
def test_corpus_input(path):
    target.TestOneInput(path.read_bytes())


@pytest.mark.parametrize("name", target.NAMES)
def test_every_name_with_garbage(name):
    for data in (b"\x00", b"\xff\xfe\x00", b"<rss><channel><item><description>x", b"WARC/1.0\r\n\r\n", b"{\"id\":1}"):
        target.TestOneInput(bytes([target.NAMES.index(name)]) + data)
