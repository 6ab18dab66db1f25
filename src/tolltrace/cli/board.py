"""The board commands: board, events, serve, export."""

from __future__ import annotations

import sys
from dataclasses import asdict
from typing import IO

import click
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from ..board import (
    COMPARABLE_FIGURES,
    build_board,
    busiest_events,
    describe_value,
    event_summaries,
    spread,
)
from ..errors import LedgerError
from ..escape import json_text, printable
from ..export import FORMATS, WHATS, UnknownExportError, export
from ..model import MEASURES, Board, BoardFigure, EventSummary
from ..store import Ledger
from .app import cli, db_option, err_console

SPARKS = "▁▂▃▄▅▆▇█"

_db_option = db_option()


def _console() -> Console:
    return Console(width=max(Console().width, 150), highlight=False)


@cli.command()
@click.argument("event", required=False)
@_db_option
@click.option("--measure", type=click.Choice(MEASURES), help="Only this measure.")
@click.option(
    "--top",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Without EVENT: how many of the events with the most claims to show.",
)
def board(event: str | None, db: str, measure: str | None, top: int) -> None:
    """Print an event's competing figures side by side, with each claimant's series over time.
    Without EVENT, the events with the most claims."""
    with Ledger(db, mode="read") as ledger:
        events = [event] if event else busiest_events(ledger, top)
        if not events:
            raise LedgerError(db, "no events yet; run 'tolltrace link' after ingesting")
        boards = [build_board(ledger, shown) for shown in events]
    console = _console()
    for shown in boards:
        console.print(board_renderable(shown, measure))


def board_renderable(shown: Board, measure: str | None = None) -> Group:
    """The board as rich tables, one per measure, then one series line per claimant."""
    event = shown.event
    dates = " – ".join(d for d in dict.fromkeys((event.first_date, event.last_date)) if d)
    parts: list[Table | Text] = [
        Text.assemble(
            (printable(event.label), "bold"), f"  {printable(event.id)}  ", (dates, "dim")
        )
    ]
    measures = [m for m in dict.fromkeys(f.measure for f in shown.figures) if measure in (None, m)]
    for name in measures:
        figures = [f for f in shown.figures if f.measure == name]
        parts.append(figure_table(name, figures, spread(shown, name)))
    series = {
        key: points
        for key, points in shown.series.items()
        if measure is None or key.endswith(f" / {measure}")
    }
    if series:
        parts.append(series_table(series))
    doubtful = [f for f in shown.uncertain if measure in (None, f.measure)]
    if doubtful:
        parts.append(uncertain_table(doubtful))
    if shown.proposed:
        parts.append(Text("Proposed aliases (tolltrace claimants confirm|reject): " + "; ".join(
            f"{a.alias} → {a.name} ({a.score:.2f})" for a in shown.proposed
        ), style="dim"))
    return Group(*parts)


def uncertain_table(figures: list[BoardFigure]) -> Table:
    """Figures whose place in this event is in doubt, each with the reason."""
    table = Table(
        title="Figures whose event is uncertain", title_justify="left", title_style="bold"
    )
    for column in ("figure", "measure", "claimant", "why"):
        table.add_column(column, overflow="fold")
    for figure in figures:
        table.add_row(
            describe_value(figure.approx, figure.value_min, figure.value_max),
            figure.measure.replace("_", " "),
            figure.claimant,
            figure.uncertain or "",
        )
    return table


def figure_table(
    measure: str, figures: list[BoardFigure], bounds: tuple[int | None, int | None]
) -> Table:
    lowest, highest = bounds
    title = measure.replace("_", " ")
    if lowest is not None and highest is not None:
        title += f": {lowest:,} to {highest:,}"
        if lowest:
            title += f" (×{highest / lowest:.1f})"
    table = Table(title=title, title_justify="left", title_style="bold")
    for column in ("figure", "claimant", "type", "relayed by", "corroborated by"):
        table.add_column(column, overflow="fold")
    for column in ("first", "latest", "as of"):
        table.add_column(column, no_wrap=True)
    table.add_column("indep. docs", justify="right")
    for figure in figures:
        _figure_row(table, figure)
        for part in figure.parts:
            _figure_row(table, part, under=figure.measure)
    return table


def _figure_row(table: Table, figure: BoardFigure, under: str | None = None) -> None:
    """One figure; a sub-count indented under its total (of measure `under`), marked as a
    part of it."""
    text = describe_value(figure.approx, figure.value_min, figure.value_max)
    copies = f" (+{figure.copies} cop{'y' if figure.copies == 1 else 'ies'})"
    others = [name for name in figure.names if name != figure.claimant]
    claimant = figure.claimant + (f" (as {', '.join(others)})" if others else "")
    if under:
        measure = "" if figure.measure == under else " " + figure.measure.replace("_", " ")
        label = Text(f"  └ of which {text}{measure}", "italic")
    else:
        label = Text(
            text + (" (hypothetical)" if figure.hypothetical else ""),
            style="dim italic" if figure.hypothetical else "bold",
        )
    table.add_row(
        label,
        printable(claimant),
        printable(figure.claimant_type),
        printable(", ".join(figure.relays)),
        printable(", ".join(figure.corroborations)),
        figure.first_seen or "",
        figure.latest_seen or "",
        figure.as_of or "",
        f"{figure.independent_documents}{copies if figure.copies else ''}",
    )


def sparkline(values: list[int]) -> str:
    """One block character per value, scaled to the highest."""
    top = max(values) or 1
    return "".join(SPARKS[min(len(SPARKS) - 1, v * (len(SPARKS) - 1) // top)] for v in values)


def series_table(series: dict[str, tuple[tuple[str, int], ...]]) -> Table:
    """One line per claimant and measure: a sparkline, then each figure with its date."""
    table = Table(
        title="Series over time (as-of date, else publication date)",
        title_justify="left",
        title_style="bold",
        box=None,
        show_header=False,
        padding=(0, 1),
    )
    table.add_column("claimant / measure", overflow="fold", max_width=48)
    table.add_column("trend", style="cyan", no_wrap=True)
    table.add_column("figures", overflow="fold")
    for name, points in series.items():
        steps = " → ".join(f"{v:,} ({d[5:]})" for d, v in points)
        table.add_row(printable(name), sparkline([v for _, v in points]), printable(steps))
    return table


@cli.command()
@_db_option
@click.option("--search", help="Only events whose id, label, place or kind contains this.")
@click.option("--measure", type=click.Choice(MEASURES), help="Spread of this measure.")
@click.option("--kind", help="Only events of this kind (protests, earthquake, ...).")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.option(
    "--all", "show_all", is_flag=True,
    help=f"Also list events too small to compare (fewer than {COMPARABLE_FIGURES} figures).",
)
def events(
    db: str, search: str | None, measure: str | None, kind: str | None, fmt: str, show_all: bool
) -> None:
    """List events with their spread: the lowest and highest figure claimed, and their ratio.
    Events too small to compare are folded into one line unless --all is given."""
    with Ledger(db, mode="read") as ledger:
        summaries = event_summaries(ledger, search=search, measure=measure, kind=kind)
    if fmt == "json":
        rows = [{**asdict(s), "spread": s.spread} for s in summaries]
        click.echo(json_text(rows, indent=2))
        return
    shown = [s for s in summaries if show_all or s.claims >= COMPARABLE_FIGURES]
    _console().print(events_table(shown))
    folded = len(summaries) - len(shown)
    if folded:
        click.echo(
            f"{folded} smaller event(s) folded (fewer than {COMPARABLE_FIGURES} figures, "
            "nothing to compare); --all lists them"
        )


def events_table(summaries: list[EventSummary]) -> Table:
    table = Table(title=f"{len(summaries)} event(s)", title_justify="left")
    for column in ("event", "label", "kind", "dates"):
        table.add_column(column, overflow="fold")
    for column in ("claims", "docs", "claimants", "lowest", "highest", "spread"):
        table.add_column(column, justify="right")
    for s in summaries:
        e = s.event
        table.add_row(
            printable(e.id),
            printable(e.label),
            printable(e.kind or ""),
            " – ".join(dict.fromkeys(d for d in (e.first_date, e.last_date) if d)),
            str(s.claims),
            str(s.documents),
            str(s.claimants),
            "" if s.lowest is None else f"{s.lowest:,}",
            "" if s.highest is None else f"{s.highest:,}",
            f"×{s.spread:.1f}" if s.spread else "",
        )
    return table


@cli.command()
@_db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--token",
    envvar="TOLLTRACE_TOKEN",
    help="Require this token (Bearer header or ?token= once) and turn on the write routes "
    "(merge/rename events, confirm/reject aliases); also $TOLLTRACE_TOKEN.",
)
@click.option(
    "--allow-host",
    "allowed_hosts",
    multiple=True,
    metavar="NAME",
    help="Also answer requests for this host name (besides 127.0.0.1, localhost, [::1] and "
    "--host); may be repeated.",
)
def serve(
    db: str, host: str, port: int, token: str | None, allowed_hosts: tuple[str, ...]
) -> None:
    """Serve the web UI over the ledger (binds 127.0.0.1 unless told otherwise); read-only
    unless --token is given, which every request and every write must then carry."""
    from ..web import create_app
    from ..web.server import run

    app = create_app(db, token=token, allowed_hosts=(host, *allowed_hosts))
    shown = f"[{host}]" if ":" in host else host
    if host not in ("127.0.0.1", "localhost", "::1") and token is None:
        err_console.print(
            printable(
                f"warning: serving {db} on {host} without --token: anyone who can reach it "
                "reads it"
            ),
            markup=False,
        )
    click.echo(printable(f"tolltrace: serving {db} at http://{shown}:{port}/  (Ctrl-C to stop)"))
    sys.stdout.flush()
    run(app, host, port)


@cli.command(name="export")
@_db_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="csv", show_default=True)
@click.option("--what", type=click.Choice(WHATS), default="claims", show_default=True)
@click.option(
    "-o",
    "--output",
    type=click.File("w", encoding="utf-8"),
    default="-",
    help="Where to write; '-' for stdout.",
)
def export_command(db: str, fmt: str, what: str, output: IO[str]) -> None:
    """Export claims, events or sources as CSV, JSON Lines, JSON, or claims as schema.org
    Claim JSON-LD (schema-claim)."""
    with Ledger(db, mode="read") as ledger:
        try:
            count = export(ledger, what, fmt, output)
        except UnknownExportError as error:
            raise click.UsageError(str(error)) from error
    err_console.print(f"{count} {what} row(s) written", markup=False)
