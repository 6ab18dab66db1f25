"""The core commands: ingest, claims, extract, eval."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from typing import IO, Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from .. import api
from ..escape import json_text, printable, write_csv
from ..ingest import count_inputs
from ..link.board_eval import BoardScores
from ..model import MEASURES, Claim, Document, SkippedInput
from ..store import Ledger
from .app import LedgerTarget, cli, db_option, err_console, settings_of

CLAIM_COLUMNS = (
    "doc_id",
    "start",
    "end",
    "mention",
    "value_min",
    "value_max",
    "approx",
    "measure",
    "counted",
    "claimed_by",
    "via",
    "corroborated_by",
    "as_of",
    "hypothetical",
    "event",
    "part_of",
    "speaker",
    "confidence",
    "sentence",
)


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@db_option(existing=False)
@click.option("--strict", is_flag=True, default=None, help="Stop at the first bad input.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    help="Extract on a local Dask cluster of this many processes (this one still writes).",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="Extract on a running Dask cluster, e.g. tcp://host:8786.",
)
@click.pass_context
def ingest(
    ctx: click.Context,
    inputs: tuple[str, ...],
    db: str,
    strict: bool,
    quiet: bool,
    workers: int | None,
    scheduler: str | None,
) -> None:
    """Read articles (.txt, .html, .jsonl, .warc, directories, globs, '-' for stdin; .gz or
    .zst for JSON Lines, .gz for text and WARC), extract their figures and store both in the
    ledger. Re-ingesting the same text changes nothing."""
    if workers is not None and scheduler is not None:
        raise click.UsageError("give --workers or --scheduler, not both")
    settings = settings_of(ctx, strict=strict)
    total = count_inputs(inputs)
    with _progress(quiet, total) as advance:
        try:
            report = api.ingest(
                inputs,
                db,
                settings,
                on_skip=lambda item: err_console.print(printable(f"skipped {item}"), markup=False),
                on_document=lambda document, written: advance(document),
                workers=workers,
                scheduler=scheduler,
                on_warning=lambda line: err_console.print(f"warning: {line}", markup=False),
            )
        except KeyboardInterrupt:
            err_console.print(
                "interrupted: every document already written is kept; "
                "run the same command again to resume"
            )
            sys.exit(130)
    _print_ingest_summary(report.added, report.unchanged, report.claims, report.skipped, db)
    if report.unsupported:
        languages = ", ".join(f"{lang} {n}" for lang, n in sorted(report.unsupported.items()))
        err_console.print(
            f"{sum(report.unsupported.values())} document(s) in a language not supported, "
            f"no figures read ({languages})",
            markup=False,
        )
    sys.exit(0 if report.ingested_anything else 1)


@contextmanager
def _progress(quiet: bool, total: int) -> Iterator[Any]:
    if quiet or not err_console.is_terminal:
        yield lambda document: None
        return
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[current]}"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err_console, transient=True) as progress:
        task = progress.add_task("ingesting", total=None, current="")
        progress.update(task, description=f"ingesting {total} input(s)")

        def advance(document: Document) -> None:
            progress.update(
                task, advance=1, current=printable((document.source or document.id)[-40:])
            )

        yield advance


def _print_ingest_summary(
    added: int, unchanged: int, claims: int, skipped: list[SkippedInput], db: str
) -> None:
    err_console.print(
        printable(
            f"{added} document(s) added with {claims} claim(s), {unchanged} already in {db}, "
            f"{len(skipped)} input(s) skipped"
        ),
        markup=False,
    )
    for item in skipped:
        err_console.print(printable(f"  skipped {item}"), markup=False)


@cli.command()
@db_option()
def check(db: str) -> None:
    """Verify the ledger: every stored text matches its SHA-256, every claim's span lies inside
    its text and holds its mention, the number reader reads the claim's value there, no row
    points at nothing. Exit 1 if anything is wrong."""
    with Ledger(db, mode="read") as ledger:
        counts = ledger.counts()
        problems = list(ledger.check())
    for problem in problems:
        click.echo(printable(problem))
    if problems:
        err_console.print(printable(f"{len(problems)} problem(s) in {db}"), markup=False)
        sys.exit(1)
    click.echo(f"ok: {counts['documents']} document(s) and {counts['claims']} claim(s) check out")


@cli.command()
@db_option()
@click.argument("target", type=LedgerTarget(existing=False))
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def copy(db: str, target: str, quiet: bool) -> None:
    """Copy the whole ledger (--db) into TARGET, a new, empty ledger on either backend: a
    SQLite file onto a team's PostgreSQL server, or a server's ledger into a file to take
    along. Ids, events and every decision are kept; an interrupted copy leaves TARGET empty."""
    with Ledger(db, mode="read") as source:
        total = sum(source.table_rows().values())
        with Ledger(target) as new, _rows_progress(quiet, total) as advance:
            copied = source.copy_to(new, on_rows=advance)
    err_console.print(
        f"copied {copied['documents']} document(s), {copied['claims']} claim(s) and "
        f"{copied['events']} event(s) from {db} into {target}",
        markup=False,
    )


@contextmanager
def _rows_progress(quiet: bool, total: int) -> Iterator[Callable[[str, int], None]]:
    if quiet or not err_console.is_terminal:
        yield lambda table, rows: None
        return
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, TimeElapsedColumn(), console=err_console, transient=True) as progress:
        task = progress.add_task("copying rows", total=total)
        yield lambda table, rows: progress.update(
            task, advance=rows, description=f"copying {table}"
        )


@cli.command()
@db_option()
@click.option("--measure", type=click.Choice(MEASURES), help="Only this measure.")
@click.option("--event", help="Only this event key.")
@click.option("--claimant", help="Only figures this claimant is credited with.")
@click.option("--doc", "doc_id", help="Only this document id.")
@click.option("--limit", type=click.IntRange(min=1), help="At most this many claims.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json", "jsonl"]),
    default="table",
    show_default=True,
)
def claims(
    db: str,
    measure: str | None,
    event: str | None,
    claimant: str | None,
    doc_id: str | None,
    limit: int | None,
    fmt: str,
) -> None:
    """Print the claims in the ledger."""
    with Ledger(db, mode="read") as ledger:
        rows = ledger.claims(
            measure=measure, event=event, claimant=claimant, doc_id=doc_id, limit=limit
        )
    write_claims(rows, fmt, sys.stdout)


def write_claims(rows: list[Claim], fmt: str, out: IO[str]) -> None:
    if fmt == "table":
        Console(file=out, width=max(Console(file=out).width, 140)).print(claims_table(rows))
    elif fmt == "csv":
        records = ({**asdict(c), "claimed_by": "; ".join(c.claimed_by)} for c in rows)
        write_csv(out, CLAIM_COLUMNS, records)
    elif fmt == "json":
        out.write(json_text([c.to_prediction() for c in rows], indent=2) + "\n")
    else:
        api.write_jsonl((c.to_prediction() for c in rows), out)


def claims_table(rows: list[Claim]) -> Table:
    table = Table(title=f"{len(rows)} claim(s)", show_lines=False)
    for name in (
        "doc",
        "figure",
        "value",
        "measure",
        "counted",
        "claimed by",
        "via",
        "as of",
        "event",
    ):
        table.add_column(name, overflow="fold")
    for c in rows:
        value = f"{c.value_min:,}" + (f"–{c.value_max:,}" if c.approx == "range" else "")
        hypothetical = " (hypothetical)" if c.hypothetical else ""
        cells = (
            c.doc_id,
            c.mention,
            f"{c.approx} {value}{hypothetical}",
            c.measure,
            c.counted or "",
            "; ".join(c.claimed_by),
            c.via or "",
            c.as_of or "",
            c.event or "",
        )
        table.add_row(*map(printable, cells))
    return table


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    type=click.File("w", encoding="utf-8"),
    default="-",
    help="Where to write claims (JSON Lines); '-' for stdout.",
)
@click.pass_context
def extract(ctx: click.Context, inputs: tuple[str, ...], output: IO[str]) -> None:
    """Extract claims without storing anything: one claim a line, in the scorer's
    prediction format plus every claim field."""
    settings = settings_of(ctx)
    skipped: list[SkippedInput] = []
    documents = api.read_documents(inputs, settings, on_skip=skipped.append)
    count = api.write_jsonl(
        (c.to_prediction() for _, found in api.extract(documents, settings) for c in found),
        output,
    )
    err_console.print(f"{count} claim(s) written, {len(skipped)} input(s) skipped", markup=False)
    for item in skipped:
        err_console.print(printable(f"  skipped {item}"), markup=False)


@cli.command(name="eval")
@click.argument("gold", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--scorer",
    type=click.Path(exists=True, dir_okay=False),
    help="The shared score.py (default: $TOLLTRACE_SCORER or ../shared/eval/score.py).",
)
@click.option(
    "--predictions",
    type=click.File("w", encoding="utf-8"),
    help="Also write the predictions scored here.",
)
@click.option("--min-strict-f1", type=float, help="Exit 1 when strict F1 is below this.")
@click.option(
    "--board",
    is_flag=True,
    help="Score boards instead: ingest and link every GOLD file into one temporary ledger and "
    "compare each gold event's board with what its articles state (docs/evaluation.md).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the whole result as JSON.")
@click.pass_context
def evaluate(
    ctx: click.Context,
    gold: tuple[str, ...],
    scorer: str | None,
    predictions: IO[str] | None,
    min_strict_f1: float | None,
    board: bool,
    as_json: bool,
) -> None:
    """Extract from a gold file and score the result by the shared scorer's rules; with
    --board, score the boards of one or more gold files' events."""
    if board:
        if predictions is not None or min_strict_f1 is not None:
            raise click.UsageError("--predictions and --min-strict-f1 score figures, not boards")
        scores = api.evaluate_boards(gold, settings_of(ctx), scorer)
        if as_json:
            click.echo(json_text([s.as_dict() for s in scores], indent=2))
        else:
            for split in scores:
                _print_boards(split)
        return
    if len(gold) > 1:
        raise click.UsageError("give one GOLD file (several only with --board)")
    result, predicted = api.evaluate(gold[0], settings_of(ctx), scorer)
    if predictions is not None:
        api.write_jsonl(predicted, predictions)
    if as_json:
        click.echo(json_text(result, indent=2))
    else:
        _print_score(result)
    if min_strict_f1 is not None and result["strict"]["f1"] < min_strict_f1:
        err_console.print(f"strict F1 {result['strict']['f1']:.3f} is below {min_strict_f1}")
        sys.exit(1)


def _print_boards(scores: BoardScores) -> None:
    table = Table(
        title=f"Boards, {scores.split}: {scores.documents} documents, "
        f"{scores.matched_claims} of {scores.gold_figures} figures found",
        title_justify="left",
    )
    table.add_column("gold event", overflow="fold")
    table.add_column("board shown", overflow="fold")
    for column in ("figures", "held", "stated", "shown", "matched", "P", "R", "F1"):
        table.add_column(column, justify="right")
    for e in scores.events:
        table.add_row(
            e.event, e.board or "(none)", str(e.figures), f"{e.held:.2f}", str(e.stated),
            str(e.shown), str(e.matched), f"{e.precision:.2f}", f"{e.recall:.2f}", f"{e.f1:.2f}",
        )  # fmt: skip
    Console(width=160, highlight=False).print(table)
    click.echo(
        f"board F1 {scores.macro_f1:.3f} (macro over {len(scores.events)} events)  "
        f"linking B-cubed P {scores.bcubed_precision:.3f} R {scores.bcubed_recall:.3f} "
        f"F1 {scores.bcubed_f1:.3f}  pairwise P {scores.pairwise_precision:.3f} "
        f"R {scores.pairwise_recall:.3f}\n"
    )


def _print_score(result: dict[str, Any]) -> None:
    for miss in result["misses"]:
        click.echo(f"missed      {miss['doc']}: {miss['evidence']!r}")
    for alarm in result["false_alarms"]:
        click.echo(f"false alarm {alarm['doc']}: {alarm['text']!r}")
    detection, strict = result["detection"], result["strict"]
    click.echo(
        f"gold {result['gold']}  predicted {result['predicted']}  matched {result['matched']}"
    )
    click.echo("of matched: " + "  ".join(f"{k} {v:.2f}" for k, v in result["of_matched"].items()))
    click.echo(
        f"detection P {detection['precision']:.3f} R {detection['recall']:.3f} "
        f"F1 {detection['f1']:.3f}"
    )
    click.echo(
        f"strict    P {strict['precision']:.3f} R {strict['recall']:.3f} F1 {strict['f1']:.3f}"
    )
    for lang, split in result.get("by_lang", {}).items():
        click.echo(
            f"  {lang}: gold {split['gold']:>3}  detection F1 {split['detection']['f1']:.3f}  "
            f"strict F1 {split['strict']['f1']:.3f}"
        )
