"""The `tolltrace` command group and what every command shares.

Options become a Settings object; each command then makes one call into the public API.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from ..escape import printable
from ..settings import Settings, load_settings

err_console = Console(stderr=True, highlight=False, soft_wrap=True)


class _WarningLine(logging.Handler):
    """The library's warnings as one "warning: ..." line on stderr, as its errors are."""

    def emit(self, record: logging.LogRecord) -> None:
        err_console.print(printable(f"warning: {record.getMessage()}"), markup=False)


def _show_warnings() -> None:
    library = logging.getLogger("tolltrace")
    if not any(isinstance(handler, _WarningLine) for handler in library.handlers):
        library.addHandler(_WarningLine(logging.WARNING))


class LedgerTarget(click.ParamType):
    """A ledger: a SQLite file, or a database URL such as postgresql://user@host/db."""

    name = "ledger"

    def __init__(self, existing: bool) -> None:
        self.existing = existing

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = str(value)
        if self.existing and "://" not in text and not Path(text).is_file():
            shown = printable(text)
            self.fail(f"{shown}: no such ledger; create it with 'tolltrace ingest'", param, ctx)
        return text


def db_option(existing: bool = True) -> Any:
    """The `--db` option every command shares."""
    return click.option(
        "--db",
        default="tolltrace.db",
        show_default=True,
        type=LedgerTarget(existing),
        help="The ledger: a SQLite file, or a postgresql:// URL for a shared one.",
    )


def settings_of(ctx: click.Context, **overrides: Any) -> Settings:
    base: Settings = ctx.obj
    return base.with_overrides(**overrides)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--settings",
    "settings_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A TOML file whose [tolltrace] table overrides the defaults.",
)
@click.option(
    "--claimants",
    "claimant_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Extra claimant alias registry (TOML); may be repeated.",
)
@click.version_option(package_name="tolltrace")
@click.pass_context
def cli(ctx: click.Context, settings_file: Path | None, claimant_files: tuple[Path, ...]) -> None:
    """Turn articles into a ledger of the human-toll figures they report, with who claims each."""
    _show_warnings()
    settings = load_settings(settings_file)
    if claimant_files:
        settings = settings.with_overrides(
            claimant_files=settings.claimant_files + tuple(claimant_files)
        )
    ctx.obj = settings
