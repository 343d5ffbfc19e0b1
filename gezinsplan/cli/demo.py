"""CLI command: ``demo``, the main job on the shipped example households."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click

from gezinsplan.errors import HouseholdValidationError
from gezinsplan.io import read_household
from gezinsplan.resources import examples_dir
from gezinsplan.summary import format_table, summarise

__all__ = ["register"]

DEMO_PEILDATUM = "2026-11-23"


def _parse_date(_ctx: click.Context, _param: click.Parameter, value: str) -> date:
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise click.BadParameter(f"expected YYYY-MM-DD, got {value!r}") from None


@click.command()
@click.option(
    "--examples",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of household JSON files (default: the shipped examples).",
)
@click.option("--peildatum", default=DEMO_PEILDATUM, show_default=True, callback=_parse_date)
def demo(folder: Path | None, peildatum: date) -> None:
    """Validate and summarise the example households."""
    folder = folder or examples_dir()
    files = sorted(folder.glob("*.json"))
    if not files:
        raise click.ClickException(f"no household files (*.json) in {folder}")
    rows: list[list[str]] = []
    problems = 0
    for path in files:
        try:
            household = read_household(path)
        except HouseholdValidationError as e:
            for p in e.problems:
                click.echo(str(p), err=True)
            problems += len(e.problems)
            continue
        s = summarise(household, peildatum)
        rows.append(
            [
                s.household_id,
                s.gemeente,
                str(s.members),
                str(s.questions),
                str(s.leefgebieden),
                "+".join(s.wetten) or "-",
                str(s.professionals),
                str(s.organisations),
                str(s.casemanagers),
            ]
        )
    click.echo(f"{len(rows)} households valid, peildatum {peildatum.isoformat()}\n")
    headers = [
        "household",
        "gemeente",
        "leden",
        "vragen",
        "leefgebieden",
        "wetten",
        "prof.",
        "org.",
        "casem.",
    ]
    click.echo(format_table(headers, rows))
    if problems:
        raise SystemExit(1)


def register(group: click.Group) -> None:
    """Add ``demo``."""
    group.add_command(demo)
