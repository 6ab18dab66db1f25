"""The docs stay true: every command has help text and the README shows it."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from tolltrace.cli import cli

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def commands(group: click.Group, prefix: str = "tolltrace") -> list[tuple[str, click.Command]]:
    found = []
    for name, command in sorted(group.commands.items()):
        found.append((f"{prefix} {name}", command))
        if isinstance(command, click.Group):
            found.extend(commands(command, f"{prefix} {name}"))
    return found


@pytest.mark.parametrize(("name", "command"), commands(cli), ids=lambda v: str(v))
def test_docs_every_command_has_help_and_is_in_the_readme(name: str, command: click.Command):
    assert (command.help or "").strip(), f"{name} has no help text"
    top = " ".join(name.split()[:2])
    assert top in README, f"{top} is not in README.md"
