"""CLI command: ``generate`` a synthetic caseload."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from gezinsplan.cli._options import out_path, parse_date
from gezinsplan.generate import write_generated

__all__ = ["register"]


@click.command()
@click.option("--households", "n", type=click.IntRange(min=0), required=True, help="How many.")
@click.option("--seed", type=int, default=0, show_default=True, help="Same seed, same bytes.")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    callback=out_path,
    help="FILE.jsonl",
)
@click.option(
    "--peildatum",
    default="2026-01-01",
    show_default=True,
    callback=parse_date,
    help="Reference date the ages and provision periods are generated around.",
)
def generate(n: int, seed: int, out: Path, peildatum: date) -> None:
    """Generate a synthetic caseload as JSON Lines (deterministic per seed)."""
    tmp = out.with_name(out.name + ".part")
    with (
        click.progressbar(length=n, label="generating", file=sys.stderr) as bar,
        tmp.open("w", encoding="utf-8", newline="\n") as handle,
    ):

        def step(k: int) -> None:
            bar.update(k)

        count = write_generated(n, seed, handle, peildatum=peildatum, progress=step)
    tmp.replace(out)
    click.echo(f"{count} households written to {out}", err=True)


def register(group: click.Group) -> None:
    """Add ``generate``."""
    group.add_command(generate)
