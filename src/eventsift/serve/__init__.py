"""Serve stage: the HTTP API and the web page (`eventsift serve`), and the page as one HTML file.

`create_app(db, token=..., cors=..., tiles=...)` is the FastAPI application
(eventsift.serve.api); `write_html(store, out)` writes the self-contained page
(eventsift.serve.page). Imported lazily, so exporting does not load FastAPI.
"""
from __future__ import annotations

__all__ = ["create_app", "write_html"]


def __getattr__(name: str):
    if name == "create_app":
        from eventsift.serve.api import create_app
        return create_app
    if name == "write_html":
        from eventsift.serve.page import write_html
        return write_html
    raise AttributeError(name)
