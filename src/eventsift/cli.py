"""The command line: a thin layer over eventsift.EventSift."""
from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.markup import escape

from eventsift.core import DEFAULT_DB, EventSift, RunReport
from eventsift.export import FORMATS
from eventsift.ingest.errors import printable

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Turn conflict reports into a sourced, corroborated, geocoded event dataset.")
err = Console(stderr=True)
DB_HELP = "Database URL: sqlite:///FILE.db or postgresql://... (default: sqlite:///eventsift.db)"


def _count_inputs(paths: list[Path]) -> int:
    return sum(1 if p.is_file() else sum(1 for q in p.rglob("*") if q.is_file()) for p in paths)


def _run(sift: EventSift, paths: list[Path], meta: Optional[Path], quiet: bool = False,
         dask: Optional[str] = None) -> RunReport:
    if quiet or not err.is_terminal:
        return sift.run(paths, meta, dask=dask)
    total = _count_inputs(paths)
    if total < 50:
        return sift.run(paths, meta, dask=dask)
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                  MofNCompleteColumn(), TimeElapsedColumn(), console=err, transient=True) as bar:
        task = bar.add_task("ingesting", total=total)
        return sift.run(paths, meta, on_item=lambda _src: bar.advance(task), dask=dask)


def _report(rep: RunReport) -> None:
    for line in rep.errors:  # one line each, however long: not wrapped at the terminal's width
        err.print(f"[red]error[/red] {escape(printable(line))}", highlight=False, soft_wrap=True)
    err.print(f"{rep.added} documents added, {rep.unchanged} unchanged, {rep.claims} claims, "
              f"{len(rep.errors)} inputs failed", highlight=False)


@app.command()
def run(paths: list[Path] = typer.Argument(..., help="Files or folders of reports (read recursively)."),
        db: str = typer.Option(DEFAULT_DB, "--db", help=DB_HELP),
        meta: Optional[Path] = typer.Option(None, "--meta", help="Metadata CSV: file, outlet, title, published, language."),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
        dask: Optional[str] = typer.Option(None, "--dask", help="Ingest and extract on a Dask cluster: "
                                           "local (a worker per CPU), local:N, or tcp://SCHEDULER:PORT.")) -> None:
    """Ingest reports, extract claims and link them into events."""
    for p in paths:
        if not p.exists():
            err.print(f"[red]error[/red] {escape(str(p))}: no such file or folder", highlight=False)
            raise typer.Exit(2)
    if meta is not None and not meta.is_file():
        err.print(f"[red]error[/red] {escape(str(meta))}: metadata file not found", highlight=False)
        raise typer.Exit(2)
    if dask is not None:
        from eventsift.scale.dask_run import parse_address
        try:
            parse_address(dask)
        except ValueError as exc:
            err.print(f"[red]error[/red] {escape(str(exc))}", highlight=False)
            raise typer.Exit(2)
    with EventSift(db) as sift:
        rep = _run(sift, paths, meta, quiet, dask)
    _report(rep)
    raise typer.Exit(0 if rep.ok else 1)


@app.command()
def export(fmt: str = typer.Option("acled", "--format", "-f", help="acled, geojson, jsonl, deletions or html."),
           db: str = typer.Option(DEFAULT_DB, "--db", help=DB_HELP),
           output: Optional[Path] = typer.Option(None, "-o", "--output", help="File to write (default: stdout).")) -> None:
    """Export events as ACLED-style CSV, GeoJSON or JSON Lines, the deletions list, or the web page as one HTML file."""
    if fmt not in FORMATS:
        err.print(f"[red]error[/red] unknown format {escape(fmt)!r}: choose one of {', '.join(FORMATS)}")
        raise typer.Exit(2)
    with EventSift(db) as sift:
        if output is None:
            n = sift.export(fmt, sys.stdout)
        else:
            with open(output, "w", encoding="utf-8", newline="") as out:
                n = sift.export(fmt, out)
    err.print(f"{n} events exported" + (f" to {escape(str(output))}" if output else ""), highlight=False)


@app.command()
def demo(db: str = typer.Option("sqlite:///eventsift-demo.db", "--db", help=DB_HELP)) -> None:
    """Run the pipeline on the bundled demo corpus and print its events with their sources."""
    corpus = Path(str(resources.files("eventsift") / "demo" / "corpus"))
    with EventSift(db) as sift:
        rep = sift.run([corpus], corpus / "articles" / "metadata.csv")
        _report(rep)
        print_events(sift)
    err.print(f"database: {escape(db)}; export it with: eventsift export --format acled --db {escape(db)}",
              highlight=False)


@app.command()
def serve(db: str = typer.Option(DEFAULT_DB, "--db", help=DB_HELP),
          host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
          port: int = typer.Option(8000, "--port", help="Port to listen on."),
          token: Optional[str] = typer.Option(None, "--token", envvar="EVENTSIFT_TOKEN", show_envvar=True,
                                              help="Bearer token that allows writes (documents, review); "
                                                   "without one the server is read-only."),
          cors: Optional[list[str]] = typer.Option(None, "--cors", help="Allow this browser origin "
                                                   "(repeatable); CORS is off without it."),
          tiles: Optional[str] = typer.Option(None, "--tiles", help="Map tile URL template, e.g. "
                                              "https://tile.example.org/{z}/{x}/{y}.png; default: offline "
                                              "country outlines only."),
          workers: int = typer.Option(1, "--workers", min=1, max=64, help="Server processes (one per CPU core "
                                      "serves most requests at once).")) -> None:
    """Serve the HTTP API (OpenAPI at /docs) and the web page with the map, timeline and sources."""
    import json
    import os

    import uvicorn

    from eventsift.serve import api
    shown = f"[{host}]" if ":" in host else host
    if workers == 1:
        application = api.create_app(db, token=token, cors=cors or None, tiles=tiles)
    else:  # each worker process builds its app from these
        EventSift(db).close()  # migrate once, here, before the workers start
        os.environ.update({api.ENV_DB: db, api.ENV_CORS: json.dumps(cors or []), api.ENV_TILES: tiles or ""})
        if token:
            os.environ["EVENTSIFT_TOKEN"] = token
    err.print(f"eventsift: serving {escape(db)} at http://{shown}:{port}/ "
              f"({'writes need the bearer token' if token else 'read-only: no token'}); Ctrl-C stops",
              highlight=False)
    if workers == 1:
        uvicorn.run(application, host=host, port=port, log_level="warning")
    else:
        uvicorn.run("eventsift.serve.api:app_from_env", factory=True, workers=workers, host=host, port=port,
                    log_level="warning")


def print_events(sift: EventSift) -> None:
    table = Table(title="Events", show_lines=False)
    for col in ("date", "type", "place", "killed (low/best/high)", "grade", "sources"):
        table.add_column(col, overflow="fold")
    for e in sift.events():
        place = ", ".join(x for x in (e["location"], e["country"]) if x) or "(unresolved)"
        table.add_row(e["event_date"], escape(f"{e['event_type']}: {e['sub_event_type']}"), escape(place),
                      f"{e['fatalities_low']}/{e['fatalities_best']}/{e['fatalities_high']}",
                      e["corroboration"], escape("; ".join(e["sources"])))
    Console().print(table)


review_app = typer.Typer(no_args_is_help=True, help="Merge, split, confirm or discount events.")
app.add_typer(review_app, name="review")


def _review(action) -> None:
    from eventsift.store import ReviewError
    try:
        message = action()
    except ReviewError as exc:
        err.print(f"[red]error[/red] {escape(str(exc))}", highlight=False)
        raise typer.Exit(2)
    err.print(escape(message), highlight=False)


@review_app.command("merge")
def review_merge(keep: str = typer.Argument(..., help="Event that stays."),
                 other: str = typer.Argument(..., help="Event merged into it (then listed as deleted)."),
                 reason: Optional[str] = typer.Option(None, "--reason"),
                 by: Optional[str] = typer.Option(None, "--by", help="Who decided."),
                 db: str = typer.Option(DEFAULT_DB, "--db", help=DB_HELP)) -> None:
    """Merge two events that describe the same happening."""
    with EventSift(db) as sift:
        _review(lambda: f"merged {other} into {sift.merge(keep, other, reason, by)}")


@review_app.command("split")
def review_split(event: str = typer.Argument(..., help="Event to split."),
                 claims: list[str] = typer.Argument(..., help="Claims to move into a new event."),
                 reason: Optional[str] = typer.Option(None, "--reason"),
                 by: Optional[str] = typer.Option(None, "--by", help="Who decided."),
                 db: str = typer.Option(DEFAULT_DB, "--db", help=DB_HELP)) -> None:
    """Move claims out of an event into a new event."""
    with EventSift(db) as sift:
        _review(lambda: f"new event {sift.split(event, claims, reason, by)}")


def _grade_command(grade: str, verb: str):
    def command(event: str = typer.Argument(...),
                reason: str = typer.Option(..., "--reason", help="Why (required)."),
                by: Optional[str] = typer.Option(None, "--by", help="Who decided."),
                db: str = typer.Option(DEFAULT_DB, "--db", help=DB_HELP)) -> None:
        with EventSift(db) as sift:
            def act() -> str:
                getattr(sift, verb)(event, reason, by)
                return f"{event} {grade}"
            _review(act)
    command.__doc__ = f"Grade an event {grade}, with the reason."
    return review_app.command(verb)(command)


review_confirm = _grade_command("confirmed", "confirm")
review_discount = _grade_command("discounted", "discount")


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    app()
