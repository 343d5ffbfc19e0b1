"""CLI commands: ``validate`` and ``schema``."""

from __future__ import annotations

import json
from pathlib import Path

import click

from gezinsplan.io import validate_path
from gezinsplan.model.household import household_json_schema

__all__ = ["register"]


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def validate(files: tuple[Path, ...]) -> None:
    """Validate household files (.json) and caseloads (.jsonl).

    Prints one line per problem (file, line, field path, message) and exits 1
    when any problem was found, 0 when all files are valid.
    """
    total = 0
    for path in files:
        count = 0
        for problem in validate_path(path):
            click.echo(str(problem))
            count += 1
        total += count
    if total:
        click.echo(f"{total} problem(s) in {len(files)} file(s)", err=True)
        raise SystemExit(1)
    click.echo(f"{len(files)} file(s) valid", err=True)


@click.command()
def schema() -> None:
    """Print the JSON Schema of one household (the interchange format)."""
    click.echo(json.dumps(household_json_schema(), indent=2, ensure_ascii=False))


def register(group: click.Group) -> None:
    """Add ``validate`` and ``schema``."""
    group.add_command(validate)
    group.add_command(schema)
