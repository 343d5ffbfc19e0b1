"""CLI command: ``examples``, where the shipped example households and variants are."""

from __future__ import annotations

import shutil
from pathlib import Path

import click

from gezinsplan.resources import examples_dir, variants_dir

__all__ = ["register"]


@click.command("examples")
@click.option(
    "--path",
    "what",
    type=click.Choice(["households", "variants"]),
    default=None,
    help="Print only the folder of the example households or variants (for scripts).",
)
@click.option(
    "--copy",
    "target",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Copy the examples into this new folder (households/ and variants/).",
)
def examples(what: str | None, target: Path | None) -> None:
    """Where the example households and Taskforce variants shipped with gezinsplan are.

    An installed package keeps them inside its own folder; ``--copy DIR`` puts a copy
    where you can read and change them:

    \b
        gezinsplan examples --copy voorbeelden
        gezinsplan signals voorbeelden/households/03_jeugd_ggz_17.json --peildatum 2026-11-23
    """
    folders = {"households": examples_dir(), "variants": variants_dir()}
    if what is not None:
        click.echo(str(folders[what]))
        return
    if target is not None:
        if target.exists():
            raise click.ClickException(f"{target}: already exists; give a new folder")
        if not target.parent.is_dir():
            raise click.ClickException(f"{target.parent}: folder does not exist; create it first")
        partial = target.with_name(f".{target.name}.partial")
        shutil.rmtree(partial, ignore_errors=True)
        try:
            for name, folder in folders.items():
                shutil.copytree(folder, partial / name)
            partial.rename(target)
        finally:
            shutil.rmtree(partial, ignore_errors=True)
        click.echo(f"copied the examples to {target}")
        return
    households = sorted(p.name for p in folders["households"].glob("*.json"))
    variants = sorted(p.name for p in folders["variants"].iterdir() if p.is_dir())
    click.echo(f"example households ({len(households)}): {folders['households']}")
    for name in households:
        click.echo(f"  {name}")
    click.echo(f"example variants ({len(variants)}): {folders['variants']}")
    for name in variants:
        click.echo(f"  {name}")
    click.echo("copy them with: gezinsplan examples --copy DIR")


def register(group: click.Group) -> None:
    """Add ``examples``."""
    group.add_command(examples)
