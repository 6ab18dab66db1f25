"""Linking commands: link, event merge|split|rename, claimants list|confirm|reject."""

from __future__ import annotations

import click
from rich.console import Console
from rich.table import Table

from .. import link as linking
from ..escape import printable
from ..link import LinkSettings
from ..model import CLAIMANT_TYPES
from ..store import Ledger
from .app import cli, db_option, err_console, settings_of

_DB = db_option()


@cli.command(name="link")
@_DB
@click.pass_context
def link_command(ctx: click.Context, db: str) -> None:
    """Find wire copies, group claims of all documents into events (replaying your merges,
    splits and renames) and propose claimant aliases."""
    with Ledger(db) as ledger:
        report = linking.link(ledger, LinkSettings.from_settings(settings_of(ctx)))
    click.echo(
        f"{report.events} event(s), {report.claims_linked} claim(s) linked, "
        f"{report.copies} copy(ies) found, {report.alias_proposals} alias proposal(s), "
        f"{report.decisions_applied} decision(s) applied, "
        f"{report.documents_hashed} document(s) hashed"
    )
    if report.alias_proposals:
        click.echo("review the proposals with 'tolltrace claimants list'")


@cli.group()
def event() -> None:
    """Correct the linker: merge, split or rename events. Decisions are kept and replayed
    on every later 'tolltrace link'."""


@event.command()
@click.argument("source")
@click.argument("target")
@_DB
def merge(source: str, target: str, db: str) -> None:
    """Put every claim of event SOURCE into event TARGET."""
    with Ledger(db) as ledger:
        linking.merge_events(ledger, source, target)
    click.echo(printable(f"merged {source} into {target}"))


@event.command()
@click.argument("event_id", metavar="EVENT")
@click.argument("claim_ids", metavar="CLAIM_ID...", nargs=-1, required=True, type=int)
@click.option("--label", help="A name for the new event.")
@_DB
def split(event_id: str, claim_ids: tuple[int, ...], label: str | None, db: str) -> None:
    """Move the claims CLAIM_ID... of EVENT into a new event; prints its id."""
    with Ledger(db) as ledger:
        new_id = linking.split_event(ledger, event_id, list(claim_ids), label)
    click.echo(new_id)


@event.command()
@click.argument("event_id", metavar="EVENT")
@click.argument("label")
@_DB
def rename(event_id: str, label: str, db: str) -> None:
    """Give EVENT the name LABEL."""
    with Ledger(db) as ledger:
        linking.rename_event(ledger, event_id, label)
    click.echo(printable(f"renamed {event_id} to {label!r}"))


@cli.group()
def claimants() -> None:
    """The claimant registry: alias proposals to confirm or reject, and each name's type."""


@claimants.command(name="list")
@click.option(
    "--status",
    type=click.Choice(["proposed", "confirmed", "rejected", "all"]),
    default="proposed",
    show_default=True,
    help="Which aliases to list.",
)
@_DB
def list_claimants(status: str, db: str) -> None:
    """List claimant aliases (by default the open proposals) with each name's type."""
    with Ledger(db, mode="read") as ledger:
        aliases = ledger.claimant_aliases(None if status == "all" else status)
        types = ledger.claimant_types()
    table = Table(title=f"{len(aliases)} alias(es)")
    for column in ("alias", "name", "type", "score", "status"):
        table.add_column(column, overflow="fold")
    for alias in aliases:
        table.add_row(
            printable(alias.alias),
            printable(alias.name),
            printable(types.get(alias.name, "unknown")),
            f"{alias.score:.2f}",
            alias.status,
        )
    Console(width=140).print(table)


@claimants.command()
@click.argument("alias")
@click.argument("name")
@click.option("--type", "kind", type=click.Choice(CLAIMANT_TYPES), help="Set NAME's type too.")
@_DB
@click.pass_context
def confirm(ctx: click.Context, alias: str, name: str, kind: str | None, db: str) -> None:
    """Confirm that ALIAS names the claimant NAME."""
    with Ledger(db) as ledger:
        linking.confirm_alias(
            ledger, alias, name, kind, settings=LinkSettings.from_settings(settings_of(ctx))
        )
    err_console.print(f"{alias!r} is now an alias of {name!r}", markup=False)


@claimants.command()
@click.argument("alias")
@click.argument("name")
@_DB
def reject(alias: str, name: str, db: str) -> None:
    """Reject the proposal that ALIAS names NAME; it is not proposed again."""
    with Ledger(db) as ledger:
        linking.reject_alias(ledger, alias, name)
    err_console.print(f"{alias!r} is not an alias of {name!r}", markup=False)
