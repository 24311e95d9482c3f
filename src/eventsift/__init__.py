"""eventsift: conflict reports in, a sourced, corroborated, geocoded event dataset out."""
from __future__ import annotations

from typing import TYPE_CHECKING

from eventsift.model import (Actor, Attribution, Claim, DateValue, Document, Event, Field, Place,
                             Segment, Toll)

if TYPE_CHECKING:
    from eventsift.core import DEFAULT_DB, EventSift, RunReport

__version__ = "0.1.0"

__all__ = ["EventSift", "RunReport", "DEFAULT_DB", "Document", "Claim", "Event", "Field",
           "DateValue", "Place", "Actor", "Toll", "Attribution", "Segment", "__version__"]


def __getattr__(name: str):
    # The pipeline loads on first use, so `import eventsift.model` stays light.
    if name in ("EventSift", "RunReport", "DEFAULT_DB"):
        from eventsift import core
        return getattr(core, name)
    raise AttributeError(f"module 'eventsift' has no attribute {name!r}")
