from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture
def shared() -> Path:
    """../shared beside the project; tests that need it skip in a plain clone."""
    if not (SHARED / "corpus" / "seeds").is_dir():
        pytest.skip(f"needs ../shared (not found at {SHARED}): evaluation corpus and scorers")
    return SHARED
